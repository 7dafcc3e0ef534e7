/**
 * Walking distance from anywhere to the nearest facility of one category: one multi-source
 * Dijkstra on the reversed graph from all the category's facilities (Pandana's nearest-POI idea on
 * our core) gives every node its distance to the nearest facility; a point's distance is then its
 * off-network leg + the part of its edge to an end + that end's distance (or straight along the
 * edge when a facility is snapped on the same edge).
 */
import { ARC_REVERSED, buildCsr, type Csr } from '../network/csr.js';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, type WalkNetwork } from '../network/types.js';
import { Dijkstra, type Seed } from '../route/dijkstra.js';
import type { Snap } from '../snap/snap.js';

export interface FacilitySnap {
  facility: number;
  /** which of the facility's points (entrances) this is */
  point: number;
  snap: Snap;
}

export class NearestFacility {
  readonly dijkstra: Dijkstra;
  readonly reverse: Csr;
  private onEdge = new Map<number, FacilitySnap[]>();
  /** seed node -> facility, for tracing routes */
  private seedFacility = new Map<number, { facility: number; point: number; snap: Snap; cost: number }>();

  constructor(private readonly net: WalkNetwork) {
    this.reverse = buildCsr(net, true);
    this.dijkstra = new Dijkstra(this.reverse, net.nodeCount);
  }

  /** Arrival seeds: reaching the facility's snap point from an end of its edge, then its leg. */
  run(snaps: FacilitySnap[]): void {
    const net = this.net;
    const seeds: Seed[] = [];
    this.onEdge.clear();
    this.seedFacility.clear();
    for (const fs of snaps) {
      const { edge, along, dist } = fs.snap;
      const f = net.edgeFlags[edge];
      const add = (node: number, cost: number) => {
        seeds.push({ node, cost });
        const cur = this.seedFacility.get(node);
        if (!cur || cost < cur.cost)
          this.seedFacility.set(node, { facility: fs.facility, point: fs.point, snap: fs.snap, cost });
      };
      if (!(f & EDGE_BACKWARD_ONLY)) add(net.edgeU[edge], dist + along); // walk u -> snap point
      if (!(f & EDGE_FORWARD_ONLY)) add(net.edgeV[edge], dist + (net.edgeLen[edge] - along)); // v -> snap point
      const list = this.onEdge.get(edge) ?? [];
      list.push(fs);
      this.onEdge.set(edge, list);
    }
    this.dijkstra.run(seeds);
  }

  /** distance (m) from a snapped point to the nearest facility, Infinity if none is reachable */
  from(s: Snap): number {
    const net = this.net;
    const D = this.dijkstra.dist;
    const e = s.edge;
    const f = net.edgeFlags[e];
    let best = Infinity;
    if (!(f & EDGE_FORWARD_ONLY)) best = Math.min(best, s.along + D[net.edgeU[e]]); // towards u
    if (!(f & EDGE_BACKWARD_ONLY)) best = Math.min(best, net.edgeLen[e] - s.along + D[net.edgeV[e]]); // towards v
    const same = this.onEdge.get(e);
    if (same)
      for (const fs of same) {
        const delta = fs.snap.along - s.along;
        if (delta >= 0 ? !(f & EDGE_BACKWARD_ONLY) : !(f & EDGE_FORWARD_ONLY))
          best = Math.min(best, Math.abs(delta) + fs.snap.dist);
      }
    return s.dist + best;
  }

  /**
   * The walking path from a snapped point to its nearest facility: edges in walking order as
   * [edge, fromMetres, toMetres] pieces, and the facility reached.
   */
  path(s: Snap): { pieces: [number, number, number][]; facility: number; point: number; facilitySnap: Snap } | null {
    const net = this.net;
    const D = this.dijkstra.dist;
    const e = s.edge;
    const f = net.edgeFlags[e];
    const L = net.edgeLen[e];
    const viaU = !(f & EDGE_FORWARD_ONLY) ? s.along + D[net.edgeU[e]] : Infinity;
    const viaV = !(f & EDGE_BACKWARD_ONLY) ? L - s.along + D[net.edgeV[e]] : Infinity;
    let direct: FacilitySnap | null = null;
    let directD = Infinity;
    for (const fs of this.onEdge.get(e) ?? []) {
      const delta = fs.snap.along - s.along;
      if (
        (delta >= 0 ? !(f & EDGE_BACKWARD_ONLY) : !(f & EDGE_FORWARD_ONLY)) &&
        Math.abs(delta) + fs.snap.dist < directD
      ) {
        directD = Math.abs(delta) + fs.snap.dist;
        direct = fs;
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
    const pieces: [number, number, number][] = [];
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
    const { predArc } = this.dijkstra;
    const rev = this.reverse;
    for (let guard = 0; guard < net.nodeCount; guard++) {
      const a = predArc[node];
      if (a < 0) break;
      const edge = rev.edge[a] & ~ARC_REVERSED;
      const fromU = net.edgeU[edge] === node;
      pieces.push(fromU ? [edge, 0, net.edgeLen[edge]] : [edge, net.edgeLen[edge], 0]);
      node = fromU ? net.edgeV[edge] : net.edgeU[edge];
    }
    const seed = this.seedFacility.get(node);
    if (!seed) return null;
    const fe = seed.snap.edge;
    pieces.push(net.edgeU[fe] === node ? [fe, 0, seed.snap.along] : [fe, net.edgeLen[fe], seed.snap.along]);
    return { pieces, facility: seed.facility, point: seed.point, facilitySnap: seed.snap };
  }
}
