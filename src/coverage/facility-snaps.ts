/** Coverage stage 1: every facility's points (entrances, or the point itself) onto the network. */
import type { Facility } from '../facilities/facility.js';
import type { WalkNetwork } from '../network/types.js';
import { hilbertOrder } from '../geo/hilbert.js';
import { type SnapOptions, type SnapResult, snapPoint } from '../snap/snap.js';
import type { FacilitySnap } from './distance.js';

export interface SnappedFacilities {
  /** category id -> the snapped points of its facilities */
  byCategory: Map<string, FacilitySnap[]>;
  /** facilities none of whose points could be placed on the network, with the first reason */
  unsnapped: { facility: Facility; reason: string }[];
}

/**
 * Every point is snapped as snapPoint does it alone, but taken in Hilbert order of the points:
 * consecutive searches then walk the same parts of the edge index (city case: ~1.5-2x faster
 * than in the lists' order; BENCHMARKS.md, issue 13). The results are assembled in the
 * facilities' order, so nothing else changes.
 */
export function snapFacilities(net: WalkNetwork, facilities: Facility[], snap: SnapOptions): SnappedFacilities {
  let n = 0;
  for (const f of facilities) n += f.points.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  n = 0;
  for (const f of facilities)
    for (const p of f.points) {
      lon[n] = p[0];
      lat[n] = p[1];
      n++;
    }
  const results: SnapResult[] = new Array(n);
  for (const k of hilbertOrder(lon, lat)) results[k] = snapPoint(net, lon[k], lat[k], snap);
  const unsnapped: SnappedFacilities['unsnapped'] = [];
  const byCategory = new Map<string, FacilitySnap[]>();
  let k = 0;
  facilities.forEach((f, i) => {
    const points: FacilitySnap[] = [];
    const reasons: string[] = [];
    for (const p of f.points) {
      const s = results[k++];
      if (s.ok) points.push({ facility: i, point: f.points.indexOf(p), snap: s.snap });
      else reasons.push(s.reason);
    }
    if (!points.length) unsnapped.push({ facility: f, reason: reasons[0] ?? 'no points' });
    const list = byCategory.get(f.category) ?? [];
    list.push(...points);
    byCategory.set(f.category, list);
  });
  return { byCategory, unsnapped };
}
