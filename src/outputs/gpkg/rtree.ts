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

/** sort-tile-recursive order of the boxes (deterministic: ties by id) */
function strOrder(ids: Float64Array, box: Float64Array, max: number): Uint32Array {
  const n = ids.length;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cx[i] = box[i * 4] + box[i * 4 + 1];
    cy[i] = box[i * 4 + 2] + box[i * 4 + 3];
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => cx[a] - cx[b] || ids[a] - ids[b]);
  const leaves = Math.ceil(n / max);
  const slices = Math.max(1, Math.ceil(Math.sqrt(leaves)));
  const per = Math.ceil(n / slices);
  for (let s = 0; s < n; s += per)
    order.subarray(s, Math.min(n, s + per)).sort((a, b) => cy[a] - cy[b] || ids[a] - ids[b]);
  return order;
}

/**
 * Fills the shadow tables of an empty rtree `name` (created by CREATE VIRTUAL TABLE ... USING
 * rtree(id, minx, maxx, miny, maxy)) with entries ids[i] → box i (minx, maxx, miny, maxy).
 */
export function writeRtree(
  db: Database,
  writer: (sql: string) => RowWriter,
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
  const node = writer(`INSERT OR REPLACE INTO ${q(`${name}_node`)} (nodeno, data) VALUES (?, ?)`);
  const parent = writer(`INSERT INTO ${q(`${name}_parent`)} (nodeno, parentnode) VALUES (?, ?)`);
  const rowid = writer(`INSERT INTO ${q(`${name}_rowid`)} (rowid, nodeno) VALUES (?, ?)`);
  const put = (no: number, d: number, cells: number, cell: (k: number) => [number, number, number, number, number]) => {
    blob.fill(0);
    view.setUint16(0, d);
    view.setUint16(2, cells);
    for (let k = 0; k < cells; k++) {
      const [id, a, b, c, e] = cell(k);
      const o = 4 + k * 24;
      view.setBigInt64(o, BigInt(id));
      view.setFloat32(o + 8, a);
      view.setFloat32(o + 12, b);
      view.setFloat32(o + 16, c);
      view.setFloat32(o + 20, e);
    }
    node.reserve(nodeSize);
    node.value(1, no);
    node.value(2, blob);
    node.step();
  };
  const top = levels.length - 1;
  if (!single) {
    // the root: one cell per top-level node
    const t = levels[top];
    put(1, depth, t.first.length, (g) => [
      numbers[top][g],
      t.box[g * 4],
      t.box[g * 4 + 1],
      t.box[g * 4 + 2],
      t.box[g * 4 + 3],
    ]);
  }
  for (let l = top; l >= 0; l--) {
    const L = levels[l];
    for (let g = 0; g < L.first.length; g++) {
      const no = numbers[l][g];
      const f = L.first[g];
      if (l === 0)
        put(no, single ? depth : 0, L.count[g], (k) => {
          const i = order[f + k];
          return [ids[i], rounded[i * 4], rounded[i * 4 + 1], rounded[i * 4 + 2], rounded[i * 4 + 3]];
        });
      else {
        const B = levels[l - 1];
        put(no, 0, L.count[g], (k) => [
          numbers[l - 1][f + k],
          B.box[(f + k) * 4],
          B.box[(f + k) * 4 + 1],
          B.box[(f + k) * 4 + 2],
          B.box[(f + k) * 4 + 3],
        ]);
      }
      if (no !== 1) {
        parent.value(1, no);
        parent.value(2, l === top ? 1 : numbers[l + 1][findParent(levels[l + 1], g)]);
        parent.step();
      }
      if (l === 0)
        for (let k = 0; k < L.count[g]; k++) {
          rowid.value(1, ids[order[f + k]]);
          rowid.value(2, no);
          rowid.step();
        }
    }
  }
  node.finalize();
  parent.finalize();
  rowid.finalize();
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
