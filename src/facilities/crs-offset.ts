/**
 * Catching a list declared WGS-84 that is really GCJ-02 or BD-09. In Guangdong those offsets are
 * ~600 m and ~1.3 km east-south-east — more than the 300 m walks being tested — so a wrong --crs
 * would quietly move every facility out of the neighbourhoods it serves. The test: if the points
 * were shifted, undoing the shift brings them onto the walking network (the reference). Compare
 * median distances to it as given and as if GCJ-02 / BD-09.
 */
import { toWgs84 } from './china-crs.js';

/** what a list row says about itself, for matching it against OSM objects of its kind */
export interface PointKind {
  category?: string | null;
  name?: string | null;
}

/**
 * What the points are checked against: the walking network (metres to the nearest walkable way) and,
 * where a dense street grid makes that distance say little, the evidence a dense city has: OSM
 * objects of the same category or name, and building footprints.
 */
export interface DistanceReference {
  nearestDistance(lon: number, lat: number): number;
  /** metres to the nearest OSM object of the same category or with the same name (Infinity: none near) */
  sameKind?(lon: number, lat: number, kind: PointKind, index: number): number;
  /** the point lies within a mapped building */
  inBuilding?(lon: number, lat: number): boolean;
}

/** a point this close to an OSM object of its category or name is that object */
export const SAME_KIND_M = 40;

export interface CrsOffsetSuspicion {
  suspected: 'gcj02' | 'bd09';
  /** metres, median over the points as given */
  medianAsGiven: number;
  /** metres, median after undoing the suspected offset */
  medianConverted: number;
  /** points within ON_NETWORK_M of a walkable way as given, and after undoing the offset */
  onNetworkAsGiven: number;
  onNetworkConverted: number;
  /** points next to an OSM object of the same category or name, as given and converted */
  sameKindAsGiven: number;
  sameKindConverted: number;
  /** points inside a building, as given and converted */
  inBuildingAsGiven: number;
  inBuildingConverted: number;
}

/** a point this close to a walkable way is "on the network" (a bus stop, a gate on a street) */
export const ON_NETWORK_M = 20;

export const MIN_POINTS = 5;
/** the median criterion needs this many points near the network */
export const MIN_MEDIAN_POINTS = 10;
/** enough for a stable median; bounds the cost of nearestDistance calls on long lists */
const MAX_SAMPLE = 2000;
/**
 * Converting must at least halve the median and gain this much. 100 m would miss real cases: the 12
 * Amap bus stops near Shanghai University, shifted to GCJ-02, lie 73 m (median) from the nearest OSM
 * way, 0.7 m once converted back; a true WGS-84 list gains nothing from a shift of ≥ 500 m.
 */
export const MIN_GAIN_M = 50;
/** points farther than this from every way, as given and as converted, lie outside the reference's area */
export const RELEVANT_M = 800;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Points as read (taken to be WGS-84) → the CRS they more likely are, or null when they look right
 * or there is too little to tell: fewer than 5 points inside China and within 800 m of the reference
 * (as given or as converted)
 * (a city-wide list checked against one district's network is judged on that district). In a dense
 * street grid every point lies within ~50 m of some way whatever its offset, so this finds offsets
 * only where ways are sparser than the offset: null means "no evidence", not "proven WGS-84".
 */
export function detectCrsOffset(
  points: [number, number][],
  reference: DistanceReference,
  kinds?: PointKind[],
): CrsOffsetSuspicion | null {
  // both offsets are undefined outside China; points there say nothing either way
  const inside = points.map((p, i) => [p, i] as const).filter(([[lon, lat]]) => toWgs84(lon, lat, 'gcj02') !== null);
  if (inside.length < MIN_POINTS) return null;
  const step = Math.max(1, inside.length / MAX_SAMPLE);
  const picked: (typeof inside)[number][] = [];
  for (let i = 0; i < inside.length && picked.length < MAX_SAMPLE; i += step) picked.push(inside[Math.floor(i)]);
  const sample = picked.map(([p]) => p);
  const idx = picked.map(([, i]) => i);
  const kindAt = (k: number): PointKind => kinds?.[idx[k]] ?? {};
  const sameKind = (lon: number, lat: number, k: number) =>
    reference.sameKind ? reference.sameKind(lon, lat, kindAt(k), idx[k]) <= SAME_KIND_M : false;
  const inBuilding = (lon: number, lat: number) => (reference.inBuilding ? reference.inBuilding(lon, lat) : false);
  const kindGiven = sample.map(([lon, lat], k) => sameKind(lon, lat, k));
  const bldGiven = sample.map(([lon, lat]) => inBuilding(lon, lat));

  const given = sample.map(([lon, lat]) => reference.nearestDistance(lon, lat));
  let best: CrsOffsetSuspicion | null = null;
  for (const crs of ['gcj02', 'bd09'] as const) {
    const conv = sample.map(([lon, lat]) => toWgs84(lon, lat, crs));
    const converted = conv.map((w) => (w ? reference.nearestDistance(w[0], w[1]) : Infinity));
    const relevant = given.map((g, k) => Math.min(g, converted[k]) <= RELEVANT_M);
    const count = (f: (k: number) => boolean) => relevant.reduce((n, r, k) => n + (r && f(k) ? 1 : 0), 0);
    const sameKindAsGiven = count((k) => kindGiven[k]);
    const sameKindConverted = count((k) => conv[k] !== null && sameKind(conv[k]![0], conv[k]![1], k));
    const inBuildingAsGiven = count((k) => bldGiven[k]);
    const inBuildingConverted = count((k) => conv[k] !== null && inBuilding(conv[k]![0], conv[k]![1]));
    const nRelevant = count(() => true);
    // dense-city evidence: converting puts clearly more points onto OSM objects of their own kind,
    // or into buildings; a true WGS-84 list loses such matches when shifted, never gains them
    const byKind = sameKindConverted >= 3 && sameKindConverted >= 2 * sameKindAsGiven + 2;
    const byBuilding =
      inBuildingConverted - inBuildingAsGiven >= Math.max(MIN_POINTS, 0.3 * nRelevant) &&
      inBuildingConverted >= 2 * inBuildingAsGiven &&
      sameKindAsGiven <= sameKindConverted;
    // judge on the points near the network in either reading: the rest of a city-wide list lies
    // beyond the reference's area and says nothing either way
    const pairs = given.map((g, k) => [g, converted[k]] as const).filter(([g, c]) => Math.min(g, c) <= RELEVANT_M);
    if (pairs.length < MIN_POINTS) continue;
    const medianAsGiven = median(pairs.map((p) => p[0]));
    const medianConverted = median(pairs.map((p) => p[1]));
    // points that converting puts on a way although as given they are well off it, and the reverse:
    // robust where the reference covers only part of the list's surroundings (a campus, a district)
    const off = MIN_GAIN_M + ON_NETWORK_M;
    const onConverted = pairs.filter(([g, c]) => c <= ON_NETWORK_M && g > off).length;
    const onGiven = pairs.filter(([g, c]) => g <= ON_NETWORK_M && c > off).length;
    // a median of a handful of points is noise (5 park centroids 66 m off the streets "improve" by chance)
    const byMedian =
      pairs.length >= MIN_MEDIAN_POINTS &&
      medianConverted < medianAsGiven / 2 &&
      medianAsGiven - medianConverted > MIN_GAIN_M;
    const byOnNetwork = onConverted >= MIN_POINTS && onConverted >= 3 * onGiven;
    const onNetworkAsGiven = pairs.filter(([g]) => g <= ON_NETWORK_M).length;
    const onNetworkConverted = pairs.filter(([, c]) => c <= ON_NETWORK_M).length;
    const gain =
      onNetworkConverted -
      onNetworkAsGiven +
      3 * (sameKindConverted - sameKindAsGiven) +
      (inBuildingConverted - inBuildingAsGiven);
    const bestGain = best
      ? best.onNetworkConverted -
        best.onNetworkAsGiven +
        3 * (best.sameKindConverted - best.sameKindAsGiven) +
        (best.inBuildingConverted - best.inBuildingAsGiven)
      : -Infinity;
    // points that sit on OSM objects of their own kind as given are where they should be
    const contradicted = sameKindAsGiven >= MIN_POINTS && sameKindAsGiven > sameKindConverted;
    if ((byMedian || byOnNetwork || byKind || byBuilding) && !contradicted && gain > bestGain) {
      best = {
        suspected: crs,
        medianAsGiven,
        medianConverted,
        onNetworkAsGiven,
        onNetworkConverted,
        sameKindAsGiven,
        sameKindConverted,
        inBuildingAsGiven,
        inBuildingConverted,
      };
    }
  }
  return best;
}

/** The warning for the caller to print, e.g. under `lifecircle coverage --facilities list.csv`. */
export function crsOffsetWarning(where: string, s: CrsOffsetSuspicion): string {
  const label = s.suspected === 'gcj02' ? 'GCJ-02 (Amap/Tencent)' : 'BD-09 (Baidu)';
  return (
    `${where}: the facilities look like ${label} coordinates declared as WGS-84: read as ` +
    `${label}, ${s.onNetworkConverted} of them lie on a walkable way (within ${ON_NETWORK_M} m) ` +
    `against ${s.onNetworkAsGiven} as given, and their median distance to the network is ` +
    `${Math.round(s.medianConverted)} m against ${Math.round(s.medianAsGiven)} m` +
    (s.sameKindConverted > s.sameKindAsGiven
      ? `; ${s.sameKindConverted} lie next to an OSM object of the same category or name against ${s.sameKindAsGiven}`
      : '') +
    (s.inBuildingConverted > s.inBuildingAsGiven
      ? `; ${s.inBuildingConverted} lie in a building against ${s.inBuildingAsGiven}`
      : '') +
    `; pass --crs ${s.suspected}`
  );
}
