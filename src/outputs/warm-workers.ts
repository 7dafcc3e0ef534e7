/**
 * The output stage's two workers — SQLite's for results.gpkg, the workbook's for results.xlsx —
 * started while the job reads its facility lists and communities, when one core is mostly idle:
 * a worker's start and SQLite's WASM compile (~60-120 ms of CPU each time, BENCHMARKS.md issue 11)
 * then happen there instead of in the output stage, which keeps both cores busy.
 */
import type { OutputFormat } from './formats.js';
import { GPKG_WORKER, largeGpkg } from './gpkg/write-gpkg.js';
import { startAhead } from './worker-ahead.js';
import { XLSX_WORKER } from './xlsx.js';

/** starts the workers of the selected formats that have one; `edges`: the network's, to size SQLite's compile */
export function warmOutputWorkers(formats: readonly OutputFormat[], edges: number): void {
  const data = { waiting: true, baselineOnly: !largeGpkg(edges) } as const;
  if (formats.includes('gpkg')) startAhead(GPKG_WORKER, data);
  if (formats.includes('xlsx')) startAhead(XLSX_WORKER, data);
}
