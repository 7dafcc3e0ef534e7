/**
 * results.gpkg's SQLite part on a worker thread (write-gpkg.ts, gpkgToFileAsync): the layers' rows
 * arrive encoded in transferred buffers (encoded-rows.ts), the database is built from them exactly
 * as on the main thread, and its pages are written to the file the caller opened (`fd`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlite } from '../../io/sqlite.js';
import { type EncodedLayer, type GpkgMeta, gpkgFromEncoded } from './write-gpkg.js';

/**
 * Below this many bytes of encoded rows SQLite's WASM runs as V8's baseline compiler makes it (io/sqlite.ts
 * loadSqlite): a city's results.gpkg is ~35 MB of them, and the optimised code paid for its compile only
 * from ~6 times that (BENCHMARKS.md, issue 11).
 */
const BASELINE_BELOW = 96 << 20;

const { encoded, meta, fd } = workerData as { encoded: EncodedLayer[]; meta: GpkgMeta; fd: number };
await loadSqlite({ baselineOnly: encoded.reduce((s, L) => s + L.rows.data.byteLength, 0) < BASELINE_BELOW });
await gpkgFromEncoded(encoded, meta, fd);
parentPort!.postMessage('done');
