/**
 * Walking distance from anywhere to the nearest facility of one category: one multi-source
 * Dijkstra on the reversed graph from all the category's facilities (Pandana's nearest-POI idea on
 * our core) gives every node its distance to the nearest facility; a point's distance is then its
 * off-network leg + the part of its edge to an end + that end's distance (or straight along the
 * edge when a facility is snapped on the same edge). The snapped-point arithmetic is in
 * snap/snapped-point.ts.
 */
import { ARC_REVERSED, type Csr } from '../network/csr.js';
import { Dijkstra, type Seed } from '../route/dijkstra.js';
import type { EdgePiece } from '../route/route.js';
import { walkGraph, type GraphNetwork } from '../route/walk-graph.js';
import {
  departureMetresAt,
  leaveMetres,
  sameEdgeMetres,
  type SnappedColumns,
  type SnappedPoint,
  targetSeeds,
  walksBackward,
  walksForward,
} from '../snap/snapped-point.js';

/** one snapped point (an entrance, or the point itself) of a facility */
export interface FacilitySnap {
  facility: number;
  /** which of the facility's points (entrances) this is */
  point: number;
  snap: SnappedPoint;
}

export interface FacilityPath {
  /** the edges walked, in walking order */
  pieces: EdgePiece[];
  facility: number;
  point: number;
  facilitySnap: SnappedPoint;
}

/** the seeds of a search towards the facility points (what NearestFacility.run starts from) */
export function facilitySeeds(net: GraphNetwork, targets: FacilitySnap[]): Seed[] {
  const seeds: Seed[] = [];
  for (const target of targets) for (const seed of targetSeeds(net, target.snap)) seeds.push(seed);
  return seeds;
}

export class NearestFacility {
  readonly dijkstra: Dijkstra;
  readonly reverse: Csr;
  /** the facility points snapped onto each edge, for walks that stay on one edge */
  private onEdge = new Map<number, FacilitySnap[]>();
  /** seed node -> the facility point it was seeded for (the cheapest) and from which end, for tracing routes */
  private seedFacility = new Map<number, { target: FacilitySnap; cost: number; atU: boolean }>();

  /** the last search's distances and predecessors (this.dijkstra's, or adopted) */
  private dist: Float64Array;
  /** node -> its index into dist (an adopted search's numbering); null: the node itself */
  private rank: Uint32Array | null = null;
  private predArc: Int32Array | null;
  private zeroArcs: boolean | null = null;
  /** the last prepare()'s seeds */
  private seeds: Seed[] = [];
  /** 1 for the edges in onEdge */
  private targetEdge: Uint8Array;

  constructor(private readonly net: GraphNetwork) {
    this.reverse = walkGraph(net).reverse;
    this.dijkstra = new Dijkstra(this.reverse, net.nodeCount);
    this.dist = this.dijkstra.dist;
    this.predArc = this.dijkstra.predArc;
    this.targetEdge = new Uint8Array(net.edgeCount);
  }

  /** One search towards all the given facility points; nodes beyond `budget` metres keep Infinity. */
  run(targets: FacilitySnap[], budget = Infinity): void {
    const seeds = this.prepare(targets);
    this.dijkstra.run(seeds, budget);
    this.dist = this.dijkstra.dist;
    this.rank = null;
    this.predArc = this.dijkstra.predArc;
  }

  /**
   * The state run() leaves, from the same search run elsewhere (another thread: search-thread.ts):
   * its distances for the seeds of `facilitySeeds(net, targets)`, node v's at dist[rank[v]] (the
   * other thread's numbering; without rank, dist[v]); the arcs follow from them (predOf).
   */
  adopt(targets: FacilitySnap[], dist: Float64Array, rank: Uint32Array | null = null): void {
    this.prepare(targets);
    this.dist = dist;
    this.rank = rank;
    this.predArc = null;
  }

  /** the last search's distance of node v */
  private d(v: number): number {
    return this.dist[this.rank ? this.rank[v] : v];
  }

  /**
   * The arc run() would have reached node v by (-1: a seed, or unreached), from the distances alone:
   * for a search adopted without predecessors (the search thread sends distances only). Dijkstra
   * takes nodes in (distance, index) order and keeps the first arc that improves a node, so v's
   * arc comes from the first-taken node u with dist[u] + w = dist[v] (u taken before v), and is
   * the first such arc in u's list; a seed whose cost is its distance keeps no arc. The same
   * arithmetic, so the same arc as run()'s to the bit (test/coverage/nearest-adopt.test.ts).
   * Nodes of equal distance are taken in index order — unless 0 m arcs push entries while that
   * distance is being taken: on a network with such arcs (one in Monaco's 5,152 edges; none in the
   * generated cases) a tie is settled by running the heap search here once (materialize).
   */
  private predOf(v: number): number {
    if (this.predArc) return this.predArc[v];
    const dv = this.d(v);
    if (!(dv < Infinity)) return -1;
    const seed = this.seedFacility.get(v);
    if (seed && seed.cost === dv) return -1;
    // arcs into v in the reversed graph = arcs out of v in walking direction
    const fwd = walkGraph(this.net).forward;
    let best = -1;
    let tie = false;
    for (let a = fwd.off[v], end = fwd.off[v + 1]; a < end; a++) {
      const u = fwd.head[a];
      const du = this.d(u);
      if (du + fwd.w[a] !== dv) continue;
      if (du === dv) tie = true;
      if (!(du < dv || (du === dv && u < v))) continue; // taken after v: it cannot have improved it
      const dBest = best >= 0 ? this.d(best) : Infinity;
      if (best >= 0 && du === dBest) tie = true;
      if (best < 0 || du < dBest || (du === dBest && u < best)) best = u;
    }
    if (tie && this.hasZeroArcs()) return this.materialize()[v];
    if (best < 0) return -1;
    const rev = this.reverse;
    const dBest = this.d(best);
    for (let a = rev.off[best], end = rev.off[best + 1]; a < end; a++)
      if (rev.head[a] === v && dBest + rev.w[a] === dv) return a;
    return -1;
  }

  /** whether some arc costs 0 m (then equal distances need not be taken in index order) */
  private hasZeroArcs(): boolean {
    if (this.zeroArcs === null) {
      this.zeroArcs = false;
      for (const w of this.reverse.w)
        if (w === 0) {
          this.zeroArcs = true;
          break;
        }
    }
    return this.zeroArcs;
  }

  /** the adopted search's predecessors, by running it here (its distances are the same to the bit) */
  private materialize(): Int32Array {
    this.dijkstra.run(this.seeds);
    this.dist = this.dijkstra.dist;
    this.rank = null;
    this.predArc = this.dijkstra.predArc;
    return this.predArc;
  }

  /** the seeds of a search towards the targets; the facility points per edge and per seed node for from() and path() */
  protected prepare(targets: FacilitySnap[]): Seed[] {
    const net = this.net;
    const seeds: Seed[] = [];
    this.seeds = seeds;
    for (const e of this.onEdge.keys()) this.targetEdge[e] = 0;
    this.onEdge.clear();
    this.seedFacility.clear();
    for (const target of targets) {
      for (const seed of targetSeeds(net, target.snap)) {
        seeds.push(seed);
        const cur = this.seedFacility.get(seed.node);
        if (!cur || seed.cost < cur.cost)
          this.seedFacility.set(seed.node, { target, cost: seed.cost, atU: seed.end === 'u' });
      }
      const list = this.onEdge.get(target.snap.edge) ?? [];
      list.push(target);
      this.onEdge.set(target.snap.edge, list);
      this.targetEdge[target.snap.edge] = 1;
    }
    return seeds;
  }

  /**
   * fromColumn() for every point of `c` into `out` (Infinity where not snapped), reading the
   * network's arrays and the distances once per edge of `groups` (a community's gap grid: thousands
   * of points on a few hundred edges, for each of ~20 categories) instead of once per point. The
   * same arithmetic as departureMetresAt in the same order, so the same numbers to the bit; a point
   * on an edge with a facility, or a subclass's own fromParts (shard/reach.ts), goes through fromParts.
   */
  columnDistances(c: SnappedColumns, groups: EdgeGroups | null, out: Float64Array): void {
    const n = c.length;
    if (!groups || this.fromParts !== NearestFacility.prototype.fromParts) {
      for (let k = 0; k < n; k++) out[k] = this.fromColumn(c, k);
      return;
    }
    const net = this.net;
    const D = this.dist;
    const rank = this.rank;
    const m = groups.edges.length;
    if (edgeScratch.len.length < m) edgeScratch = newEdgeScratch(2 * m);
    const { len, du, dv, how } = edgeScratch;
    for (let j = 0; j < m; j++) {
      const e = groups.edges[j];
      len[j] = net.edgeLen[e];
      du[j] = D[rank ? rank[net.edgeU[e]] : net.edgeU[e]];
      dv[j] = D[rank ? rank[net.edgeV[e]] : net.edgeV[e]];
      how[j] = this.targetEdge[e] ? 4 : (walksBackward(net, e) ? 1 : 0) | (walksForward(net, e) ? 2 : 0);
    }
    const { edge, along, dist } = c;
    const local = groups.local;
    for (let k = 0; k < n; k++) {
      if (edge[k] < 0) {
        out[k] = Infinity;
        continue;
      }
      const j = local[k];
      const h = how[j];
      const a = along[k];
      if (h === 4) {
        out[k] = this.fromParts(edge[k], a, dist[k]);
        continue;
      }
      const L = len[j];
      const viaU = (h & 1) !== 0 || a <= 0 ? a + du[j] : Infinity;
      const viaV = (h & 2) !== 0 || a >= L ? L - a + dv[j] : Infinity;
      out[k] = dist[k] + Math.min(viaU, viaV);
    }
  }

  /** distance (m) from a snapped point to the nearest facility, Infinity if none is reachable */
  from(s: SnappedPoint): number {
    return this.fromParts(s.edge, s.along, s.dist);
  }

  /** from() for point k of a column store (a gap grid's points); Infinity where it is not snapped */
  fromColumn(c: SnappedColumns, k: number): number {
    const e = c.edge[k];
    return e < 0 ? Infinity : this.fromParts(e, c.along[k], c.dist[k]);
  }

  /** from() of the point `along` metres along edge `e`, `leg` metres off it */
  protected fromParts(e: number, along: number, leg: number): number {
    let best = departureMetresAt(this.net, this.dist, e, along, leg, this.rank);
    // most points share no edge with a facility: a byte per edge says so without a Map lookup
    // (this runs for every resident and gap-grid point of every community and category)
    if (this.targetEdge[e] === 0) return best;
    const same = this.onEdge.get(e);
    if (same)
      for (const target of same) {
        // sameEdgeMetres (snapped-point.ts), inlined for the columns' form: same edge, walkable towards T
        const delta = target.snap.along - along;
        const metres =
          delta > 0
            ? walksForward(this.net, e)
              ? delta
              : Infinity
            : delta < 0
              ? walksBackward(this.net, e)
                ? -delta
                : Infinity
              : 0;
        const d = leg + (metres + target.snap.dist);
        if (d < best) best = d;
      }
    return best;
  }

  /**
   * The walking path from a snapped point to its nearest facility: edges in walking order as
   * [edge, fromMetres, toMetres] pieces, and the facility reached.
   */
  path(s: SnappedPoint): FacilityPath | null {
    const net = this.net;
    const e = s.edge;
    const L = net.edgeLen[e];
    const [toU, toV] = leaveMetres(net, s);
    const viaU = toU + this.d(net.edgeU[e]);
    const viaV = toV + this.d(net.edgeV[e]);
    let direct: FacilitySnap | null = null;
    let directD = Infinity;
    for (const target of this.onEdge.get(e) ?? []) {
      const d = sameEdgeMetres(net, s, target.snap) + target.snap.dist;
      if (d < directD) {
        directD = d;
        direct = target;
      }
    }
    if (direct && directD <= viaU && directD <= viaV)
      return {
        pieces: [[e, s.along, direct.snap.along]],
        facility: direct.facility,
        point: direct.point,
        facilitySnap: direct.snap,
      };
    if (!Number.isFinite(Math.min(viaU, viaV))) return null;
    const pieces: EdgePiece[] = [];
    let node: number;
    if (viaU <= viaV) {
      pieces.push([e, s.along, 0]);
      node = net.edgeU[e];
    } else {
      pieces.push([e, s.along, L]);
      node = net.edgeV[e];
    }
    // follow the reversed search's tree towards the seed: the arc that reached `node` runs, in
    // walking terms, from `node` to the other end of its edge, one step closer to the facility
    const rev = this.reverse;
    for (let guard = 0; guard < net.nodeCount; guard++) {
      const a = this.predOf(node);
      if (a < 0) break;
      const edge = rev.edge[a] & ~ARC_REVERSED;
      const fromU = net.edgeU[edge] === node;
      pieces.push(fromU ? [edge, 0, net.edgeLen[edge]] : [edge, net.edgeLen[edge], 0]);
      node = fromU ? net.edgeV[edge] : net.edgeU[edge];
    }
    const seed = this.seedFacility.get(node);
    if (!seed) return null;
    const fe = seed.target.snap.edge;
    pieces.push(seed.atU ? [fe, 0, seed.target.snap.along] : [fe, net.edgeLen[fe], seed.target.snap.along]);
    return { pieces, facility: seed.target.facility, point: seed.target.point, facilitySnap: seed.target.snap };
  }
}

/**
 * The points of a column store grouped by the edge they lie on: `edges` each edge once, `local`
 * each point's index into it (read only where the point is snapped). Made once per community's gap
 * grid, for NearestFacility.columnDistances; null when the points lie on more edges than `local`
 * can number (then each point is measured on its own, to the same numbers).
 */
export interface EdgeGroups {
  edges: Int32Array;
  local: Uint16Array;
}

export function edgeGroups(c: SnappedColumns, edgeCount: number): EdgeGroups | null {
  if (localOf.length < edgeCount) localOf = new Int32Array(edgeCount).fill(-1);
  const local = new Uint16Array(c.length);
  const edges: number[] = [];
  let ok = true;
  for (let k = 0; k < c.length; k++) {
    const e = c.edge[k];
    if (e < 0) continue;
    let j = localOf[e];
    if (j < 0) {
      j = edges.length;
      if (j > 0xffff) ok = false;
      localOf[e] = j;
      edges.push(e);
    }
    local[k] = j;
  }
  for (const e of edges) localOf[e] = -1; // left all -1 for the next grid
  return ok ? { edges: Int32Array.from(edges), local } : null;
}

// edge -> its index in the grid being grouped (-1: none yet), one array for all grids
let localOf = new Int32Array(0);

// columnDistances' per-edge values, reused from call to call (one per community x category)
function newEdgeScratch(m: number) {
  return { len: new Float64Array(m), du: new Float64Array(m), dv: new Float64Array(m), how: new Uint8Array(m) };
}
let edgeScratch = newEdgeScratch(0);
