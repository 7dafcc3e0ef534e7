/**
 * Sharded runs: the sample job as 1 shard and as 3 shards under GNU parallel, merged, gives the
 * golden outputs of the unsharded run byte for byte (test/golden/sample-job); and every bad merge
 * (other inputs, a missing shard, an overlapping shard) is one line and exit 2.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, hasTool, ROOT, tmp } from '../support/env.js';

const GOLDEN = join(ROOT, 'test/golden/sample-job');
const HAS_PARALLEL = hasTool('parallel');
if (!HAS_PARALLEL)
  console.warn('skip: GNU parallel (Debian package parallel) is not installed: the 3-shard run is skipped');

const files = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();

/** every file of `dir` equals the golden one, byte for byte (run.json with the checkout's folder as <repo>) */
function expectGolden(dir: string): void {
  expect(files(dir)).toEqual(files(GOLDEN));
  for (const n of files(dir)) {
    let got = readFileSync(join(dir, n));
    if (n === 'run.json') got = Buffer.from(got.toString('utf8').split(ROOT).join('<repo>'));
    expect(got.equals(readFileSync(join(GOLDEN, n))), `${n} differs from test/golden/sample-job/${n}`).toBe(true);
  }
}

const oneLine = (s: string) => {
  const lines = s.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
};

describe('sharded sample job', () => {
  const cwd = tmp('lc-shard-');
  const out = join(cwd, 'lifecircle-sample-output');
  const made = [cwd];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('1 shard, merged: the golden outputs byte for byte', () => {
    const r = cli(['run', '--shard', '1/1', '-q'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'shard-1-of-1', 'shard.json'), 'utf8'));
    expect(m.communities).toHaveLength(6);
    const g = cli(['merge', join(out, 'shard-1-of-1'), '-o', join(cwd, 'merged-1'), '--json'], { cwd });
    expect(g.status, g.stderr).toBe(0);
    expect(JSON.parse(g.stdout).merged).toEqual({ from_shards: 6, recomputed: 0 });
    expectGolden(join(cwd, 'merged-1'));
  });

  describe.skipIf(!HAS_PARALLEL)('3 shards under GNU parallel', () => {
    beforeAll(() => {
      // --shard env: each job's index from GNU parallel's {#} (PARALLEL_SEQ); a reach of 1300 m
      // clips the network and leaves some walks beyond it, so merge also recomputes communities
      const r = spawnSync(
        'parallel',
        [
          '--will-cite',
          '-j',
          '3',
          '--halt',
          'now,fail=1',
          process.execPath,
          join(ROOT, 'bin/lifecircle.js'),
          'run',
          '{}',
          '--shard',
          'env',
          '--shard-count',
          '3',
          '--shard-reach',
          '1300',
          '-q',
          ':::',
          ...[1, 2, 3].map(() => join(ROOT, 'data/sample/job.yaml')),
        ],
        { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });

    it('each shard covers its part along the Hilbert curve; merged: the golden outputs byte for byte', () => {
      const ids = [1, 2, 3].map(
        (i) => JSON.parse(readFileSync(join(out, `shard-${i}-of-3`, 'shard.json'), 'utf8')).communities,
      );
      expect(ids.flat().sort()).toEqual(['QC-001', 'QC-002', 'QC-003', 'QC-004', 'QC-005', 'QC-006']);
      const dirs = [1, 2, 3].map((i) => join(out, `shard-${i}-of-3`));
      const g = cli(['merge', ...dirs, '-o', join(cwd, 'merged-3'), '--json'], { cwd });
      expect(g.status, g.stderr).toBe(0);
      const merged = JSON.parse(g.stdout).merged;
      // both paths taken: outcomes read back from shards, and ones recomputed on the whole network
      expect(merged.from_shards).toBeGreaterThan(0);
      expect(merged.recomputed).toBeGreaterThan(0);
      expect(merged.from_shards + merged.recomputed).toBe(6);
      expectGolden(join(cwd, 'merged-3'));
    });

    it('a missing shard: one line naming it and its communities, exit 2', () => {
      const r = cli(['merge', join(out, 'shard-1-of-3'), join(out, 'shard-3-of-3'), '-o', join(cwd, 'bad')], { cwd });
      expect(r.status).toBe(2);
      const line = oneLine(r.stderr);
      expect(line).toMatch(/missing: shard 2\/3 \(communities QC-\d+, QC-\d+\)/);
    });

    it('an overlapping shard: one line naming the community and both shards, exit 2', () => {
      const d = join(out, 'shard-2-of-3');
      const r = cli(['merge', join(out, 'shard-1-of-3'), d, d, join(out, 'shard-3-of-3'), '-o', join(cwd, 'bad')], {
        cwd,
      });
      expect(r.status).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/community QC-\d+ is in shard 2\/3 .* and in shard 2\/3 .*shards overlap/);
    });

    it('shards of another split: one line, exit 2', () => {
      const r = cli(['merge', join(out, 'shard-1-of-3'), join(out, 'shard-1-of-1'), '-o', join(cwd, 'bad')], { cwd });
      expect(r.status).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/shards|one split/);
    });
  });

  it('shards of different inputs: one line naming the input, exit 2', () => {
    const a = tmp('lc-shard-a-');
    const b = tmp('lc-shard-b-');
    made.push(a, b);
    for (const d of [a, b]) cpSync(join(ROOT, 'data/sample'), d, { recursive: true });
    // the same list with one facility's name changed
    const f = join(b, 'facilities.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/\n([^,\n]*),/, '\n$1x,'));
    expect(cli(['run', join(a, 'job.yaml'), '--shard', '1/2', '-q'], { cwd: a }).status).toBe(0);
    expect(cli(['run', join(b, 'job.yaml'), '--shard', '2/2', '-q'], { cwd: b }).status).toBe(0);
    const r = cli(
      [
        'merge',
        join(a, 'lifecircle-sample-output', 'shard-1-of-2'),
        join(b, 'lifecircle-sample-output', 'shard-2-of-2'),
        '-o',
        join(cwd, 'bad'),
      ],
      { cwd },
    );
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/ran other inputs than shard 1\/2 .*: facilities\[0\] SHA-256/);
  });

  it('bad --shard values and a folder that is no shard: one line, exit 2', () => {
    for (const [args, text] of [
      [['run', '--shard', '4/3', '-q'], 'expected 1 to 3'],
      [['run', '--shard', 'env', '-q'], 'none of JOB_COMPLETION_INDEX'],
      [['run', '--shard', '1/3', '--shard-reach', '100', '-q'], 'below the job'],
      [['merge', cwd, '-o', join(cwd, 'bad')], 'not a shard folder'],
    ] as [string[], string][]) {
      const r = cli(args, {
        cwd,
        env: { PARALLEL_SEQ: '', JOB_COMPLETION_INDEX: '', SLURM_ARRAY_TASK_ID: '', AWS_BATCH_JOB_ARRAY_INDEX: '' },
      });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr)).toContain(text);
    }
  });
});
