import { describe, expect, it } from 'vitest';
import { NodeStore } from '../../src/network/node-store.js';
import { lcg } from '../support/rng.js';

/** adds the nodes in blocks of random size, as readers do */
function fill(store: NodeStore, ids: number[], rand: () => number): void {
  for (let i = 0; i < ids.length; ) {
    const k = Math.min(ids.length - i, 1 + Math.floor(rand() * 9000));
    const part = ids.slice(i, i + k);
    store.add(
      Float64Array.from(part),
      Int32Array.from(part, (id) => lonOf(id)),
      Int32Array.from(part, (id) => latOf(id)),
      k,
    );
    i += k;
  }
}
const lonOf = (id: number) => Math.round((id * 7919) % 3_600_000_000) - 1_800_000_000;
const latOf = (id: number) => Math.round((id * 104729) % 1_800_000_000) - 900_000_000;

/** every id found with its coordinates, absent ids not found: against a Map */
function checkAgainst(store: NodeStore, oracle: Map<number, [number, number]>, absent: number[]): void {
  expect(store.n).toBe(oracle.size);
  const wrong: unknown[] = [];
  for (const [id, [x, y]] of oracle) {
    const j = store.indexOf(id);
    if (j < 0 || store.idAt(j) !== id || store.lonAt(j) !== x || store.latAt(j) !== y)
      wrong.push({ id, j, got: j < 0 ? null : [store.idAt(j), store.lonAt(j), store.latAt(j)], want: [x, y] });
  }
  for (const id of absent) if (!oracle.has(id) && store.indexOf(id) !== -1) wrong.push({ absent: id });
  // store order is id order
  for (let j = 1; j < store.n; j++) if (!(store.idAt(j) > store.idAt(j - 1))) wrong.push({ order: j });
  expect(wrong.slice(0, 5)).toEqual([]);
}

describe('NodeStore (12 bytes per node in chunks)', () => {
  it('finds every node of a sorted file, across chunk boundaries, with dense, sparse and huge ids', () => {
    const rand = lcg(1);
    const ids: number[] = [];
    let id = -5000; // negative ids (JOSM) first
    for (let i = 0; i < 300_000; i++) {
      // mostly dense, sometimes gaps beyond 2^32 (a chunk spanning them keeps Float64 ids)
      const r = rand();
      id += r < 0.001 ? 5e9 + Math.floor(rand() * 1e9) : r < 0.1 ? 1 + Math.floor(rand() * 100000) : 1;
      ids.push(id);
    }
    ids.push(2 ** 53 - 1);
    const store = new NodeStore();
    fill(store, ids, rand);
    store.finish();
    const oracle = new Map(ids.map((i) => [i, [lonOf(i), latOf(i)] as [number, number]]));
    const absent = Array.from({ length: 2000 }, (_, k) => ids[k * 100] + 1);
    checkAgainst(store, oracle, [...absent, -1e12, 1e15, 2 ** 53]);
    expect(store.bytes).toBeLessThan(ids.length * 12 + 2 * 65536 * 16);
  });

  it('answers while reading (sorted so far), in sealed chunks and in the one being filled', () => {
    const store = new NodeStore();
    const ids = Array.from({ length: 70_000 }, (_, k) => 10 + 3 * k);
    fill(store, ids, lcg(2));
    expect(store.indexOf(13)).toBe(1);
    expect(store.indexOf(10 + 3 * 69_999)).toBe(69_999);
    expect(store.indexOf(10 + 3 * 65_540)).toBe(65_540);
    expect(store.indexOf(14)).toBe(-1);
    expect(store.lonAt(store.indexOf(10 + 3 * 65_540))).toBe(lonOf(10 + 3 * 65_540));
  });

  it('sorts an unsorted file at the end; the later copy of a repeated id wins', () => {
    const rand = lcg(3);
    const ids: number[] = [];
    for (let i = 0; i < 150_000; i++) ids.push(Math.floor(rand() * 400_000) * (rand() < 0.01 ? 1e5 : 1));
    const store = new NodeStore();
    const oracle = new Map<number, [number, number]>();
    // repeats carry different coordinates; the last one added must be kept
    for (let i = 0; i < ids.length; i += 5000) {
      const part = ids.slice(i, i + 5000);
      const x = Int32Array.from(part, (id, k) => lonOf(id) + ((i + k) % 7));
      const y = Int32Array.from(part, (id) => latOf(id));
      store.add(Float64Array.from(part), x, y, part.length);
      part.forEach((id, k) => oracle.set(id, [x[k], y[k]]));
    }
    expect(store.indexOf(ids[0])).toBe(-1); // not sorted: no answers before finish()
    store.finish();
    checkAgainst(store, oracle, [-1, 400_001, 0.5]);
  });

  it('takes more nodes after finish() (road merge): after a partial or a full last chunk, sorted or not', () => {
    for (const [first, more] of [
      [100_000, 3_000], // last chunk partly filled, new ids above the old ones
      [65_536 * 2, 10], // last chunk full
      [70_000, 70_000], // new ids below the old ones: sorted again at the second finish()
      [0, 500], // an empty store finished, then filled
    ]) {
      const rand = lcg(first + more);
      const store = new NodeStore();
      const base = Array.from({ length: first }, (_, i) => 1_000_000 + i * 3);
      fill(store, base, rand);
      store.finish();
      const start = first === 70_000 ? 1 : 1_000_000 + first * 3;
      const extra = Array.from({ length: more }, (_, i) => start + i);
      fill(store, extra, rand);
      store.finish();
      const all = [...base, ...extra];
      checkAgainst(store, new Map(all.map((i) => [i, [lonOf(i), latOf(i)] as [number, number]])), [1_000_001, 0]);
    }
  });

  it('an empty store finds nothing', () => {
    const store = new NodeStore();
    store.finish();
    expect(store.n).toBe(0);
    expect(store.indexOf(1)).toBe(-1);
  });
});
