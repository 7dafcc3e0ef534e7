/** `lifecircle merge <shard folders…> -o <dir>`: the outputs of a whole job from its shards (--shard). */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { execute } from './coverage.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description(
      'Join the shards of a job (lifecircle run job.yaml --shard i/n) into the outputs an unsharded run writes, byte for ' +
        'byte: checks that every shard ran the same inputs (SHA-256), parameters and version, and that together they ' +
        'cover every community once; city-wide tables, rankings, report, GeoPackage, workbook and suggestions are made here',
    )
    .argument('<shard-dirs...>', 'the folders the shards wrote (<output>/shard-<i>-of-<n>)')
    .requiredOption('-o, --output <dir>', 'output folder of the merged results (created if needed)')
    .option('--json', 'print a JSON summary on stdout')
    .option('-q, --quiet', 'no progress messages or summary')
    .addHelpText(
      'after',
      '\nExample:\n  $ parallel lifecircle run city.yaml --shard env --shard-count 4 -q ::: 1 2 3 4\n' +
        '  $ lifecircle merge out/shard-*-of-4 -o out',
    )
    .action(async (dirs: string[], o: { output: string; json?: boolean; quiet?: boolean }) => {
      const { checkShardSet } = await import('../../shard/manifest.js');
      const { mergeJob } = await import('../../shard/run-shard.js');
      const set = checkShardSet(dirs);
      await execute(mergeJob(set, resolve(o.output)), !!o.quiet, !!o.json, { kind: 'merge', set });
    });
}
