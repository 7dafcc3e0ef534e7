/**
 * Coverage stage 2: one context per community, built once and read by every later stage. It owns
 * the community's polygon index (and with it the local projection), used here for the residents,
 * the origins (gates, boundary crossings) and the gap grid, instead of each building its own; the
 * snapped residents and origins; and the facilities in walking reach of the origins.
 */
import { PolygonIndex } from '../geo/polygon-index.js';
import { polygonOrigins, type OriginKind } from '../isochrone/origins.js';
import type { WalkNetwork } from '../network/types.js';
import type { Dijkstra } from '../route/dijkstra.js';
import type { PlacedPoint } from '../route/route.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import { arrivalMetres, sameEdgeMetres, sourceSeeds, type SnappedPoint } from '../snap/snapped-point.js';
import type { Community } from './communities.js';
import type { FacilitySnap } from './distance.js';
import { gapGrid, type GapGrid } from './gaps.js';
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
  gapGrid: GapGrid;
  /** facility index -> walking metres from the nearest origin, for facilities within the largest threshold */
  facilitiesInReach: Map<number, number>;
}

export interface ContextOptions {
  snap: SnapOptions;
  gapResolutionM: number;
  /** the largest category threshold: searches from the origins stop there */
  maxThresholdM: number;
}

export async function communityContext(
  net: WalkNetwork,
  community: Community,
  buildings: BuildingIndex,
  facilityPoints: Iterable<FacilitySnap[]>,
  forward: Dijkstra,
  o: ContextOptions,
): Promise<CommunityContext> {
  const area = new PolygonIndex(community.geometry);
  const residents = sampleResidents(net, community, buildings, area);
  const residentSnaps: (SnappedPoint | null)[] = [];
  for (let i = 0; i < residents.lon.length; i++) {
    const s = snapPoint(net, residents.lon[i], residents.lat[i], o.snap);
    residentSnaps.push(s.ok ? s.snap : null);
  }
  const found = await polygonOrigins(net, community.geometry, area);
  const origins: PlacedPoint[] = [];
  for (const p of found.points) {
    const s = snapPoint(net, p[0], p[1], o.snap);
    if (s.ok) origins.push({ lon: p[0], lat: p[1], snap: s.snap });
  }
  return {
    community,
    area,
    residents,
    residentSnaps,
    origins,
    originKind: found.kind,
    gapGrid: gapGrid(net, area, o.snap, o.gapResolutionM),
    facilitiesInReach: facilitiesInReach(net, origins, facilityPoints, forward, o.maxThresholdM),
  };
}

/** one bounded search from all the origins; each facility's walking metres from the nearest of them */
function facilitiesInReach(
  net: WalkNetwork,
  origins: PlacedPoint[],
  facilityPoints: Iterable<FacilitySnap[]>,
  forward: Dijkstra,
  maxThresholdM: number,
): Map<number, number> {
  const reach = new Map<number, number>();
  if (!origins.length) return reach;
  forward.run(
    origins.flatMap((p) => sourceSeeds(net, p.snap)),
    maxThresholdM,
  );
  for (const list of facilityPoints)
    for (const target of list) {
      let d = arrivalMetres(net, forward.dist, target.snap);
      // an origin on the facility's own edge
      for (const p of origins)
        if (p.snap.edge === target.snap.edge)
          d = Math.min(d, p.snap.dist + sameEdgeMetres(net, p.snap, target.snap) + target.snap.dist);
      if (d < (reach.get(target.facility) ?? Infinity)) reach.set(target.facility, d);
    }
  return reach;
}
