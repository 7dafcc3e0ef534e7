/**
 * The whole facility stage: OSM facilities matched by the profile, planners' lists (each checked
 * for a GCJ-02/BD-09 offset against the walking network), merged into one inventory.
 */
import type { WalkNetwork } from '../network/types.js';
import type { Profile } from '../profiles/types.js';
import { snapPoint } from '../snap/snap.js';
import { crsOffsetWarning, detectCrsOffset } from './crs-offset.js';
import { buildInventory, type Inventory } from './inventory.js';
import { listFacilities, type ListResult, type ListSpec } from './list-facilities.js';
import { osmFacilities } from './osm-facilities.js';

export interface FacilityStage {
  inventory: Inventory;
  lists: ListResult[];
  osmCount: number;
  warnings: string[];
}

export async function collectFacilities(net: WalkNetwork, profile: Profile, specs: ListSpec[], useOsm = true): Promise<FacilityStage> {
  const osm = useOsm ? await osmFacilities(net, profile) : [];
  const lists: ListResult[] = [];
  const warnings: string[] = [];
  // distance to the nearest walkable way, the reference for the offset check
  const reference = {
    nearestDistance: (lon: number, lat: number) => {
      const s = snapPoint(net, lon, lat, { maxSnapM: 3000, minComponent: 1 });
      return s.ok ? s.snap.dist : Infinity;
    },
  };
  for (const spec of specs) {
    const r = await listFacilities(spec, profile);
    lists.push(r);
    for (const w of r.list.warnings) warnings.push(w);
    const unknown = Object.entries(r.unknownCategories).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (unknown.length) {
      const n = unknown.reduce((s, [, c]) => s + c, 0);
      warnings.push(`${spec.path}: ${n} rows have category values that are not in profile ${profile.id} and were left out: ${unknown.slice(0, 12).map(([v, c]) => `'${v}' ×${c}`).join(', ')}${unknown.length > 12 ? `, and ${unknown.length - 12} more` : ''}; map them with a category mapping file (value: category_id)`);
    }
    if (r.noCategory) warnings.push(`${spec.path}: ${r.noCategory} rows have no category value and were left out`);
    if (r.list.skipped.length) {
      const first = r.list.skipped.slice(0, 5).map((s) => `${s.row}: ${s.reason}`).join('; ');
      warnings.push(`${spec.path}: ${r.list.skipped.length} rows skipped (${first}${r.list.skipped.length > 5 ? '; …' : ''})`);
    }
    if (spec.crs === 'wgs84') {
      const s = detectCrsOffset(r.list.rows.map((row) => [row.lon, row.lat]), reference);
      if (s) warnings.push(crsOffsetWarning(spec.path, s));
    }
  }
  const inventory = buildInventory(profile, [osm, ...lists.map((l) => l.facilities)]);
  return { inventory, lists, osmCount: osm.length, warnings };
}
