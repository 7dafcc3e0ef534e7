/**
 * This thread's scheduling priority lowered, for a worker whose work is off the critical path (the
 * workbook's zip, SQLite's part of results.gpkg: the command thread waits for neither until it has
 * written everything else). On Linux a thread's nice value is its own (setpriority on its thread
 * id, from /proc/thread-self), so the command thread gets a core first when both want one and the
 * workers take what is left. Elsewhere, or where it cannot be read, nothing changes.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** the nice value the workers run at (0 is the process's; 19 the lowest) */
export const WORKER_NICE = Number(process.env.LIFECIRCLE_WORKER_NICE ?? 10);

export function lowerThisThread(nice = WORKER_NICE): void {
  if (process.platform !== 'linux' || !(nice > 0)) return;
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), nice);
  } catch {
    // no /proc, or not allowed: the thread runs as before
  }
}
