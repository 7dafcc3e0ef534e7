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
  loading ??= import('@sqlite.org/sqlite-wasm').then((m) => m.default());
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
