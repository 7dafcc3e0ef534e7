/**
 * The 每百户不低于30平方米 check with shared service space apportioned: a community service
 * station reached by several communities has its floor area split among them, so no square metre
 * is counted twice.
 *
 * Rule: facility f's floor area A_f goes to the communities in proportion to their households
 * within f's walking distance (the category's threshold), H_cf = households_c × (share of c's
 * residents' weight within the threshold of f):  share_cf = A_f × H_cf / Σ_c' H_c'f.
 * A community's figure is Σ_f share_cf ÷ households_c × 100. Communities that do not give their
 * households cannot be weighted: they are left out of the split (and their check is not assessed).
 */
import type { Facility } from '../facilities/facility.js';
import type { WalkNetwork } from '../network/types.js';
import type { Profile } from '../profiles/types.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import type { CoverageResult } from './analysis.js';
import { SERVICE_AREA_CATEGORY, SERVICE_AREA_M2_PER_100_HOUSEHOLDS } from './service-area.js';
import { NearestFacility, type FacilitySnap } from './distance.js';
import { hypot } from '../geo/hypot.js';

const r1 = (v: number) => Math.round(v * 10) / 10;

export function apportionServiceArea(
  net: WalkNetwork,
  profile: Profile,
  res: CoverageResult,
  facilities: Facility[],
  snap: SnapOptions,
): void {
  const cat = profile.categories.find((c) => c.id === SERVICE_AREA_CATEGORY);
  if (!cat) return; // analysis says why (no such category in the profile)
  const nearest = new NearestFacility(net);
  const boxes = res.communities.map((c) => residentsBox(c.residents.lon, c.residents.lat));
  // households of each community within each facility's distance
  const within: { f: Facility; hh: number[] }[] = [];
  facilities.forEach((f, fi) => {
    if (f.category !== cat.id) return;
    const snaps: FacilitySnap[] = [];
    f.points.forEach((p, k) => {
      const s = snapPoint(net, p[0], p[1], snap);
      if (s.ok) snaps.push({ facility: fi, point: k, snap: s.snap });
    });
    if (!snaps.length) return;
    // bounded: a node farther than the threshold cannot put a resident within it, and the result
    // is the same as an unbounded search's (a city's worth of full searches took a minute)
    nearest.run(snaps, cat.threshold_m);
    const hh = res.communities.map((c, ci) => {
      const h = c.community.households;
      if (c.status !== 'ok' || h === null || h <= 0) return 0;
      // a walk is never shorter than the straight line: communities out of reach are skipped unread
      if (!f.points.some((p) => boxLowerBoundM(boxes[ci], p[0], p[1]) <= cat.threshold_m)) return 0;
      const w = c.residents.weight;
      let total = 0;
      let inReach = 0;
      c.residentSnaps.forEach((s, i) => {
        total += w[i];
        if (s && nearest.from(s) <= cat.threshold_m) inReach += w[i];
      });
      return total > 0 ? (h * inReach) / total : 0;
    });
    within.push({ f, hh });
  });
  res.communities.forEach((c, k) => {
    const h = c.community.households;
    if (c.status !== 'ok' || h === null || h <= 0) return; // analysis' "households unknown" stands
    const serving = within.filter((x) => x.hh[k] > 0);
    if (!serving.length) {
      c.serviceShares = [];
      c.serviceArea = {
        status: 'fail',
        m2Per100Households: 0,
        reason: {
          en: `no ${cat.en} has households of this community within ${cat.threshold_m} m`,
          zh: `${cat.threshold_m} 米内没有${cat.zh}`,
        },
      };
      return;
    }
    const unknown = serving.filter((x) => x.f.floorAreaM2 === null).length;
    const shares = serving.map((x) => {
      const sum = x.hh.reduce((s, v) => s + v, 0);
      return {
        facility: x.f,
        households: r1(x.hh[k]),
        m2: x.f.floorAreaM2 === null ? Number.NaN : (x.f.floorAreaM2 * x.hh[k]) / sum,
      };
    });
    c.serviceShares = shares.map((s) => ({ ...s, m2: Number.isFinite(s.m2) ? r1(s.m2) : s.m2 }));
    if (unknown) {
      c.serviceArea = {
        status: 'not assessed',
        m2Per100Households: null,
        reason: {
          en: `floor area unknown for ${unknown} of the ${serving.length} ${cat.en} facilities in reach`,
          zh: `范围内 ${serving.length} 处${cat.zh}中有 ${unknown} 处建筑面积未知`,
        },
      };
      return;
    }
    const m2 = shares.reduce((s, x) => s + x.m2, 0);
    const per100 = (m2 / h) * 100;
    const v = r1(per100);
    const parts = c.serviceShares.map((s) => `${s.facility.name ?? s.facility.sourceId} ${s.m2}`);
    c.serviceArea = {
      status: per100 >= SERVICE_AREA_M2_PER_100_HOUSEHOLDS - 1e-9 ? 'pass' : 'fail',
      m2Per100Households: v,
      reason: {
        en: `${v} m² per 100 households (needs ${SERVICE_AREA_M2_PER_100_HOUSEHOLDS}); shares of shared space, m²: ${parts.join('; ')}`,
        zh: `每百户 ${v} 平方米（要求 ${SERVICE_AREA_M2_PER_100_HOUSEHOLDS}）；分摊面积（平方米）：${parts.join('；')}`,
      },
    };
  });
}

type Box = [number, number, number, number];

function residentsBox(lon: Float64Array, lat: Float64Array): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < lon.length; i++) {
    if (lon[i] < b[0]) b[0] = lon[i];
    if (lat[i] < b[1]) b[1] = lat[i];
    if (lon[i] > b[2]) b[2] = lon[i];
    if (lat[i] > b[3]) b[3] = lat[i];
  }
  return b;
}

/**
 * A lower bound (m) of the distance from a point to any point of the box: a degree of latitude
 * is never shorter than 110,574 m, one of longitude never shorter than 111,320 m × cos of the
 * largest latitude involved; 1 % off for the flat approximation. Infinity for an empty box.
 */
function boxLowerBoundM(b: Box, lon: number, lat: number): number {
  if (!(b[0] <= b[2])) return Infinity;
  const dLon = Math.max(0, b[0] - lon, lon - b[2]);
  const dLat = Math.max(0, b[1] - lat, lat - b[3]);
  const maxLat = Math.min(90, Math.max(Math.abs(lat), Math.abs(b[1]), Math.abs(b[3])));
  const x = dLon * 111_320 * Math.cos((maxLat * Math.PI) / 180);
  const y = dLat * 110_574;
  return 0.99 * hypot(x, y);
}
