/**
 * Whether stderr and stdout are terminals: the command runs on a worker thread (see main.ts),
 * whose stdio are pipes to the main thread, so the main thread's answer is handed over.
 */
import { isMainThread, workerData } from 'node:worker_threads';

export interface Terminal {
  stderrTTY: boolean;
  stdoutTTY: boolean;
}

export function terminal(): Terminal {
  const handed = !isMainThread ? (workerData as { terminal?: Terminal } | null)?.terminal : undefined;
  return handed ?? { stderrTTY: process.stderr.isTTY === true, stdoutTTY: process.stdout.isTTY === true };
}
