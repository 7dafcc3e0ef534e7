/**
 * Every node's coordinates, for resolving way references after the whole file is read
 * (ways may come before their nodes in unsorted files).
 *
 * 12 bytes per node, in chunks of 65,536 nodes (so growing never copies, and never holds twice
 * the store): lon/lat as Int32 in 1e-7 degrees, and the id as a Uint32 offset from its chunk's
 * first id. OSM ids exceed 2^32, but 65,536 consecutive ids of a sorted file span far less; a
 * chunk whose ids span more (a sparse extract) keeps them as Float64 instead (16 bytes per node).
 * Lookups: binary search over the chunks' first ids, then inside one chunk's 256 KB of offsets.
 * A file not sorted by id is sorted once at the end (the later copy of a repeated id wins).
 *
 * Global index j = chunk * 65536 + position; `lonAt(j)`, `latAt(j)`, `idAt(j)` read it.
 * (A dense id-indexed store was measured against this, BENCHMARKS.md: real extracts' ids are too
 * sparse for it.)
 */
import { packIds } from '../osm/id-list.js';
import { Rank } from './rank.js';

/** Nodes by index: what the split, the clip and the compaction read (a NodeStore or a NodeSubset). */
export interface NodeCoords {
  readonly n: number;
  lonAt(j: number): number;
  latAt(j: number): number;
  idAt(j: number): number;
}

/**
 * The chunks' arrays are cut from slabs of this size: larger than glibc's largest mmap threshold
 * (32 MiB), so each slab is its own mapping and its pages go back to the system as soon as it is
 * collected. Chunks of 256 KB each allocated alone went to malloc's heap once the threshold had
 * risen, and when the store was let go that memory stayed with the process (~90 MB of a 100 MB
 * file's peak). A slab's untouched pages take no memory, so a small file pays nothing for it.
 */
const SLAB_BYTES = 40 << 20;

class Slabs {
  private buf: ArrayBuffer | null = null;
  private used = 0;

  private take(bytes: number): [ArrayBuffer, number] {
    if (!this.buf || this.used + bytes > this.buf.byteLength) {
      this.buf = new ArrayBuffer(Math.max(SLAB_BYTES, bytes));
      this.used = 0;
    }
    const at = this.used;
    this.used += (bytes + 7) & ~7;
    return [this.buf, at];
  }

  int32(n: number): Int32Array {
    const [b, at] = this.take(n * 4);
    return new Int32Array(b, at, n);
  }

  uint32(n: number): Uint32Array {
    const [b, at] = this.take(n * 4);
    return new Uint32Array(b, at, n);
  }
}

const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

export class NodeStore {
  n = 0;
  /** per chunk: the first id, the last id, and the ids as offsets (Uint32) or as they are (Float64) */
  private first = new Float64Array(64);
  private lastOf = new Float64Array(64);
  private off: (Uint32Array | Float64Array)[] = [];
  private lonC: Int32Array[] = [];
  private latC: Int32Array[] = [];
  /** the chunk being filled: its ids as Float64 until it is full */
  private open: Float64Array = new Float64Array(CHUNK);
  private sorted = true;
  private last = -Infinity;
  private hint = 0;
  /** the previous answer's chunk and position in it (indexOf) */
  private hintChunk = -1;
  private hintPos = -2;
  /** chunks whose ids are final (all but the one being filled) */
  private sealed = 0;
  private slabs = new Slabs();

  /** ids added in increasing order so far (lookups work while reading) */
  get isSorted(): boolean {
    return this.sorted;
  }

  /** number of chunks, including the one being filled */
  private get chunks(): number {
    return this.lonC.length;
  }

  add(ids: Float64Array, lon: Int32Array, lat: Int32Array, count: number): void {
    if (this.open.length === 0) this.reopen();
    if (this.sorted) {
      let last = this.last;
      for (let i = 0; i < count; i++) {
        if (ids[i] <= last) {
          this.sorted = false;
          break;
        }
        last = ids[i];
      }
      this.last = last;
    }
    let i = 0;
    while (i < count) {
      const pos = this.n & MASK;
      if (pos === 0) this.newChunk();
      const c = this.chunks - 1;
      const take = Math.min(count - i, CHUNK - pos);
      this.open.set(ids.subarray(i, i + take), pos);
      this.lonC[c].set(lon.subarray(i, i + take), pos);
      this.latC[c].set(lat.subarray(i, i + take), pos);
      i += take;
      this.n += take;
      if ((this.n & MASK) === 0) this.seal();
    }
  }

  private newChunk(): void {
    const c = this.chunks;
    if (c === this.first.length) {
      const f = new Float64Array(c * 2);
      f.set(this.first);
      this.first = f;
      const l = new Float64Array(c * 2);
      l.set(this.lastOf);
      this.lastOf = l;
    }
    this.lonC.push(this.slabs.int32(CHUNK));
    this.latC.push(this.slabs.int32(CHUNK));
    this.off.push(this.open);
  }

  /** the open chunk is full (or the file ended): its ids become offsets where they fit */
  private seal(): void {
    const c = this.chunks - 1;
    const len = this.n - c * CHUNK;
    const ids = this.open;
    const { lo, hi, offsets } = packIds(ids, len, this.sorted, (m) => this.slabs.uint32(m));
    this.first[c] = lo;
    this.lastOf[c] = hi;
    this.sealed = c + 1;
    if (offsets) {
      this.off[c] = offsets;
      this.open = ids; // reused for the next chunk
    } else {
      this.off[c] = len === CHUNK ? ids : ids.slice(0, len);
      this.open = new Float64Array(CHUNK);
    }
  }

  /**
   * Adding after `finish()` (the planner's road nodes merged into an OSM network, roads/merge.ts):
   * the last chunk, if partly filled, takes ids as Float64 again until the next `finish()`.
   */
  private reopen(): void {
    this.open = new Float64Array(CHUNK);
    const c = this.chunks - 1;
    const len = this.n - c * CHUNK;
    if (c < 0 || len === CHUNK) return;
    for (let k = 0; k < len; k++) this.open[k] = this.idAt(c * CHUNK + k);
    this.off[c] = this.open;
    this.sealed = c;
  }

  /** Ends adding: seals the last chunk; a file not sorted by id is sorted (the later copy of a repeated id wins). */
  finish(): void {
    if (this.sealed < this.chunks) this.seal();
    if (!this.sorted) this.sortAll();
    this.open = new Float64Array(0);
  }

  private sortAll(): void {
    const n = this.n;
    const ids = new Float64Array(n);
    const x = new Int32Array(n);
    const y = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      ids[j] = this.idAt(j);
      x[j] = this.lonAt(j);
      y[j] = this.latAt(j);
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => ids[a] - ids[b] || a - b);
    this.n = 0;
    this.sealed = 0;
    this.off = [];
    this.lonC = [];
    this.latC = [];
    this.sorted = true;
    this.last = -Infinity;
    this.open = new Float64Array(CHUNK);
    const B = 4096;
    const bi = new Float64Array(B);
    const bx = new Int32Array(B);
    const by = new Int32Array(B);
    let m = 0;
    let prev = Number.NaN;
    let have = false;
    for (let k = 0; k < n; k++) {
      const o = order[k];
      if (have && ids[o] === prev) m--; // repeated id: keep the later one
      bi[m] = ids[o];
      bx[m] = x[o];
      by[m] = y[o];
      prev = ids[o];
      have = true;
      m++;
      // flush all but the last (it may still be replaced by a later copy)
      if (m === B) {
        this.add(bi, bx, by, B - 1);
        bi[0] = bi[B - 1];
        bx[0] = bx[B - 1];
        by[0] = by[B - 1];
        m = 1;
      }
    }
    this.add(bi, bx, by, m);
    if (this.sealed < this.chunks) this.seal();
  }

  /** no more lookups (the network is built): the chunks are let go, ~12 bytes per node of the file */
  release(): void {
    this.slabs = new Slabs();
    this.n = 0;
    this.sealed = 0;
    this.off = [];
    this.lonC = [];
    this.latC = [];
    this.first = new Float64Array(0);
    this.lastOf = new Float64Array(0);
    this.open = new Float64Array(0);
    this.hint = 0;
    this.hintChunk = -1;
    this.hintPos = -2;
  }

  lonAt(j: number): number {
    return this.lonC[j >>> SHIFT][j & MASK];
  }

  latAt(j: number): number {
    return this.latC[j >>> SHIFT][j & MASK];
  }

  idAt(j: number): number {
    const c = j >>> SHIFT;
    const o = this.off[c];
    if (c >= this.sealed) return this.open[j & MASK]; // the chunk being filled
    return o instanceof Uint32Array ? this.first[c] + o[j & MASK] : o[j & MASK];
  }

  /** bytes held, for the benchmarks' account of where memory goes */
  get bytes(): number {
    let b = this.first.byteLength * 2 + this.open.byteLength;
    for (let c = 0; c < this.chunks; c++)
      b += this.lonC[c].byteLength + this.latC[c].byteLength + (c < this.sealed ? this.off[c].byteLength : 0);
    return b;
  }

  /**
   * Index of the node with this id, or -1 (ids sorted so far; after `finish()`, always). Tries the
   * previous answer's chunk first: a way's nodes were mostly created together and have nearby ids.
   */
  indexOf(id: number): number {
    const nc = this.chunks;
    if (nc === 0 || !this.sorted) return -1;
    const sealed = this.sealed;
    let c = this.hint;
    if (!(c < sealed && this.first[c] <= id && id <= this.lastOf[c])) {
      let lo = 0;
      let hi = sealed - 1;
      c = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (this.first[mid] <= id) {
          c = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (c < 0 || id > this.lastOf[c]) {
        // not in a sealed chunk: the one being filled, if any
        if (sealed < nc) return this.searchOpen(id);
        return -1;
      }
      this.hint = c;
    }
    const o = this.off[c];
    const v = o instanceof Uint32Array ? id - this.first[c] : id;
    // a way's nodes were mostly created one after another: try just after the previous answer
    const p = this.hintPos + 1;
    if (p < o.length && o[p] === v && this.hintChunk === c) {
      this.hintPos = p;
      return (c << SHIFT) + p;
    }
    let lo = 0;
    let hi = o.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = o[mid];
      if (x < v) lo = mid + 1;
      else if (x > v) hi = mid - 1;
      else {
        this.hintChunk = c;
        this.hintPos = mid;
        return (c << SHIFT) + mid;
      }
    }
    return -1;
  }

  private searchOpen(id: number): number {
    const c = this.chunks - 1;
    const ids = this.open;
    let lo = 0;
    let hi = this.n - c * CHUNK - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = ids[mid];
      if (x < id) lo = mid + 1;
      else if (x > id) hi = mid - 1;
      else return (c << SHIFT) + mid;
    }
    return -1;
  }
}

/**
 * The nodes that references use, in store (= id) order, as plain arrays, so the store (every
 * node of the file) can be let go before the split: `of` renumbers the references in place.
 */
export class NodeSubset implements NodeCoords {
  private constructor(
    readonly n: number,
    private readonly lon: Int32Array,
    private readonly lat: Int32Array,
    private ids: Float64Array,
  ) {}

  /**
   * idx: store indexes (-1 missing), renumbered into the subset; perStore: one byte per store node
   * (the read clip's usage), returned per subset node
   */
  static of(store: NodeStore, idx: Int32Array, perStore?: Uint8Array): { nodes: NodeSubset; perNode?: Uint8Array } {
    const rank = Rank.ofMarks(idx, store.n);
    const m = rank.count;
    const lon = new Int32Array(m);
    const lat = new Int32Array(m);
    const ids = new Float64Array(m);
    const perNode = perStore ? new Uint8Array(m) : undefined;
    for (let j = 0, i = 0; j < store.n; j++) {
      if (!rank.has(j)) continue;
      lon[i] = store.lonAt(j);
      lat[i] = store.latAt(j);
      ids[i] = store.idAt(j);
      if (perNode && j < perStore!.length) perNode[i] = perStore![j];
      i++;
    }
    for (let k = 0; k < idx.length; k++) if (idx[k] >= 0) idx[k] = rank.of(idx[k]);
    return { nodes: new NodeSubset(m, lon, lat, ids), perNode };
  }

  static empty(): NodeSubset {
    return new NodeSubset(0, new Int32Array(0), new Int32Array(0), new Float64Array(0));
  }

  /** the ids are read (idAt) no more: only the coordinates are kept */
  releaseIds(): void {
    this.ids = new Float64Array(0);
  }

  lonAt(j: number): number {
    return this.lon[j];
  }

  latAt(j: number): number {
    return this.lat[j];
  }

  idAt(j: number): number {
    return this.ids[j];
  }
}
