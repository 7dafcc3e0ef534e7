/** sortUint32 (the report's radix sort) against a comparator sort, over the sizes and value ranges it switches on. */
import { describe, expect, it } from 'vitest';
import { sortUint32 } from '../../src/util/sort-uint32.js';

function random(n: number, max: number, seed: number): Uint32Array {
  const a = new Uint32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = Math.floor((s / 2 ** 32) * max);
  }
  return a;
}

describe('sortUint32', () => {
  it.each([
    [0, 10],
    [1, 10],
    [31, 1000],
    [32, 1000],
    [5000, 2048],
    [5000, 361_000],
    [5000, 2 ** 22 + 5],
    [20_000, 2 ** 32],
    [1000, 1],
  ])('%i values below %i: ascending, the same values', (n, max) => {
    const a = random(n, max, n + max);
    const want = Array.from(a).sort((x, y) => x - y);
    expect(Array.from(sortUint32(a))).toEqual(want);
  });
  it('sorts in place and returns its argument (a subarray too)', () => {
    const buf = Uint32Array.from([9, 5, 7, 1, 3]);
    const sub = buf.subarray(1, 4);
    expect(sortUint32(sub)).toBe(sub);
    expect(Array.from(buf)).toEqual([9, 1, 5, 7, 3]);
    const big = random(100, 4e9, 1);
    const view = big.subarray(10, 90);
    sortUint32(view);
    for (let i = 11; i < 90; i++) expect(big[i]).toBeGreaterThanOrEqual(big[i - 1]);
  });
});
