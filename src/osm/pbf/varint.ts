/**
 * Packed-field decoding straight into typed arrays. pbf's readPacked* build number[] arrays,
 * which costs an allocation per field in the hottest loop of the reader (DenseNodes, way refs).
 */

/** Decode unsigned varints in buf[pos, end) into out (growing it if needed); returns count. */
export function readPackedUnsigned(
  buf: Uint8Array,
  pos: number,
  end: number,
  out: { a: Float64Array | Uint32Array },
): number {
  let n = 0;
  let a = out.a;
  while (pos < end) {
    let b = buf[pos++];
    let v = b & 0x7f;
    if (b >= 0x80) {
      b = buf[pos++];
      v |= (b & 0x7f) << 7;
      if (b >= 0x80) {
        b = buf[pos++];
        v |= (b & 0x7f) << 14;
        if (b >= 0x80) {
          b = buf[pos++];
          v |= (b & 0x7f) << 21;
          if (b >= 0x80) {
            let mul = 268435456;
            do {
              b = buf[pos++];
              v += (b & 0x7f) * mul;
              mul *= 128;
            } while (b >= 0x80);
          }
        }
      }
    }
    if (n === a.length) {
      const g = new (a.constructor as Float64ArrayConstructor)(a.length * 2 + 16);
      g.set(a);
      a = out.a = g;
    }
    a[n++] = v;
  }
  if (pos !== end) throw new RangeError('packed varint overruns its field');
  return n;
}

/**
 * Decode zigzag varints in buf[pos, end) as deltas and write the running sums (sint64 delta coding
 * used by DenseNodes ids/lat/lon, way refs and relation member ids). Returns count.
 */
export function readPackedDelta(buf: Uint8Array, pos: number, end: number, out: { a: Float64Array }): number {
  let n = 0;
  let a = out.a;
  let acc = 0;
  while (pos < end) {
    let b = buf[pos++];
    let v = b & 0x7f;
    if (b >= 0x80) {
      b = buf[pos++];
      v |= (b & 0x7f) << 7;
      if (b >= 0x80) {
        b = buf[pos++];
        v |= (b & 0x7f) << 14;
        if (b >= 0x80) {
          b = buf[pos++];
          v |= (b & 0x7f) << 21;
          if (b >= 0x80) {
            let mul = 268435456;
            do {
              b = buf[pos++];
              v += (b & 0x7f) * mul;
              mul *= 128;
            } while (b >= 0x80);
          }
        }
      }
    }
    // zigzag: bit ops are only safe below 2^31
    acc += v < 0x80000000 ? (v >>> 1) ^ -(v & 1) : v % 2 === 1 ? -(v + 1) / 2 : v / 2;
    if (n === a.length) {
      const g = new Float64Array(a.length * 2 + 16);
      g.set(a);
      a = out.a = g;
    }
    a[n++] = acc;
  }
  if (pos !== end) throw new RangeError('packed varint overruns its field');
  return n;
}
