/**
 * The one place that loads SQLite (WASM, `@sqlite.org/sqlite-wasm`, pinned exactly) for GeoPackage
 * reading and writing. On Node the database lives in memory: a file is opened by deserializing its
 * bytes and written by exporting them (then written atomically by the caller). No native build, no
 * download: it runs on a planner's PC as installed. The module initialises once per process (~80 ms).
 */
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';

let loading: Promise<Sqlite3Static> | null = null;

/** the initialised SQLite module (loaded on first use: most commands never need it) */
export function loadSqlite(): Promise<Sqlite3Static> {
  loading ??= import('@sqlite.org/sqlite-wasm')
    .then((m) => m.default())
    .then((s) => {
      // SQLite WASM prints every failed step to the console ("sqlite3_step() rc= 11 SQLITE_CORRUPT
      // SQL = …"), a second line beside the one the tool gives for the same error: the exception
      // carries the message, so the console copy is dropped
      s.config.warn = () => {};
      return s;
    });
  return loading;
}

/** an empty in-memory database, for writers */
export async function newDatabase(): Promise<Database> {
  const sqlite3 = await loadSqlite();
  return new sqlite3.oo1.DB(':memory:', 'c');
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

/** the bytes of a database, for writing it to a file */
export async function exportDatabase(db: Database): Promise<Uint8Array> {
  const sqlite3 = await loadSqlite();
  return sqlite3.capi.sqlite3_js_db_export(db.pointer!);
}

/**
 * A prepared INSERT bound through SQLite's C functions on a scratch buffer in the WASM heap:
 * the row's texts and blobs are copied there once and bound in place (SQLITE_STATIC, valid until
 * the step). oo1's per-value binding, and JSON batches unpacked by json_each, both cost several
 * times more per row (bench/outputs-city.mjs; BENCHMARKS.md, issue 11). Values are bound as
 * JSON would carry them: integers as INTEGER, other numbers as REAL, so the stored bytes are
 * the same.
 */
export class RowWriter {
  private readonly x: Record<string, (...a: unknown[]) => number>;
  private readonly stmt: { pointer: unknown; finalize(): void };
  private readonly pStmt: number;
  private buf = 0;
  private cap = 0;
  private off = 0;
  private readonly enc = new TextEncoder();

  constructor(
    private readonly sqlite3: Sqlite3Static,
    private readonly db: Database,
    sql: string,
  ) {
    this.x = sqlite3.wasm.exports as unknown as Record<string, (...a: unknown[]) => number>;
    this.stmt = db.prepare(sql) as unknown as { pointer: unknown; finalize(): void };
    this.pStmt = Number(this.stmt.pointer);
    this.reserve(1 << 16);
  }

  /**
   * Before binding a row: room for its texts and blobs (an upper bound: UTF-8 takes at most 3
   * bytes per UTF-16 unit). The buffer only grows between rows, so bound pointers stay valid.
   */
  reserve(bytes: number): void {
    if (bytes <= this.cap) return;
    if (this.buf) this.sqlite3.wasm.dealloc(this.buf as never);
    this.cap = Math.max(bytes, this.cap * 2, 1 << 16);
    this.buf = Number(this.sqlite3.wasm.alloc(this.cap));
  }

  value(i: number, v: string | number | boolean | Uint8Array | null): void {
    const x = this.x;
    if (v === null) x.sqlite3_bind_null(this.pStmt, i);
    else if (typeof v === 'boolean') x.sqlite3_bind_int(this.pStmt, i, v ? 1 : 0);
    else if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) x.sqlite3_bind_int(this.pStmt, i, v);
      else if (Number.isSafeInteger(v)) x.sqlite3_bind_int64(this.pStmt, i, BigInt(v));
      else x.sqlite3_bind_double(this.pStmt, i, v);
    } else if (typeof v === 'string') {
      const heap = this.sqlite3.wasm.heap8u();
      const p = this.buf + this.off;
      const { written } = this.enc.encodeInto(v, heap.subarray(p, this.buf + this.cap));
      x.sqlite3_bind_text(this.pStmt, i, p, written, 0);
      this.off += written;
    } else {
      const p = this.buf + this.off;
      this.sqlite3.wasm.heap8u().set(v, p);
      x.sqlite3_bind_blob(this.pStmt, i, p, v.byteLength, 0);
      this.off += v.byteLength;
    }
  }

  /** inserts the bound row */
  step(): void {
    const rc = this.x.sqlite3_step(this.pStmt);
    this.x.sqlite3_reset(this.pStmt);
    this.off = 0;
    if (rc !== 101) throw new Error(`SQLite insert failed: ${this.sqlite3.capi.sqlite3_errmsg(this.db.pointer!)}`);
  }

  finalize(): void {
    this.stmt.finalize();
    if (this.buf) this.sqlite3.wasm.dealloc(this.buf as never);
    this.buf = 0;
  }
}

export async function rowWriter(db: Database, sql: string): Promise<RowWriter> {
  return new RowWriter(await loadSqlite(), db, sql);
}
