/**
 * Community coverage: for every community and every category of the profile, how far its
 * residents walk to the nearest facility, what share of them is within the standard's distance,
 * which facilities are in reach, pass/fail, the gap polygons, the route to the nearest facility
 * and the community's own isochrones. The stages, each in its own file:
 *   1. facility-snaps.ts       facilities onto the network
 *   2. community-context.ts    per community, once: polygon index, residents, origins, gap grid, reach
 *   3. category-outcome.ts     per category, one search towards its facilities (distance.ts), then per
 *                              community: metrics, pass/fail and reasons (reasons.ts), route, gap
 *   4. community-isochrones.ts the communities' isochrones on the worker pool
 *   and service-area.ts, the 每百户30平方米 check.
 */
import type { Position } from 'geojson';
import type { Facility } from '../facilities/facility.js';
import type { Band } from '../isochrone/bands.js';
import type { BandResult } from '../isochrone/engine.js';
import type { OriginKind } from '../isochrone/origins.js';
import type { WalkNetwork } from '../network/types.js';
import type { Bilingual, Category, Profile } from '../profiles/types.js';
import { Dijkstra } from '../route/dijkstra.js';
import type { PlacedPoint } from '../route/route.js';
import { walkGraph } from '../route/walk-graph.js';
import type { SnapOptions } from '../snap/snap.js';
import type { SnappedPoint } from '../snap/snapped-point.js';
import type { CommunityQuality } from './quality.js';
import { withSmallInlining } from '../util/compile-budget.js';
import { mark } from '../util/timing.js';
import { categoryOutcome } from './category-outcome.js';
import type { Community } from './communities.js';
import {
  attachGapGrid,
  type CommunityContext,
  communityContext,
  FacilityTargets,
  ownGapGrid,
} from './community-context.js';
import type { CompoundGates } from './gates.js';
import { communityIsochrones, isochronePoolFor, startCommunityIsochrones } from './community-isochrones.js';
import { NearestFacility } from './distance.js';
import { snapFacilities } from './facility-snaps.js';
import { SearchThread } from './search-thread.js';
import { type Gap, gapGridOf } from './gaps.js';
import { noNetworkReason } from './reasons.js';
import { BuildingIndex, type Residents } from './residents.js';
import { serviceArea } from './service-area.js';

export { SERVICE_AREA_CATEGORY, SERVICE_AREA_M2_PER_100_HOUSEHOLDS } from './service-area.js';

export interface CoverageOptions {
  passShare: number;
  snap: SnapOptions;
  bands: Band[];
  corridorM: number;
  resolutionM: number;
  gapResolutionM: number;
  progress?: (stage: string, done: number, total: number) => void;
  /** the nearest-facility search to use instead of a plain one (a shard's checks what the clip may change: shard/reach.ts) */
  nearest?: NearestFacility;
  /** after each community × category outcome (k: the community, ci: the category), whether the category had facilities on the network */
  afterOutcome?: (k: number, ci: number, hadFacilities: boolean) => void;
  /** the search thread to use and leave open (null: none); undefined: one of its own, closed at the end */
  searchThread?: SearchThread | null;
  /**
   * once the search thread has been handed its last category search (work queued there after it
   * runs while this thread does the last categories: the siting's coverage lists, run-job.ts): the
   * communities' outcomes so far, the categories not done yet missing from each list
   */
  afterSearches?: (communities: CategoryStageOutcome[]) => void;
  /**
   * false: the communities' isochrones are not drawn (each outcome's `isochrones` null, no worker
   * pool started) — when no output of the run shows them (outputs/formats.ts `drawsIsochrones`)
   */
  isochrones?: boolean;
}

/** what a community's outcome holds during the categories (CoverageOptions.afterSearches) */
export type CategoryStageOutcome = Pick<CommunityOutcome, 'status' | 'residentSnaps' | 'categories'>;

export interface CategoryOutcome {
  category: Category;
  /** walking metres to the nearest facility over the residents (Infinity: none reachable) */
  minM: number;
  medianM: number;
  maxM: number;
  /** share of the residents' weight within the threshold */
  share: number;
  weightBeyond: number;
  facilitiesWithin: number;
  /** null: not assessed (no resident could be placed on the network) */
  pass: boolean | null;
  /** why it failed or was not assessed */
  reason: Bilingual | null;
  nearest: { facility: Facility; distanceM: number; route: Position[] } | null;
  /** set by assessCoverage (assess.ts): no facility of this category anywhere in OSM or the lists */
  noData?: boolean;
  gap: (Gap & { weightAffected: number }) | null;
  /** each resident sample point's walking distance to the nearest facility (Infinity: none); siting starts from these */
  distances: Float64Array;
}

export interface CommunityOutcome {
  community: Community;
  residents: Residents;
  /** each resident sample point on the network (null: not snapped) */
  residentSnaps: (SnappedPoint | null)[];
  residentsSnapped: number;
  status: 'ok' | 'no network';
  reason: Bilingual | null;
  originKind: OriginKind;
  originPoints: number;
  /** the points the community's walks start from, with where they joined the network */
  origins: PlacedPoint[];
  /** a closed compound's gates (gates file + OSM entrances on its boundary): used and unsnapped; null without */
  gates: CompoundGates | null;
  categories: CategoryOutcome[];
  requiredMet: number;
  requiredTotal: number;
  /** set by assessCoverage: required categories assessed (pass or fail), and the coverage index (0–1) */
  requiredAssessed?: number;
  coverageIndex?: number | null;
  /** set by assessQuality (quality.ts): data-quality flags with their numbers */
  quality?: CommunityQuality;
  /** set by apportionServiceArea (service-area.ts): floor area credited from each shared facility */
  serviceShares?: { facility: Facility; m2: number; households: number }[];
  serviceArea: { status: 'pass' | 'fail' | 'not assessed'; m2Per100Households: number | null; reason: Bilingual };
  isochrones: BandResult[] | null;
}

export interface CoverageResult {
  communities: CommunityOutcome[];
  /** facilities that could not be placed on the network (key -> reason) */
  unsnappedFacilities: { facility: Facility; reason: string }[];
  facilitiesUsed: number;
}

/**
 * below this many network edges (the city case: 360,980) the analysis compiles with V8's small
 * inlining budget (util/compile-budget.ts): its stages run many functions briefly, on three
 * threads compiling on two cores (city job: analysis CPU −6 %, BENCHMARKS.md issue 13 round 11);
 * the 500-community case's (~1 M edges) hot loops ran long enough to pay for their inlining. With
 * the siting's work queued during the analysis (afterSearches) too: its candidate sites and lists
 * on the search thread are one-shot code as well (BENCHMARKS.md issue 12 round 14).
 */
export const SMALL_INLINING_EDGES = 500_000;

export function analyseCoverage(
  net: WalkNetwork,
  profile: Profile,
  communities: Community[],
  facilities: Facility[],
  options: CoverageOptions,
): Promise<CoverageResult> {
  const small = net.edgeCount < SMALL_INLINING_EDGES;
  return withSmallInlining(small, () => analyse(net, profile, communities, facilities, options));
}

async function analyse(
  net: WalkNetwork,
  profile: Profile,
  communities: Community[],
  facilities: Facility[],
  options: CoverageOptions,
): Promise<CoverageResult> {
  const progress = options.progress ?? (() => undefined);
  // started first, so that (for runs large enough to use them) its workers warm up meanwhile
  const drawn = options.isochrones !== false;
  const pool = drawn ? isochronePoolFor(communities.length, options) : null;
  // stage 3's search thread, started now so that it renumbers its graph while stage 2 runs
  const own = options.searchThread === undefined;
  const thread = own ? (profile.categories.length > 1 ? SearchThread.create(net) : null) : options.searchThread!;
  try {
    // 1. facilities onto the network
    const snapped = snapFacilities(net, facilities, options.snap);
    mark('analysis: snap facilities');

    // with a search thread, the first two categories' searches start now, beside stage 2; then
    // category ci + 2's search runs there (in ci's slot) while this thread does category ci + 1
    const cats = profile.categories;
    const targetsOf = (ci: number) => snapped.byCategory.get(cats[ci].id) ?? [];
    const searchOn = (ci: number): Promise<void> | null => {
      if (!thread || ci >= cats.length || !targetsOf(ci).length) return null;
      const p = thread.search(ci % 2, targetsOf(ci));
      p.catch(() => undefined); // a failure is thrown where the search is awaited
      return p;
    };
    const searches: (Promise<void> | null)[] = [searchOn(0), searchOn(1)];

    // 2. communities: residents, origins, gap grid, facilities in reach of the origins
    const buildings = new BuildingIndex(net);
    const forward = new Dijkstra(walkGraph(net).forward, net.nodeCount);
    const contextOptions = {
      snap: options.snap,
      gapResolutionM: options.gapResolutionM,
      maxThresholdM: Math.max(...profile.categories.map((c) => c.threshold_m)),
    };
    const targets = new FacilityTargets(net, snapped.byCategory.values());
    // the gap grids on the search thread, beside this thread's residents, origins and reach (they
    // are read from stage 3 on); on this thread when there is none, or if it fails
    const grids =
      thread?.gapGrids(
        communities.map((c) => c.geometry),
        options.snap,
        options.gapResolutionM,
      ) ?? null;
    const contexts: CommunityContext[] = [];
    const o = { ...contextOptions, gridElsewhere: grids !== null };
    for (let k = 0; k < communities.length; k++) {
      progress('communities', k, communities.length);
      contexts.push(await communityContext(net, communities[k], buildings, targets, forward, o));
    }
    if (grids) {
      const got = await grids.catch(() => null);
      contexts.forEach((ctx, k) => {
        const g = got?.[k];
        attachGapGrid(ctx, g ? gapGridOf(ctx.area, g) : ownGapGrid(net, ctx, contextOptions));
      });
    }
    progress('communities', communities.length, communities.length);
    mark('analysis: residents, gates, gap grids');

    // 4 starts here: with worker threads, the isochrones run on them while this thread does 3
    const isochronesStarted = pool && startCommunityIsochrones(net, contexts, options, pool);

    // 3. per category: one search from all its facilities, then every community
    const outcomes = contexts.map(() => [] as CategoryOutcome[]);
    // the outcomes as they are now (copies of each list: more are added later)
    const searchesHandedOut = () =>
      options.afterSearches?.(
        contexts.map((ctx, k) => ({
          status: communityStatus(ctx),
          residentSnaps: ctx.residentSnaps,
          categories: outcomes[k].slice(),
        })),
      );
    // the last search is handed out after category cats.length - 3 (searchOn(ci + 2) below)
    const lastHandedOut = cats.length - 3;
    if (thread && lastHandedOut < 0) searchesHandedOut();
    const nearest = options.nearest ?? new NearestFacility(net);
    try {
      for (let ci = 0; ci < cats.length; ci++) {
        progress('categories', ci, cats.length);
        const category = cats[ci];
        const targets = targetsOf(ci);
        if (thread) {
          await thread.wait(searches[ci]);
          const slot = thread.slots[ci % 2];
          if (targets.length) nearest.adopt(targets, slot.dist, thread.rank);
        } else if (targets.length) nearest.run(targets);
        const search = {
          category,
          nearest: targets.length ? nearest : null,
          facilities,
          passShare: options.passShare,
          maxSnapM: options.snap.maxSnapM,
        };
        for (let k = 0; k < contexts.length; k++) {
          outcomes[k].push(categoryOutcome(net, contexts[k], search));
          options.afterOutcome?.(k, ci, targets.length > 0);
        }
        // ci's slot is free again
        searches[ci + 2] = searchOn(ci + 2);
        if (thread && ci === lastHandedOut) searchesHandedOut();
      }
    } finally {
      await Promise.all(searches.map((p) => p?.catch(() => undefined)));
    }
    progress('categories', cats.length, cats.length);
    mark('analysis: categories (distances, metrics, gaps, routes)');
    thread?.note();

    // 4. isochrones of each community, and the per-community summary
    const isochrones = pool
      ? await communityIsochrones(
          net,
          contexts,
          options,
          pool,
          (d, t) => progress('isochrones', d, t),
          isochronesStarted,
        )
      : contexts.map(() => null);
    const result = contexts.map((ctx, k) =>
      communityOutcome(net, ctx, outcomes[k], isochrones[k], facilities, profile, options),
    );
    mark('analysis: isochrones');
    return {
      communities: result,
      unsnappedFacilities: snapped.unsnapped,
      facilitiesUsed: facilities.length - snapped.unsnapped.length,
    };
  } finally {
    if (own) await thread?.close();
    await pool?.close();
  }
}

/** 'no network': not one resident nor origin could be placed on the network */
function communityStatus(ctx: CommunityContext): CommunityOutcome['status'] {
  return ctx.origins.length === 0 && ctx.residentSnaps.every((s) => s === null) ? 'no network' : 'ok';
}

function communityOutcome(
  net: WalkNetwork,
  ctx: CommunityContext,
  categories: CategoryOutcome[],
  isochrones: BandResult[] | null,
  facilities: Facility[],
  profile: Profile,
  options: CoverageOptions,
): CommunityOutcome {
  const snapped = ctx.residentSnaps.filter((s) => s !== null).length;
  const noNetwork = communityStatus(ctx) === 'no network';
  const required = categories.filter((c) => c.category.required);
  return {
    community: ctx.community,
    residents: ctx.residents,
    residentSnaps: ctx.residentSnaps,
    residentsSnapped: snapped,
    status: noNetwork ? 'no network' : 'ok',
    reason: noNetwork ? noNetworkReason(net, ctx.community, options.snap.maxSnapM) : null,
    originKind: ctx.originKind,
    originPoints: ctx.origins.length,
    origins: ctx.origins,
    gates: ctx.gates,
    categories,
    requiredMet: required.filter((c) => c.pass === true).length,
    requiredTotal: required.length,
    serviceArea: serviceArea(ctx, facilities, profile),
    isochrones,
  };
}
