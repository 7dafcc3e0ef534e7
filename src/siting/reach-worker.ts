/**
 * Coverage-list worker thread (reach-threads.ts): given the searches' shared inputs (the
 * renumbered reversed graph among them), it runs the candidate ranges it is handed and sends each range's lists back.
 */
import { parentPort } from 'node:worker_threads';
import { type ReachSearches, ReachSearcher } from './reach.js';

let searcher: ReachSearcher | null = null;

parentPort!.on(
  'message',
  (m: { type: 'searches'; searches: ReachSearches } | { type: 'range'; k: number; c0: number; c1: number }) => {
    if (m.type === 'searches') {
      searcher = new ReachSearcher(m.searches);
      return;
    }
    const r = searcher!.run(m.c0, m.c1);
    parentPort!.postMessage({ k: m.k, reach: r }, [r.off.buffer, r.idx.buffer, r.dist.buffer] as ArrayBuffer[]);
  },
);
