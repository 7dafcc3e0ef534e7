/** Coverage stage 1: every facility's points (entrances, or the point itself) onto the network. */
import type { Facility } from '../facilities/facility.js';
import type { WalkNetwork } from '../network/types.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import type { FacilitySnap } from './distance.js';

export interface SnappedFacilities {
  /** category id -> the snapped points of its facilities */
  byCategory: Map<string, FacilitySnap[]>;
  /** facilities none of whose points could be placed on the network, with the first reason */
  unsnapped: { facility: Facility; reason: string }[];
}

export function snapFacilities(net: WalkNetwork, facilities: Facility[], snap: SnapOptions): SnappedFacilities {
  const unsnapped: SnappedFacilities['unsnapped'] = [];
  const byCategory = new Map<string, FacilitySnap[]>();
  facilities.forEach((f, i) => {
    const points: FacilitySnap[] = [];
    const reasons: string[] = [];
    for (const p of f.points) {
      const s = snapPoint(net, p[0], p[1], snap);
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
