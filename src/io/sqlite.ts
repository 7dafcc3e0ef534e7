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
