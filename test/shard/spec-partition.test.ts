import { describe, expect, it } from 'vitest';
import type { Community } from '../../src/coverage/communities.js';
import { hilbertIndex } from '../../src/geo/hilbert.js';
import { partition } from '../../src/shard/partition.js';
import { parseShard } from '../../src/shard/spec.js';
import { InputError } from '../../src/util/errors.js';

const bad = (f: () => unknown, text: string) => {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toContain(text);
  expect((err as Error).message).not.toContain('\n');
};

describe('--shard', () => {
  it('i/n is 1-based and checked', () => {
    expect(parseShard('2/8', undefined, {})).toMatchObject({ index: 2, count: 8 });
    bad(() => parseShard('0/3', undefined, {}), 'expected 1 to 3');
    bad(() => parseShard('4/3', undefined, {}), 'expected 1 to 3');
    bad(() => parseShard('1/0', undefined, {}), 'at least 1');
    bad(() => parseShard('a/b', undefined, {}), 'expected i/n');
    bad(() => parseShard('2/3', '4', {}), 'contradicts --shard-count 4');
  });
  it('env: Kubernetes Indexed Job (0-based; count from JOB_COMPLETIONS or --shard-count)', () => {
    expect(parseShard('env', '4', { JOB_COMPLETION_INDEX: '0' })).toMatchObject({ index: 1, count: 4 });
    expect(parseShard('env', undefined, { JOB_COMPLETION_INDEX: '3', JOB_COMPLETIONS: '4' })).toMatchObject({
      index: 4,
      count: 4,
    });
    bad(() => parseShard('env', undefined, { JOB_COMPLETION_INDEX: '0' }), 'give --shard-count');
    bad(() => parseShard('env', '4', { JOB_COMPLETION_INDEX: '4' }), 'shard 5 of 4');
    bad(() => parseShard('env', '4', { JOB_COMPLETION_INDEX: 'x' }), "JOB_COMPLETION_INDEX is 'x'");
  });
  it('env: Slurm arrays from their minimum, in steps', () => {
    const e = { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '3' };
    expect(parseShard('env', undefined, e)).toMatchObject({ index: 1, count: 3 });
    expect(parseShard('env', undefined, { ...e, SLURM_ARRAY_TASK_ID: '7' })).toMatchObject({ index: 3, count: 3 });
    expect(parseShard('env', undefined, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' })).toMatchObject({
      index: 1,
    });
    expect(parseShard('env', undefined, { ...e, SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_STEP: '2' })).toMatchObject({
      index: 3,
    });
    bad(
      () => parseShard('env', undefined, { ...e, SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_STEP: '2' }),
      'SLURM_ARRAY_TASK_STEP=2',
    );
    bad(() => parseShard('env', '4', e), 'contradicts SLURM_ARRAY_TASK_COUNT=3');
  });
  it('env: AWS Batch and GNU parallel', () => {
    expect(
      parseShard('env', undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '1', AWS_BATCH_JOB_ARRAY_SIZE: '2' }),
    ).toMatchObject({
      index: 2,
      count: 2,
    });
    expect(parseShard('env', '3', { PARALLEL_SEQ: '3' })).toMatchObject({ index: 3, count: 3 });
    bad(() => parseShard('env', undefined, { PARALLEL_SEQ: '1' }), 'give --shard-count');
    bad(() => parseShard('env', '3', {}), 'none of JOB_COMPLETION_INDEX');
    bad(() => parseShard('env', 'x', { PARALLEL_SEQ: '1' }), '--shard-count x');
  });
});

describe('Hilbert partition', () => {
  it('the curve visits every cell of a small grid once, each step to a neighbour', () => {
    // order-16 indexes of the cells of the lowest 4x4 corner are 0..15 in some order
    const seen = new Map<number, [number, number]>();
    for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) seen.set(hilbertIndex(x, y), [x, y]);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    for (let d = 1; d < 16; d++) {
      const [x0, y0] = seen.get(d - 1)!;
      const [x1, y1] = seen.get(d)!;
      expect(Math.abs(x1 - x0) + Math.abs(y1 - y0)).toBe(1);
    }
  });
  it('the bit-parallel index equals the quadrant-by-quadrant loop (the curve shards have always used)', () => {
    const loop = (x: number, y: number) => {
      let d = 0;
      for (let s = 1 << 15; s > 0; s >>= 1) {
        const rx = (x & s) > 0 ? 1 : 0;
        const ry = (y & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry === 0) {
          if (rx === 1) {
            x = s - 1 - x;
            y = s - 1 - y;
          }
          [x, y] = [y, x];
        }
        x &= s - 1;
        y &= s - 1;
      }
      return d;
    };
    let seed = 5;
    const r = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16;
    for (let i = 0; i < 20000; i++) {
      const x = r();
      const y = r();
      expect(hilbertIndex(x, y)).toBe(loop(x, y));
    }
    for (const [x, y] of [
      [0, 0],
      [65535, 0],
      [0, 65535],
      [65535, 65535],
      [32768, 32767],
    ])
      expect(hilbertIndex(x, y)).toBe(loop(x, y));
  });
  it('splits communities into compact, disjoint, complete, deterministic parts', () => {
    // a 10 x 10 grid of square communities
    const cs: Community[] = [];
    for (let i = 0; i < 100; i++) {
      const x = 113 + (i % 10) * 0.01;
      const y = 23 + Math.floor(i / 10) * 0.01;
      const ring = [
        [x, y],
        [x + 0.005, y],
        [x + 0.005, y + 0.005],
        [x, y + 0.005],
        [x, y],
      ];
      cs.push({
        id: `c${i}`,
        name: null,
        households: null,
        population: null,
        geometry: { type: 'Polygon', coordinates: [ring] },
        source: 'file',
        feature: i + 1,
        repairs: [],
      });
    }
    const parts = partition(cs, 4);
    expect(parts.map((p) => p.length)).toEqual([25, 25, 25, 25]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    expect(partition(cs, 4)).toEqual(parts);
    // a Hilbert quarter of a square grid is a 5 x 5 block: each part spans 5 columns and 5 rows
    for (const p of parts) {
      expect(new Set(p.map((i) => i % 10)).size).toBe(5);
      expect(new Set(p.map((i) => Math.floor(i / 10))).size).toBe(5);
    }
  });
});
