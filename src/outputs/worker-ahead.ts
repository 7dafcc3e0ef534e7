/**
 * Workers started ahead of the stage that uses them (warm-workers.ts): each waits, unreferenced
 * (a run that fails first ends as before), for a message with its work. The stage takes the
 * one started for its entry, or starts one with the work as `workerData`, as without this.
 */
import { type TransferListItem, Worker } from 'node:worker_threads';

/** what a worker started ahead gets as `workerData`: wait for a message with the work */
export interface Waiting {
  waiting: true;
  /** SQLite's WASM by V8's baseline compiler alone (gpkg-worker.ts), decided from the network's size */
  baselineOnly: boolean;
}

const ahead = new Map<string, { w: Worker; dead: boolean }>();

/** starts the worker of `entry` now, to wait for its work (nothing where none can start) */
export function startAhead(entry: URL, data: Waiting): void {
  if (ahead.has(entry.href)) return;
  let w: Worker;
  try {
    w = new Worker(entry, { workerData: data });
  } catch {
    return; // the stage starts its own (or works on its own thread) as before
  }
  const started = { w, dead: false };
  w.unref();
  w.once('error', () => (started.dead = true));
  w.once('exit', () => (started.dead = true));
  ahead.set(entry.href, started);
}

/** the worker of `entry` with its work: the one started ahead while it lives, else a new one (which may throw) */
export function workerFor(entry: URL, work: unknown, transferList: TransferListItem[]): Worker {
  const started = ahead.get(entry.href);
  ahead.delete(entry.href);
  if (started && !started.dead) {
    started.w.ref();
    started.w.postMessage(work, transferList);
    return started.w;
  }
  return new Worker(entry, { workerData: work, transferList });
}
