/**
 * V8's optimising compiler told to inline less (at most 230 bytes of bytecode into a function,
 * instead of its default 920) while a stage of many functions that each run a short while is
 * under way: the output stage runs some hundred writer functions once each, and compiling their
 * large inlined graphs cost more CPU on a 2-core machine than the inlining won back (city job:
 * the output stage's CPU -3 to -6 %, BENCHMARKS.md issue 11); a city's analysis and siting too
 * (analysis.ts SMALL_INLINING_EDGES). Not at larger scale, where the analysis's few hot loops ran
 * 3-5 % slower with it (the 500-community case), nor for a province's outputs. V8
 * reads the flag at each compile, on every thread, so it holds for the workers the stage starts.
 * Left alone where the user set it (NODE_OPTIONS or node's own options), or with
 * LIFECIRCLE_V8_DEFAULTS=1 (to measure against it).
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = 'max-inlined-bytecode-size-cumulative';
/** V8's default (Node 20's V8 11.3: src/flags/flag-definitions.h) */
const V8_DEFAULT = 920;
const SMALL = 230;

function ours(): boolean {
  const user = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  return process.env.LIFECIRCLE_V8_DEFAULTS !== '1' && !user.includes(FLAG) && !user.includes(FLAG.replace(/-/g, '_'));
}

/** `fn` with the small inlining budget, when `small` (a stage of a city's size: see the callers) */
export async function withSmallInlining<T>(small: boolean, fn: () => Promise<T>): Promise<T> {
  if (!small || !ours()) return fn();
  setFlagsFromString(`--${FLAG}=${SMALL}`);
  try {
    return await fn();
  } finally {
    setFlagsFromString(`--${FLAG}=${V8_DEFAULT}`);
  }
}
