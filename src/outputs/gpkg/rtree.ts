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
import { putVarint, type TableBtreeWriter, type TableRows, varintLength } from '../../io/sqlite-btree.js';
import { intSerial, putInt } from '../../io/sqlite-record.js';

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
 * The tree's nodes, every level in flat arrays (node i of level l is `start[l] + i`): level 0
 * groups the ordered entries into leaves, each level above groups the one below; the top level's
 * nodes are the root's cells (or, when all entries fit in one node, level 0's one node is the root).
 */
interface Nodes {
  levels: number;
  start: Uint32Array;
  /** per node: its first child (an index into the level below, or into the ordered entries) and the count */
  first: Uint32Array;
  count: Uint32Array;
  /** per node: its box (minx, maxx, miny, maxy), float32 values */
  box: Float64Array;
  /** per node: the node above it (absolute), and its node number */
  parent: Uint32Array;
  no: Uint32Array;
}

/** the nodes' sizes per level: ceil(n / max) groups of even size, until one node's worth is left */
function levelSizes(n: number, max: number): number[] {
  const sizes: number[] = [];
  let below = n;
  while (sizes.length === 0 || below > max) {
    below = Math.max(1, Math.ceil(below / max));
    sizes.push(below);
  }
  return sizes;
}

/*
 * The tree is built and written by small functions over typed arrays only: one function with
 * closures per cell source was recompiled by V8 for almost every layer (a new closure or map at
 * each call), ~70 ms of compile each on V8's threads (BENCHMARKS.md, issue 11).
 */

/** the entries' boxes rounded outwards to float32 as SQLite stores them */
function roundBoxes(boxes: Float64Array, n: number): Float64Array {
  const r = new Float64Array(n * 4);
  for (let i = 0; i < n * 4; i += 4) {
    r[i] = down(boxes[i]);
    r[i + 1] = up(boxes[i + 1]);
    r[i + 2] = down(boxes[i + 2]);
    r[i + 3] = up(boxes[i + 3]);
  }
  return r;
}

/** nodes of `g` groups over `m` items (in order) from `at`: ceil(m / max) of even size */
function group(t: Nodes, at: number, g: number, m: number): void {
  for (let k = 0, from = 0; k < g; k++) {
    const c = Math.floor(m / g) + (k < m % g ? 1 : 0);
    t.first[at + k] = from;
    t.count[at + k] = c;
    from += c;
  }
}

/** node i's box: the union of its entries' (level 0) */
function leafBoxes(t: Nodes, rounded: Float64Array, order: Uint32Array, g: number): void {
  const { first, count, box } = t;
  for (let i = 0; i < g; i++) {
    let a = Infinity;
    let b = -Infinity;
    let c = Infinity;
    let d = -Infinity;
    for (let k = first[i]; k < first[i] + count[i]; k++) {
      const o = order[k] * 4;
      a = Math.min(a, rounded[o]);
      b = Math.max(b, rounded[o + 1]);
      c = Math.min(c, rounded[o + 2]);
      d = Math.max(d, rounded[o + 3]);
    }
    box[i * 4] = a;
    box[i * 4 + 1] = b;
    box[i * 4 + 2] = c;
    box[i * 4 + 3] = d;
  }
}

/** the boxes of nodes at … at + g - 1: unions of their children's (from `below`), and the children's parent */
function innerBoxes(t: Nodes, at: number, g: number, below: number): void {
  const { first, count, box, parent } = t;
  for (let i = at; i < at + g; i++) {
    let a = Infinity;
    let b = -Infinity;
    let c = Infinity;
    let d = -Infinity;
    for (let k = below + first[i]; k < below + first[i] + count[i]; k++) {
      a = Math.min(a, box[k * 4]);
      b = Math.max(b, box[k * 4 + 1]);
      c = Math.min(c, box[k * 4 + 2]);
      d = Math.max(d, box[k * 4 + 3]);
      parent[k] = i;
    }
    box[i * 4] = a;
    box[i * 4 + 1] = b;
    box[i * 4 + 2] = c;
    box[i * 4 + 3] = d;
  }
}

function buildNodes(rounded: Float64Array, order: Uint32Array, n: number, max: number): Nodes {
  const sizes = levelSizes(n, max);
  const start = new Uint32Array(sizes.length + 1);
  for (let l = 0; l < sizes.length; l++) start[l + 1] = start[l] + sizes[l];
  const total = start[sizes.length];
  const t: Nodes = {
    levels: sizes.length,
    start,
    first: new Uint32Array(total),
    count: new Uint32Array(total),
    box: new Float64Array(total * 4),
    parent: new Uint32Array(total),
    no: new Uint32Array(total),
  };
  group(t, 0, sizes[0], n);
  leafBoxes(t, rounded, order, sizes[0]);
  for (let l = 1; l < sizes.length; l++) {
    group(t, start[l], sizes[l], sizes[l - 1]);
    innerBoxes(t, start[l], sizes[l], start[l - 1]);
  }
  // node numbers: the root is 1; then each level top-down, in order
  if (n <= max) t.no[0] = 1;
  else
    for (let l = sizes.length - 1, next = 2; l >= 0; l--)
      for (let i = start[l]; i < start[l + 1]; i++) t.no[i] = next++;
  return t;
}

/** one cell: an id (a positive integer below 2^53: two big-endian words, no BigInt) and box b of `box` */
function cell(view: DataView, k: number, id: number, box: Float64Array, b: number): void {
  const o = 4 + k * 24;
  view.setUint32(o, Math.floor(id / 4294967296));
  view.setUint32(o + 4, id >>> 0);
  view.setFloat32(o + 8, box[b]);
  view.setFloat32(o + 12, box[b + 1]);
  view.setFloat32(o + 16, box[b + 2]);
  view.setFloat32(o + 20, box[b + 3]);
}

/** a leaf's cells: entries first … first + c - 1 of the order */
function leafCells(
  view: DataView,
  ids: Float64Array,
  order: Uint32Array,
  rounded: Float64Array,
  f: number,
  c: number,
): void {
  for (let k = 0; k < c; k++) cell(view, k, ids[order[f + k]], rounded, order[f + k] * 4);
}

/** an inner node's (or the root's) cells: nodes from … from + c - 1 */
function innerCells(view: DataView, t: Nodes, from: number, c: number): void {
  for (let k = 0; k < c; k++) cell(view, k, t.no[from + k], t.box, (from + k) * 4);
}

/**
 * The shadow tables' rows of an empty rtree `name` (created by CREATE VIRTUAL TABLE ... USING
 * rtree(id, minx, maxx, miny, maxy)) holding entries ids[i] → box i (minx, maxx, miny, maxy), as
 * table b-tree pages of our own (io/sqlite-btree.ts appendTables): `_node` (nodeno → the node's
 * blob), `_parent` (nodeno → its parent) and `_rowid` (entry id → its leaf), each in rowid order.
 * Inserting them through SQLite put the entries' ids into `_rowid` in the tree's order, not the
 * ids', a b-tree insert at a random place each: it was the largest part of writing results.gpkg's
 * indexes (BENCHMARKS.md, issue 11). `nodeSize` is the root's blob length as SQLite created it.
 */
export function rtreeTables(name: string, nodeSize: number, ids: Float64Array, boxes: Float64Array): TableRows[] {
  const max = Math.floor((nodeSize - 4) / 24);
  const n = ids.length;
  if (!n) return [];
  const rounded = roundBoxes(boxes, n);
  const order = strOrder(ids, rounded, max);
  const t = buildNodes(rounded, order, n, max);
  const single = n <= max;
  const top = t.levels - 1;
  const depth = single ? 0 : t.levels;
  // a node's record: its header (the header's size, NULL for the nodeno that is the rowid, a blob
  // of nodeSize bytes), then the blob, written in place through `view`
  const serial = 2 * nodeSize + 12;
  const h = 2 + varintLength(serial);
  const rec = new Uint8Array(h + nodeSize);
  rec[0] = h;
  rec[1] = 0;
  putVarint(rec, 2, serial);
  const view = new DataView(rec.buffer, h, nodeSize);
  const node = (w: TableBtreeWriter, no: number, d: number, cells: number) => {
    view.setUint16(0, d);
    view.setUint16(2, cells);
    w.add(rec, h + nodeSize, no);
    rec.fill(0, h);
  };
  // the leaf of each entry (by its index in ids), for _rowid (filled while _node's rows are written: first)
  const leafOf = new Uint32Array(n);
  const nodes = (w: TableBtreeWriter) => {
    // the root first (nodeno 1), then each level top-down: the node numbers ascending (buildNodes)
    if (!single) {
      const c = t.start[top + 1] - t.start[top];
      innerCells(view, t, t.start[top], c);
      node(w, 1, depth, c);
    }
    for (let l = top; l >= 0; l--)
      for (let i = t.start[l]; i < t.start[l + 1]; i++) {
        const f = t.first[i];
        const c = t.count[i];
        if (l === 0) {
          leafCells(view, ids, order, rounded, f, c);
          for (let k = 0; k < c; k++) leafOf[order[f + k]] = t.no[i];
        } else innerCells(view, t, t.start[l - 1] + f, c);
        node(w, t.no[i], l === 0 && single ? depth : 0, c);
      }
  };
  const small = new Uint8Array(16);
  /** a row of (rowid, one integer): header [3, NULL, the integer's serial type], the integer */
  const pair = (w: TableBtreeWriter, rowid: number, v: number) => {
    const s = intSerial(v);
    small[0] = 3;
    small[1] = 0;
    small[2] = s;
    const end = s < 8 ? putInt(small, 3, v, s) : 3;
    w.add(small, end, rowid);
  };
  const parents = (w: TableBtreeWriter) => {
    for (let l = top; l >= 0; l--)
      for (let i = t.start[l]; i < t.start[l + 1]; i++)
        if (t.no[i] !== 1) pair(w, t.no[i], l === top ? 1 : t.no[t.parent[i]]);
  };
  const rowids = (w: TableBtreeWriter) => {
    // by id: the entries are in ids' order, ascending in every layer (fids); otherwise sorted here
    let byId: ArrayLike<number> | null = null;
    for (let i = 1; i < n && !byId; i++) if (!(ids[i] > ids[i - 1])) byId = sortedById(ids);
    for (let j = 0; j < n; j++) {
      const i = byId ? byId[j] : j;
      pair(w, ids[i], leafOf[i]);
    }
  };
  return [
    { name: `${name}_node`, fill: nodes },
    { name: `${name}_parent`, fill: parents },
    { name: `${name}_rowid`, fill: rowids },
  ];
}

/** indexes of ids in ascending id order (ids are distinct) */
function sortedById(ids: Float64Array): Uint32Array {
  const idx = Uint32Array.from(ids, (_, i) => i);
  return idx.sort((a, b) => ids[a] - ids[b]);
}
