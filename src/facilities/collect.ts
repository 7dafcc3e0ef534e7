/**
 * The whole facility stage: OSM facilities matched by the profile, planners' lists (each checked
 * for a GCJ-02/BD-09 offset against the walking network), merged into one inventory.
 */
import type { WalkNetwork } from '../network/types.js';
import type { Profile } from '../profiles/types.js';
import { crsOffsetWarning, detectCrsOffset } from './crs-offset.js';
import { offsetReference } from './offset-evidence.js';
import { buildInventory, type Inventory } from './inventory.js';
import { listFacilities, type ListResult, type ListSpec } from './list-facilities.js';
import { osmFacilities } from './osm-facilities.js';
import { metresPerDegree } from '../geo/geodesy.js';
import type { Facility } from './facility.js';

/** list facilities farther than this beyond the network's bbox are outside the study area */
export const OUTSIDE_MARGIN_M = 2000;

export interface FacilityStage {
  inventory: Inventory;
  lists: ListResult[];
  osmCount: number;
  warnings: string[];
  /** per list: how its rows mapped to categories (one line each, for the terminal and run.json) */
  mappingNotes: string[];
}

/** "kindergarten.csv: 7,513 rows, 2,716 (36.1 %) mapped: community_health_station 2,712, …; 4,797 to no category (top: '…' ×1,164, …)" */
export function mappingNote(r: ListResult): string {
  const rows = r.list.placed.length;
  const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const pct = (n: number) => (rows ? `${((n / rows) * 100).toFixed(1)} %` : '0 %');
  const cats = Object.entries(r.perCategory)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  const none = rows - r.mappedRows;
  const top = Object.entries(r.unknownCategories)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([v, c]) => `'${v}' ×${fmt(c)}`)
    .join(', ');
  return (
    `${r.spec.path}: ${fmt(rows)} rows, ${fmt(r.mappedRows)} (${pct(r.mappedRows)}) mapped${cats ? `: ${cats}` : ''}; ` +
    `${fmt(none)} (${pct(none)}) to no category${top ? ` (top unmapped types: ${top})` : ''}`
  );
}

export async function collectFacilities(
  net: WalkNetwork,
  profile: Profile,
  specs: ListSpec[],
  useOsm = true,
  /** rows of a list checked so far (long lists: a million rows take seconds) */
  onRows?: (path: string, done: number, total: number) => void,
): Promise<FacilityStage> {
  const osm = useOsm ? await osmFacilities(net, profile) : [];
  const lists: ListResult[] = [];
  const warnings: string[] = [];
  const mappingNotes: string[] = [];
  // distance to the nearest walkable way, the reference for the offset check
  // distance to the network, and OSM objects of the same kind and buildings for dense cities
  const reference = offsetReference(net, osm);
  // lists often cover a whole city; keep what lies on or near the network (2 km beyond its bbox)
  const [bx0, by0, bx1, by1] = net.meta.bbox;
  const mx = OUTSIDE_MARGIN_M / metresPerDegree((by0 + by1) / 2).kx;
  const my = OUTSIDE_MARGIN_M / metresPerDegree((by0 + by1) / 2).ky;
  const near = (f: Facility) =>
    f.points.some(([lon, lat]) => lon >= bx0 - mx && lon <= bx1 + mx && lat >= by0 - my && lat <= by1 + my);
  for (const spec of specs) {
    const r = await listFacilities(spec, profile, onRows && ((d, t) => onRows(spec.path, d, t)));
    const outside = r.facilities.filter((f) => !near(f)).length;
    if (outside) {
      r.facilities = r.facilities.filter(near);
      warnings.push(
        `${spec.path}: ${outside} of its facilities lie more than ${OUTSIDE_MARGIN_M / 1000} km ` +
          `outside the network's area and were left out (bbox ` +
          `${net.meta.bbox.map((v) => v.toFixed(4)).join(', ')})`,
      );
    }
    r.outside = outside;
    lists.push(r);
    mappingNotes.push(mappingNote(r));
    for (const w of r.list.warnings) warnings.push(w);
    const unknown = Object.entries(r.unknownCategories).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (unknown.length) {
      const n = unknown.reduce((s, [, c]) => s + c, 0);
      warnings.push(
        `${spec.path}: ${n} rows have category values that are not in profile ${profile.id} and were left out: ${unknown
          .slice(0, 12)
          .map(([v, c]) => `'${v}' ×${c}`)
          .join(
            ', ',
          )}${unknown.length > 12 ? `, and ${unknown.length - 12} more` : ''}; map them with a category mapping file (value: category_id)`,
      );
    }
    if (r.noCategory) warnings.push(`${spec.path}: ${r.noCategory} rows have no category value and were left out`);
    if (r.list.skipped.length) {
      const first = r.list.skipped
        .slice(0, 5)
        .map((s) => `${s.row}: ${s.reason}`)
        .join('; ');
      warnings.push(
        `${spec.path}: ${r.list.skipped.length} rows skipped (${first}${r.list.skipped.length > 5 ? '; …' : ''})`,
      );
    }
    if (spec.crs === 'wgs84' && !spec.crsSpec) {
      // judged on the points in the study area (a city-wide list against one district's network)
      const { placed } = r.list;
      const rows: number[] = [];
      for (let i = 0; i < placed.length; i++)
        if (near({ points: [[placed.lon(i), placed.lat(i)]] } as Facility)) rows.push(i);
      // each row's profile category (after mapping), to match it against OSM objects of that category
      const cat = new Map(r.facilities.map((f) => [`${f.points[0][0]},${f.points[0][1]}`, f.category]));
      const s = detectCrsOffset(
        rows.map((i) => [placed.lon(i), placed.lat(i)]),
        reference,
        rows.map((i) => ({ category: cat.get(`${placed.lon(i)},${placed.lat(i)}`) ?? null, name: placed.name(i) })),
      );
      if (s) warnings.push(crsOffsetWarning(spec.path, s));
    }
  }
  const inventory = buildInventory(profile, [osm, ...lists.map((l) => l.facilities)]);
  return { inventory, lists, osmCount: osm.length, warnings, mappingNotes };
}
