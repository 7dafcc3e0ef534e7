/**
 * Ways kept for later lookup (multipolygon members, feature outlines, buildings) in pooled typed
 * arrays rather than one object per way: a city has hundreds of thousands of buildings, and
 * per-way objects made garbage collection the largest cost of `prepare`.
 */
import { F64, U32 } from '../osm/block.js';

export class WayPool {
  readonly ids = new F64();
  readonly refOff = new U32();
  readonly refs = new F64();
  private order: Uint32Array | null = null;

  constructor() {
    this.refOff.push(0);
  }

  get count(): number {
    return this.ids.n;
  }

  add(id: number, refs: ArrayLike<number>): number {
    const i = this.ids.n;
    this.ids.push(id);
    const need = this.refs.n + refs.length;
    if (need > this.refs.a.length) this.refs.grow(need);
    this.refs.a.set(refs as Float64Array, this.refs.n);
    this.refs.n = need;
    this.refOff.push(need);
    return i;
  }

  /** no more lookups: the arrays are let go (a view taken before keeps its own) */
  release(): void {
    this.ids.a = new Float64Array(0);
    this.ids.n = 0;
    this.refs.a = new Float64Array(0);
    this.refs.n = 0;
    this.refOff.a = new Uint32Array(1);
    this.refOff.n = 1;
    this.order = null;
  }

  refsOf(i: number): Float64Array {
    return this.refs.a.subarray(this.refOff.a[i], this.refOff.a[i + 1]);
  }

  /** index of the way with this id, or -1 (sorts an index on first use) */
  find(id: number): number {
    if (!this.order || this.order.length !== this.ids.n) {
      const ids = this.ids.a;
      const o = new Uint32Array(this.ids.n);
      for (let i = 0; i < o.length; i++) o[i] = i;
      o.sort((a, b) => ids[a] - ids[b] || a - b);
      this.order = o;
    }
    const o = this.order;
    const ids = this.ids.a;
    let lo = 0;
    let hi = o.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[o[mid]];
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return o[mid];
    }
    return -1;
  }
}
