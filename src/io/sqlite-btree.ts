/**
 * A table's rows written as SQLite table b-tree pages (https://sqlite.org/fileformat2.html,
 * "B-tree Pages"), without SQLite: a writer whose rows come in ascending rowid order fills leaf
 * pages to the brim in one pass, spills long payloads to overflow pages, then builds the interior
 * levels bottom-up. Inserting the same rows through SQLite's statements ran its record builder,
 * its b-tree balancing and its page cache per row: at city scale that was most of results.gpkg's
 * time on its worker (BENCHMARKS.md, issue 11). The caller puts the pages in the file
 * (outputs/gpkg/write-gpkg.ts): every page but the root is numbered from `first` on, in the order
 * `write` is called with them; the root's content (`finish()`) belongs at the table's root page.
 *
 * Format: a leaf page (type 13) is an 8-byte header (type, first freeblock 0, cell count, start
 * of the cell content area, fragmented bytes 0), the cells' 2-byte offsets, and the cells packed
 * from the page's end: payload size and rowid as varints, the payload's first `local` bytes and,
 * when it does not fit, the first overflow page's number (each overflow page: the next one's
 * number, 0 on the last, then usable − 4 bytes). An interior page (type 5) has a 12-byte header
 * ending with its right-most child, and cells of a child's page number and the largest rowid in
 * that child's subtree. Nothing is left free inside the packed cells, so no freeblock or
 * fragment is ever reported (PRAGMA integrity_check: test/io/sqlite-btree.test.ts).
 */

import { fstatSync, readSync, writeSync } from 'node:fs';
import type { Database } from '@sqlite.org/sqlite-wasm';

/** where the pages go: `bytes` holds whole pages, the first of them numbered `page` */
export type PageSink = (page: number, bytes: Uint8Array) => void;

const LEAF = 13;
const INTERIOR = 5;
/** pages buffered before they are handed to the sink (fewer, larger writes) */
const FLUSH_BYTES = 1 << 20;

/** the bytes of v as an SQLite varint (v a non-negative integer below 2^53) */
export function varintLength(v: number): number {
  let n = 1;
  while (v >= 128 && n < 9) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** writes v as an SQLite varint (big-endian groups of 7 bits, high bit set on all but the last) at b[o]; returns the end */
export function putVarint(b: Uint8Array, o: number, v: number): number {
  if (v < 128) {
    b[o] = v;
    return o + 1;
  }
  const n = varintLength(v);
  // below 2^53 a varint never needs the 9-byte form (its last byte carries 8 bits)
  for (let i = n - 1; i >= 0; i--) {
    b[o + i] = (v % 128) | (i === n - 1 ? 0 : 0x80);
    v = Math.floor(v / 128);
  }
  return o + n;
}

export class TableBtreeWriter {
  private readonly usable: number;
  /** SQLite's largest payload kept whole on a leaf, and the least kept when it spills */
  private readonly maxLocal: number;
  private readonly minLocal: number;
  /** the next page number to give out */
  private next: number;
  /** pages [bufFirst, bufFirst + bufPages) waiting for the sink; the open leaf is not among them */
  private buf: Uint8Array;
  private bufFirst: number;
  private bufPages = 0;
  /** the open leaf: its bytes, cell count, where its cell content starts, its rowids' last */
  private leaf: Uint8Array;
  private cells = 0;
  private content: number;
  /** the last row's rowid */
  private last = 0;
  /** the leaves closed so far (page numbers and their largest rowid); the first is kept back */
  private leafPages: number[] = [];
  private leafKeys: number[] = [];
  /** the first leaf while it may still be the root, and its largest rowid */
  private held: Uint8Array | null = null;
  private heldKey = 0;

  constructor(
    private readonly pageSize: number,
    first: number,
    private readonly write: PageSink,
  ) {
    this.usable = pageSize;
    this.maxLocal = this.usable - 35;
    this.minLocal = Math.floor(((this.usable - 12) * 32) / 255) - 23;
    this.next = first;
    this.bufFirst = first;
    this.buf = new Uint8Array(Math.max(FLUSH_BYTES, pageSize) + pageSize);
    this.leaf = new Uint8Array(pageSize);
    this.content = pageSize;
  }

  /** the number the next page would get: pages first … nextPage − 1 are this writer's */
  get nextPage(): number {
    return this.next;
  }

  /**
   * The next row: its record (https://sqlite.org/fileformat2.html#record_format) in rec[0, len),
   * its rowid above the row's before (by default the next integer)
   */
  add(rec: Uint8Array, len: number, rowid = this.last + 1): void {
    if (!(rowid > this.last) || !Number.isSafeInteger(rowid))
      throw new Error(`table b-tree: rowid ${rowid} after ${this.last} (rows must come in ascending rowid order)`);
    const local = this.localSize(len);
    const cell = varintLength(len) + varintLength(rowid) + local + (local < len ? 4 : 0);
    if (this.content - cell < 8 + 2 * (this.cells + 1)) this.closeLeaf();
    const b = this.leaf;
    const at = this.content - cell;
    let o = putVarint(b, at, len);
    o = putVarint(b, o, rowid);
    // short records byte by byte: a view per row for set() was a good part of the garbage
    if (local < 128) for (let i = 0; i < local; i++) b[o + i] = rec[i];
    else b.set(rec.subarray(0, local), o);
    o += local;
    if (local < len) {
      const page = this.overflow(rec, local, len);
      b[o] = page >>> 24;
      b[o + 1] = (page >>> 16) & 255;
      b[o + 2] = (page >>> 8) & 255;
      b[o + 3] = page & 255;
    }
    const p = 8 + 2 * this.cells;
    b[p] = at >> 8;
    b[p + 1] = at & 255;
    this.content = at;
    this.cells++;
    this.last = rowid;
  }

  /**
   * The root page's content (pageSize bytes): the only leaf, or the top interior page. Every other
   * page has been given to the sink by then. With no rows: null (the empty leaf SQLite made stays).
   */
  finish(): Uint8Array | null {
    if (this.last === 0) return null;
    if (this.leafPages.length === 0 && this.held === null) {
      const root = this.leaf;
      this.header(root, LEAF, this.cells, this.content);
      this.flush();
      return root;
    }
    this.closeLeaf();
    let pages = this.leafPages;
    let keys = this.leafKeys;
    // interior levels until one page holds them all: that one is the root
    for (;;) {
      const level = this.interiorLevel(pages, keys);
      if (level === null) break;
      pages = level.pages;
      keys = level.keys;
    }
    const root = new Uint8Array(this.pageSize);
    this.fillInterior(root, pages, keys, 0, pages.length);
    this.flush();
    return root;
  }

  /** SQLite's rule for how much of a payload of `len` bytes a table leaf keeps */
  private localSize(len: number): number {
    if (len <= this.maxLocal) return len;
    const k = this.minLocal + ((len - this.minLocal) % (this.usable - 4));
    return k <= this.maxLocal ? k : this.minLocal;
  }

  /** rec[local, len) on a chain of overflow pages; returns the first one's number */
  private overflow(rec: Uint8Array, local: number, len: number): number {
    const room = this.usable - 4;
    const first = this.next;
    for (let o = local; o < len; o += room) {
      const page = this.take();
      const nextPage = o + room < len ? this.next : 0;
      page[0] = nextPage >>> 24;
      page[1] = (nextPage >>> 16) & 255;
      page[2] = (nextPage >>> 8) & 255;
      page[3] = nextPage & 255;
      page.set(rec.subarray(o, Math.min(len, o + room)), 4);
    }
    return first;
  }

  /** a new page in the buffer (zeroed), numbered next */
  private take(): Uint8Array {
    if ((this.bufPages + 1) * this.pageSize > this.buf.length) this.flush();
    const at = this.bufPages * this.pageSize;
    const page = this.buf.subarray(at, at + this.pageSize);
    page.fill(0);
    this.bufPages++;
    this.next++;
    return page;
  }

  private flush(): void {
    if (this.bufPages) this.write(this.bufFirst, this.buf.subarray(0, this.bufPages * this.pageSize));
    this.bufFirst = this.next;
    this.bufPages = 0;
  }

  /**
   * The open leaf finished and numbered. The first one is held back (it is the root when the table
   * fits on one page) until a second leaf shows that the table needs an interior level.
   */
  private closeLeaf(): void {
    if (this.cells === 0) return;
    const b = this.leaf;
    this.header(b, LEAF, this.cells, this.content);
    if (this.leafPages.length === 0 && this.held === null) {
      this.held = b.slice();
      this.heldKey = this.last;
    } else {
      if (this.held) {
        this.place(this.held, this.heldKey);
        this.held = null;
      }
      this.place(b, this.last);
    }
    b.fill(0);
    this.cells = 0;
    this.content = this.pageSize;
  }

  /** a finished leaf given the next number; noted as a child of the level above */
  private place(content: Uint8Array, key: number): void {
    const no = this.next;
    this.take().set(content);
    this.leafPages.push(no);
    this.leafKeys.push(key);
  }

  /** one interior level over children (pages, their largest keys); null when they fit in the root */
  private interiorLevel(pages: number[], keys: number[]): { pages: number[]; keys: number[] } | null {
    if (this.fits(keys, 0, keys.length)) return null;
    const up: number[] = [];
    const upKeys: number[] = [];
    let i = 0;
    while (i < pages.length) {
      // as many cells as fit, the next child as the right-most pointer
      let bytes = 12;
      let j = i;
      while (j + 1 < pages.length && bytes + 6 + varintLength(keys[j]) <= this.pageSize) {
        bytes += 6 + varintLength(keys[j]);
        j++;
      }
      // never a last page with one child and no cell: one child fewer here
      if (pages.length - (j + 1) === 1 && j > i) j--;
      const no = this.next;
      this.fillInterior(this.take(), pages, keys, i, j + 1);
      up.push(no);
      upKeys.push(keys[j]);
      i = j + 1;
    }
    return { pages: up, keys: upKeys };
  }

  /** whether children [a, b) fit in one interior page (b − a − 1 cells and the right-most pointer) */
  private fits(keys: number[], a: number, b: number): boolean {
    let bytes = 12;
    for (let i = a; i < b - 1; i++) bytes += 6 + varintLength(keys[i]);
    return bytes <= this.pageSize;
  }

  /** an interior page over children [a, b): cells for all but the last, the last as the right-most pointer */
  private fillInterior(p: Uint8Array, pages: number[], keys: number[], a: number, b: number): void {
    let content = this.pageSize;
    for (let i = a; i < b - 1; i++) {
      const cell = 4 + varintLength(keys[i]);
      content -= cell;
      put32(p, content, pages[i]);
      putVarint(p, content + 4, keys[i]);
      const q = 12 + 2 * (i - a);
      p[q] = content >> 8;
      p[q + 1] = content & 255;
    }
    this.header(p, INTERIOR, b - a - 1, content);
    put32(p, 8, pages[b - 1]);
  }

  private header(p: Uint8Array, type: number, cells: number, content: number): void {
    p[0] = type;
    p[1] = 0;
    p[2] = 0;
    p[3] = cells >> 8;
    p[4] = cells & 255;
    // 65,536 (a page of that size with no cells yet) is written as 0
    const c = content === 65536 ? 0 : content;
    p[5] = c >> 8;
    p[6] = c & 255;
    p[7] = 0;
  }
}

function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 255;
  b[o + 2] = (v >>> 8) & 255;
  b[o + 3] = v & 255;
}

/** one table's rows for appendTables: the table (already created, empty) and what adds its rows in rowid order */
export interface TableRows {
  name: string;
  fill(w: TableBtreeWriter): void;
}

/**
 * Tables' rows put into the database file `fd` (db's, open in it: io/sqlite-fd-vfs.ts) as pages
 * of our own, not through INSERTs: db's open transaction is committed (every page of SQLite's is
 * then in the file), each table's pages appended after them in turn and its root page (the empty
 * leaf CREATE TABLE made) overwritten with its tree's root, then the header's page count and
 * change counter set, so that SQLite, at the next transaction, sees the file changed, drops its
 * page cache and counts the pages again, as it does when another process has written the file.
 * A new transaction is open on return; SQLite's page count is checked against ours.
 */
export function appendTables(db: Database, fd: number, tables: TableRows[]): void {
  const pageSize = Number(db.selectValue('PRAGMA page_size'));
  const roots = tables.map((t) =>
    Number(db.selectValue('SELECT rootpage FROM sqlite_schema WHERE name = ?', [t.name])),
  );
  const pages = Number(db.selectValue('PRAGMA page_count'));
  db.exec('COMMIT');
  // the file must end where SQLite's pages end: ours follow them
  const size = fstatSync(fd).size;
  if (size !== pages * pageSize)
    throw new Error(`the database file has ${size} bytes, not SQLite's ${pages} pages of ${pageSize}`);
  let next = pages + 1;
  const put = (page: number, bytes: Uint8Array) => {
    for (let done = 0; done < bytes.byteLength; )
      done += writeSync(fd, bytes, done, bytes.byteLength - done, (page - 1) * pageSize + done);
  };
  tables.forEach((t, k) => {
    const w = new TableBtreeWriter(pageSize, next, put);
    t.fill(w);
    const top = w.finish();
    if (top) put(roots[k], top);
    next = w.nextPage;
  });
  const head = new Uint8Array(100);
  readSync(fd, head, 0, 100, 0);
  const dv = new DataView(head.buffer);
  const counter = (dv.getUint32(24) + 1) >>> 0;
  dv.setUint32(24, counter);
  dv.setUint32(28, next - 1);
  dv.setUint32(92, counter);
  put(1, head);
  db.exec('BEGIN');
  const seen = Number(db.selectValue('PRAGMA page_count'));
  if (seen !== next - 1) throw new Error(`SQLite counts ${seen} pages after our tables' rows, not ${next - 1}`);
}
