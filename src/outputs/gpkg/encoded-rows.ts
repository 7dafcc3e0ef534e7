/**
 * A layer's rows as one byte stream, so that SQLite can insert them on a worker thread
 * (gpkg-worker.ts) while the main thread writes the report: structured-cloning the datasets
 * cost more than writing them (BENCHMARKS.md, issue 11), a transferred buffer costs nothing.
 * `RowEncoder` takes the row loop's calls (the geometry blob written in place); `writeRecords`
 * turns them into SQLite records on a table b-tree writer (io/sqlite-btree.ts): the values
 * SQLite would store for the same INSERTs.
 *
 * Per row, per column a tag — 0 NULL, 1 integer (f64), 2 real (f64), 3 text and 4 blob (u32
 * length, the bytes; texts as UTF-8). The fid is not stored: row i's is i + 1.
 */
import { putVarint, type TableBtreeWriter, varintLength } from '../../io/sqlite-btree.js';
import { type Affinity, intSerial, putInt, serialBytes } from '../../io/sqlite-record.js';

const NULL = 0;
const INT = 1;
const REAL = 2;
const TEXT = 3;
const BLOB = 4;

/** the rows of one layer: `n` rows of `columns` values each (the fid not counted) */
export interface EncodedRows {
  n: number;
  columns: number;
  data: Uint8Array;
}

/** what a layer's row loop (write-gpkg.ts) writes its rows with: row(), a call per column, end() */
export class RowEncoder {
  private buf = new Uint8Array(1 << 20);
  private dv = new DataView(this.buf.buffer);
  private off = 0;
  private n = 0;
  private readonly enc = new TextEncoder();
  /**
   * per text of a row (the first, the second, …): the last row's text and where its bytes are, so
   * a text the row before had too (a community's name, a category, a walk rule) is copied
   * instead of encoded again
   */
  private t = 0;
  private readonly lastText: (string | null)[];
  private readonly lastAt: Uint32Array;
  private readonly lastLen: Uint32Array;

  constructor(private readonly columns: number) {
    this.lastText = new Array<string | null>(columns).fill(null);
    this.lastAt = new Uint32Array(columns);
    this.lastLen = new Uint32Array(columns);
  }

  /** starts a row whose texts and blobs take at most `bytes` */
  row(bytes: number): void {
    this.t = 0;
    const need = this.off + bytes + this.columns * 9;
    if (need > this.buf.byteLength) {
      const grown = new Uint8Array(Math.max(need, this.buf.byteLength * 2));
      grown.set(this.buf.subarray(0, this.off));
      this.buf = grown;
      this.dv = new DataView(grown.buffer);
    }
  }

  null(): void {
    this.buf[this.off++] = NULL;
  }

  int(v: number): void {
    this.buf[this.off] = INT;
    this.dv.setFloat64(this.off + 1, v, true);
    this.off += 9;
  }

  real(v: number): void {
    this.buf[this.off] = REAL;
    this.dv.setFloat64(this.off + 1, v, true);
    this.off += 9;
  }

  text(v: string): void {
    const at = this.off + 5;
    const buf = this.buf;
    const k = this.t++;
    if (this.lastText[k] === v) {
      const from = this.lastAt[k];
      const len = this.lastLen[k];
      if (len < 64) for (let j = 0; j < len; j++) buf[at + j] = buf[from + j];
      else buf.copyWithin(at, from, from + len);
      this.lastAt[k] = at;
      this.lengthAt(TEXT, len);
      return;
    }
    const n = v.length;
    let j = 0;
    // short ASCII texts (codes, highway values, ids) byte by byte: cheaper than a call to encodeInto
    if (n <= 64)
      for (; j < n; j++) {
        const c = v.charCodeAt(j);
        if (c >= 0x80) break;
        buf[at + j] = c;
      }
    const written = j === n ? n : this.enc.encodeInto(v, buf.subarray(at)).written;
    if (k < this.columns) {
      this.lastText[k] = v;
      this.lastAt[k] = at;
      this.lastLen[k] = written;
    }
    this.lengthAt(TEXT, written);
  }

  /** reserves `n` bytes of blob; returns where in view() to write them */
  blobAt(n: number): number {
    this.lengthAt(BLOB, n);
    return this.off - n;
  }

  view(): DataView {
    return this.dv;
  }

  end(): void {
    this.n++;
  }

  /** the rows so far (the buffer is the caller's: transfer it) */
  finish(): EncodedRows {
    return { n: this.n, columns: this.columns, data: this.buf.subarray(0, this.off) };
  }

  private lengthAt(tag: number, n: number): void {
    this.buf[this.off] = tag;
    this.dv.setUint32(this.off + 1, n, true);
    this.off += 5 + n;
  }
}

/** a value that a column's affinity changes (a number in a TEXT column, a text in a numeric one), as SQLite stores it */
export type Cast = (affinity: Affinity, real: boolean, num: number, text: Uint8Array) => number | Uint8Array;

/**
 * a REAL value stored as an integer: SQLite's NUMERIC, INTEGER and REAL affinities turn a whole
 * double within int64 into one (sqlite3VdbeIntegerAffinity; a REAL column reads it back as REAL)
 */
const wholeInt = (v: number) => Number.isInteger(v) && Math.abs(v) < 2 ** 63;

/**
 * The rows as SQLite records into `w` (rowids 1…n), the fid first as the NULL that an INTEGER
 * PRIMARY KEY column stores, then the columns with `affinity` (one per encoded column). A value
 * whose column's affinity would convert it goes through `cast` (SQLite's own conversion): rare.
 */
export function writeRecords(rows: EncodedRows, affinity: Affinity[], w: TableBtreeWriter, cast: Cast): void {
  const { n, columns, data } = rows;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const types = new Float64Array(columns + 1);
  const nums = new Float64Array(columns + 1);
  /** where each text or blob's bytes are in data (or -1: in casted[c]) */
  const at = new Int32Array(columns + 1);
  const casted: (Uint8Array | null)[] = new Array(columns + 1).fill(null);
  let rec = new Uint8Array(1 << 16);
  let rv = new DataView(rec.buffer);
  let o = 0;
  for (let i = 0; i < n; i++) {
    types[0] = 0;
    let body = 0;
    // the header's size varint (1 byte assumed here) and the fid's serial type
    let head = 2;
    for (let c = 1; c <= columns; c++) {
      const tag = data[o++];
      const aff = affinity[c - 1];
      let t = 0;
      if (tag === NULL) t = 0;
      else if (tag === INT || tag === REAL) {
        const v = dv.getFloat64(o, true);
        o += 8;
        if (aff === 'text') {
          const x = cast(aff, tag === REAL, v, EMPTY);
          if (typeof x === 'number') throw new Error('a cast to TEXT gave a number');
          casted[c] = x;
          at[c] = -1;
          t = 2 * x.byteLength + 13;
        } else if (tag === INT || (aff !== 'blob' && wholeInt(v))) {
          t = intSerial(v);
        } else t = 7;
        nums[c] = v;
      } else {
        const len = dv.getUint32(o, true);
        o += 4;
        if (tag === TEXT && aff !== 'text' && aff !== 'blob') {
          const x = cast(aff, false, 0, data.subarray(o, o + len));
          if (typeof x === 'number') {
            nums[c] = x;
            t = Number.isInteger(x) ? intSerial(x) : 7;
          } else {
            casted[c] = x;
            at[c] = -1;
            t = 2 * x.byteLength + 13;
          }
        } else {
          at[c] = o;
          t = 2 * len + (tag === TEXT ? 13 : 12);
        }
        o += len;
      }
      types[c] = t;
      body += serialBytes(t);
      head += varintLength(t);
    }
    // the header's size counts its own varint
    let k = 1;
    while (varintLength(head - 1 + k) > k) k++;
    const hsize = head - 1 + k;
    const len = hsize + body;
    if (len > rec.length) {
      rec = new Uint8Array(Math.max(len, 2 * rec.length));
      rv = new DataView(rec.buffer);
    }
    let p = putVarint(rec, 0, hsize);
    for (let c = 0; c <= columns; c++) p = putVarint(rec, p, types[c]);
    for (let c = 1; c <= columns; c++) {
      const t = types[c];
      if (t === 0 || t === 8 || t === 9) continue;
      if (t === 7) {
        rv.setFloat64(p, nums[c]);
        p += 8;
      } else if (t < 7) p = putInt(rec, p, nums[c], t);
      else {
        const m = serialBytes(t);
        if (at[c] < 0) {
          rec.set(casted[c]!, p);
          casted[c] = null;
        } else if (m < 64) {
          const from = at[c];
          for (let j = 0; j < m; j++) rec[p + j] = data[from + j];
        } else rec.set(data.subarray(at[c], at[c] + m), p);
        p += m;
      }
    }
    w.add(rec, len);
  }
}

const EMPTY = new Uint8Array(0);
