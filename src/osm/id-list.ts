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
  private chunks: (Uint32Array | Float64Array)[] = [];
  private open = new Float64Array(CHUNK);
  private fill = 0;

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
    const { lo, offsets } = packIds(this.open, n, true);
    this.chunks.push(offsets ?? this.open.slice(0, n));
    this.base.push(lo);
    this.fill = 0;
  }

  /** every id, in the order added */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let p = 0;
    this.chunks.forEach((c, k) => {
      const b = this.base[k];
      if (c instanceof Uint32Array) for (let i = 0; i < c.length; i++) out[p++] = b + c[i];
      else {
        out.set(c, p);
        p += c.length;
      }
    });
    out.set(this.open.subarray(0, this.fill), p);
    return out;
  }
}
