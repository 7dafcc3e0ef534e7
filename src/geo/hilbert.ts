/**
 * The Hilbert curve: neighbours on the curve are neighbours on the ground. Shards take contiguous
 * runs of communities along it (shard/partition.ts); the siting searches number the graph's nodes
 * along it, so a bounded search's nodes lie close together in memory (siting/reach.ts).
 */

const ORDER = 16;
export const HILBERT_SIDE = 1 << ORDER;

/** distance along the Hilbert curve of order 16 of cell (x, y), 0 <= x, y < 2^16 */
export function hilbertIndex(x: number, y: number): number {
  let d = 0;
  for (let s = HILBERT_SIDE >> 1; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // rotate the quadrant so the curve stays continuous
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
    x &= s - 1;
    y &= s - 1;
  }
  return d;
}

/**
 * The indexes 0..n-1 of the points (x[i], y[i]) in Hilbert order of their cells on a 2^16 grid
 * over their bounding box (equal cells: ascending index). A stable radix sort on the 32-bit
 * keys, two passes of 16 bits: no comparator calls for a city's 200,000 nodes.
 */
export function hilbertOrder(x: Float64Array, y: Float64Array): Uint32Array {
  const n = x.length;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < x0) x0 = x[i];
    if (x[i] > x1) x1 = x[i];
    if (y[i] < y0) y0 = y[i];
    if (y[i] > y1) y1 = y[i];
  }
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const cell = (v: number, v0: number) => Math.min(HILBERT_SIDE - 1, Math.floor(((v - v0) / span) * HILBERT_SIDE));
  const key = new Uint32Array(n);
  for (let i = 0; i < n; i++) key[i] = hilbertIndex(cell(x[i], x0), cell(y[i], y0));
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(1 << 16);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & 0xffff]++;
    let s = 0;
    for (let b = 0; b < count.length; b++) {
      const c = count[b];
      count[b] = s;
      s += c;
    }
    for (let i = 0; i < n; i++) {
      const p = order[i];
      next[count[(key[p] >>> shift) & 0xffff]++] = p;
    }
    [order, next] = [next, order];
  }
  return order;
}
