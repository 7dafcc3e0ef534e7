/**
 * Isochrones on all cores: the main thread and worker threads take origins from one queue.
 * Workers start (and warm up) before the network is read, so their start-up overlaps the OSM
 * reading. Results do not depend on which thread computed them: output stays deterministic.
 * Without a compiled worker (running from TypeScript sources) everything runs on the main thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Csr } from '../network/csr.js';
import type { WalkNetwork } from '../network/types.js';
import type { Seed } from '../route/dijkstra.js';
import { IsochroneEngine, type BandResult, type IsochroneOptions, type OriginPoint } from './engine.js';
import { shareNetwork } from './shared-network.js';

export interface IsochroneJob {
  points: OriginPoint[];
  seeds: Seed[];
}

export const MIN_JOBS_FOR_WORKERS = 256;

export function defaultIsochroneWorkers(): number {
  const env = Number(process.env.LIFECIRCLE_WORKERS);
  if (process.env.LIFECIRCLE_WORKERS !== undefined && Number.isInteger(env) && env >= 0) return env;
  return Math.max(0, availableParallelism() - 1);
}

export class IsochronePool {
  private workers: Worker[] = [];
  private ready: Promise<void>[] = [];

  /** spawn `n` workers now; they warm up while the caller does other work */
  constructor(n: number, warm: { resolutionM: number; corridorM: number }) {
    // the same name in dist/isochrone/ (tsc) and dist/bundle/ (scripts/bundle.mjs)
    const url = new URL('./isochrone-worker.js', import.meta.url);
    if (n <= 0 || !existsSync(fileURLToPath(url))) return;
    for (let i = 0; i < n; i++) {
      const w = new Worker(url, { workerData: warm });
      this.workers.push(w);
      this.ready.push(
        new Promise((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
        }),
      );
    }
  }

  async run(
    net: WalkNetwork,
    csr: Csr,
    opts: IsochroneOptions,
    jobs: IsochroneJob[],
    onResult: (k: number, r: BandResult[]) => void,
  ): Promise<void> {
    const engine = new IsochroneEngine(net, csr, opts);
    let next = 0;
    // Below a few hundred origins the workers' JIT warm-up costs more than they save
    // (measured on 2 cores: 85 origins 17 % slower, 340 origins 1.25x faster; BENCHMARKS.md).
    if (this.workers.length === 0 || jobs.length < MIN_JOBS_FOR_WORKERS) {
      for (; next < jobs.length; next++) onResult(next, engine.compute(jobs[next].points, jobs[next].seeds));
      return;
    }
    await Promise.all(this.ready);
    const shared = shareNetwork(net, csr);
    let pending = 0;
    let failure: Error | null = null;
    const done = new Promise<void>((resolve, reject) => {
      const finish = () => {
        if (failure) reject(failure);
        else if (next >= jobs.length && pending === 0) resolve();
      };
      const feed = (w: Worker) => {
        if (next < jobs.length) {
          const k = next++;
          pending++;
          w.postMessage({ type: 'job', k, points: jobs[k].points, seeds: jobs[k].seeds });
        }
      };
      for (const w of this.workers) {
        w.postMessage({ type: 'network', shared, opts });
        w.on('message', (m: { type: string; k: number; results: BandResult[] }) => {
          pending--;
          onResult(m.k, m.results);
          feed(w);
          finish();
        });
        w.on('error', (e) => {
          failure = e;
          finish();
        });
        // two jobs in flight per worker, so it never waits for a round trip
        feed(w);
        feed(w);
      }
      // the main thread takes jobs too, yielding between them so worker results are handled
      const mainLoop = () => {
        if (failure) return finish();
        if (next < jobs.length) {
          const k = next++;
          onResult(k, engine.compute(jobs[k].points, jobs[k].seeds));
          setImmediate(mainLoop);
        } else finish();
      };
      setImmediate(mainLoop);
    });
    await done;
  }

  /**
   * Every job to the workers at once, none on this thread, so that this thread can do other work
   * meanwhile (the coverage analysis' categories: both cores busy). Resolves with each job's
   * result, in job order; null when there are no workers (the caller computes them itself).
   */
  runInBackground(
    net: WalkNetwork,
    csr: Csr,
    opts: IsochroneOptions,
    jobs: IsochroneJob[],
  ): Promise<BandResult[][]> | null {
    if (this.workers.length === 0 || jobs.length === 0) return null;
    const shared = shareNetwork(net, csr);
    const results: BandResult[][] = new Array(jobs.length);
    let pending = jobs.length;
    return new Promise((resolve, reject) => {
      for (const w of this.workers) {
        w.postMessage({ type: 'network', shared, opts });
        w.on('message', (m: { type: string; k: number; results: BandResult[] }) => {
          if (m.type !== 'result') return; // (the 'ready' message, when it comes after this)
          results[m.k] = m.results;
          if (--pending === 0) resolve(results);
        });
        w.on('error', reject);
      }
      // all posted now: a worker must not wait for this thread to hand it the next one
      jobs.forEach((j, k) => {
        this.workers[k % this.workers.length].postMessage({ type: 'job', k, points: j.points, seeds: j.seeds });
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
