#!/usr/bin/env node
/**
 * Runs a job unsharded and as n shards + merge, and compares every output file byte for byte;
 * prints each shard's network (nodes of its clip), the communities merge recomputed, and the CPU
 * time and peak RSS of every process (/usr/bin/time). For jobs too large for `npm test`:
 *
 *   node scripts/shard-compare.mjs <job.yaml> [n=4] [work dir=/tmp/lifecircle-shard-compare] [-- shard options]
 *   (e.g. `-- --shard-reach 5000`: the options after -- go to every shard)
 *
 * The job's `output:` is replaced: the unsharded run writes to <work>/whole, the shards to
 * <work>/sharded/shard-<i>-of-<n>, the merge to <work>/sharded. Exit 1 when a file differs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin/lifecircle.js');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const shardArgs = dash < 0 ? [] : argv.slice(dash + 1);
const [jobArg, nArg, workArg] = dash < 0 ? argv : argv.slice(0, dash);
if (!jobArg) {
  console.error('usage: node scripts/shard-compare.mjs <job.yaml> [n] [work dir]');
  process.exit(2);
}
const n = Number(nArg ?? 4);
const work = resolve(workArg ?? '/tmp/lifecircle-shard-compare');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// the job with its output replaced, beside the original (relative paths stay valid)
const jobText = readFileSync(jobArg, 'utf8');
const job = (name, out) => {
  const p = join(dirname(resolve(jobArg)), `.shard-compare-${name}.yaml`);
  writeFileSync(p, `${jobText.replace(/^output:.*$/m, '')}\noutput: ${out}\n`);
  return p;
};
const whole = join(work, 'whole');
const sharded = join(work, 'sharded');
const jobs = [job('whole', whole), job('sharded', sharded)];

function run(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const [u, s, m] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  if (r.status !== 0) throw new Error(`lifecircle ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return { cpu: u + s, rssMB: m / 1024, stdout: r.stdout };
}
const fmt = (r) => `${r.cpu.toFixed(1)} s CPU, ${r.rssMB.toFixed(0)} MB peak`;

try {
  console.log(`unsharded: ${fmt(run(['run', jobs[0], '-q']))}`);
  let cpu = 0;
  for (let i = 1; i <= n; i++) {
    const r = run(['run', jobs[1], '--shard', `${i}/${n}`, ...shardArgs, '-q']);
    cpu += r.cpu;
    const m = JSON.parse(readFileSync(join(sharded, `shard-${i}-of-${n}`, 'shard.json'), 'utf8'));
    console.log(
      `shard ${i}/${n}: ${m.communities.length} communities, clip of ${m.network.nodes.toLocaleString('en-US')} nodes, ` +
        `${m.recompute.length} to recompute; ${fmt(r)}`,
    );
  }
  const dirs = Array.from({ length: n }, (_, i) => join(sharded, `shard-${i + 1}-of-${n}`));
  const g = run(['merge', ...dirs, '-o', sharded, '--json', '-q']);
  const merged = JSON.parse(g.stdout).merged;
  console.log(
    `merge: ${merged.from_shards} from shards, ${merged.recomputed} recomputed; ${fmt(g)}; shards ${cpu.toFixed(1)} s CPU in all`,
  );
  const files = (d) =>
    readdirSync(d, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  const a = files(whole);
  const b = files(sharded);
  let bad = a.join() !== b.join() ? [`file sets differ: ${a.join(',')} vs ${b.join(',')}`] : [];
  // run.json names the job file: the two copies differ only there
  const norm = (name, buf) =>
    name === 'run.json'
      ? buf.toString('utf8').replaceAll('.shard-compare-sharded', '.shard-compare-whole').replaceAll(sharded, whole)
      : buf;
  for (const f of a)
    if (
      b.includes(f) &&
      !Buffer.from(norm(f, readFileSync(join(sharded, f)))).equals(Buffer.from(norm(f, readFileSync(join(whole, f)))))
    )
      bad.push(f);
  console.log(bad.length ? `DIFFERENT: ${bad.join(', ')}` : `all ${a.length} files byte-identical`);
  process.exitCode = bad.length ? 1 : 0;
} finally {
  for (const p of jobs) rmSync(p, { force: true });
}
