/**
 * The merged facility inventory: OSM facilities plus planners' lists. Facilities of the same
 * category from different sources within MERGE_DISTANCE_M (50 m) are one facility: converted
 * Chinese map coordinates keep ~10–50 m residuals, and an OSM area's entrance can lie tens of
 * metres from the point a list gives for it, while two distinct facilities of one category
 * (two kindergartens) 50 m apart are rare. The merged facility keeps OSM's geometry (entrances)
 * and the list's name and floor area; merges are counted.
 */
import { metresPerDegree } from '../geo/geodesy.js';
import type { Profile } from '../profiles/types.js';
import { MERGE_DISTANCE_M, type Facility } from './facility.js';

export interface Inventory {
  facilities: Facility[];
  merged: number;
  /** per category id: counts by source */
  counts: Record<string, { osm: number; list: number; merged: number; total: number }>;
}

function close(a: Facility, b: Facility): boolean {
  const { kx, ky } = metresPerDegree(a.points[0][1]);
  for (const p of a.points) for (const q of b.points) if (Math.hypot((p[0] - q[0]) * kx, (p[1] - q[1]) * ky) <= MERGE_DISTANCE_M) return true;
  return false;
}

/** 'osm' or 'list:<file>': facilities are merged across sources, never within one */
const sourceOf = (f: Facility) => (f.key.startsWith('osm:') ? 'osm' : f.key.split(':').slice(0, 2).join(':'));

export function buildInventory(profile: Profile, sources: Facility[][]): Inventory {
  const order = new Map(profile.categories.map((c, i) => [c.id, i]));
  const kept: Facility[] = [];
  let merged = 0;
  for (const list of sources) {
    for (const f of list) {
      // the first earlier facility of the same category, from another source, close enough
      const twin = kept.find((k) => k.category === f.category && sourceOf(k) !== sourceOf(f) && close(k, f));
      if (twin) {
        twin.merged.push(f.key);
        if (!twin.source.split('+').includes(f.source)) twin.source = `${twin.source}+${f.source}`;
        twin.name ??= f.name;
        twin.floorAreaM2 ??= f.floorAreaM2;
        merged++;
      } else kept.push({ ...f, merged: [...f.merged] });
    }
  }
  kept.sort((a, b) => (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const counts: Inventory['counts'] = {};
  for (const c of profile.categories) counts[c.id] = { osm: 0, list: 0, merged: 0, total: 0 };
  for (const f of kept) {
    const c = counts[f.category];
    c.total++;
    if (f.source === 'osm') c.osm++;
    else if (f.source === 'list') c.list++;
    else c.merged++;
  }
  return { facilities: kept, merged, counts };
}
