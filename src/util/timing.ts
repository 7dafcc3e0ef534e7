/** Stage timings for benchmarks: LIFECIRCLE_TIMING=1 prints them to stderr; `timings()` returns them. */
const marks: [string, number][] = [];
let last = performance.now();
const enabled = process.env.LIFECIRCLE_TIMING === '1';

export function mark(stage: string): void {
  const now = performance.now();
  marks.push([stage, now - last]);
  if (enabled) process.stderr.write(`[timing] ${stage}: ${(now - last).toFixed(1)} ms\n`);
  last = now;
}

export function resetTiming(): void {
  marks.length = 0;
  last = performance.now();
}

export function timings(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of marks) out[k] = Math.round((out[k] ?? 0) + v);
  return out;
}
