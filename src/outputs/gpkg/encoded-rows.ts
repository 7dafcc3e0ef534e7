/**
 * A layer's rows as one byte stream, so that SQLite can insert them on a worker thread
 * (gpkg-worker.ts) while the main thread writes the report: structured-cloning the datasets
 * cost more than writing them (BENCHMARKS.md, issue 11), a transferred buffer costs nothing.
 * `RowEncoder` takes the same calls as io/sqlite.ts's RowWriter (the geometry blob written in
 * place), `replayRows` makes them on a RowWriter: the same values in the same order, so the
 * database's bytes are those of binding the rows directly.
 *
 * Per row: u32 bytes of texts and blobs, then per column a tag — 0 NULL, 1 integer (f64),
 * 2 real (f64), 3 text and 4 blob (u32 length, the bytes; texts as UTF-8). The fid is not stored:
 * row i's is i + 1.
 */
import type { RowWriter } from '../../io/sqlite.js';

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

/** the calls a layer's row loop makes (write-gpkg.ts), on a RowWriter or a RowEncoder */
export interface RowSink {
  row(bytes: number): void;
  null(): void;
  int(v: number): void;
  real(v: number): void;
  text(v: string): void;
  /** reserves `n` bytes of blob; returns where in view() to write them */
  blobAt(n: number): number;
  view(): DataView;
  end(): void;
}

export class RowEncoder implements RowSink {
  private buf = new Uint8Array(1 << 20);
  private dv = new DataView(this.buf.buffer);
  private off = 0;
  /** where the current row's byte count goes, and its texts' and blobs' bytes so far */
  private head = 0;
  private bytes = 0;
  private n = 0;
  private readonly enc = new TextEncoder();

  constructor(private readonly columns: number) {}

  /** starts a row whose texts and blobs take at most `bytes` */
  row(bytes: number): void {
    const need = this.off + 4 + bytes + this.columns * 9;
    if (need > this.buf.byteLength) {
      const grown = new Uint8Array(Math.max(need, this.buf.byteLength * 2));
      grown.set(this.buf.subarray(0, this.off));
      this.buf = grown;
      this.dv = new DataView(grown.buffer);
    }
    this.head = this.off;
    this.off += 4;
    this.bytes = 0;
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
    this.lengthAt(TEXT, written);
  }

  blobAt(n: number): number {
    this.lengthAt(BLOB, n);
    return this.off - n;
  }

  view(): DataView {
    return this.dv;
  }

  end(): void {
    this.dv.setUint32(this.head, this.bytes, true);
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
    this.bytes += n;
  }
}

/** inserts the rows through `w`, `group` rows a statement, fids 1…n */
export function replayRows(rows: EncodedRows, w: RowWriter, group: number): void {
  const { n, columns, data } = rows;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (i % group === 0) w.group(Math.min(group, n - i));
    w.row(dv.getUint32(o, true));
    o += 4;
    w.int(i + 1);
    for (let c = 0; c < columns; c++) {
      const tag = data[o++];
      if (tag === NULL) w.null();
      else if (tag === INT || tag === REAL) {
        const v = dv.getFloat64(o, true);
        o += 8;
        if (tag === INT) w.int(v);
        else w.real(v);
      } else {
        const len = dv.getUint32(o, true);
        o += 4;
        const bytes = data.subarray(o, o + len);
        o += len;
        if (tag === TEXT) w.utf8(bytes);
        else w.blob(bytes);
      }
    }
    w.end();
  }
}
