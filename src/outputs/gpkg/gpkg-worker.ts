/**
 * results.gpkg's SQLite part on a worker thread (write-gpkg.ts, gpkgToFileAsync): the layers' rows
 * arrive encoded in transferred buffers (encoded-rows.ts), the database is built from them exactly
 * as on the main thread, and its pages are written to the file the caller opened (`fd`). Started
 * ahead of the output stage (warm-workers.ts), it loads SQLite first and then waits for them: all
 * at once (a city), or one layer per message (a province: memory for one layer at a time).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlite } from '../../io/sqlite.js';
import type { Waiting } from '../worker-ahead.js';
import {
  BASELINE_BELOW,
  type EncodedLayer,
  type GpkgMeta,
  GpkgBuilder,
  gpkgFromEncoded,
  type GpkgStreamMessage,
} from './write-gpkg.js';
import { lowerThisThread } from '../../util/thread-priority.js';

// off the critical path: the command thread gets a core first (util/thread-priority.ts)
lowerThisThread();

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

let streamed: GpkgBuilder | null = null;

async function stream(m: GpkgStreamMessage): Promise<void> {
  if (m.stream === 'open') streamed = await GpkgBuilder.open(m.fd);
  else if (m.stream === 'layer') {
    streamed!.add(m.layer);
    parentPort!.postMessage('layer');
  } else {
    try {
      streamed!.finish(m.meta);
    } finally {
      streamed!.close();
    }
    parentPort!.postMessage('done');
  }
}

type Message = Work | GpkgStreamMessage;

// the work as workerData (no worker was started ahead), or messages to wait for
const data = workerData as Work | Waiting | GpkgStreamMessage;
if ('waiting' in data || 'stream' in data) {
  // messages one after another, in the order posted; an error ends the worker (the stage rejects)
  let queue: Promise<void> = loadSqlite({ baselineOnly: 'waiting' in data && data.baselineOnly }).then(() => {});
  const take = (m: Message) => {
    const last = !('stream' in m) || m.stream === 'end';
    // after the last, nothing keeps the worker: it ends when the file is written
    if (last) parentPort!.off('message', take);
    queue = queue.then(() => ('stream' in m ? stream(m) : write(m as Work)));
  };
  parentPort!.on('message', take);
  if ('stream' in data) take(data);
} else await write(data);
