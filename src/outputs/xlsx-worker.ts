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
import { warmUpSheets } from './xlsx-warm-up.js';
import { lowerThisThread } from '../util/thread-priority.js';

// off the critical path: the command thread gets a core first (util/thread-priority.ts)
lowerThisThread();

interface Work {
  sheets: Sheet[];
  lang: Lang;
}

const data = workerData as Work | Waiting;
const work = 'waiting' in data ? new Promise<Work>((resolve) => parentPort!.once('message', resolve)) : null;
// started ahead, while a core is mostly idle: the writer's code compiled now rather than in the output stage
if (work) warmUp();
const { sheets, lang } = work ? await work : (data as Work);
const out = xlsxBytes(sheets, lang);
parentPort!.postMessage(out, [out.buffer as ArrayBuffer]);

/** the workbook of synthetic sheets shaped like a run's, thrown away: V8 compiles its writer and fflate's deflate */
function warmUp(): void {
  try {
    xlsxBytes(warmUpSheets(), 'zh');
  } catch {
    // nothing compiled ahead: the work is written as before
  }
}
