/**
 * The workbook's zip on a worker thread (outputs/xlsx.ts, xlsxBytesAsync): its parts arrive as
 * transferred bytes, fflate's zipSync deflates them exactly as on the main thread, and the file's
 * bytes go back transferred. One worker for all parts: fflate's own async zip starts one per
 * part over 160 KB (5 at city scale, ~350 ms more CPU; BENCHMARKS.md, issue 11).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { zipSync, type ZipOptions } from 'fflate';

const { parts, opts } = workerData as { parts: Record<string, Uint8Array>; opts: ZipOptions };
const out = zipSync(parts, opts);
parentPort!.postMessage(out, [out.buffer]);
