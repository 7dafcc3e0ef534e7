/**
 * Shortest paths over the CSR network: bounded, single- or multi-source Dijkstra with a binary
 * heap in typed arrays (lazy deletion). Costs are metres. Buffers are reused between runs, and
 * only the nodes a run touched are reset, so 85 small searches on a city graph cost 85 small
 * searches, not 85 sweeps of the whole graph.
 */
import type { Csr } from '../network/csr.js';

export interface Seed {
  node: number;
  /** cost already spent reaching the node (off-network leg + part of the snapped edge) */
  cost: number;
}

export class Dijkstra {
  readonly dist: Float64Array;
  /** arc index used to reach each node (-1 for seeds), valid for touched nodes after run/runToExits */
  readonly predArc: Int32Array;
  /** nodes whose distance was set in the last run, in no particular order */
  touched: Uint32Array;
  touchedCount = 0;
  private heapKey: Float64Array;
  private heapNode: Uint32Array;
  private heapSize = 0;
  /** whether the last run set predArc (runDistances does not: reset skips it then) */
  private predSet = false;
  private distanceSearch: ReturnType<typeof distanceSearch> | null = null;
  private bucketSearch: ReturnType<typeof bucketSearch> | null = null;

  constructor(
    readonly csr: Csr,
    nodeCount: number,
  ) {
    this.dist = new Float64Array(nodeCount).fill(Infinity);
    this.predArc = new Int32Array(nodeCount).fill(-1);
    this.touched = new Uint32Array(1024);
    this.heapKey = new Float64Array(1024);
    this.heapNode = new Uint32Array(1024);
  }

  private touch(v: number): void {
    if (this.touchedCount === this.touched.length) {
      const t = new Uint32Array(this.touched.length * 2);
      t.set(this.touched);
      this.touched = t;
    }
    this.touched[this.touchedCount++] = v;
  }

  private push(key: number, node: number): void {
    if (this.heapSize === this.heapKey.length) {
      const k = new Float64Array(this.heapKey.length * 2);
      k.set(this.heapKey);
      const n = new Uint32Array(this.heapNode.length * 2);
      n.set(this.heapNode);
      this.heapKey = k;
      this.heapNode = n;
    }
    const hk = this.heapKey;
    const hn = this.heapNode;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = hk[p];
      if (pk < key || (pk === key && hn[p] <= node)) break;
      hk[i] = pk;
      hn[i] = hn[p];
      i = p;
    }
    hk[i] = key;
    hn[i] = node;
  }

  /** pops the minimum into (popKey, popNode) */
  private popKey = 0;
  private popNode = 0;
  private pop(): void {
    const hk = this.heapKey;
    const hn = this.heapNode;
    this.popKey = hk[0];
    this.popNode = hn[0];
    const n = --this.heapSize;
    if (n === 0) return;
    const key = hk[n];
    const node = hn[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (hk[r] < hk[c] || (hk[r] === hk[c] && hn[r] < hn[c]))) c = r;
      if (hk[c] > key || (hk[c] === key && hn[c] >= node)) break;
      hk[i] = hk[c];
      hn[i] = hn[c];
      i = c;
    }
    hk[i] = key;
    hn[i] = node;
  }

  private start(seeds: Seed[], budget: number): void {
    this.reset();
    this.predSet = true;
    const dist = this.dist;
    for (const s of seeds) {
      if (!(s.cost <= budget)) continue;
      if (s.cost < dist[s.node]) {
        if (dist[s.node] === Infinity) this.touch(s.node);
        dist[s.node] = s.cost;
        this.predArc[s.node] = -1;
        this.push(s.cost, s.node);
      }
    }
  }

  /** Forget the previous run (only the touched nodes are reset). */
  reset(): void {
    const t = this.touched;
    const dist = this.dist;
    for (let i = 0; i < this.touchedCount; i++) dist[t[i]] = Infinity;
    if (this.predSet) for (let i = 0; i < this.touchedCount; i++) this.predArc[t[i]] = -1;
    this.predSet = false;
    this.touchedCount = 0;
    this.heapSize = 0;
  }

  /**
   * Distances from the seed set (the minimum over its seeds) to every node within `budget`
   * metres; nodes farther away keep Infinity. Ties are broken by node index: deterministic.
   */
  run(seeds: Seed[], budget = Infinity): void {
    this.start(seeds, budget);
    const dist = this.dist;
    const { off, head, w } = this.csr;
    const pred = this.predArc;
    while (this.heapSize > 0) {
      this.pop();
      const d = this.popKey;
      const u = this.popNode;
      if (d > dist[u]) continue; // stale entry
      for (let a = off[u], end = off[u + 1]; a < end; a++) {
        const v = head[a];
        const nd = d + w[a];
        if (nd < dist[v] && nd <= budget) {
          if (dist[v] === Infinity) this.touch(v);
          dist[v] = nd;
          pred[v] = a;
          this.push(nd, v);
        }
      }
    }
  }

  /**
   * Distances only (no predecessors) from the seeds to every node within `budget`: the many small
   * searches of the siting stage (one per candidate site). A finite budget runs on buckets of
   * BUCKET_M metres (bucketSearch below: ~35 % cheaper than the 4-ary heap of distanceSearch on
   * the city case's 7,237 searches), an infinite one on the heap. The distances equal run()'s to
   * the bit whichever runs: each is the least left-to-right float sum of a path's arc lengths
   * (float addition is monotone, so any search that stops only when no arc improves a node finds
   * exactly these), whatever order nodes are taken in; only `predArc` (not set here) depends on it.
   * `limit` (optional, the bucket search only): no label above limit[v] is set at node v — a
   * caller's proof that no node it reads is reached through such a label (siting/reach-limits.ts);
   * the labels it reads are then the same.
   */
  runDistances(seeds: Seed[], budget = Infinity, limit?: Float64Array): void {
    this.reset();
    if (budget <= BUCKET_M * MAX_BUCKETS) {
      if (!this.bucketSearch || this.bucketSearch.seedRoom < seeds.length || this.bucketSearch.maxBudget < budget)
        this.bucketSearch = bucketSearch(this.csr, this.dist, Math.max(64, 2 * seeds.length), Math.max(budget, 1000));
      const r = this.bucketSearch.run(seeds, budget, limit);
      if (r) {
        this.touched = r.touched;
        this.touchedCount = r.count;
        return;
      }
      // more relaxations than its entries have room for (a search over most of a large graph):
      // it has put every distance back to Infinity, and the heap does this one
    }
    if (!this.distanceSearch || this.distanceSearch.seedRoom < seeds.length)
      this.distanceSearch = distanceSearch(this.csr, this.dist, Math.max(64, 2 * seeds.length));
    const { touched, count } = this.distanceSearch.run(seeds, budget);
    this.touched = touched;
    this.touchedCount = count;
  }

  /**
   * Point to point: the cheapest walk from the seeds to a target that is reached from `exits`
   * (a node and the metres from it to the target). The search stops once every unsettled node is
   * at least as far as the best walk found, so a route across the street does not sweep the city.
   * Returns that walk's cost and the exit node it leaves the graph by (-1: unreachable); the
   * path to the exit is in `predArc` (see `pathTo`).
   */
  runToExits(seeds: Seed[], exits: Seed[]): { cost: number; exit: number } {
    this.start(seeds, Infinity);
    const dist = this.dist;
    const { off, head, w } = this.csr;
    const pred = this.predArc;
    let best = Infinity;
    let exit = -1;
    while (this.heapSize > 0) {
      this.pop();
      const d = this.popKey;
      const u = this.popNode;
      if (d > dist[u]) continue; // stale entry
      if (d >= best) break; // nothing left can beat the best walk
      for (const x of exits) {
        if (x.node === u && d + x.cost < best) {
          best = d + x.cost;
          exit = u;
        }
      }
      for (let a = off[u], end = off[u + 1]; a < end; a++) {
        const v = head[a];
        const nd = d + w[a];
        if (nd < dist[v]) {
          if (dist[v] === Infinity) this.touch(v);
          dist[v] = nd;
          pred[v] = a;
          this.push(nd, v);
        }
      }
    }
    return { cost: best, exit };
  }

  /**
   * The arcs of the search tree from a seed to `node`, in walking order (arc indexes into the
   * CSR). Valid after a run that reached `node`.
   */
  pathTo(node: number, arcTail: (arc: number) => number): number[] {
    const arcs: number[] = [];
    for (let v = node, guard = 0; this.predArc[v] >= 0 && guard < this.dist.length; guard++) {
      const a = this.predArc[v];
      arcs.push(a);
      v = arcTail(a);
    }
    return arcs.reverse();
  }
}

/**
 * runDistances's search as a closure over arrays it never reassigns: V8 keeps them (and the heap
 * size, a local of each call) in registers where the same loop as a method reloads them from the
 * object (measured on the siting stage's 7,237 searches: about a third faster than run()). So
 * nothing grows: the heap has room for every arc (each is relaxed at most once, when its tail is
 * settled) and `seedRoom` seeds, the touched list for every node. `dist` is the Dijkstra's own.
 */
function distanceSearch(
  csr: Csr,
  dist: Float64Array,
  seedRoom: number,
): { seedRoom: number; run: (seeds: Seed[], budget: number) => { touched: Uint32Array; count: number } } {
  const { off, head, w } = csr;
  const touched = new Uint32Array(Math.max(1, dist.length));
  const hk = new Float64Array(head.length + seedRoom);
  const hn = new Uint32Array(head.length + seedRoom);
  const out = { touched, count: 0 };
  const run = (seeds: Seed[], budget: number) => {
    let tc = 0;
    // the heap size a local of this call, and push a closure of this call: V8 inlines it and
    // keeps hs in a register (an hs shared between calls measured slower)
    let hs = 0;
    const push = (key: number, node: number) => {
      let i = hs++;
      while (i > 0) {
        const p = (i - 1) >> 2;
        if (hk[p] <= key) break;
        hk[i] = hk[p];
        hn[i] = hn[p];
        i = p;
      }
      hk[i] = key;
      hn[i] = node;
    };
    for (const s of seeds)
      if (s.cost <= budget && s.cost < dist[s.node]) {
        if (dist[s.node] === Infinity) touched[tc++] = s.node;
        dist[s.node] = s.cost;
        push(s.cost, s.node);
      }
    while (hs > 0) {
      const d = hk[0];
      const u = hn[0];
      const n = --hs;
      if (n > 0) {
        // the last entry moves down from the root
        const key = hk[n];
        const node = hn[n];
        let i = 0;
        for (;;) {
          const c0 = 4 * i + 1;
          if (c0 >= n) break;
          let c = c0;
          let ck = hk[c0];
          const ce = Math.min(c0 + 4, n);
          for (let x = c0 + 1; x < ce; x++)
            if (hk[x] < ck) {
              ck = hk[x];
              c = x;
            }
          if (ck >= key) break;
          hk[i] = ck;
          hn[i] = hn[c];
          i = c;
        }
        hk[i] = key;
        hn[i] = node;
      }
      if (d > dist[u]) continue; // stale entry
      for (let a = off[u], end = off[u + 1]; a < end; a++) {
        const v = head[a];
        const nd = d + w[a];
        if (nd < dist[v] && nd <= budget) {
          if (dist[v] === Infinity) touched[tc++] = v;
          dist[v] = nd;
          push(nd, v);
        }
      }
    }
    out.count = tc;
    return out;
  };
  return { seedRoom, run };
}

/** metres per bucket of bucketSearch: most of a city's arcs are longer, so few nodes are taken twice (10-40 m measured alike) */
export const BUCKET_M = 20;
/** budgets beyond BUCKET_M x this many buckets use the heap */
const MAX_BUCKETS = 1 << 16;

/**
 * runDistances's search for a finite budget, on buckets of BUCKET_M metres instead of a heap: the
 * nodes whose tentative distance falls in bucket b are taken (in any order) before bucket b + 1,
 * and a node improved again after it was taken is taken again (label-correcting within a bucket,
 * Dial's buckets wider than the shortest arc). It stops when every bucket up to the budget is
 * empty, i.e. when no arc improves any node: the distances are then exactly the least float sums
 * that Dijkstra's order finds (see runDistances). Each bucket is a stack of entries (node, key) in
 * typed arrays; an entry whose key is above its node's distance is stale, as in the heap. Nothing
 * grows: when a search needs more entries than there are arcs (+ seeds), `run` puts every
 * distance back to Infinity and returns null, and the caller runs the heap instead.
 */
export function bucketSearch(
  csr: Csr,
  dist: Float64Array,
  seedRoom: number,
  maxBudget: number,
  entries = csr.head.length + seedRoom,
): {
  seedRoom: number;
  maxBudget: number;
  run: (
    seeds: Seed[],
    budget: number,
    limit?: Float64Array,
    into?: Float64Array,
  ) => { touched: Uint32Array; count: number } | null;
} {
  const { off, head, w } = csr;
  const own = dist;
  const touched = new Uint32Array(Math.max(1, dist.length));
  const inv = 1 / BUCKET_M;
  const bucketHead = new Int32Array(Math.floor(maxBudget * inv) + 2).fill(-1);
  const cap = Math.max(1, entries);
  const eNode = new Uint32Array(cap);
  const eKey = new Float64Array(cap);
  const eNext = new Int32Array(cap);
  const out = { touched, count: 0 };
  const run = (seeds: Seed[], budget: number, limit?: Float64Array, into?: Float64Array) => {
    const lim = limit ?? null;
    const dist = into ?? own;
    let tc = 0;
    let ne = 0;
    let bMin = bucketHead.length;
    let bMax = -1;
    let full = false;
    for (const s of seeds)
      if (s.cost <= budget && s.cost < dist[s.node]) {
        if (ne === cap) {
          full = true;
          break;
        }
        if (dist[s.node] === Infinity) touched[tc++] = s.node;
        dist[s.node] = s.cost;
        const b = Math.floor(s.cost * inv);
        eNode[ne] = s.node;
        eKey[ne] = s.cost;
        eNext[ne] = bucketHead[b];
        bucketHead[b] = ne++;
        if (b < bMin) bMin = b;
        if (b > bMax) bMax = b;
      }
    for (let b = bMin; b <= bMax && !full; b++) {
      for (let e = bucketHead[b]; e >= 0 && !full; e = bucketHead[b]) {
        bucketHead[b] = eNext[e];
        const u = eNode[e];
        const d = eKey[e];
        if (d > dist[u]) continue; // stale entry
        for (let a = off[u], end = off[u + 1]; a < end; a++) {
          const v = head[a];
          const nd = d + w[a];
          if (nd < dist[v] && nd <= budget && (lim === null || nd <= lim[v])) {
            if (ne === cap) {
              full = true;
              break;
            }
            if (dist[v] === Infinity) touched[tc++] = v;
            dist[v] = nd;
            // nd >= d: never a bucket before b
            const nb = Math.floor(nd * inv);
            eNode[ne] = v;
            eKey[ne] = nd;
            eNext[ne] = bucketHead[nb];
            bucketHead[nb] = ne++;
            if (nb > bMax) bMax = nb;
          }
        }
      }
    }
    if (full) {
      for (let b = bMin; b <= bMax; b++) bucketHead[b] = -1;
      for (let j = 0; j < tc; j++) dist[touched[j]] = Infinity;
      return null;
    }
    out.count = tc;
    return out;
  };
  return { seedRoom, maxBudget, run };
}
