/**
 * results.gpkg's SQLite part on a worker thread (write-gpkg.ts, gpkgBytesAsync): the layers' rows
 * arrive encoded in transferred buffers (encoded-rows.ts), the database is built from them exactly
 * as on the main thread, and its bytes go back transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EncodedLayer, type GpkgMeta, gpkgFromEncoded } from './write-gpkg.js';

const { encoded, meta } = workerData as { encoded: EncodedLayer[]; meta: GpkgMeta };
const out = await gpkgFromEncoded(encoded, meta);
// the export is SQLite's copy of the database; a view into the WASM heap would not transfer
const own = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : out.slice();
parentPort!.postMessage(own, [own.buffer as ArrayBuffer]);
