/**
 * The nearest-facility search thread (search-thread.ts). At start it renumbers the reversed graph
 * along a Hilbert curve of the nodes' positions, so that a search's nodes lie close together in
 * memory (bench/search-limit.mjs, the 2.56 M-node province: a heap search 1.97 s → 1.65 s), and
 * runs each search on buckets (below). The distances, left in the slot in the search's numbering
 * (the main thread reads them through the rank this thread sends), are NearestFacility.run's to
 * the bit (a least float sum does not depend on the order nodes are taken in); the main thread
 * derives the routes' arcs from them (NearestFacility.predOf).
 * After the categories it can run the siting's coverage lists on the same renumbered graph
 * (siting/reach.ts: the searches of every candidate, turned around by demand point), beside the
 * main thread's remaining analysis. Before any of that, a job's thread builds the snapping index
 * (snap/edge-index.ts) while the main thread reads the facility lists and communities.
 */
import { parentPort } from 'node:worker_threads';
import { hilbertOrder } from '../geo/hilbert.js';
import { type Csr, permuteCsr } from '../network/csr.js';
import { bucketSearch, Dijkstra, type Seed } from '../route/dijkstra.js';
import type { MultiPolygon, Polygon } from 'geojson';
import { PolygonIndex } from '../geo/polygon-index.js';
import type { WalkNetwork } from '../network/types.js';
import type { SnapOptions } from '../params/parameters.js';
import { AreaSnapper } from '../snap/area-snapper.js';
import { adoptEdgeIndex, buildEdgeIndex, type EdgeGeometry, type EdgeIndexParts } from '../snap/edge-index.js';
import { gapGrid, gapGridParts, snapBox } from './gaps.js';
import { type HilbertGraph, hilbertFrame, ReachSearcher, type ReachInputs, searchesOn } from '../siting/reach.js';
import { lagrangianBound } from '../siting/lagrangian.js';
import { threadCpuMs } from '../util/timing.js';
import { type StreetNetwork, streetCandidates } from '../siting/street-candidates.js';

/** longer than any walk on Earth: the bucket search's range (bucketSearch keeps one bucket per 20 m) */
const MAX_WALK_M = 4e7;

interface Init {
  type: 'init';
  csr: Csr;
  lon: Float64Array;
  lat: Float64Array;
  slots: { dist: Float64Array }[];
}
interface Job {
  type: 'search';
  slot: number;
  node: Uint32Array;
  cost: Float64Array;
}
interface IndexJob {
  type: 'edge-index';
  geometry: EdgeGeometry;
}
/** the communities' gap grids (gaps.ts gapGrid), made here while the main thread snaps their residents */
interface GridsJob {
  type: 'grids';
  /** what snapping and the grids read of the network (SharedArrayBuffers, no copies) */
  net: Pick<WalkNetwork, 'edgeCount' | 'geomOff' | 'geomLon' | 'geomLat' | 'edgeU' | 'edgeLen' | 'nodeComp'> & {
    meta: Pick<WalkNetwork['meta'], 'componentSizes' | 'bbox'>;
  };
  outlines: (Polygon | MultiPolygon)[];
  snap: SnapOptions;
  r: number;
}
interface Lists {
  type: 'reach';
  inputs: ReachInputs;
  thresholds: number[];
}
/** the siting's candidate sites along the streets, while the main thread snaps the facilities */
interface Sites {
  type: 'candidates';
  net: StreetNetwork;
  water: (Polygon | MultiPolygon)[];
  boxes: [number, number, number, number][];
  spacingM: number;
  snap: SnapOptions;
}
/** a siting category's Lagrangian bound (siting/lagrangian.ts), summed here beside the main thread's next category */
interface Bound {
  type: 'bound';
  id: number;
  off: Uint32Array;
  idx: Uint32Array;
  weight: Float64Array;
  rowSums: Float64Array;
  k: number;
  lower: number;
  /** the greedy sites (the steps' start) */
  chosen: number[];
}

let search: Dijkstra | null = null;
let graph: Csr | null = null;
let buckets: ReturnType<typeof bucketSearch> | null = null;
/** original node -> its number in the search's graph (the slots' numbering) */
let rank: Uint32Array = new Uint32Array(0);
let slots: Init['slots'] = [];
let order: Uint32Array = new Uint32Array(0);
let lon: Float64Array = new Float64Array(0);
let lat: Float64Array = new Float64Array(0);
/** the siting's view of the graph (positions, kappa): made on the first lists asked for */
let frame: HilbertGraph | null = null;
/** the snapping index this thread built (edge-index), for the gap grids' snapping */
let builtIndex: EdgeIndexParts | null = null;

parentPort!.on('message', (m: Init | Job | Lists | IndexJob | GridsJob | Bound | Sites) => {
  if (m.type === 'candidates') {
    const t0 = performance.now();
    if (builtIndex) adoptEdgeIndex(m.net as WalkNetwork, builtIndex); // posted only when this thread built one
    const water = m.water.map((g) => new PolygonIndex(g));
    const g = streetCandidates(m.net, water, m.boxes, m.spacingM, m.snap);
    parentPort!.postMessage({ type: 'candidates', ...g, ms: performance.now() - t0 });
    return;
  }
  if (m.type === 'bound') {
    const inst = { off: m.off, idx: m.idx, weight: m.weight };
    const value = lagrangianBound(inst, m.k, m.lower, undefined, undefined, m.rowSums, m.chosen);
    parentPort!.postMessage({ type: 'bound', id: m.id, value });
    return;
  }
  if (m.type === 'grids') {
    const t0 = performance.now();
    // the fields AreaSnapper, snapPoint and gapGrid read; the index is the one main adopted
    const net = m.net as WalkNetwork;
    if (builtIndex) adoptEdgeIndex(net, builtIndex);
    for (let k = 0; k < m.outlines.length; k++) {
      const area = new PolygonIndex(m.outlines[k]);
      const g = gapGridParts(gapGrid(net, area, m.snap, m.r, new AreaSnapper(net, snapBox(area, m.r), m.snap)));
      const buffers = [g.inside, g.boundary, g.edge, g.along, g.dist].map((a) => a.buffer as ArrayBuffer);
      parentPort!.postMessage({ type: 'grid', k, grid: g }, buffers);
    }
    parentPort!.postMessage({ type: 'grids', ms: performance.now() - t0 });
    return;
  }
  if (m.type === 'edge-index') {
    const t0 = performance.now();
    const ei = buildEdgeIndex(m.geometry, true);
    builtIndex = { data: ei.index.data as unknown as SharedArrayBuffer, segEdge: ei.segEdge, segVertex: ei.segVertex };
    const ms = performance.now() - t0;
    parentPort!.postMessage({
      type: 'edge-index',
      data: ei.index.data,
      segEdge: ei.segEdge,
      segVertex: ei.segVertex,
      ms,
    });
    return;
  }
  if (m.type === 'init') {
    order = hilbertOrder(m.lon, m.lat);
    const p = permuteCsr(m.csr, order);
    // on shared memory: the main thread reads the slots through it (NearestFacility.adopt)
    rank = new Uint32Array(new SharedArrayBuffer(4 * Math.max(1, p.rank.length)));
    rank.set(p.rank);
    graph = p.csr;
    slots = m.slots;
    lon = m.lon;
    lat = m.lat;
    parentPort!.postMessage({ type: 'rank', rank });
    return;
  }
  if (m.type === 'reach') {
    const t0 = performance.now();
    // the same graph and positions reach.ts's hilbertGraph makes on the main thread: the same lists to the bit
    frame ??= hilbertFrame(graph!, order, rank, lon, lat);
    const s = searchesOn(frame, m.inputs);
    const dr = new ReachSearcher(s).demandReach(m.thresholds);
    const ms = performance.now() - t0;
    parentPort!.postMessage({ type: 'reach', off: dr.off, cand: dr.cand, ms }, [
      dr.off.buffer as ArrayBuffer,
      dr.cand.buffer as ArrayBuffer,
    ]);
    return;
  }
  const t0 = performance.now();
  const c0 = threadCpuMs();
  const seeds: Seed[] = Array.from(m.node, (node, i) => ({ node: rank[node], cost: m.cost[i] }));
  // distances only, on Dial's buckets (label-correcting within a 20 m bucket: the same least float
  // sums as the heap's, Dijkstra.runDistances says why; 2-2.5x faster than the heap on this graph,
  // bench/search-limit.mjs), straight into the slot in the search's numbering (the main thread
  // reads them through `rank`: no copy into the network's numbering, 4-14 ms a search on the city
  // case). The arcs the routes need follow from the distances (NearestFacility.predOf). When the
  // buckets overflow (nodes taken again and again): the heap.
  const { dist } = slots[m.slot];
  dist.fill(Infinity);
  if (!buckets || buckets.seedRoom < seeds.length)
    buckets = bucketSearch(graph!, dist, Math.max(64, 2 * seeds.length), MAX_WALK_M);
  if (!buckets.run(seeds, MAX_WALK_M, undefined, dist)) {
    // the heap only when the buckets overflow: made on first need (its arrays are the network's size)
    search ??= new Dijkstra(graph!, rank.length);
    search.runDistances(seeds, Infinity);
    dist.set(search.dist);
  }
  const c1 = threadCpuMs();
  const cpuMs = c0 === null || c1 === null ? null : c1 - c0;
  parentPort!.postMessage({ slot: m.slot, ms: performance.now() - t0, cpuMs });
});
