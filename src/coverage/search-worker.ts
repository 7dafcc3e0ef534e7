/**
 * The nearest-facility search thread (search-thread.ts). At start it renumbers the reversed graph
 * along a Hilbert curve of the nodes' positions, so that a search's nodes lie close together in
 * memory (a third less time per search on the 2.56 M-node province: 2.27 s → 1.51 s), and breaks
 * ties between equal distances by the original numbers: nodes are taken in the original search's
 * order, so each search's distances and predecessors, written back into its slot in the original
 * numbering, are NearestFacility.run's to the bit.
 */
import { parentPort } from 'node:worker_threads';
import { hilbertOrder } from '../geo/hilbert.js';
import { type Csr, permuteCsr } from '../network/csr.js';
import { Dijkstra, type Seed } from '../route/dijkstra.js';

interface Init {
  type: 'init';
  csr: Csr;
  lon: Float64Array;
  lat: Float64Array;
  slots: { dist: Float64Array; predArc: Int32Array }[];
  /** SettleSet's marks in the original numbering (filled by the main thread before the first search) */
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

let search: Dijkstra | null = null;
/** original node -> its number in the search's graph; the search's arc -> the original arc */
let rank: Uint32Array = new Uint32Array(0);
let arcOf = new Uint32Array(0);
let slots: Init['slots'] = [];
let mark: Uint8Array | null = null;
let markRanked: Uint8Array | null = null;

parentPort!.on('message', (m: Init | Job) => {
  if (m.type === 'init') {
    const order = hilbertOrder(m.lon, m.lat);
    const p = permuteCsr(m.csr, order);
    rank = p.rank;
    arcOf = new Uint32Array(m.csr.head.length);
    for (let i = 0, k = 0; i < order.length; i++)
      for (let a = m.csr.off[order[i]], end = m.csr.off[order[i] + 1]; a < end; a++) arcOf[k++] = a;
    search = new Dijkstra(p.csr, order.length, { tieKey: order });
    slots = m.slots;
    mark = m.mark;
    return;
  }
  const n = rank.length;
  if (mark && !markRanked) {
    markRanked = new Uint8Array(n);
    for (let i = 0; i < n; i++) markRanked[rank[i]] = mark[i];
  }
  const t0 = performance.now();
  const seeds: Seed[] = Array.from(m.node, (node, i) => ({ node: rank[node], cost: m.cost[i] }));
  const dj = search!;
  dj.run(seeds, Infinity, markRanked && m.count >= 0 ? { mark: markRanked, count: m.count } : undefined);
  const { dist, predArc } = slots[m.slot];
  const d = dj.dist;
  const pr = dj.predArc;
  for (let i = 0; i < n; i++) {
    const r = rank[i];
    dist[i] = d[r];
    const a = pr[r];
    predArc[i] = a < 0 ? -1 : arcOf[a];
  }
  parentPort!.postMessage({ slot: m.slot, ms: performance.now() - t0 });
});
