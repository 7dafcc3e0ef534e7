/**
 * The workbook on a worker thread (outputs/xlsx.ts, xlsxBytesAsync): the sheets arrive cloned,
 * their XML is written and fflate's zipSync deflates it exactly as on the main thread, and the
 * file's bytes go back transferred. One worker for all parts: fflate's own async zip starts one per
 * part over 160 KB (5 at city scale, ~350 ms more CPU; BENCHMARKS.md, issue 11). Started ahead of
 * the output stage (warm-workers.ts), it waits for the sheets.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Lang } from '../profiles/types.js';
import type { Waiting } from './worker-ahead.js';
import { type Sheet, xlsxBytes } from './xlsx.js';
import { lowerThisThread } from '../util/thread-priority.js';

// off the critical path: the command thread gets a core first (util/thread-priority.ts)
lowerThisThread();

interface Work {
  sheets: Sheet[];
  lang: Lang;
}

const data = workerData as Work | Waiting;
const { sheets, lang } =
  'waiting' in data ? await new Promise<Work>((resolve) => parentPort!.once('message', resolve)) : data;
const out = xlsxBytes(sheets, lang);
parentPort!.postMessage(out, [out.buffer as ArrayBuffer]);
