/**
 * Data-quality flags per community, each with the number behind it, for where the network (not
 * the facilities) is the problem: residential compounds whose gates and internal paths are not
 * mapped, so walks start at the centroid, residents are joined to a street far away, and routes go
 * around the compound. Thresholds and why are in docs/coverage.md ("Data-quality flags").
 */
import Flatbush from 'flatbush';
import { LocalProjection } from '../geo/geodesy.js';
import { PolygonIndex } from '../geo/polygon-index.js';
import type { WalkNetwork } from '../network/types.js';
import { edgeIndex } from '../snap/edge-index.js';
import { sortUint32 } from '../util/sort-uint32.js';
import type { Bilingual } from '../profiles/types.js';
import type { CommunityOutcome, CoverageResult } from './analysis.js';
import { weightedQuantile } from './stats.js';
import { hypot } from '../geo/hypot.js';

/** a resident joined to the network by a straight leg longer than this is "off the network" */
export const LONG_LEG_M = 100;
/** flag when more than this share of the residents' weight is off the network */
export const LONG_LEG_SHARE = 0.1;
/** flag when the residents' median detour ratio (network ÷ straight line) is above this */
export const DETOUR_RATIO = 2.5;
/** pairs closer than this in a straight line are left out of the detour ratio (short hops give noisy ratios) */
export const DETOUR_MIN_STRAIGHT_M = 50;
/** flag when the walkable ways inside are less than this fraction of what the buildings suggest */
export const DENSITY_FRACTION = 0.25;
/** density is judged only with at least this many residential buildings inside */
export const DENSITY_MIN_BUILDINGS = 4;
/** the ring around the community whose way density is reported beside the inside one */
export const AROUND_M = 100;

export type FlagKind = 'centroid_origin' | 'long_leg' | 'detour' | 'low_way_density';

export interface QualityFlag {
  kind: FlagKind;
  /** the number behind the flag (metres, share, ratio, km/km²) */
  value: number;
  message: Bilingual;
}

export interface CommunityQuality {
  /** straight leg from the centroid origin to the network (m), when walks start at the centroid */
  centroidLegM: number | null;
  /** share of the residents' weight whose off-network leg exceeds LONG_LEG_M */
  longLegShare: number | null;
  /** weighted median over residents × categories with facilities of network ÷ straight-line distance to the nearest facility */
  detourRatio: number | null;
  /** walkable way length per area inside the community, and in the AROUND_M ring around it (km/km²) */
  wayDensityInside: number | null;
  wayDensityAround: number | null;
  /** what the buildings suggest: one way per row of buildings, 1000 / sqrt(area per building) km/km² */
  wayDensityExpected: number | null;
  flags: QualityFlag[];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

// communityQuality's detour ratios and their weights, reused from community to community
let ratioScratch = new Float64Array(0);
let weightScratch = new Float64Array(0);

/** fills c.quality for every community */
export function assessQuality(
  net: WalkNetwork,
  res: CoverageResult,
  facilityPoints: Map<string, [number, number][]>,
): void {
  const lat0 = (net.meta.bbox[1] + net.meta.bbox[3]) / 2;
  const lon0 = (net.meta.bbox[0] + net.meta.bbox[2]) / 2;
  const proj = new LocalProjection(lon0, lat0);
  // facility points per category in metres, for the straight-line nearest
  const indexes = new Map<string, { index: Flatbush; xy: Float64Array }>();
  for (const [cat, pts] of facilityPoints) {
    if (!pts.length) continue;
    const index = new Flatbush(pts.length);
    const xy = new Float64Array(pts.length * 2);
    pts.forEach(([lon, lat], i) => {
      xy[i * 2] = proj.x(lon);
      xy[i * 2 + 1] = proj.y(lat);
      index.add(xy[i * 2], xy[i * 2 + 1], xy[i * 2], xy[i * 2 + 1]);
    });
    index.finish();
    indexes.set(cat, { index, xy });
  }
  const edges = edgeSegments(net);
  for (const c of res.communities) c.quality = communityQuality(c, indexes, edges, proj);
}

/**
 * The network's segments for the way density: the snapping's edge index (snap/edge-index.ts: the
 * same projection around the network's centre, one entry per segment in edge order), so no second
 * index of every segment is built (~0.6 s and ~55 bytes a segment on a province's 6 M).
 */
interface Segments {
  index: Flatbush;
  n: number;
  segVertex: Uint32Array;
  geomLon: Float64Array;
  geomLat: Float64Array;
  proj: LocalProjection;
}

function edgeSegments(net: WalkNetwork): Segments {
  const ei = edgeIndex(net);
  return {
    index: ei.index,
    n: ei.segEdge.length,
    segVertex: ei.segVertex,
    geomLon: net.geomLon,
    geomLat: net.geomLat,
    proj: ei.proj,
  };
}

function communityQuality(
  c: CommunityOutcome,
  facilities: Map<string, { index: Flatbush; xy: Float64Array }>,
  edges: Segments,
  proj: LocalProjection,
): CommunityQuality {
  const flags: QualityFlag[] = [];
  const q: CommunityQuality = {
    centroidLegM: null,
    longLegShare: null,
    detourRatio: null,
    wayDensityInside: null,
    wayDensityAround: null,
    wayDensityExpected: null,
    flags,
  };
  if (c.status !== 'ok') return q;
  const w = c.residents.weight;
  // 1. walks start at the centroid: no gate mapped, no walkable way crosses the boundary
  if (c.originKind === 'centroid') {
    q.centroidLegM = c.origins.length ? Math.round(c.origins[0].snap.dist) : null;
    flags.push({
      kind: 'centroid_origin',
      value: q.centroidLegM ?? 0,
      message: {
        zh: `没有出入口，也没有步行道穿过边界：从中心点出发（中心点到路网 ${q.centroidLegM ?? '–'} 米）`,
        en: `no gate and no walkable way crosses the boundary: walks start at the centroid (${q.centroidLegM ?? '–'} m from the network)`,
      },
    });
  }
  // 2. residents joined to the network by a long straight leg (not in a closed compound: there the
  // leg is the walk to its gate, modelled on purpose)
  let total = 0;
  let long = 0;
  c.residentSnaps.forEach((s, i) => {
    if (!s || c.originKind === 'gate') return;
    total += w[i];
    if (s.dist > LONG_LEG_M) long += w[i];
  });
  if (total > 0) {
    q.longLegShare = r2(long / total);
    if (long / total > LONG_LEG_SHARE)
      flags.push({
        kind: 'long_leg',
        value: q.longLegShare,
        message: {
          zh: `${Math.round((long / total) * 100)}% 的居民距最近步行道超过 ${LONG_LEG_M} 米（直线接入，可能缺少内部道路）`,
          en:
            `${Math.round((long / total) * 100)} % of residents are more than ${LONG_LEG_M} m from a walkable way ` +
            '(joined by a straight leg; internal paths may be missing)',
        },
      });
  }
  // 3. detour ratio: network distance ÷ straight-line distance to the nearest facility (into
  // buffers reused from community to community: residents × categories, ~9,000 a city community)
  let room = 0;
  for (const o of c.categories) room += o.distances.length;
  if (ratioScratch.length < room) {
    ratioScratch = new Float64Array(room);
    weightScratch = new Float64Array(room);
  }
  const ratios = ratioScratch;
  const rw = weightScratch;
  let nr = 0;
  const at = residentsXY(c, proj);
  for (const o of c.categories) {
    const f = facilities.get(o.category.id);
    if (!f || o.pass === null) continue;
    let near: NearestAround | null = null;
    const dist = o.distances;
    for (let i = 0; i < dist.length; i++) {
      const dn = dist[i];
      if (!Number.isFinite(dn)) continue;
      near ??= new NearestAround(f, at);
      const ds = near.distance(i);
      if (ds < DETOUR_MIN_STRAIGHT_M) continue;
      ratios[nr] = dn / ds;
      rw[nr] = w[i];
      nr++;
    }
  }
  if (nr) {
    const med = weightedQuantile(ratios.subarray(0, nr), rw.subarray(0, nr), 0.5);
    q.detourRatio = r2(med);
    if (med > DETOUR_RATIO)
      flags.push({
        kind: 'detour',
        value: q.detourRatio,
        message: {
          zh: `绕行系数（步行距离 ÷ 直线距离，居民中位数）为 ${q.detourRatio}，超过 ${DETOUR_RATIO}：可能缺少出入口或内部道路`,
          en:
            `detour ratio (walking ÷ straight-line distance, residents' median) is ${q.detourRatio}, ` +
            `above ${DETOUR_RATIO}: gates or internal paths may be missing`,
        },
      });
  }
  // 4. walkable-way density inside and around against what the buildings suggest
  const pi = new PolygonIndex(c.community.geometry, proj);
  const areaM2 = polygonAreaM2(c.community.geometry, proj);
  if (areaM2 > 0 && edges.n > 0) {
    const [x0, y0, x1, y1] = pi.bbox;
    let inside = 0;
    let around = 0;
    // the segments whose midpoint lies in the box around the community (their boxes meet it),
    // summed in segment order
    const qx0 = x0 - AROUND_M;
    const qy0 = y0 - AROUND_M;
    const qx1 = x1 + AROUND_M;
    const qy1 = y1 + AROUND_M;
    const { segVertex, geomLon, geomLat } = edges;
    const ep = edges.proj;
    for (const s of sortUint32(Uint32Array.from(edges.index.search(qx0, qy0, qx1, qy1)))) {
      const j = segVertex[s];
      const xa = ep.x(geomLon[j]);
      const ya = ep.y(geomLat[j]);
      const xb = ep.x(geomLon[j + 1]);
      const yb = ep.y(geomLat[j + 1]);
      const x = (xa + xb) / 2;
      const y = (ya + yb) / 2;
      if (x < qx0 || x > qx1 || y < qy0 || y > qy1) continue;
      const len = hypot(xb - xa, yb - ya);
      if (pi.containsXY(x, y)) inside += len;
      else if (pi.boundaryDistanceXY(x, y, AROUND_M) <= AROUND_M) around += len;
    }
    const perimeter = perimeterM(c.community.geometry, proj);
    const ringM2 = perimeter * AROUND_M + Math.PI * AROUND_M * AROUND_M;
    q.wayDensityInside = r2(inside / 1000 / (areaM2 / 1e6));
    q.wayDensityAround = r2(around / 1000 / (ringM2 / 1e6));
    const nb = c.residents.kind === 'buildings' ? c.residents.lon.length : 0;
    if (nb >= DENSITY_MIN_BUILDINGS) {
      const spacing = Math.sqrt(areaM2 / nb);
      q.wayDensityExpected = r2(1000 / spacing);
      if (q.wayDensityInside < DENSITY_FRACTION * q.wayDensityExpected)
        flags.push({
          kind: 'low_way_density',
          value: q.wayDensityInside,
          message: {
            zh: `社区内步行道密度 ${q.wayDensityInside} 公里/平方公里（周边 ${q.wayDensityAround}），远低于 ${nb} 栋建筑所需的约 ${q.wayDensityExpected}：内部道路可能未绘制`,
            en:
              `walkable ways inside: ${q.wayDensityInside} km/km² (around: ${q.wayDensityAround}), far below the ` +
              `~${q.wayDensityExpected} its ${nb} buildings suggest: internal paths may not be mapped`,
          },
        });
    }
  }
  return q;
}

/** the residents in metres, with the centre of their box and how far from it the farthest lies */
interface ResidentsXY {
  x: Float64Array;
  y: Float64Array;
  cx: number;
  cy: number;
  /** each resident's distance from the centre, and the largest */
  dc: Float64Array;
  radius: number;
}

function residentsXY(c: CommunityOutcome, proj: LocalProjection): ResidentsXY {
  const n = c.residents.lon.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    x[i] = proj.x(c.residents.lon[i]);
    y[i] = proj.y(c.residents.lat[i]);
    x0 = Math.min(x0, x[i]);
    y0 = Math.min(y0, y[i]);
    x1 = Math.max(x1, x[i]);
    y1 = Math.max(y1, y[i]);
  }
  const cx = n ? (x0 + x1) / 2 : 0;
  const cy = n ? (y0 + y1) / 2 : 0;
  const dc = new Float64Array(n);
  let radius = 0;
  for (let i = 0; i < n; i++) {
    dc[i] = hypot(x[i] - cx, y[i] - cy);
    if (dc[i] > radius) radius = dc[i];
  }
  return { x, y, cx, cy, dc, radius };
}

/**
 * The straight-line nearest facility of one category for each resident of one community, as
 * Flatbush's `neighbors(x, y, 1)` finds it (the least squared distance), without a tree query per
 * resident: the facilities that can be nearest to any resident lie within 2·radius + d0 of the
 * residents' centre (d0: the centre's nearest), and are taken in order of their distance from the
 * centre until the triangle inequality says none further can be nearer.
 */
class NearestAround {
  private ids: number[];
  private dc: Float64Array;

  constructor(
    private readonly f: { index: Flatbush; xy: Float64Array },
    private readonly at: ResidentsXY,
  ) {
    const [k0] = f.index.neighbors(at.cx, at.cy, 1);
    const d0 = hypot(f.xy[k0 * 2] - at.cx, f.xy[k0 * 2 + 1] - at.cy);
    // a little beyond the bound, so that rounding cannot leave the nearest out
    this.ids = f.index.neighbors(at.cx, at.cy, Infinity, 2 * at.radius + d0 + 1);
    this.dc = Float64Array.from(this.ids, (k) => hypot(f.xy[k * 2] - at.cx, f.xy[k * 2 + 1] - at.cy));
  }

  /** metres from resident i to its nearest facility */
  distance(i: number): number {
    const { xy } = this.f;
    const x = this.at.x[i];
    const y = this.at.y[i];
    const dp = this.at.dc[i];
    let best = Infinity;
    let bestK = -1;
    let reach = Infinity;
    for (let j = 0; j < this.ids.length; j++) {
      // |p - f| >= |c - f| - |c - p|: nothing from here on can be nearer (1 mm of slack for rounding)
      if (this.dc[j] - dp > reach + 1e-3) break;
      const k = this.ids[j];
      const dx = xy[k * 2] - x;
      const dy = xy[k * 2 + 1] - y;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        bestK = k;
        reach = Math.sqrt(d2);
      }
    }
    return hypot(xy[bestK * 2] - x, xy[bestK * 2 + 1] - y);
  }
}

type Poly = CommunityOutcome['community']['geometry'];
const polygons = (g: Poly) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function polygonAreaM2(g: Poly, proj: LocalProjection): number {
  let a = 0;
  for (const poly of polygons(g))
    poly.forEach((ring, r) => {
      let s = 0;
      for (let i = 0; i < ring.length - 1; i++)
        s += proj.x(ring[i][0]) * proj.y(ring[i + 1][1]) - proj.x(ring[i + 1][0]) * proj.y(ring[i][1]);
      a += (r === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  return a;
}

function perimeterM(g: Poly, proj: LocalProjection): number {
  let p = 0;
  for (const poly of polygons(g))
    for (let i = 0; i < poly[0].length - 1; i++)
      p += hypot(proj.x(poly[0][i + 1][0]) - proj.x(poly[0][i][0]), proj.y(poly[0][i + 1][1]) - proj.y(poly[0][i][1]));
  return p;
}
