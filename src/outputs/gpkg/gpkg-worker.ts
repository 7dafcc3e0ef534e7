/**
 * results.gpkg's SQLite part on a worker thread (write-gpkg.ts, gpkgToFileAsync): the layers' rows
 * arrive encoded in transferred buffers (encoded-rows.ts), the database is built from them exactly
 * as on the main thread, and its pages are written to the file the caller opened (`fd`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EncodedLayer, type GpkgMeta, gpkgFromEncoded } from './write-gpkg.js';

const { encoded, meta, fd } = workerData as { encoded: EncodedLayer[]; meta: GpkgMeta; fd: number };
await gpkgFromEncoded(encoded, meta, fd);
parentPort!.postMessage('done');
