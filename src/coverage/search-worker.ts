/**
 * The nearest-facility search thread (search-thread.ts): given the reversed graph and two slots of
 * distances and predecessors in SharedArrayBuffers, it runs each category's search it is handed
 * into its slot (the same Dijkstra as NearestFacility.run, so the same numbers to the bit).
 */
import { parentPort } from 'node:worker_threads';
import type { Csr } from '../network/csr.js';
import { Dijkstra, type Seed } from '../route/dijkstra.js';

interface Init {
  type: 'init';
  csr: Csr;
  nodeCount: number;
  slots: { dist: Float64Array; predArc: Int32Array }[];
  mark: Uint8Array | null;
}
interface Job {
  type: 'search';
  slot: number;
  node: Uint32Array;
  cost: Float64Array;
  /** marked nodes to settle before stopping (SettleUntil), -1: run to the end */
  count: number;
}

let searches: Dijkstra[] = [];
let mark: Uint8Array | null = null;

parentPort!.on('message', (m: Init | Job) => {
  if (m.type === 'init') {
    searches = m.slots.map((b) => new Dijkstra(m.csr, m.nodeCount, b));
    mark = m.mark;
    return;
  }
  const seeds: Seed[] = Array.from(m.node, (node, i) => ({ node, cost: m.cost[i] }));
  searches[m.slot].run(seeds, Infinity, mark && m.count >= 0 ? { mark, count: m.count } : undefined);
  parentPort!.postMessage({ slot: m.slot });
});
