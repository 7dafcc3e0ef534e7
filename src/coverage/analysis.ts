/**
 * Community coverage: for every community and every category of the profile, how far its
 * residents walk to the nearest facility, what share of them is within the standard's distance,
 * which facilities are in reach, pass/fail, the gap polygons, the route to the nearest facility
 * and the community's own isochrones.
 */
import type { Position } from 'geojson';
import type { Facility } from '../facilities/facility.js';
import type { Band } from '../isochrone/bands.js';
import { IsochroneEngine, type BandResult } from '../isochrone/engine.js';
import { polygonOrigins, type OriginKind } from '../isochrone/origins.js';
import type { WalkNetwork } from '../network/types.js';
import type { Bilingual, Category, Profile } from '../profiles/types.js';
import { Dijkstra } from '../route/dijkstra.js';
import { walkLine } from '../route/route.js';
import { walkGraph } from '../route/walk-graph.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import { arrivalMetres, sameEdgeMetres, sourceSeeds, type SnappedPoint } from '../snap/snapped-point.js';
import type { Community } from './communities.js';
import { NearestFacility, type FacilitySnap } from './distance.js';
import { gapGrid, traceGap, type Gap, type GapGrid } from './gaps.js';
import { BuildingIndex, sampleResidents, type Residents } from './residents.js';
import { weightedQuantile } from './stats.js';
import { mark } from '../util/timing.js';

/** the 每百户不低于30平方米 rule: community service floor area per 100 households */
export const SERVICE_AREA_M2_PER_100_HOUSEHOLDS = 30;
export const SERVICE_AREA_CATEGORY = 'community_service_station';

export interface CoverageOptions {
  passShare: number;
  snap: SnapOptions;
  bands: Band[];
  corridorM: number;
  resolutionM: number;
  gapResolutionM: number;
  progress?: (stage: string, done: number, total: number) => void;
}

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
  origins: { lon: number; lat: number; snap: SnappedPoint }[];
  categories: CategoryOutcome[];
  requiredMet: number;
  requiredTotal: number;
  serviceArea: { status: 'pass' | 'fail' | 'not assessed'; m2Per100Households: number | null; reason: Bilingual };
  isochrones: BandResult[] | null;
}

export interface CoverageResult {
  communities: CommunityOutcome[];
  /** facilities that could not be placed on the network (key -> reason) */
  unsnappedFacilities: { facility: Facility; reason: string }[];
  facilitiesUsed: number;
}

interface Prepared {
  community: Community;
  residents: Residents;
  residentSnaps: (SnappedPoint | null)[];
  origins: { lon: number; lat: number; snap: SnappedPoint }[];
  originKind: OriginKind;
  grid: GapGrid;
  /** facility reach from the community's origins: facility index -> metres */
  reach: Map<number, number>;
}

export async function analyseCoverage(
  net: WalkNetwork,
  profile: Profile,
  communities: Community[],
  facilities: Facility[],
  o: CoverageOptions,
): Promise<CoverageResult> {
  const progress = o.progress ?? (() => undefined);
  // 1. facilities onto the network
  const unsnapped: CoverageResult['unsnappedFacilities'] = [];
  const facilitySnaps = new Map<string, FacilitySnap[]>();
  facilities.forEach((f, i) => {
    const snaps: FacilitySnap[] = [];
    const reasons: string[] = [];
    for (const p of f.points) {
      const s = snapPoint(net, p[0], p[1], o.snap);
      if (s.ok) snaps.push({ facility: i, point: f.points.indexOf(p), snap: s.snap });
      else reasons.push(s.reason);
    }
    if (!snaps.length) unsnapped.push({ facility: f, reason: reasons[0] ?? 'no points' });
    const list = facilitySnaps.get(f.category) ?? [];
    list.push(...snaps);
    facilitySnaps.set(f.category, list);
  });

  mark('analysis: snap facilities');
  // 2. communities: residents, origins, gap grid, facilities in reach of the origins
  const buildings = new BuildingIndex(net);
  const maxThreshold = Math.max(...profile.categories.map((c) => c.threshold_m));
  const forward = new Dijkstra(walkGraph(net).forward, net.nodeCount);
  const prepared: Prepared[] = [];
  for (let k = 0; k < communities.length; k++) {
    progress('communities', k, communities.length);
    const c = communities[k];
    const residents = sampleResidents(net, c, buildings);
    const residentSnaps: (SnappedPoint | null)[] = [];
    for (let i = 0; i < residents.lon.length; i++) {
      const s = snapPoint(net, residents.lon[i], residents.lat[i], o.snap);
      residentSnaps.push(s.ok ? s.snap : null);
    }
    const po = await polygonOrigins(net, c.geometry);
    const origins: Prepared['origins'] = [];
    for (const p of po.points) {
      const s = snapPoint(net, p[0], p[1], o.snap);
      if (s.ok) origins.push({ lon: p[0], lat: p[1], snap: s.snap });
    }
    const reach = new Map<number, number>();
    if (origins.length) {
      forward.run(
        origins.flatMap((p) => sourceSeeds(net, p.snap)),
        maxThreshold,
      );
      for (const list of facilitySnaps.values())
        for (const fs of list) {
          let d = arrivalMetres(net, forward.dist, fs.snap);
          // an origin on the facility's own edge
          for (const p of origins)
            if (p.snap.edge === fs.snap.edge)
              d = Math.min(d, p.snap.dist + sameEdgeMetres(net, p.snap, fs.snap) + fs.snap.dist);
          if (d < (reach.get(fs.facility) ?? Infinity)) reach.set(fs.facility, d);
        }
    }
    prepared.push({
      community: c,
      residents,
      residentSnaps,
      origins,
      originKind: po.kind,
      grid: gapGrid(net, c.geometry, o.snap, o.gapResolutionM),
      reach,
    });
  }
  progress('communities', communities.length, communities.length);
  mark('analysis: residents, gates, gap grids');

  // 3. per category: one search from all its facilities, then every community
  const outcomes = prepared.map(() => [] as CategoryOutcome[]);
  const nearest = new NearestFacility(net);
  for (let ci = 0; ci < profile.categories.length; ci++) {
    progress('categories', ci, profile.categories.length);
    const cat = profile.categories[ci];
    const snaps = facilitySnaps.get(cat.id) ?? [];
    const have = snaps.length > 0;
    if (have) nearest.run(snaps);
    for (let k = 0; k < prepared.length; k++) {
      const p = prepared[k];
      const n = p.residentSnaps.length;
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const s = p.residentSnaps[i];
        d[i] = have && s ? nearest.from(s) : Infinity;
      }
      const w = p.residents.weight;
      let total = 0;
      let within = 0;
      for (let i = 0; i < n; i++) {
        total += w[i];
        if (d[i] <= cat.threshold_m) within += w[i];
      }
      const share = total > 0 ? within / total : 0;
      const anySnapped = p.residentSnaps.some((s) => s !== null);
      let facilitiesWithin = 0;
      for (const [fi, dist] of p.reach)
        if (facilities[fi].category === cat.id && dist <= cat.threshold_m) facilitiesWithin++;
      // (weights scaled to households can sum to 0.8999999… of a 0.9 share)
      let pass: boolean | null = share >= o.passShare - 1e-9;
      let reason: Bilingual | null = null;
      const pct = (v: number) => Math.round(v * 100);
      if (!anySnapped) {
        pass = null;
        reason = { en: 'no walkable network in or near the community', zh: '社区内及附近没有步行网络' };
      } else if (!have) {
        pass = false;
        const n = facilities.filter((f) => f.category === cat.id).length;
        reason = n
          ? {
              en: `its ${n} facilities are all farther than ${o.snap.maxSnapM} m from a walkable way`,
              zh: `此类 ${n} 处设施距步行网络均超过 ${o.snap.maxSnapM} 米`,
            }
          : { en: 'no facilities of this category in OSM or the lists', zh: 'OSM 和设施清单中都没有此类设施' };
      } else if (!pass)
        reason = {
          en: `${pct(share)} % of residents within ${cat.threshold_m} m (needs ${pct(o.passShare)} %)`,
          zh: `${pct(share)}% 的居民在 ${cat.threshold_m} 米步行范围内（要求 ${pct(o.passShare)}%）`,
        };
      // route from the community's best origin to its nearest facility
      let near: CategoryOutcome['nearest'] = null;
      if (have && p.origins.length) {
        let best = -1;
        let bestD = Infinity;
        p.origins.forEach((q, i) => {
          const dd = nearest.from(q.snap);
          if (dd < bestD) {
            bestD = dd;
            best = i;
          }
        });
        if (best >= 0) {
          const q = p.origins[best];
          const path = nearest.path(q.snap);
          if (path) {
            const f = facilities[path.facility];
            const fp = f.points[path.point];
            const route = walkLine(net, q, path.pieces, { lon: fp[0], lat: fp[1], snap: path.facilitySnap });
            near = { facility: f, distanceM: bestD, route };
          }
        }
      }
      let gap: CategoryOutcome['gap'] = null;
      if (anySnapped && pass === false) {
        const g = traceGap(p.grid, (s) => (have ? nearest.from(s) : Infinity), cat.threshold_m);
        if (g) gap = { ...g, weightAffected: total - within };
      }
      outcomes[k].push({
        category: cat,
        minM: n ? minOf(d) : Infinity,
        medianM: n ? weightedQuantile(d, w, 0.5) : Infinity,
        maxM: n ? maxOf(d) : Infinity,
        share,
        weightBeyond: total - within,
        facilitiesWithin,
        pass,
        reason,
        nearest: near,
        gap,
        distances: d,
      });
    }
  }
  progress('categories', profile.categories.length, profile.categories.length);
  mark('analysis: categories (distances, metrics, gaps, routes)');

  // 4. isochrones of each community, and the per-community summary
  const engine = new IsochroneEngine(net, walkGraph(net).forward, {
    budgets: o.bands.map((b) => b.metres),
    corridorM: o.corridorM,
    resolutionM: o.resolutionM,
  });
  const result: CommunityOutcome[] = prepared.map((p, k) => {
    progress('isochrones', k, prepared.length);
    const snapped = p.residentSnaps.filter((s) => s !== null).length;
    const noNetwork = snapped === 0 && p.origins.length === 0;
    const cats = outcomes[k];
    const required = cats.filter((c) => c.category.required);
    return {
      community: p.community,
      residents: p.residents,
      residentSnaps: p.residentSnaps,
      residentsSnapped: snapped,
      status: noNetwork ? 'no network' : 'ok',
      reason: noNetwork ? noNetworkReason(net, p.community, o.snap.maxSnapM) : null,
      originKind: p.originKind,
      originPoints: p.origins.length,
      origins: p.origins,
      categories: cats,
      requiredMet: required.filter((c) => c.pass === true).length,
      requiredTotal: required.length,
      serviceArea: serviceArea(p, facilities, profile),
      isochrones: p.origins.length
        ? engine.compute(
            p.origins,
            p.origins.flatMap((q) => sourceSeeds(net, q.snap)),
          )
        : null,
    };
  });
  progress('isochrones', prepared.length, prepared.length);
  mark('analysis: isochrones');
  return { communities: result, unsnappedFacilities: unsnapped, facilitiesUsed: facilities.length - unsnapped.length };
}

/** why a community has no network: outside the extract, lat/lon swapped, or a hole in the network */
function noNetworkReason(net: WalkNetwork, c: Community, maxSnapM: number): Bilingual {
  const pts = (c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates).flat(2);
  let x = 0;
  let y = 0;
  for (const q of pts) {
    x += q[0] / pts.length;
    y += q[1] / pts.length;
  }
  const [x0, y0, x1, y1] = net.meta.bbox;
  const inBox = (lon: number, lat: number) => lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1;
  if (!inBox(x, y) && inBox(y, x))
    return {
      en: `the community lies outside the network, but with lat/lon swapped it would be inside: GeoJSON is [longitude, latitude]`,
      zh: '社区位于路网范围之外，但经纬度互换后位于范围内：GeoJSON 坐标顺序为 [经度, 纬度]',
    };
  if (!inBox(x, y))
    return {
      en: `the community lies outside the OSM extract's network (bbox ${net.meta.bbox.map((v) => v.toFixed(4)).join(', ')}); use an extract that covers it`,
      zh: '社区位于 OSM 数据的路网范围之外；请使用覆盖该社区的数据',
    };
  return {
    en: `no walkable way within ${maxSnapM} m of the community; check the OSM extract maps its streets`,
    zh: `社区 ${maxSnapM} 米内没有可步行道路；请检查 OSM 数据是否绘制了该处道路`,
  };
}

function serviceArea(p: Prepared, facilities: Facility[], profile: Profile): CommunityOutcome['serviceArea'] {
  const cat = profile.categories.find((c) => c.id === SERVICE_AREA_CATEGORY);
  const hh = p.community.households;
  if (!cat)
    return {
      status: 'not assessed',
      m2Per100Households: null,
      reason: {
        en: `profile ${profile.id} has no ${SERVICE_AREA_CATEGORY} category`,
        zh: `配置 ${profile.id} 没有 ${SERVICE_AREA_CATEGORY} 类别`,
      },
    };
  if (hh === null || hh <= 0)
    return { status: 'not assessed', m2Per100Households: null, reason: { en: 'households unknown', zh: '户数未知' } };
  const serving = [...p.reach]
    .filter(([fi, d]) => facilities[fi].category === cat.id && d <= cat.threshold_m)
    .map(([fi]) => facilities[fi]);
  if (!serving.length)
    return {
      status: 'fail',
      m2Per100Households: 0,
      reason: { en: `no ${cat.en} within ${cat.threshold_m} m`, zh: `${cat.threshold_m} 米内没有${cat.zh}` },
    };
  const unknown = serving.filter((f) => f.floorAreaM2 === null).length;
  if (unknown)
    return {
      status: 'not assessed',
      m2Per100Households: null,
      reason: {
        en: `floor area unknown for ${unknown} of the ${serving.length} ${cat.en} facilities in reach`,
        zh: `范围内 ${serving.length} 处${cat.zh}中有 ${unknown} 处建筑面积未知`,
      },
    };
  const per100 = (serving.reduce((s, f) => s + (f.floorAreaM2 ?? 0), 0) / hh) * 100;
  const v = Math.round(per100 * 10) / 10;
  return {
    status: per100 >= SERVICE_AREA_M2_PER_100_HOUSEHOLDS ? 'pass' : 'fail',
    m2Per100Households: v,
    reason: {
      en: `${v} m² per 100 households (needs ${SERVICE_AREA_M2_PER_100_HOUSEHOLDS})`,
      zh: `每百户 ${v} 平方米（要求 ${SERVICE_AREA_M2_PER_100_HOUSEHOLDS}）`,
    },
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
