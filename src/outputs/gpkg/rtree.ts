/**
 * A layer's R*Tree spatial index built in one pass: the boxes are packed bottom-up in
 * sort-tile-recursive order (sorted by x into slices, each slice by y, then cut into nodes of
 * even size) and the nodes written straight into the virtual table's shadow tables
 * (`<rtree>_node`, `_parent`, `_rowid`), in SQLite's own node format. Inserting row by row
 * through the virtual table ran SQLite's R*-tree insertion (choose subtree, split, reinsert) per
 * feature: at city scale it was the largest part of the GeoPackage's time.
 *
 * SQLite's format (ext/rtree/rtree.c): node 1 is the root; every node is the same size (the
 * root's length as SQLite created it); a node is a 2-byte tree depth (meaningful in the root),
 * a 2-byte cell count and its cells, each an 8-byte id (a rowid in a leaf, a child node number
 * above) and 4 float32 coordinates (minx, maxx, miny, maxy), big-endian. Coordinates are
 * rounded outwards to float32 exactly as SQLite does on insert, so the tree holds the same
 * boxes an insert would have stored, and a parent's box is the union of its children's.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { RowWriter } from '../../io/sqlite.js';

/**
 * SQLite's rounding of an rtree coordinate to float32: min down, max up (its RNDTOWARDS/RNDAWAY
 * factors; 2^-24 is what this SQLite build's inserts store, checked in test/outputs/gpkg-rtree.test.ts)
 */
const TOWARDS = 1 - 1 / 16777216;
const AWAY = 1 + 1 / 16777216;
function down(d: number): number {
  let f = Math.fround(d);
  if (f > d) f = Math.fround(d * (d < 0 ? AWAY : TOWARDS));
  return f;
}
function up(d: number): number {
  let f = Math.fround(d);
  if (f < d) f = Math.fround(d * (d < 0 ? TOWARDS : AWAY));
  return f;
}

interface Level {
  /** per node: its box (minx, maxx, miny, maxy), float32 values */
  box: Float64Array;
  /** per node: the first child (index into the level below, or into the entries) and the count */
  first: Uint32Array;
  count: Uint32Array;
}

/** cut `n` items (in order) into ceil(n / max) groups of even size */
function groups(n: number, max: number): { first: Uint32Array; count: Uint32Array } {
  const g = Math.max(1, Math.ceil(n / max));
  const first = new Uint32Array(g);
  const count = new Uint32Array(g);
  for (let k = 0, at = 0; k < g; k++) {
    const c = Math.floor(n / g) + (k < n % g ? 1 : 0);
    first[k] = at;
    count[k] = c;
    at += c;
  }
  return { first, count };
}

/** a double's bits as two uint32 that sort as the numbers do (-0 as 0; no NaN here) */
function sortableBits(key: Float64Array): Uint32Array {
  const f = new Float64Array(key.length);
  for (let i = 0; i < key.length; i++) f[i] = key[i] + 0;
  const u = new Uint32Array(f.buffer); // little-endian: [lo, hi] per number
  for (let i = 0; i < u.length; i += 2) {
    if (u[i + 1] & 0x80000000) {
      u[i] = ~u[i];
      u[i + 1] = ~u[i + 1];
    } else u[i + 1] |= 0x80000000;
  }
  return u;
}

/**
 * idx stably sorted by key[idx] (least significant digit radix sort, a byte a pass, passes where
 * every key has the same byte skipped): ties keep their order. A comparator sort of the
 * network's 163,000 boxes was 10 % of the GeoPackage's time.
 */
function sortStable(idx: Uint32Array, bits: Uint32Array): void {
  let from: Uint32Array = idx;
  let to: Uint32Array = new Uint32Array(idx.length);
  const count = new Uint32Array(257);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass >> 2;
    const shift = (pass & 3) * 8;
    count.fill(0);
    for (let j = 0; j < from.length; j++) count[((bits[from[j] * 2 + word] >>> shift) & 0xff) + 1]++;
    if (count.includes(from.length)) continue; // one byte value for all
    for (let d = 1; d <= 256; d++) count[d] += count[d - 1];
    for (let j = 0; j < from.length; j++) to[count[(bits[from[j] * 2 + word] >>> shift) & 0xff]++] = from[j];
    [from, to] = [to, from];
  }
  if (from !== idx) idx.set(from);
}

/** sort-tile-recursive order of the boxes (deterministic: ties by id) */
function strOrder(ids: Float64Array, box: Float64Array, max: number): Uint32Array {
  const n = ids.length;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cx[i] = box[i * 4] + box[i * 4 + 1];
    cy[i] = box[i * 4 + 2] + box[i * 4 + 3];
  }
  const leaves = Math.ceil(n / max);
  const slices = Math.max(1, Math.ceil(Math.sqrt(leaves)));
  const per = Math.ceil(n / slices);
  let rising = true;
  for (let i = 1; i < n && rising; i++) rising = ids[i] > ids[i - 1];
  if (!rising) {
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => cx[a] - cx[b] || ids[a] - ids[b]);
    for (let s = 0; s < n; s += per)
      order.subarray(s, Math.min(n, s + per)).sort((a, b) => cy[a] - cy[b] || ids[a] - ids[b]);
    return order;
  }
  // ids in index order (every layer's fids): a stable sort of the indices breaks ties by id
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  sortStable(order, sortableBits(cx));
  const by = sortableBits(cy);
  for (let s = 0; s < n; s += per) {
    const slice = order.subarray(s, Math.min(n, s + per));
    slice.sort();
    sortStable(slice, by);
  }
  return order;
}

/**
 * Fills the shadow tables of an empty rtree `name` (created by CREATE VIRTUAL TABLE ... USING
 * rtree(id, minx, maxx, miny, maxy)) with entries ids[i] → box i (minx, maxx, miny, maxy).
 */
export function writeRtree(
  db: Database,
  writer: (head: string, columns: number) => RowWriter,
  name: string,
  ids: Float64Array,
  boxes: Float64Array,
): void {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const nodeSize = Number(db.selectValue(`SELECT length(data) FROM ${q(`${name}_node`)} WHERE nodeno = 1`));
  const max = Math.floor((nodeSize - 4) / 24);
  const n = ids.length;
  if (!n) return;
  const rounded = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    rounded[i * 4] = down(boxes[i * 4]);
    rounded[i * 4 + 1] = up(boxes[i * 4 + 1]);
    rounded[i * 4 + 2] = down(boxes[i * 4 + 2]);
    rounded[i * 4 + 3] = up(boxes[i * 4 + 3]);
  }
  const order = strOrder(ids, rounded, max);
  // levels bottom-up: level 0 groups the (ordered) entries into leaves; the top level is the root's cells
  const levels: Level[] = [];
  let below = n;
  let belowBox = (k: number, c: number) => rounded[order[k] * 4 + c];
  while (levels.length === 0 || below > max) {
    const { first, count } = groups(below, max);
    const box = new Float64Array(first.length * 4);
    for (let g = 0; g < first.length; g++) {
      let [a, b, c, d] = [Infinity, -Infinity, Infinity, -Infinity];
      for (let k = first[g]; k < first[g] + count[g]; k++) {
        a = Math.min(a, belowBox(k, 0));
        b = Math.max(b, belowBox(k, 1));
        c = Math.min(c, belowBox(k, 2));
        d = Math.max(d, belowBox(k, 3));
      }
      box.set([a, b, c, d], g * 4);
    }
    const level = { box, first, count };
    levels.push(level);
    below = first.length;
    belowBox = (k, c) => level.box[k * 4 + c];
  }
  // node numbers: the root is 1 and holds the top level's nodes as cells (or, when all entries
  // fit in one node, the entries themselves); then each level top-down, in order
  const single = n <= max;
  const depth = single ? 0 : levels.length;
  const numbers: Uint32Array[] = levels.map((l) => new Uint32Array(l.first.length));
  let next = 2;
  if (single) numbers[0][0] = 1;
  else for (let l = levels.length - 1; l >= 0; l--) for (let g = 0; g < numbers[l].length; g++) numbers[l][g] = next++;

  const blob = new Uint8Array(nodeSize);
  const view = new DataView(blob.buffer);
  const node = writer(`INSERT OR REPLACE INTO ${q(`${name}_node`)} (nodeno, data)`, 2);
  const parent = writer(`INSERT INTO ${q(`${name}_parent`)} (nodeno, parentnode)`, 2);
  const rowid = writer(`INSERT INTO ${q(`${name}_rowid`)} (rowid, nodeno)`, 2);
  // a node's cells: ids and boxes (4 a cell) from `box` at `at`
  const put = (
    no: number,
    d: number,
    cells: number,
    id: (k: number) => number,
    box: Float64Array,
    at: (k: number) => number,
  ) => {
    blob.fill(0);
    view.setUint16(0, d);
    view.setUint16(2, cells);
    for (let k = 0; k < cells; k++) {
      const o = 4 + k * 24;
      const b = at(k) * 4;
      const v = id(k); // a positive integer below 2^53: two big-endian words, no BigInt per cell
      view.setUint32(o, Math.floor(v / 4294967296));
      view.setUint32(o + 4, v >>> 0);
      view.setFloat32(o + 8, box[b]);
      view.setFloat32(o + 12, box[b + 1]);
      view.setFloat32(o + 16, box[b + 2]);
      view.setFloat32(o + 20, box[b + 3]);
    }
    node.group(1);
    node.row(nodeSize);
    node.int(no);
    node.blob(blob);
    node.end();
  };
  const top = levels.length - 1;
  // the root: one cell per top-level node
  if (!single)
    put(
      1,
      depth,
      levels[top].first.length,
      (g) => numbers[top][g],
      levels[top].box,
      (g) => g,
    );
  for (let l = top; l >= 0; l--) {
    const L = levels[l];
    for (let g = 0; g < L.first.length; g++) {
      const no = numbers[l][g];
      const f = L.first[g];
      const c = L.count[g];
      if (l === 0)
        put(
          no,
          single ? depth : 0,
          c,
          (k) => ids[order[f + k]],
          rounded,
          (k) => order[f + k],
        );
      else
        put(
          no,
          0,
          c,
          (k) => numbers[l - 1][f + k],
          levels[l - 1].box,
          (k) => f + k,
        );
      if (no !== 1) {
        parent.group(1);
        parent.row(0);
        parent.int(no);
        parent.int(l === top ? 1 : numbers[l + 1][findParent(levels[l + 1], g)]);
        parent.end();
      }
      // a leaf's rowids in one statement: the same inserts in the same order as one by one
      if (l === 0) {
        rowid.group(c);
        for (let k = 0; k < c; k++) {
          rowid.row(0);
          rowid.int(ids[order[f + k]]);
          rowid.int(no);
          rowid.end();
        }
      }
    }
  }
  node.finish();
  parent.finish();
  rowid.finish();
}

/** the node of `up` whose children include g (groups are contiguous) */
function findParent(up: Level, g: number): number {
  let lo = 0;
  let hi = up.first.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (up.first[mid] <= g) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
