/**
 * Every node's coordinates, for resolving way references after the whole file is read
 * (ways may come before their nodes in unsorted files). 16 bytes per node: id as Float64
 * (OSM ids exceed 2^32), lon/lat as Int32 in 1e-7 degrees. Lookups by binary search on the
 * id column, which is sorted once at the end if the file was not sorted by id already.
 */
export class NodeStore {
  ids = new Float64Array(1 << 16);
  lon = new Int32Array(1 << 16);
  lat = new Int32Array(1 << 16);
  n = 0;
  private sorted = true;
  private last = -Infinity;

  add(ids: Float64Array, lon: Int32Array, lat: Int32Array, count: number): void {
    const need = this.n + count;
    if (need > this.ids.length) {
      const cap = Math.max(need, this.ids.length * 2);
      const i2 = new Float64Array(cap);
      i2.set(this.ids.subarray(0, this.n));
      const x2 = new Int32Array(cap);
      x2.set(this.lon.subarray(0, this.n));
      const y2 = new Int32Array(cap);
      y2.set(this.lat.subarray(0, this.n));
      this.ids = i2;
      this.lon = x2;
      this.lat = y2;
    }
    this.ids.set(ids.subarray(0, count), this.n);
    this.lon.set(lon.subarray(0, count), this.n);
    this.lat.set(lat.subarray(0, count), this.n);
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
    this.n = need;
  }

  /** Sort by id (stable for duplicates: the later copy of a duplicated id wins) and trim. */
  finish(): void {
    const n = this.n;
    if (!this.sorted) {
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      const ids = this.ids;
      order.sort((a, b) => ids[a] - ids[b] || a - b);
      const i2 = new Float64Array(n);
      const x2 = new Int32Array(n);
      const y2 = new Int32Array(n);
      let m = 0;
      for (let k = 0; k < n; k++) {
        const o = order[k];
        if (m > 0 && i2[m - 1] === ids[o]) m--; // duplicate id: keep the later one
        i2[m] = ids[o];
        x2[m] = this.lon[o];
        y2[m] = this.lat[o];
        m++;
      }
      this.ids = i2.subarray(0, m);
      this.lon = x2.subarray(0, m);
      this.lat = y2.subarray(0, m);
      this.n = m;
      this.sorted = true;
    } else {
      this.ids = this.ids.subarray(0, n);
      this.lon = this.lon.subarray(0, n);
      this.lat = this.lat.subarray(0, n);
    }
  }

  private hint = 0;

  /**
   * Index of the node with this id, or -1. Gallops from the previous answer first: a way's nodes
   * were mostly created together and have nearby ids, so the search stays in a few cache lines.
   * (A hash index measured no faster: both are bound by cache misses on a city-sized array.)
   */
  indexOf(id: number): number {
    const ids = this.ids;
    const n = this.n;
    let lo = 0;
    let hi = n - 1;
    const h = this.hint;
    if (h < n) {
      const v = ids[h];
      if (v === id) return h;
      let step = 1;
      if (v < id) {
        lo = h + 1;
        while (lo + step - 1 < n && ids[lo + step - 1] < id) {
          lo += step;
          step *= 2;
        }
        hi = Math.min(n - 1, lo + step - 1);
      } else {
        hi = h - 1;
        while (hi - step + 1 >= 0 && ids[hi - step + 1] > id) {
          hi -= step;
          step *= 2;
        }
        lo = Math.max(0, hi - step + 1);
      }
    }
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid];
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else {
        this.hint = mid;
        return mid;
      }
    }
    return -1;
  }
}
