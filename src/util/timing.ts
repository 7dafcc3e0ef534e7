/** Stage timings for benchmarks: LIFECIRCLE_TIMING=1 prints them to stderr; `timings()` returns them. */
import { readFileSync } from 'node:fs';
const marks: [string, number][] = [];
let last = performance.now();
let lastCpu = process.cpuUsage();
const enabled = process.env.LIFECIRCLE_TIMING === '1';
let lastThread = enabled ? threadCpuNs() : null;

/**
 * Ends a stage. With LIFECIRCLE_TIMING=1 it prints its wall time, on a second line the
 * process's CPU time in it (user + system, all threads): on a machine others load, CPU time is
 * what stays comparable; and on a third the resident set at its end and the V8 heap's share of it
 * (where the memory of a large `prepare` goes).
 */
export function mark(stage: string): void {
  const now = performance.now();
  marks.push([stage, now - last]);
  if (enabled) {
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    const thread = threadCpuNs();
    const own =
      thread !== null && lastThread !== null
        ? `[cpu this thread] ${stage}: ${((thread - lastThread) / 1e6).toFixed(1)} ms\n`
        : '';
    lastThread = thread;
    process.stderr.write(
      `[timing] ${stage}: ${(now - last).toFixed(1)} ms\n[cpu] ${stage}: ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms\n` +
        own +
        `[rss] ${stage}: ${rssLine()}\n`,
    );
  }
  last = now;
}

/** With LIFECIRCLE_TIMING=1, one more line about the stage just marked, e.g. how its threads shared the work */
export function timingNote(tag: string, text: string): void {
  if (enabled) process.stderr.write(`[${tag}] ${text}\n`);
}

function rssLine(): string {
  const m = process.memoryUsage();
  const mb = (b: number) => (b / 1048576).toFixed(0);
  const peak = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  return `${mb(m.rss)} MB, peak so far ${peak} MB (JS heap ${mb(m.heapUsed)} MB, typed arrays and buffers ${mb(m.arrayBuffers)} MB)`;
}

/**
 * Ends the start-up stage, counted from the process's own start: node's start, module loading, the
 * command thread's start (src/cli/command-thread.ts), up to the command's action. CPU time is the
 * whole process's so far.
 */
export function markLoaded(): void {
  const now = performance.now();
  const wall = process.uptime() * 1000;
  marks.push(['load', wall]);
  if (enabled) {
    const cpu = process.cpuUsage();
    process.stderr.write(
      `[timing] load: ${wall.toFixed(1)} ms\n[cpu] load: ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms\n`,
    );
  }
  last = now;
  lastCpu = process.cpuUsage();
  lastThread = enabled ? threadCpuNs() : null;
}

export function resetTiming(): void {
  marks.length = 0;
  last = performance.now();
  lastCpu = process.cpuUsage();
  lastThread = enabled ? threadCpuNs() : null;
}

export function timings(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of marks) out[k] = Math.round((out[k] ?? 0) + v);
  return out;
}

/**
 * With LIFECIRCLE_TIMING=1, the CPU time (ms) the calling thread has used so far, where the system
 * says (threadCpuNs); otherwise null. For the notes of worker threads, whose wall time on a shared
 * machine includes waiting for a core.
 */
export function threadCpuMs(): number | null {
  if (!enabled) return null;
  const ns = threadCpuNs();
  return ns === null ? null : ns / 1e6;
}

/**
 * The calling thread's CPU time in nanoseconds (Linux: /proc/thread-self/schedstat, its first
 * field), or null: with LIFECIRCLE_TIMING=1 each mark also gives the thread's own CPU in the stage
 * (the [cpu] line is the whole process's: on a shared machine the other threads' share varies).
 */
function threadCpuNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]);
  } catch {
    return null;
  }
}
