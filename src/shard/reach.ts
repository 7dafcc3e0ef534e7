/**
 * A shard reads only the network near its communities, and its results must equal those of the
 * whole network. Why they do, and where they might not (then merge recomputes that community on
 * the whole network, so the merged outputs are exact either way):
 *
 * The shard's network is the job's network clipped (network/clip.ts: an edge is kept when any of
 * its vertices lies within the margin) to A = the bbox of the shard's communities plus
 * margin M = reach + 2 * max_snap + 50 m. Every point whose walk is measured — a resident, a gap
 * grid point, an origin (gates lie within 20 m of a boundary) — lies in A (+ 50 m). Walking
 * distance is at least straight-line distance, so a walk of length d <= reach from such a point,
 * including the facility's own off-network leg (<= max_snap), stays within reach + max_snap of A;
 * every edge it uses has a vertex there, so it is in the clip, and so is every edge within
 * max_snap of the facility (the facility snaps onto the same edge). The clip is a subgraph: no walk
 * is shorter in it. Hence a distance <= reach in the clip is the distance in the whole network,
 * and one > reach in the clip is > reach in the whole network too (not exact: flagged).
 * Ties resolve the same way: Dijkstra pops (distance, node index), snapping prefers the lower
 * segment index, and clipping keeps nodes and edges in their relative order.
 *
 * What the clip can change, and how it is caught:
 *  - a distance beyond `reach` (a far nearest facility, or none reachable: Infinity): exact when
 *    the point's component lies wholly inside the clip (every node within the margin less
 *    2 * max_snap: no edge at them was cut, every facility near them was read and snaps as in the
 *    whole network, so the component and its facilities are the whole network's); else flagged;
 *    a category with no
 *    facility at all in the clip is recorded, and merge accepts it only if the whole network has
 *    none either;
 *  - a component cut by the clip looks smaller than it is: snapping skips fragments under
 *    min_component, so a cut component (one with a node beyond the margin) is given at least that
 *    size, and a snap onto one that is smaller in the clip is flagged (it may be a true fragment);
 *  - a straight segment longer than twice the margin that passes by A with both ends outside
 *    would be missed; OSM ways have vertices far more often than every 3 km, so this is assumed.
 */
import type { NearestFacility as NearestFacilityType } from '../coverage/distance.js';
import { NearestFacility } from '../coverage/distance.js';
import type { Community } from '../coverage/communities.js';
import type { FacilitySnap } from '../coverage/distance.js';
import type { Seed } from '../route/dijkstra.js';
import type { Band } from '../isochrone/bands.js';
import { bboxPolygon } from '../geo/polygon-index.js';
import { type ClipArea, clipTest } from '../network/clip.js';
import type { WalkNetwork } from '../network/types.js';
import type { Profile } from '../profiles/types.js';
import type { SnappedPoint } from '../snap/snapped-point.js';
import { communitiesBbox } from './partition.js';

/** gates and boundary crossings lie within 20 m of a community's boundary */
const ORIGIN_SLACK_M = 50;
/** local projections stretch distances by well under 1 % across a shard */
const PROJECTION_SLACK = 1.02;

export interface ShardArea {
  /** walking metres up to which the shard's distances are exact */
  reachM: number;
  clip: ClipArea;
  bbox: [number, number, number, number];
}

/** the longest distance any result is measured to: a threshold, or a band plus its corridor */
export function longestDistance(profile: Profile, bands: Band[], corridorM: number): number {
  return Math.max(...profile.categories.map((c) => c.threshold_m), ...bands.map((b) => b.metres + corridorM));
}

/**
 * The clip of a shard: distances up to twice the longest distance are exact in it (medians and
 * maxima of failing categories are often beyond the threshold), plus the snap legs at both ends.
 */
export function shardArea(
  communities: Community[],
  longestM: number,
  maxSnapM: number,
  label: string,
  reachM = 2 * longestM,
): ShardArea {
  const bbox = communitiesBbox(communities);
  const marginM = Math.ceil((reachM + ORIGIN_SLACK_M) * PROJECTION_SLACK + 2 * maxSnapM);
  return { reachM, bbox, clip: { label, geometry: bboxPolygon(bbox), marginM } };
}

export interface ShardNetwork {
  /** the clipped network, with cut components given at least min_component nodes */
  net: WalkNetwork;
  /** per component: 1 when it may continue beyond the clip (a node of it lies beyond the margin) */
  open: Uint8Array;
  /** per component: open and smaller than min_component in the clip (a snap onto it is not exact) */
  doubtful: Uint8Array;
  /** is a point within reach + max_snap of the shard's area (a facility that can matter)? */
  near: (lon: number, lat: number) => boolean;
  reachM: number;
  /** the clip's largest component is under min_component: nothing is exact */
  tooSmall: boolean;
}

export function shardNetwork(
  clipped: WalkNetwork,
  area: ShardArea,
  minComponent: number,
  maxSnapM: number,
): ShardNetwork {
  // nodes well inside the margin: every edge at them was kept, and so was every facility near them
  const inside = clipTest({ ...area.clip, marginM: area.clip.marginM - 2 * maxSnapM });
  const sizes = clipped.meta.componentSizes;
  const open = new Uint8Array(sizes.length);
  for (let i = 0; i < clipped.nodeCount; i++)
    if (!open[clipped.nodeComp[i]] && !inside(clipped.nodeLon[i], clipped.nodeLat[i])) open[clipped.nodeComp[i]] = 1;
  const doubtful = new Uint8Array(sizes.length);
  const grown = sizes.slice();
  for (let c = 0; c < sizes.length; c++)
    if (open[c] && sizes[c] < minComponent) {
      doubtful[c] = 1;
      grown[c] = minComponent;
    }
  const net: WalkNetwork = { ...clipped, meta: { ...clipped.meta, componentSizes: grown } };
  const near = clipTest({ ...area.clip, marginM: area.reachM + maxSnapM });
  return { net, open, doubtful, near, reachM: area.reachM, tooSmall: (sizes[0] ?? 0) < minComponent };
}

/** is this snapped point's place on the network the same as in the whole network? */
export function snapExact(sn: ShardNetwork, s: SnappedPoint): boolean {
  return !sn.doubtful[sn.net.nodeComp[sn.net.edgeU[s.edge]]];
}

/**
 * The nearest-facility search of a shard: the same search, noting any distance it hands out that
 * the clip may have changed (see above). `doubt` is read and reset per community × category.
 */
export class CheckedNearest extends NearestFacility {
  doubt = false;
  /** a facility that can matter snapped onto a doubtful fragment: every community is in doubt */
  facilityDoubt = false;
  /** the longest finite walk beyond the reach (what --shard-reach would have to be), metres */
  farthest = 0;

  constructor(private readonly sn: ShardNetwork) {
    super(sn.net);
  }

  protected prepare(targets: FacilitySnap[]): Seed[] {
    const seeds = super.prepare(targets);
    for (const t of targets)
      if (!snapExact(this.sn, t.snap) && this.sn.near(t.snap.lon, t.snap.lat)) this.facilityDoubt = true;
    return seeds;
  }

  protected fromParts(e: number, along: number, leg: number): number {
    const d = super.fromParts(e, along, leg);
    if (this.sn.doubtful[this.sn.net.nodeComp[this.sn.net.edgeU[e]]])
      this.doubt = true; // snapExact's test
    else if (d > this.sn.reachM && this.sn.open[this.sn.net.nodeComp[this.sn.net.edgeU[e]]]) {
      this.doubt = true;
      if (Number.isFinite(d) && d > this.farthest) this.farthest = d;
    }
    return d;
  }
}

export type { NearestFacilityType };
