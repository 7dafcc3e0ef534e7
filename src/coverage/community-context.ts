/**
 * Coverage stage 2: one context per community, built once and read by every later stage. It owns
 * the community's polygon index (and with it the local projection), used here for the residents,
 * the origins (gates, boundary crossings) and the gap grid, instead of each building its own; the
 * snapped residents and origins; and the facilities in walking reach of the origins. A community
 * with gates (gates.ts) is a closed compound: residents, gap-grid points and origins all go
 * through its gates.
 */
import { PolygonIndex } from '../geo/polygon-index.js';
import { AreaSnapper } from '../snap/area-snapper.js';
import { polygonOrigins, type OriginKind } from '../isochrone/origins.js';
import type { WalkNetwork } from '../network/types.js';
import type { Dijkstra } from '../route/dijkstra.js';
import type { PlacedPoint } from '../route/route.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import {
  arrivalMetres,
  sameEdgeMetres,
  SnappedColumns,
  sourceSeeds,
  type SnappedPoint,
} from '../snap/snapped-point.js';
import type { Community } from './communities.js';
import type { FacilitySnap } from './distance.js';
import { gapGrid, type GapGrid, snapBox } from './gaps.js';
import { type CompoundGates, compoundGates, gridThroughGates, throughNearestGate } from './gates.js';
import { type BuildingIndex, sampleResidents, type Residents } from './residents.js';

export interface CommunityContext {
  community: Community;
  /** the community's polygon, indexed once in its own local projection (`area.proj`) */
  area: PolygonIndex;
  residents: Residents;
  /** each resident sample point on the network (null: too far from a walkable way) */
  residentSnaps: (SnappedPoint | null)[];
  /** where the community's walks start: its gates, else boundary crossings, else its centroid */
  origins: PlacedPoint[];
  originKind: OriginKind;
  /** the compound's gates when the community has some in the gates file (used: those that joined the network) */
  gates: CompoundGates | null;
  gapGrid: GapGrid;
  /** facility index -> walking metres from the nearest origin, for facilities within the largest threshold */
  facilitiesInReach: Map<number, number>;
}

export interface ContextOptions {
  snap: SnapOptions;
  gapResolutionM: number;
  /** the largest category threshold: searches from the origins stop there */
  maxThresholdM: number;
  /** the gap grid is made elsewhere (the search thread: analysis.ts) and set by attachGapGrid */
  gridElsewhere?: boolean;
}

export async function communityContext(
  net: WalkNetwork,
  community: Community,
  buildings: BuildingIndex,
  facilityTargets: FacilityTargets,
  forward: Dijkstra,
  o: ContextOptions,
): Promise<CommunityContext> {
  const area = new PolygonIndex(community.geometry);
  const residents = sampleResidents(net, community, buildings, area);
  // a closed compound (gates file): its residents and its walks go through its gates
  const gated = community.gates?.length ? compoundGates(net, area, community.gates, o.snap) : null;
  const closed = gated?.placed.length ? gated.placed : null;
  // residents and gap grid snapped through one index of the network around the community
  const snapper = new AreaSnapper(net, snapBox(area, o.gapResolutionM), o.snap);
  const residentSnaps: (SnappedPoint | null)[] = [];
  for (let i = 0; i < residents.lon.length; i++)
    residentSnaps.push(
      closed
        ? throughNearestGate(area, closed, area.proj.x(residents.lon[i]), area.proj.y(residents.lat[i]))
        : snapper.snap(residents.lon[i], residents.lat[i]),
    );
  const found = await communityOrigins(net, community, area, o.snap, gated, snapper);
  const origins: PlacedPoint[] = [];
  for (const p of found.points) if (p.snap) origins.push({ lon: p.lon, lat: p.lat, snap: p.snap });
  const grid = o.gridElsewhere ? noGrid(area, o.gapResolutionM) : gapGrid(net, area, o.snap, o.gapResolutionM, snapper);
  if (closed && !o.gridElsewhere) gridThroughGates(grid, area, closed);
  return {
    community,
    area,
    residents,
    residentSnaps,
    origins,
    originKind: found.kind,
    gates: gated,
    gapGrid: grid,
    facilitiesInReach: facilitiesInReach(net, origins, facilityTargets, forward, o.maxThresholdM),
  };
}

/**
 * Sets a context's gap grid made elsewhere (gapGrid over the same polygon and snap box, as
 * communityContext makes it), taking a closed compound's grid points through its gates as there.
 */
export function attachGapGrid(ctx: CommunityContext, grid: GapGrid): void {
  if (ctx.gates?.placed.length) gridThroughGates(grid, ctx.area, ctx.gates.placed);
  ctx.gapGrid = grid;
}

/** the gap grid communityContext makes (for a context made with gridElsewhere whose grid did not come) */
export function ownGapGrid(net: WalkNetwork, ctx: CommunityContext, o: ContextOptions): GapGrid {
  return gapGrid(
    net,
    ctx.area,
    o.snap,
    o.gapResolutionM,
    new AreaSnapper(net, snapBox(ctx.area, o.gapResolutionM), o.snap),
  );
}

function noGrid(area: PolygonIndex, r: number): GapGrid {
  return {
    proj: area.proj,
    x0: 0,
    y0: 0,
    w: 0,
    h: 0,
    r,
    inside: new Uint8Array(0),
    boundary: new Float64Array(0),
    points: new SnappedColumns(0),
    index: area,
  };
}

/** a community's origin point, snapped (null, with the reason, when it could not be) */
export interface OriginPoint {
  lon: number;
  lat: number;
  snap: SnappedPoint | null;
  reason: string | null;
}

/**
 * Where a community's walks start: a closed compound's gates that joined the network, else its
 * mapped entrances, boundary crossings or centroid (isochrone/origins.ts). The analysis and the
 * `network` command's origins layer both ask here, so the map shows what the analysis used. The
 * analysis passes the community's AreaSnapper (snapPoint's answers without a k-nearest query a
 * point: the city case has 15,100 origins, ~180 a community); a point it cannot place goes to
 * snapPoint for the reason.
 */
export async function communityOrigins(
  net: WalkNetwork,
  community: Community,
  area: PolygonIndex,
  snap: SnapOptions,
  gated = community.gates?.length ? compoundGates(net, area, community.gates, snap) : null,
  snapper?: AreaSnapper,
): Promise<{ kind: OriginKind; points: OriginPoint[] }> {
  if (gated?.placed.length)
    return { kind: 'gate', points: gated.placed.map(({ lon, lat, snap: s }) => ({ lon, lat, snap: s, reason: null })) };
  const found = await polygonOrigins(net, community.geometry, area);
  return {
    kind: found.kind,
    points: found.points.map((p) => {
      const placed = snapper?.snap(p[0], p[1]);
      if (placed) return { lon: p[0], lat: p[1], snap: placed, reason: null };
      const s = snapPoint(net, p[0], p[1], snap);
      return { lon: p[0], lat: p[1], snap: s.ok ? s.snap : null, reason: s.ok ? null : s.reason };
    }),
  };
}

/**
 * Every facility point of every category in one list (the order of the category lists), indexed
 * by the ends of its edge and by its edge: after a bounded search from a community's origins only
 * the points next to a node it reached, or on an origin's own edge, can be in reach.
 */
export class FacilityTargets {
  readonly list: FacilitySnap[] = [];
  private nodeOff: Uint32Array;
  private nodeT: Uint32Array;
  private byEdge = new Map<number, number[]>();
  private stamp: Uint32Array;
  private run = 0;

  constructor(net: WalkNetwork, facilityPoints: Iterable<FacilitySnap[]>) {
    for (const l of facilityPoints) for (const t of l) this.list.push(t);
    const n = this.list.length;
    const deg = new Uint32Array(net.nodeCount + 1);
    this.list.forEach((t, k) => {
      deg[net.edgeU[t.snap.edge] + 1]++;
      deg[net.edgeV[t.snap.edge] + 1]++;
      const l = this.byEdge.get(t.snap.edge);
      if (l) l.push(k);
      else this.byEdge.set(t.snap.edge, [k]);
    });
    for (let v = 0; v < net.nodeCount; v++) deg[v + 1] += deg[v];
    this.nodeOff = deg;
    this.nodeT = new Uint32Array(deg[net.nodeCount]);
    const fill = deg.slice(0, net.nodeCount);
    this.list.forEach((t, k) => {
      this.nodeT[fill[net.edgeU[t.snap.edge]]++] = k;
      this.nodeT[fill[net.edgeV[t.snap.edge]]++] = k;
    });
    this.stamp = new Uint32Array(Math.max(1, n));
  }

  /** the points that may be reached by the last run of `search` from `origins`, in list order */
  near(search: Dijkstra, origins: PlacedPoint[]): number[] {
    const run = ++this.run;
    const out: number[] = [];
    const add = (k: number) => {
      if (this.stamp[k] === run) return;
      this.stamp[k] = run;
      out.push(k);
    };
    for (let j = 0; j < search.touchedCount; j++) {
      const v = search.touched[j];
      for (let a = this.nodeOff[v]; a < this.nodeOff[v + 1]; a++) add(this.nodeT[a]);
    }
    for (const p of origins) for (const k of this.byEdge.get(p.snap.edge) ?? []) add(k);
    return out.sort((a, b) => a - b);
  }
}

/**
 * One bounded search from all the origins; each facility's walking metres from the nearest of
 * them. Only the facility points next to the search (FacilityTargets.near) are looked at, in the
 * order of the full list, so the map is the one a scan of every point would build, in the same
 * insertion order (service-area.ts sums floor areas in it).
 */
function facilitiesInReach(
  net: WalkNetwork,
  origins: PlacedPoint[],
  targets: FacilityTargets,
  forward: Dijkstra,
  maxThresholdM: number,
): Map<number, number> {
  const reach = new Map<number, number>();
  if (!origins.length) return reach;
  forward.run(
    origins.flatMap((p) => sourceSeeds(net, p.snap)),
    maxThresholdM,
  );
  for (const k of targets.near(forward, origins)) {
    const target = targets.list[k];
    let d = arrivalMetres(net, forward.dist, target.snap);
    // an origin on the facility's own edge
    for (const p of origins)
      if (p.snap.edge === target.snap.edge)
        d = Math.min(d, p.snap.dist + sameEdgeMetres(net, p.snap, target.snap) + target.snap.dist);
    if (d < (reach.get(target.facility) ?? Infinity)) reach.set(target.facility, d);
  }
  return reach;
}
