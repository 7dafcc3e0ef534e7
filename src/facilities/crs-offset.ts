/**
 * Catching a list declared WGS-84 that is really GCJ-02 or BD-09. In Guangdong those offsets are
 * ~600 m and ~1.3 km east-south-east — more than the 300 m walks being tested — so a wrong --crs
 * would quietly move every facility out of the neighbourhoods it serves. The test: if the points
 * were shifted, undoing the shift brings them onto the walking network (the reference). Compare
 * median distances to it as given and as if GCJ-02 / BD-09.
 */
import { toWgs84 } from './china-crs.js';

/** What the points are checked against: the walking network (metres to the nearest walkable way). */
export interface DistanceReference {
  nearestDistance(lon: number, lat: number): number;
}

export interface CrsOffsetSuspicion {
  suspected: 'gcj02' | 'bd09';
  /** metres, median over the points as given */
  medianAsGiven: number;
  /** metres, median after undoing the suspected offset */
  medianConverted: number;
  /** points within ON_NETWORK_M of a walkable way as given, and after undoing the offset */
  onNetworkAsGiven: number;
  onNetworkConverted: number;
}

/** a point this close to a walkable way is "on the network" (a bus stop, a gate on a street) */
export const ON_NETWORK_M = 20;

export const MIN_POINTS = 5;
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
export function detectCrsOffset(points: [number, number][], reference: DistanceReference): CrsOffsetSuspicion | null {
  // both offsets are undefined outside China; points there say nothing either way
  const inside = points.filter(([lon, lat]) => toWgs84(lon, lat, 'gcj02') !== null);
  if (inside.length < MIN_POINTS) return null;
  const step = Math.max(1, inside.length / MAX_SAMPLE);
  const sample: [number, number][] = [];
  for (let i = 0; i < inside.length && sample.length < MAX_SAMPLE; i += step) sample.push(inside[Math.floor(i)]);

  const given = sample.map(([lon, lat]) => reference.nearestDistance(lon, lat));
  let best: CrsOffsetSuspicion | null = null;
  for (const crs of ['gcj02', 'bd09'] as const) {
    const converted = sample.map(([lon, lat]) => {
      const w = toWgs84(lon, lat, crs);
      return w ? reference.nearestDistance(w[0], w[1]) : Infinity;
    });
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
    const byMedian = medianConverted < medianAsGiven / 2 && medianAsGiven - medianConverted > MIN_GAIN_M;
    const byOnNetwork = onConverted >= MIN_POINTS && onConverted >= 3 * onGiven;
    const onNetworkAsGiven = pairs.filter(([g]) => g <= ON_NETWORK_M).length;
    const onNetworkConverted = pairs.filter(([, c]) => c <= ON_NETWORK_M).length;
    if (
      (byMedian || byOnNetwork) &&
      (!best || onNetworkConverted - onNetworkAsGiven > best.onNetworkConverted - best.onNetworkAsGiven)
    ) {
      best = { suspected: crs, medianAsGiven, medianConverted, onNetworkAsGiven, onNetworkConverted };
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
    `${Math.round(s.medianConverted)} m against ${Math.round(s.medianAsGiven)} m; pass --crs ` +
    `${s.suspected}`
  );
}
