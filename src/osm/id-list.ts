/**
 * A list of OSM ids in 4 bytes each where it can: chunks of 65,536 ids stored as Uint32 offsets from
 * the chunk's smallest id (a chunk spanning more than 2^32 keeps its ids as Float64). OSM ids exceed
 * 2^32, but 65,536 ids read together (one or a few blocks) rarely span that much. The readers'
 * repeat check (limits.ts) keeps every id of the file in one: half the memory of a Float64Array,
 * and no doubling copies.
 */
const CHUNK = 65536;
const U32_SPAN = 4294967295;

/**
 * One chunk of ids packed (here and in the node store, network/node-store.ts): its smallest and
 * largest id, and, when asked for and the chunk spans at most 2^32, the ids as Uint32 offsets from
 * the smallest (null otherwise: the caller keeps them as Float64).
 */
export function packIds(
  ids: Float64Array,
  n: number,
  wantOffsets: boolean,
  alloc: (n: number) => Uint32Array = (m) => new Uint32Array(m),
): { lo: number; hi: number; offsets: Uint32Array | null } {
  let lo = ids[0];
  let hi = ids[0];
  for (let k = 1; k < n; k++) {
    const v = ids[k];
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  if (!wantOffsets || hi - lo > U32_SPAN) return { lo, hi, offsets: null };
  const offsets = alloc(n);
  for (let k = 0; k < n; k++) offsets[k] = ids[k] - lo;
  return { lo, hi, offsets };
}

export class IdList {
  length = 0;
  private base: number[] = [];
  /** per chunk: Uint32 offsets from base, the ids as Float64, or (ids increasing) varint deltas */
  private chunks: (Uint32Array | Float64Array | Uint8Array)[] = [];
  private open = new Float64Array(CHUNK);
  private fill = 0;
  private scratch: Uint8Array | null = null;

  add(ids: Float64Array, count: number): void {
    let i = 0;
    while (i < count) {
      const take = Math.min(count - i, CHUNK - this.fill);
      this.open.set(ids.subarray(i, i + take), this.fill);
      this.fill += take;
      this.length += take;
      i += take;
      if (this.fill === CHUNK) this.seal();
    }
  }

  private seal(): void {
    const n = this.fill;
    if (n === 0) return;
    const deltas = this.deltas(n);
    if (deltas) {
      this.chunks.push(deltas);
      this.base.push(this.open[0]);
    } else {
      const { lo, offsets } = packIds(this.open, n, true);
      this.chunks.push(offsets ?? this.open.slice(0, n));
      this.base.push(lo);
    }
    this.fill = 0;
  }

  /**
   * A chunk of increasing ids (a sorted file's, the common case) as the varint differences from
   * one id to the next: ~1–2 bytes an id instead of 4 (null when that is not smaller)
   */
  private deltas(n: number): Uint8Array | null {
    const ids = this.open;
    this.scratch ??= new Uint8Array(4 * CHUNK);
    const out = this.scratch;
    const limit = 4 * n;
    let p = 0;
    for (let k = 1; k < n; k++) {
      let d = ids[k] - ids[k - 1];
      if (!(d > 0) || p + 8 > limit) return null;
      while (d >= 128) {
        out[p++] = (d % 128) | 128;
        d = Math.floor(d / 128);
      }
      out[p++] = d;
    }
    return out.slice(0, p);
  }

  /** every id, in the order added */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let p = 0;
    this.chunks.forEach((c, k) => {
      const b = this.base[k];
      if (c instanceof Uint8Array) {
        let id = b;
        out[p++] = id;
        for (let q = 0; q < c.length; ) {
          let d = 0;
          let m = 1;
          let byte: number;
          do {
            byte = c[q++];
            d += (byte & 127) * m;
            m *= 128;
          } while (byte & 128);
          id += d;
          out[p++] = id;
        }
      } else if (c instanceof Uint32Array) for (let i = 0; i < c.length; i++) out[p++] = b + c[i];
      else {
        out.set(c, p);
        p += c.length;
      }
    });
    out.set(this.open.subarray(0, this.fill), p);
    return out;
  }
}
