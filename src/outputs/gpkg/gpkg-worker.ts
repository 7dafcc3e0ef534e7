/**
 * results.gpkg's SQLite part on a worker thread (write-gpkg.ts, gpkgToFileAsync): the layers' rows
 * arrive encoded in transferred buffers (encoded-rows.ts), the database is built from them exactly
 * as on the main thread, and its pages are written to the file the caller opened (`fd`). Started
 * ahead of the output stage (warm-workers.ts), it loads SQLite first and then waits for them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlite } from '../../io/sqlite.js';
import type { Waiting } from '../worker-ahead.js';
import { BASELINE_BELOW, type EncodedLayer, type GpkgMeta, gpkgFromEncoded } from './write-gpkg.js';

interface Work {
  encoded: EncodedLayer[];
  meta: GpkgMeta;
  fd: number;
}

async function write({ encoded, meta, fd }: Work): Promise<void> {
  await loadSqlite({ baselineOnly: encoded.reduce((s, L) => s + L.rows.data.byteLength, 0) < BASELINE_BELOW });
  await gpkgFromEncoded(encoded, meta, fd);
  parentPort!.postMessage('done');
}

const data = workerData as Work | Waiting;
if ('waiting' in data) {
  const work = new Promise<Work>((resolve) => parentPort!.once('message', resolve));
  await loadSqlite({ baselineOnly: data.baselineOnly });
  await write(await work);
} else await write(data);
