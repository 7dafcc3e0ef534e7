/**
 * The one place that loads SQLite (WASM, `@sqlite.org/sqlite-wasm`, pinned exactly) for GeoPackage
 * reading and writing. A file is read by deserializing its bytes into memory; a writer's database
 * lives in an open temporary file (sqlite-fd-vfs.ts), renamed into place by the caller (an
 * in-memory one serves the tests). No native build, no download: it runs on a
 * planner's PC as installed. The module initialises once per process (~80 ms).
 */
import { setFlagsFromString } from 'node:v8';
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { FD_VFS, fdDatabaseName, installFdVfs } from './sqlite-fd-vfs.js';

let loading: Promise<Sqlite3Static> | null = null;

const load = (): Promise<Sqlite3Static> =>
  import('@sqlite.org/sqlite-wasm')
    .then((m) => m.default())
    .then((s) => {
      // SQLite WASM prints every failed step to the console ("sqlite3_step() rc= 11 SQLITE_CORRUPT
      // SQL = …"), a second line beside the one the tool gives for the same error: the exception
      // carries the message, so the console copy is dropped
      s.config.warn = () => {};
      return s;
    });

/**
 * The initialised SQLite module (loaded on first use: most commands never need it). With
 * `baselineOnly` (a writer with little to insert, loading it first on its thread), its WASM is
 * compiled by V8's baseline compiler alone: V8 otherwise compiles SQLite's hot functions again,
 * optimised, on its background threads — ~300 ms of CPU for a city's results.gpkg beside the
 * output stage's other work on 2 cores, while the inserts took no longer in the baseline code; at
 * six times that size the optimised code pays for its compile (BENCHMARKS.md, issue 11). V8's
 * flag is process-wide, so it is set only while this module compiles.
 */
export function loadSqlite(o: { baselineOnly?: boolean } = {}): Promise<Sqlite3Static> {
  if (!loading && o.baselineOnly) {
    setFlagsFromString('--liftoff-only');
    loading = load().finally(() => setFlagsFromString('--no-liftoff-only'));
  }
  loading ??= load();
  return loading;
}

/**
 * An empty database, for writers: in memory, or with `fd` (an empty file open for writing) in that
 * file through io/sqlite-fd-vfs.ts — without a journal, so the caller throws the file away on
 * failure. Its bytes are then the file's when the database is closed.
 */
export async function newDatabase(fd?: number): Promise<Database> {
  const sqlite3 = await loadSqlite();
  if (fd === undefined) return new sqlite3.oo1.DB(':memory:', 'c');
  installFdVfs(sqlite3);
  const db = new sqlite3.oo1.DB({ filename: fdDatabaseName(fd), flags: 'c', vfs: FD_VFS });
  db.exec('PRAGMA journal_mode = OFF; PRAGMA temp_store = MEMORY;');
  return db;
}

/** a database opened read-only from a file's bytes (e.g. a GeoPackage written by GDAL or QGIS) */
export async function openDatabaseBytes(bytes: Uint8Array): Promise<Database> {
  const sqlite3 = await loadSqlite();
  const db = new sqlite3.oo1.DB(':memory:', 'c');
  const { capi, wasm } = sqlite3;
  // allocFromTypedArray copies into the WASM heap; it wants a plain Uint8Array, not a Node Buffer
  const p = wasm.allocFromTypedArray(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const rc = capi.sqlite3_deserialize(
    db.pointer!,
    'main',
    p,
    bytes.byteLength,
    bytes.byteLength,
    capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_READONLY,
  );
  if (rc !== 0) {
    db.close();
    throw new Error(`sqlite3_deserialize failed (${capi.sqlite3_js_rc_str(rc) ?? rc})`);
  }
  return db;
}

/** SQLite's result code of a finished step */
const SQLITE_DONE = 101;
type Exports = Record<string, (...a: unknown[]) => number>;

/**
 * Rows inserted through prepared statements bound with SQLite's C functions, texts and blobs
 * copied once into a scratch buffer in the WASM heap and bound in place (SQLITE_STATIC, valid
 * until the step). Rows go in groups through one multi-row INSERT per group (`group(k)`: the
 * next k rows; a statement is prepared once per group size): each statement run also reads and
 * writes the table's AUTOINCREMENT sequence and crosses the JS/WASM boundary to step and reset,
 * so one run per row cost ~40 % more (BENCHMARKS.md, issue 11). SQLite inserts a group's rows
 * one after another as single INSERTs would, so the database's bytes are the same. oo1's
 * per-value binding and JSON batches unpacked by json_each both cost several times more per row.
 * Numbers are bound as JSON would carry them: integers as INTEGER, other numbers as REAL.
 *
 *   w.group(k); k times: w.row(bytes); w.int(…); w.text(…); … (every column); w.end();  …  w.finish()
 */
export class RowWriter {
  private readonly x: Exports;
  private readonly stmts = new Map<number, { pointer: unknown; finalize(): void }>();
  /** the current group's statement, its size, rows bound so far, and the next parameter's index */
  private p = 0;
  private size = 0;
  private k = 0;
  private i = 1;
  private buf = 0;
  private cap = 0;
  private off = 0;
  /** buffers outgrown while rows bound in them are still pending (freed after the step) */
  private retired: number[] = [];
  private heap: Uint8Array;
  private dv: DataView;
  private readonly enc = new TextEncoder();

  constructor(
    private readonly sqlite3: Sqlite3Static,
    private readonly db: Database,
    /** `INSERT INTO t (a, b, …)` (or `INSERT OR REPLACE …`) */
    private readonly head: string,
    private readonly columns: number,
  ) {
    this.x = sqlite3.wasm.exports as unknown as Exports;
    this.heap = sqlite3.wasm.heap8u();
    this.dv = new DataView(this.heap.buffer);
    this.grow(1 << 16);
  }

  /** the next `rows` rows go through one statement */
  group(rows: number): void {
    if (this.k) throw new Error(`RowWriter: ${this.size - this.k} rows of the group still to bind`);
    let stmt = this.stmts.get(rows);
    if (!stmt) {
      const one = `(${Array(this.columns).fill('?').join(', ')})`;
      stmt = this.db.prepare(`${this.head} VALUES ${Array(rows).fill(one).join(', ')}`) as unknown as {
        pointer: unknown;
        finalize(): void;
      };
      this.stmts.set(rows, stmt);
    }
    this.p = Number(stmt.pointer);
    this.size = rows;
  }

  private grow(bytes: number): void {
    if (this.buf) {
      if (this.k) this.retired.push(this.buf);
      else this.sqlite3.wasm.dealloc(this.buf as never);
    }
    this.cap = Math.max(bytes, this.cap * 2, 1 << 16);
    this.buf = Number(this.sqlite3.wasm.alloc(this.cap));
    this.off = 0;
  }

  /** the WASM heap as bytes (a new view after the memory grew) */
  bytes(): Uint8Array {
    if (this.heap.byteLength === 0) {
      this.heap = this.sqlite3.wasm.heap8u();
      this.dv = new DataView(this.heap.buffer);
    }
    return this.heap;
  }

  /** the WASM heap as a DataView */
  view(): DataView {
    this.bytes();
    return this.dv;
  }

  /** starts a row whose texts and blobs take at most `bytes` (UTF-8: at most 3 bytes per UTF-16 unit) */
  row(bytes: number): void {
    if (this.off + bytes > this.cap) this.grow(bytes);
    this.i = this.k * this.columns + 1;
  }

  /** a NULL: nothing to bind (every parameter is cleared to NULL after each step) */
  null(): void {
    this.i++;
  }

  int(v: number): void {
    if (v >= -2147483648 && v <= 2147483647) this.x.sqlite3_bind_int(this.p, this.i++, v);
    else this.x.sqlite3_bind_int64(this.p, this.i++, BigInt(v));
  }

  real(v: number): void {
    this.x.sqlite3_bind_double(this.p, this.i++, v);
  }

  /**
   * A text. The GeoPackage's row loops encode their texts as they go (encoded-rows.ts RowEncoder,
   * with the ASCII fast path) and hand them here as UTF-8 (utf8): this is for other callers.
   */
  text(v: string): void {
    this.utf8(this.enc.encode(v));
  }

  /** a text already in UTF-8 (outputs/gpkg/encoded-rows.ts) */
  utf8(v: Uint8Array): void {
    const at = this.buf + this.off;
    this.bytes().set(v, at);
    this.x.sqlite3_bind_text(this.p, this.i++, at, v.byteLength, 0);
    this.off += v.byteLength;
  }

  /** binds `n` bytes of blob and returns where in the heap (bytes()) to write them before end() */
  blobAt(n: number): number {
    const at = this.buf + this.off;
    this.x.sqlite3_bind_blob(this.p, this.i++, at, n, 0);
    this.off += n;
    return at;
  }

  blob(v: Uint8Array): void {
    this.bytes().set(v, this.blobAt(v.byteLength));
  }

  /** any value: null, boolean (0/1), integer, real, text or blob */
  value(v: string | number | boolean | Uint8Array | null): void {
    if (v === null) this.null();
    else if (typeof v === 'boolean') this.int(v ? 1 : 0);
    else if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) this.int(v);
      else this.real(v);
    } else if (typeof v === 'string') this.text(v);
    else this.blob(v);
  }

  /** ends the row (every column bound): inserts the group once all its rows are bound */
  end(): void {
    if (++this.k < this.size) return;
    const rc = this.x.sqlite3_step(this.p);
    this.x.sqlite3_reset(this.p);
    this.x.sqlite3_clear_bindings(this.p);
    this.k = 0;
    this.size = 0;
    this.off = 0;
    for (const b of this.retired) this.sqlite3.wasm.dealloc(b as never);
    this.retired = [];
    if (rc !== SQLITE_DONE)
      throw new Error(`SQLite insert failed: ${this.sqlite3.capi.sqlite3_errmsg(this.db.pointer!)}`);
  }

  finish(): void {
    if (this.k) throw new Error(`RowWriter: ${this.size - this.k} rows of the group not bound`);
    for (const s of this.stmts.values()) s.finalize();
    if (this.buf) this.sqlite3.wasm.dealloc(this.buf as never);
    this.buf = 0;
  }
}
