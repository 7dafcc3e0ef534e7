/**
 * Coverage stage 3, per community and category, once the category's nearest-facility search has
 * run: the residents' walking distances and the share within the threshold (metrics), pass/fail
 * and why (reasons.ts), the route from the community's best origin to its nearest facility, and
 * the gap polygon when it fails.
 */
import type { Facility } from '../facilities/facility.js';
import type { WalkNetwork } from '../network/types.js';
import type { Category } from '../profiles/types.js';
import type { SnappedColumns } from '../snap/snapped-point.js';
import { walkLine } from '../route/route.js';
import type { CategoryOutcome } from './analysis.js';
import type { CommunityContext } from './community-context.js';
import { type EdgeGroups, edgeGroups, type NearestFacility } from './distance.js';
import { traceGap } from './gaps.js';
import { categoryReason } from './reasons.js';
import { weightedQuantile } from './stats.js';

/** what a category's assessment of one community needs besides the community */
export interface CategorySearch {
  category: Category;
  /** the search towards the category's facilities; null when none of them is on the network */
  nearest: NearestFacility | null;
  facilities: Facility[];
  passShare: number;
  maxSnapM: number;
}

export interface ResidentMetrics {
  /** walking metres from each resident sample point to the nearest facility (Infinity: none) */
  distances: Float64Array;
  /** residents' weight in all, and within the threshold */
  totalWeight: number;
  weightWithin: number;
  share: number;
}

export function residentMetrics(ctx: CommunityContext, search: CategorySearch): ResidentMetrics {
  const n = ctx.residentSnaps.length;
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = ctx.residentSnaps[i];
    distances[i] = search.nearest && s ? search.nearest.from(s) : Infinity;
  }
  const w = ctx.residents.weight;
  let totalWeight = 0;
  let weightWithin = 0;
  for (let i = 0; i < n; i++) {
    totalWeight += w[i];
    if (distances[i] <= search.category.threshold_m) weightWithin += w[i];
  }
  return { distances, totalWeight, weightWithin, share: totalWeight > 0 ? weightWithin / totalWeight : 0 };
}

/** facilities of the category within its threshold of the community's origins */
function facilitiesWithin(ctx: CommunityContext, search: CategorySearch): number {
  let count = 0;
  for (const dist of reachByCategory(ctx, search.facilities).get(search.category.id) ?? [])
    if (dist <= search.category.threshold_m) count++;
  return count;
}

/**
 * The community's facilities in reach grouped by category, once (not one pass over all of them
 * per category: 20 per community).
 */
const byCategory = new WeakMap<CommunityContext, { facilities: Facility[]; m: Map<string, number[]> }>();
function reachByCategory(ctx: CommunityContext, facilities: Facility[]): Map<string, number[]> {
  const known = byCategory.get(ctx);
  if (known && known.facilities === facilities) return known.m;
  const m = new Map<string, number[]>();
  for (const [fi, dist] of ctx.facilitiesInReach) {
    const c = facilities[fi].category;
    const l = m.get(c);
    if (l) l.push(dist);
    else m.set(c, [dist]);
  }
  byCategory.set(ctx, { facilities, m });
  return m;
}

/**
 * Each gap-grid point's walk to the nearest facility (in a buffer reused from call to call), its
 * points grouped by edge once per community (the grid's points are final by the categories' stage).
 */
const groupsOf = new WeakMap<SnappedColumns, EdgeGroups | null>();
let gridDist = new Float64Array(0);
function gridDistances(net: WalkNetwork, ctx: CommunityContext, nearest: NearestFacility | null): Float64Array {
  const pts = ctx.gapGrid.points;
  if (gridDist.length < pts.length) gridDist = new Float64Array(pts.length);
  const out = gridDist.subarray(0, pts.length);
  if (!nearest) return out.fill(Infinity);
  let groups = groupsOf.get(pts);
  if (groups === undefined) {
    groups = edgeGroups(pts, net.edgeCount);
    groupsOf.set(pts, groups);
  }
  nearest.columnDistances(pts, groups, out);
  return out;
}

/** the walk from the community's best origin to its nearest facility of the category */
function nearestFacilityRoute(
  net: WalkNetwork,
  ctx: CommunityContext,
  search: CategorySearch,
): CategoryOutcome['nearest'] {
  const nearest = search.nearest;
  if (!nearest || !ctx.origins.length) return null;
  let best = -1;
  let bestD = Infinity;
  ctx.origins.forEach((q, i) => {
    const d = nearest.from(q.snap);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  if (best < 0) return null;
  const origin = ctx.origins[best];
  const path = nearest.path(origin.snap);
  if (!path) return null;
  const facility = search.facilities[path.facility];
  const entrance = facility.points[path.point];
  const route = walkLine(net, origin, path.pieces, { lon: entrance[0], lat: entrance[1], snap: path.facilitySnap });
  return { facility, distanceM: bestD, route };
}

export function categoryOutcome(net: WalkNetwork, ctx: CommunityContext, search: CategorySearch): CategoryOutcome {
  const { category } = search;
  const m = residentMetrics(ctx, search);
  const anySnapped = ctx.residentSnaps.some((s) => s !== null);
  // (weights scaled to households can sum to 0.8999999… of a 0.9 share)
  const meets = m.share >= search.passShare - 1e-9;
  const pass: boolean | null = !anySnapped ? null : search.nearest ? meets : false;
  let gap: CategoryOutcome['gap'] = null;
  if (pass === false) {
    const g = traceGap(ctx.gapGrid, gridDistances(net, ctx, search.nearest), category.threshold_m);
    if (g) gap = { ...g, weightAffected: m.totalWeight - m.weightWithin };
  }
  const n = m.distances.length;
  return {
    category,
    minM: n ? minOf(m.distances) : Infinity,
    medianM: n ? weightedQuantile(m.distances, ctx.residents.weight, 0.5) : Infinity,
    maxM: n ? maxOf(m.distances) : Infinity,
    share: m.share,
    weightBeyond: m.totalWeight - m.weightWithin,
    facilitiesWithin: facilitiesWithin(ctx, search),
    pass,
    reason: categoryReason({ ...search, anySnapped, share: m.share, meets }),
    nearest: nearestFacilityRoute(net, ctx, search),
    gap,
    distances: m.distances,
  };
}

function minOf(a: Float64Array): number {
  let m = Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

function maxOf(a: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
