/**
 * SQLite's record format (https://sqlite.org/fileformat2.html#record_format) and column affinity
 * (https://sqlite.org/datatype3.html#type_affinity), for rows written as pages without SQLite
 * (sqlite-btree.ts): a header of serial types (NULL 0; integers 1–6 by size, 8 and 9 for 0 and
 * 1; REAL 7; a blob of n bytes 2n + 12, a text 2n + 13) and the values big-endian. Integers take
 * the fewest bytes that hold them, as SQLite writes them, so the stored bytes are those an INSERT
 * of the same values would store.
 */

export type Affinity = 'text' | 'numeric' | 'integer' | 'real' | 'blob';

/** a declared column type's affinity, by SQLite's five rules in their order */
export function affinityOf(declared: string): Affinity {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t === '' || t.includes('BLOB')) return 'blob';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'real';
  return 'numeric';
}

const TWO32 = 4294967296;

/** the serial type SQLite stores an integer (a safe one) with */
export function intSerial(v: number): number {
  if (v === 0) return 8;
  if (v === 1) return 9;
  const u = v < 0 ? -v - 1 : v;
  if (u <= 127) return 1;
  if (u <= 32767) return 2;
  if (u <= 8388607) return 3;
  if (u <= 2147483647) return 4;
  if (u <= 140737488355327) return 5;
  return 6;
}

/** bytes of a value of serial type `t` (t ≥ 12: a text or blob) */
export function serialBytes(t: number): number {
  if (t >= 12) return (t - 12) >> 1;
  return SIZES[t];
}
const SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

/** an integer of serial type t (1–6) big-endian at b[o]; returns the end */
export function putInt(b: Uint8Array, o: number, v: number, t: number): number {
  const n = SIZES[t];
  if (n <= 4) {
    for (let i = n - 1; i >= 0; i--) {
      b[o + i] = v & 255;
      v = Math.floor(v / 256);
    }
    return o + n;
  }
  // 6 or 8 bytes: the high part by floor division (two's complement for negative v)
  const hi = Math.floor(v / TWO32);
  const lo = v - hi * TWO32;
  const hb = n - 4;
  let h = hi;
  for (let i = hb - 1; i >= 0; i--) {
    b[o + i] = h & 255;
    h = Math.floor(h / 256);
  }
  b[o + hb] = lo >>> 24;
  b[o + hb + 1] = (lo >>> 16) & 255;
  b[o + hb + 2] = (lo >>> 8) & 255;
  b[o + hb + 3] = lo & 255;
  return o + n;
}
