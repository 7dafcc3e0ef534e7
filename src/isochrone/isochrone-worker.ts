/**
 * Isochrone worker thread. It warms its JIT on a small synthetic street grid as soon as it
 * starts (while the main thread is still reading the OSM file), then computes the origins the
 * main thread hands it on the shared network.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Seed } from '../route/dijkstra.js';
import { IsochroneEngine, type IsochroneOptions, type OriginPoint } from './engine.js';
import type { SharedNetwork } from './shared-network.js';
import { warmUp } from './warm-up.js';

warmUp((workerData as { resolutionM: number; corridorM: number }) ?? { resolutionM: 10, corridorM: 50 });
let engine: IsochroneEngine | null = null;
parentPort!.postMessage({ type: 'ready' });

parentPort!.on(
  'message',
  (
    m:
      | { type: 'network'; shared: SharedNetwork; opts: IsochroneOptions }
      | { type: 'job'; k: number; points: OriginPoint[]; seeds: Seed[] },
  ) => {
    if (m.type === 'network') {
      engine = new IsochroneEngine(m.shared.net, m.shared.csr, m.opts);
      return;
    }
    const results = engine!.compute(m.points, m.seeds);
    const transfer = results.flatMap((r) => r.polygons.flatMap((p) => p.map((ring) => ring.buffer as ArrayBuffer)));
    parentPort!.postMessage({ type: 'result', k: m.k, results }, transfer);
  },
);
