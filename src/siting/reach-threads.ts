/**
 * The candidates' coverage lists on several cores: this thread and worker threads (reach-worker.ts)
 * take ranges of CHUNK candidates from one queue; the ranges' lists are put together in candidate
 * order, so the result is the one-thread result to the bit (each candidate's search is the same
 * code on the same inputs, whichever thread runs it). The searches' inputs (the renumbered reversed
 * graph among them) go to the workers in SharedArrayBuffers, not copied per worker.
 *
 * Off by default, like the PBF worker decoder (cli/open-network.ts defaultWorkers): on the shared
 * 2-core machine the two threads together took more wall and ~40 % more CPU than one thread, even
 * for all 7,237 candidates of the city case (BENCHMARKS.md, issue 12). LIFECIRCLE_WORKERS=n turns
 * it on with n workers. Below MIN_CANDIDATES_FOR_THREADS, or without a compiled worker (running
 * from TypeScript sources), it stays on this thread: a worker's start-up, cold JIT and the shared
 * copies cost ~200-300 ms of CPU, what ~2,000 searches split over two cores would save at best.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WalkNetwork } from '../network/types.js';
import { walkGraph } from '../route/walk-graph.js';
import type { SnappedPoint } from '../snap/snapped-point.js';
import { type CandidateReach, concatReach, ReachSearcher, type ReachSearches, reachSearches } from './reach.js';
import { shareArray as share } from '../util/shared-array.js';

export const MIN_CANDIDATES_FOR_THREADS = 2048;
/** candidates per queued range: small enough to balance two busy cores, large enough that messages are rare */
export const CHUNK = 128;

export interface ReachThreadOptions {
  /** worker threads besides this one (default: LIFECIRCLE_WORKERS, else 0) */
  workers?: number;
  /** fewer candidates than this stay on this thread */
  minCandidates?: number;
  /** candidates per range (default CHUNK; the tests use small ones) */
  chunk?: number;
}

/** LIFECIRCLE_WORKERS when set (a whole number >= 0), else none: measured slower on 2 shared cores */
export function defaultReachWorkers(): number {
  const env = Number(process.env.LIFECIRCLE_WORKERS);
  if (process.env.LIFECIRCLE_WORKERS !== undefined && Number.isInteger(env) && env >= 0) return env;
  return 0;
}

function shareSearches(s: ReachSearches): ReachSearches {
  return {
    ...s,
    graph: { off: share(s.graph.off), head: share(s.graph.head), w: share(s.graph.w), edge: share(s.graph.edge) },
    budget: share(s.budget),
    limit: share(s.limit),
    nodeOff: share(s.nodeOff),
    nodeDem: share(s.nodeDem),
    nodeLeg: share(s.nodeLeg),
    leg: share(s.leg),
    seedOff: share(s.seedOff),
    seedNode: share(s.seedNode),
    seedCost: share(s.seedCost),
    sameOff: share(s.sameOff),
    sameDem: share(s.sameDem),
    sameMetres: share(s.sameMetres),
  };
}

export async function candidateReachThreads(
  net: WalkNetwork,
  candidates: SnappedPoint[],
  demand: (SnappedPoint | null)[],
  maxM: number,
  o: ReachThreadOptions = {},
): Promise<CandidateReach> {
  const reverse = walkGraph(net).reverse;
  const n = candidates.length;
  // the same name in dist/siting/ (tsc) and dist/bundle/ (scripts/bundle.mjs)
  const url = new URL('./reach-worker.js', import.meta.url);
  const CH = o.chunk ?? CHUNK;
  const chunks = Math.ceil(n / CH);
  const nw = Math.min(o.workers ?? defaultReachWorkers(), chunks - 1);
  if (nw <= 0 || n < (o.minCandidates ?? MIN_CANDIDATES_FOR_THREADS) || !existsSync(fileURLToPath(url)))
    return new ReachSearcher(reachSearches(net, candidates, demand, maxM, reverse)).run(0, n);

  // started first, so their start-up overlaps the inputs' preparation below
  const workers = Array.from({ length: nw }, () => new Worker(url));
  try {
    const searches = reachSearches(net, candidates, demand, maxM, reverse);
    const shared = shareSearches(searches);
    const parts: CandidateReach[] = new Array(chunks);
    const main = new ReachSearcher(searches);
    let next = 0;
    let pending = 0;
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const finish = () => {
        if (!failed && next >= chunks && pending === 0) resolve();
      };
      const fail = (e: Error) => {
        failed = true;
        reject(e);
      };
      const feed = (w: Worker) => {
        if (failed || next >= chunks) return;
        const k = next++;
        pending++;
        w.postMessage({ type: 'range', k, c0: k * CH, c1: Math.min(n, (k + 1) * CH) });
      };
      for (const w of workers) {
        w.postMessage({ type: 'searches', searches: shared });
        w.on('message', (m: { k: number; reach: CandidateReach }) => {
          parts[m.k] = m.reach;
          pending--;
          feed(w);
          finish();
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (next < chunks || pending > 0) fail(new Error(`coverage-list worker stopped (exit code ${code})`));
        });
        // two ranges in flight per worker, so it never waits for a round trip
        feed(w);
        feed(w);
      }
      // this thread takes ranges too, yielding between them so the workers' results are handled
      const mainLoop = () => {
        if (failed) return;
        if (next < chunks) {
          const k = next++;
          parts[k] = main.run(k * CH, Math.min(n, (k + 1) * CH));
          setImmediate(mainLoop);
        } else finish();
      };
      setImmediate(mainLoop);
    });
    return concatReach(parts);
  } finally {
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
