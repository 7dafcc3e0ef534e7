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
  for (const p of a.points)
    for (const q of b.points) if (Math.hypot((p[0] - q[0]) * kx, (p[1] - q[1]) * ky) <= MERGE_DISTANCE_M) return true;
  return false;
}

/** 'osm' or 'list:<file>': facilities are merged across sources, never within one */
const sourceOf = (f: Facility) => (f.key.startsWith('osm:') ? 'osm' : f.key.split(':').slice(0, 2).join(':'));

/**
 * Kept facilities bucketed by category and a grid of MERGE_DISTANCE_M cells, for the twin search.
 * The grid's scale is fixed at one reference latitude: scaled at each point's own latitude, two
 * points 40 m apart north-south could land two cells apart and miss each other.
 */
class Buckets {
  private cells = new Map<string, Facility[]>();
  private readonly kx: number;
  private readonly ky: number;
  constructor(refLat: number) {
    // cells a little smaller than the merge distance at the reference latitude stay within it
    // within a few hundred km of it: a 3 x 3 neighbourhood always covers 50 m
    const k = metresPerDegree(refLat);
    this.kx = k.kx * 1.05;
    this.ky = k.ky * 1.05;
  }
  private cell(lon: number, lat: number): [number, number] {
    return [Math.floor((lon * this.kx) / MERGE_DISTANCE_M), Math.floor((lat * this.ky) / MERGE_DISTANCE_M)];
  }
  private key(category: string, lon: number, lat: number): string {
    const [cx, cy] = this.cell(lon, lat);
    return `${category}|${cx}|${cy}`;
  }
  add(f: Facility): void {
    const seen = new Set<string>();
    for (const [lon, lat] of f.points) {
      const k = this.key(f.category, lon, lat);
      if (seen.has(k)) continue;
      seen.add(k);
      const list = this.cells.get(k);
      if (list) list.push(f);
      else this.cells.set(k, [f]);
    }
  }
  /** facilities of the category with a point in the 3 x 3 cells around any point of f, in insertion order */
  near(f: Facility): Facility[] {
    const out = new Set<Facility>();
    for (const [lon, lat] of f.points) {
      const [cx, cy] = this.cell(lon, lat);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const g of this.cells.get(`${f.category}|${cx + dx}|${cy + dy}`) ?? []) out.add(g);
    }
    return [...out];
  }
}

export function buildInventory(profile: Profile, sources: Facility[][]): Inventory {
  const order = new Map(profile.categories.map((c, i) => [c.id, i]));
  const kept: Facility[] = [];
  const first = sources.find((l) => l.length)?.[0];
  const buckets = new Buckets(first ? first.points[0][1] : 0);
  const rank = new Map<Facility, number>();
  const sourceOfKept = new Map<Facility, string>();
  let merged = 0;
  for (const list of sources) {
    // a source's own facilities are never twins of each other, so they join the buckets only when
    // the source is done: a dense list of a million rows then searches only the other sources'
    // facilities (it compared each row with every same-category row nearby: minutes)
    const keptHere: Facility[] = [];
    for (const f of list) {
      // the earliest kept facility of the same category, from another source, close enough, that
      // has not already taken a facility from this source (one-to-one: two distinct list rows
      // near one OSM facility are not the same facility twice)
      const src = sourceOf(f);
      const twin = buckets
        .near(f)
        .filter(
          (k) =>
            sourceOfKept.get(k) !== src &&
            !k.merged.some((m) => sourceOf({ key: m } as Facility) === src) &&
            close(k, f),
        )
        .sort((a, b) => rank.get(a)! - rank.get(b)!)[0];
      if (twin) {
        twin.merged.push(f.key);
        if (!twin.source.split('+').includes(f.source)) twin.source = `${twin.source}+${f.source}`;
        twin.name ??= f.name;
        twin.floorAreaM2 ??= f.floorAreaM2;
        merged++;
      } else {
        const k = { ...f, merged: [...f.merged] };
        rank.set(k, kept.length);
        sourceOfKept.set(k, src);
        kept.push(k);
        keptHere.push(k);
      }
    }
    for (const k of keptHere) buckets.add(k);
  }
  kept.sort(
    (a, b) =>
      (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
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
