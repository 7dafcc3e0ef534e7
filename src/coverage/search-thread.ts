/**
 * Coverage stage 3's nearest-facility searches on a second core: a worker thread (search-worker.ts)
 * runs category i + 1's search while this thread reads category i's distances for every community
 * (metrics, gaps, routes), the two alternating between two slots of distances and predecessors in
 * SharedArrayBuffers. On the city case the searches are about half of the stage; on a province
 * (2.5 M nodes, 2,000 communities) each search is ~1-2 s and each category's community work as much.
 * The numbers are the same to the bit: the worker runs the same Dijkstra on the same seeds (on the
 * graph renumbered along a Hilbert curve, ties broken in the original order: search-worker.ts).
 * Created before the communities' stage, so that the worker's renumbering runs beside it. The
 * worker sends distances only; the routes' arcs are derived from them (NearestFacility.predOf).
 * A job with suggest: keeps it after the categories for the siting's coverage lists (reach()), which
 * then run there beside this thread's service shares and quality flags (coverage/run-job.ts), and
 * for the city-wide MCLPs' Lagrangian bounds (lagrangian()), beside this thread's next category.
 *
 * Used from MIN_NODES network nodes (below, a search costs less than the worker's start-up and its
 * cold JIT), and only from the compiled code (dist/, the bundle): running from TypeScript sources
 * the searches stay on this thread. LIFECIRCLE_SEARCH_THREAD=0 / =1 turns it off / on whatever the size.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Csr } from '../network/csr.js';
import type { WalkNetwork } from '../network/types.js';
import { walkGraph } from '../route/walk-graph.js';
import { timingNote } from '../util/timing.js';
import { type FacilitySnap, facilitySeeds } from './distance.js';
import { shareArray as share } from '../util/shared-array.js';
import { type DemandReach, type ReachInputs, reachInputBuffers } from '../siting/reach.js';
import type { EdgeIndexParts } from '../snap/edge-index.js';
import type { MultiPolygon, Polygon } from 'geojson';
import type { SnapOptions } from '../params/parameters.js';
import type { GapGridParts } from './gaps.js';
import type { GeneratedCandidates, StreetNetwork } from '../siting/street-candidates.js';

export const MIN_NODES = 50_000;

export interface SearchSlot {
  /** a search's distances, in the search thread's numbering: node v's is dist[rank[v]] (SearchThread.rank) */
  dist: Float64Array;
}

export class SearchThread {
  private pending: ({ resolve: () => void; reject: (e: Error) => void } | null)[] = [null, null];
  private lists: { resolve: (r: DemandReach) => void; reject: (e: Error) => void } | null = null;
  private index: { resolve: (r: EdgeIndexParts) => void; reject: (e: Error) => void } | null = null;
  private grids: {
    got: GapGridParts[];
    resolve: (r: GapGridParts[]) => void;
    reject: (e: Error) => void;
  } | null = null;
  private bounds = new Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>();
  private sites: { resolve: (r: GeneratedCandidates) => void; reject: (e: Error) => void } | null = null;
  private nextBound = 0;
  private failed: Error | null = null;
  /**
   * network node -> its number in the thread's graph, the slots' numbering (shared, sent once the
   * thread has renumbered its graph: before any search's answer, on the same port)
   */
  rank: Uint32Array = new Uint32Array(0);
  /** for the timing note: searches done, the worker's wall time in them, this thread's wait for them */
  private searches = 0;
  private busyMs = 0;
  /** the search thread's CPU time in them (null: not known, threadCpuMs) */
  private cpuMs: number | null = 0;
  private waitedMs = 0;

  private constructor(
    private readonly worker: Worker,
    readonly slots: SearchSlot[],
    private readonly net: WalkNetwork,
  ) {
    type Lists = { type: 'reach'; off: Uint32Array; cand: Uint32Array; ms: number };
    type Index = { type: 'edge-index'; ms: number } & EdgeIndexParts;
    type Grid = { type: 'grid'; k: number; grid: GapGridParts } | { type: 'grids'; ms: number };
    type Bound = { type: 'bound'; id: number; value: number };
    type Rank = { type: 'rank'; rank: Uint32Array };
    type Done = { slot: number; ms: number; cpuMs: number | null };
    type Sites = { type: 'candidates'; ms: number } & GeneratedCandidates;
    worker.on('message', (m: Done | Lists | Index | Grid | Bound | Rank | Sites) => {
      if ('type' in m && m.type === 'candidates') {
        const p = this.sites;
        this.sites = null;
        timingNote('threads', `siting's candidate sites: ${Math.round(m.ms)} ms on the search thread`);
        return p?.resolve({ candidates: m.candidates, skipped: m.skipped });
      }
      if ('type' in m && m.type === 'rank') {
        this.rank = m.rank;
        return;
      }
      if ('type' in m && m.type === 'bound') {
        const p = this.bounds.get(m.id);
        this.bounds.delete(m.id);
        return p?.resolve(m.value);
      }
      if ('type' in m && m.type === 'grid') {
        if (this.grids) this.grids.got[m.k] = m.grid;
        return;
      }
      if ('type' in m && m.type === 'grids') {
        const p = this.grids;
        this.grids = null;
        timingNote('threads', `gap grids: ${Math.round(m.ms)} ms on the search thread`);
        return p?.resolve(p.got);
      }
      if ('type' in m && m.type === 'edge-index') {
        const p = this.index;
        this.index = null;
        timingNote('threads', `snapping index: ${Math.round(m.ms)} ms on the search thread`);
        return p?.resolve({ data: m.data, segEdge: m.segEdge, segVertex: m.segVertex });
      }
      if ('type' in m) {
        const p = this.lists;
        this.lists = null;
        timingNote('threads', `siting's coverage lists: ${Math.round(m.ms)} ms on the search thread`);
        return p?.resolve({ thresholds: [], off: m.off, cand: m.cand });
      }
      // the rank comes first on this port: a slot without it could not be read
      if (this.rank.length !== this.net.nodeCount) return fail(new Error('the search thread sent no node numbering'));
      this.searches++;
      this.busyMs += m.ms;
      this.cpuMs = m.cpuMs === null || this.cpuMs === null ? null : this.cpuMs + m.cpuMs;
      const p = this.pending[m.slot];
      this.pending[m.slot] = null;
      p?.resolve();
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.pending) p?.reject(e);
      this.pending = [null, null];
      this.lists?.reject(e);
      this.lists = null;
      this.index?.reject(e);
      this.index = null;
      this.grids?.reject(e);
      this.grids = null;
      for (const p of this.bounds.values()) p.reject(e);
      this.bounds.clear();
      this.sites?.reject(e);
      this.sites = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (
        code !== 0 ||
        this.pending.some((p) => p) ||
        this.lists ||
        this.index ||
        this.grids ||
        this.bounds.size ||
        this.sites
      )
        fail(new Error(`the search thread stopped (exit ${code})`));
    });
  }

  /** a search thread for this network, or null where the searches should stay on this thread */
  static create(net: WalkNetwork, opts: { edgeIndex?: boolean } = {}): SearchThread | null {
    const env = process.env.LIFECIRCLE_SEARCH_THREAD;
    if (env === '0' || (env !== '1' && net.nodeCount < MIN_NODES)) return null;
    // the same name in dist/coverage/ (tsc) and dist/bundle/ (scripts/bundle.mjs)
    const url = new URL('./search-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(url))) return null;
    const r: Csr = walkGraph(net).reverse;
    const csr = { off: share(r.off), head: share(r.head), w: share(r.w), edge: share(r.edge) };
    const slots = [0, 1].map(() => ({
      dist: new Float64Array(new SharedArrayBuffer(8 * Math.max(1, net.nodeCount))),
    }));
    const worker = new Worker(url);
    const thread = new SearchThread(worker, slots, net);
    // the index first: this thread needs it before the renumbered graph
    if (opts.edgeIndex) thread.indexParts = thread.requestIndex();
    worker.postMessage({ type: 'init', csr, lon: share(net.nodeLon), lat: share(net.nodeLat), slots });
    return thread;
  }

  /**
   * With create(…, { edgeIndex: true }): the snapping index of the network (snap/edge-index.ts)
   * being built there, for adoptEdgeIndex; null when the network's geometry is not on
   * SharedArrayBuffers (building it on this thread then copies less).
   */
  indexParts: Promise<EdgeIndexParts> | null = null;

  private requestIndex(): Promise<EdgeIndexParts> | null {
    const { geomOff, geomLon, geomLat, edgeCount } = this.net;
    const shared = [geomOff, geomLon, geomLat].every((a) => a.buffer instanceof SharedArrayBuffer);
    if (!shared || this.failed || this.index) return null;
    const p = new Promise<EdgeIndexParts>((resolve, reject) => {
      this.index = { resolve, reject };
      const geometry = { edgeCount, geomOff, geomLon, geomLat, bbox: this.net.meta.bbox };
      this.worker.postMessage({ type: 'edge-index', geometry });
    });
    p.catch(() => undefined); // a failure is seen where it is awaited (or the index is built here)
    return p;
  }

  /**
   * The gap grids (gaps.ts gapGrid) of these community outlines made there, in order, each as
   * communityContext makes it on this thread (the same snap box and snapping: the same grids to
   * the bit); null when the thread has no snapping index of its own to snap with.
   */
  gapGrids(outlines: (Polygon | MultiPolygon)[], snap: SnapOptions, r: number): Promise<GapGridParts[]> | null {
    if (!this.indexParts || this.failed || this.grids) return null;
    const n = this.net;
    const net = {
      edgeCount: n.edgeCount,
      geomOff: n.geomOff,
      geomLon: n.geomLon,
      geomLat: n.geomLat,
      edgeU: share(n.edgeU),
      edgeLen: share(n.edgeLen),
      nodeComp: share(n.nodeComp),
      meta: { componentSizes: n.meta.componentSizes, bbox: n.meta.bbox },
    };
    const p = new Promise<GapGridParts[]>((resolve, reject) => {
      this.grids = { got: [], resolve, reject };
      this.worker.postMessage({ type: 'grids', net, outlines, snap, r });
    });
    p.catch(() => undefined); // seen where it is awaited
    return p;
  }

  /**
   * The siting's candidate sites along the streets (siting/street-candidates.ts) made there: it is
   * idle while this thread snaps the facilities. On the snapping index it built, the one this
   * thread adopted: the same candidates to the bit. null without that index.
   */
  streetCandidates(
    water: (Polygon | MultiPolygon)[],
    boxes: [number, number, number, number][],
    spacingM: number,
    snap: SnapOptions,
  ): Promise<GeneratedCandidates> | null {
    if (!this.indexParts || this.failed || this.sites) return null;
    const n = this.net;
    const net: StreetNetwork = {
      edgeCount: n.edgeCount,
      edgeU: share(n.edgeU),
      edgeLen: share(n.edgeLen),
      edgeFlags: share(n.edgeFlags),
      nodeComp: share(n.nodeComp),
      geomOff: n.geomOff,
      geomLon: n.geomLon,
      geomLat: n.geomLat,
      meta: { componentSizes: n.meta.componentSizes, bbox: n.meta.bbox },
    };
    const p = new Promise<GeneratedCandidates>((resolve, reject) => {
      this.sites = { resolve, reject };
      this.worker.postMessage({ type: 'candidates', net, water, boxes, spacingM, snap });
    });
    p.catch(() => undefined); // seen where it is awaited
    return p;
  }

  /** runs the search towards `targets` into slot `slot` (0 or 1); resolves when it is done */
  search(slot: number, targets: FacilitySnap[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.pending[slot]) return Promise.reject(new Error(`search slot ${slot} is busy`));
    const seeds = facilitySeeds(this.net, targets);
    const node = Uint32Array.from(seeds, (s) => s.node);
    const cost = Float64Array.from(seeds, (s) => s.cost);
    return new Promise((resolve, reject) => {
      this.pending[slot] = { resolve, reject };
      this.worker.postMessage({ type: 'search', slot, node, cost }, [node.buffer, cost.buffer]);
    });
  }

  /**
   * The siting's coverage lists (siting/reach.ts: every candidate's search, turned around by demand
   * point into `thresholds`' distance classes) on the thread's renumbered graph; resolves with
   * what demandReach gives on this thread, to the bit. The inputs' arrays are moved, not copied.
   */
  reach(inputs: ReachInputs, thresholds: number[]): Promise<DemandReach> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.lists) return Promise.reject(new Error('the search thread is already making coverage lists'));
    return new Promise((resolve, reject) => {
      this.lists = { resolve: (r) => resolve({ ...r, thresholds }), reject };
      this.worker.postMessage({ type: 'reach', inputs, thresholds }, reachInputBuffers(inputs));
    });
  }

  /**
   * A siting category's Lagrangian bound (siting/lagrangian.ts lagrangianBound(inst, k, lower, …,
   * rowSums, chosen)) summed there, in the order asked, while this thread goes on: the same value to the
   * bit. The arrays are moved, not copied (the caller no longer reads them).
   */
  lagrangian(
    inst: { off: Uint32Array; idx: Uint32Array; weight: Float64Array },
    k: number,
    lower: number,
    rowSums: Float64Array,
    chosen: number[],
  ): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextBound++;
    const { off, idx, weight } = inst;
    const p = new Promise<number>((resolve, reject) => {
      this.bounds.set(id, { resolve, reject });
      this.worker.postMessage(
        { type: 'bound', id, off, idx, weight, rowSums, k, lower, chosen },
        [off, idx, weight, rowSums].map((a) => a.buffer as ArrayBuffer),
      );
    });
    p.catch(() => undefined); // seen where it is awaited
    return p;
  }

  /** waits for a search handed out by search() (null: none), counting the wait for the timing note */
  async wait(p: Promise<void> | null): Promise<void> {
    const t0 = performance.now();
    await p;
    this.waitedMs += performance.now() - t0;
  }

  /** LIFECIRCLE_TIMING=1: how the two threads shared the category stage */
  note(): void {
    const s = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
    timingNote(
      'threads',
      `category searches: ${this.searches} on the search thread, ${s(this.busyMs)} of its wall time ` +
        `(${s(this.busyMs / Math.max(1, this.searches))} each${this.cpuMs === null ? '' : `, ${Math.round(this.cpuMs)} ms of its CPU`}); ` +
        `this thread waited ${s(this.waitedMs)} for them`,
    );
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
