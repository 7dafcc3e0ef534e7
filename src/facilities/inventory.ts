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
import { hypot } from '../geo/hypot.js';

export interface Inventory {
  facilities: Facility[];
  merged: number;
  /** per category id: counts by source */
  counts: Record<string, { osm: number; list: number; merged: number; total: number }>;
}

function close(a: Facility, b: Facility): boolean {
  const { kx, ky } = metresPerDegree(a.points[0][1]);
  for (const p of a.points)
    for (const q of b.points) if (hypot((p[0] - q[0]) * kx, (p[1] - q[1]) * ky) <= MERGE_DISTANCE_M) return true;
  return false;
}

/** 'osm' or 'list:<file>': facilities are merged across sources, never within one */
const sourceOf = (f: Facility) => sourceOfKey(f.key);
function sourceOfKey(key: string): string {
  if (key.startsWith('osm:')) return 'osm';
  const a = key.indexOf(':');
  const b = a < 0 ? -1 : key.indexOf(':', a + 1);
  return b < 0 ? key : key.slice(0, b);
}

/**
 * a kept facility with its place in the kept order and its source, for the twin search. `f` is
 * the source's own object until a twin is merged into it: then a copy (`own`), so the sources'
 * facilities are never changed and a million-row list is not copied whole.
 */
interface Kept {
  f: Facility;
  rank: number;
  src: string;
  own: boolean;
}

/** cells numbered without building a string per look-up: |cx|, |cy| < 2^21 covers the globe in 50 m cells */
const CELL_SPAN = 2 ** 22;
const cellKey = (cx: number, cy: number) => (cx + CELL_SPAN / 2) * CELL_SPAN + (cy + CELL_SPAN / 2);

/**
 * Kept facilities bucketed by category and a grid of MERGE_DISTANCE_M cells, for the twin search.
 * The grid's scale is fixed at one reference latitude: scaled at each point's own latitude, two
 * points 40 m apart north-south could land two cells apart and miss each other.
 */
class Buckets {
  private byCategory = new Map<string, Map<number, Kept[]>>();
  private readonly kx: number;
  private readonly ky: number;
  constructor(refLat: number) {
    // cells a little smaller than the merge distance at the reference latitude stay within it
    // within a few hundred km of it: a 3 x 3 neighbourhood always covers 50 m
    const k = metresPerDegree(refLat);
    this.kx = k.kx * 1.05;
    this.ky = k.ky * 1.05;
  }
  private cx(lon: number): number {
    return Math.floor((lon * this.kx) / MERGE_DISTANCE_M);
  }
  private cy(lat: number): number {
    return Math.floor((lat * this.ky) / MERGE_DISTANCE_M);
  }
  add(k: Kept): void {
    let cells = this.byCategory.get(k.f.category);
    if (!cells) {
      cells = new Map();
      this.byCategory.set(k.f.category, cells);
    }
    const { points } = k.f;
    const seen = points.length > 1 ? new Set<number>() : null;
    for (const [lon, lat] of points) {
      const key = cellKey(this.cx(lon), this.cy(lat));
      if (seen) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const list = cells.get(key);
      if (list) list.push(k);
      else cells.set(key, [k]);
    }
  }
  /** kept facilities of the category with a point in the 3 x 3 cells around any point of f, in insertion order */
  near(f: Facility): Kept[] {
    // most facilities of a dense list have nothing nearby from another source: no Set, no copy then
    const cells = this.byCategory.get(f.category);
    if (!cells) return [];
    let out: Kept[] | null = null;
    let seen: Set<Kept> | null = null;
    for (const [lon, lat] of f.points) {
      const cx = this.cx(lon);
      const cy = this.cy(lat);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++) {
          const here = cells.get(cellKey(cx + dx, cy + dy));
          if (!here) continue;
          out ??= [];
          seen ??= new Set();
          for (const g of here)
            if (!seen.has(g)) {
              seen.add(g);
              out.push(g);
            }
        }
    }
    return out ?? [];
  }
}

export function buildInventory(profile: Profile, sources: Facility[][]): Inventory {
  const order = new Map(profile.categories.map((c, i) => [c.id, i]));
  const kept: Facility[] = [];
  const first = sources.find((l) => l.length)?.[0];
  const buckets = new Buckets(first ? first.points[0][1] : 0);
  let merged = 0;
  sources.forEach((list, si) => {
    // a source's own facilities are never twins of each other, so they join the buckets only when
    // the source is done: a dense list of a million rows then searches only the other sources'
    // facilities (it compared each row with every same-category row nearby: minutes); the last
    // source's are searched by no one
    const keptHere: Kept[] | null = si < sources.length - 1 ? [] : null;
    for (const f of list) {
      // the earliest kept facility of the same category, from another source, close enough, that
      // has not already taken a facility from this source (one-to-one: two distinct list rows
      // near one OSM facility are not the same facility twice)
      const src = sourceOf(f);
      let twinAt: Kept | null = null;
      for (const k of buckets.near(f))
        if (
          (twinAt === null || k.rank < twinAt.rank) &&
          k.src !== src &&
          !k.f.merged.some((m) => sourceOfKey(m) === src) &&
          close(k.f, f)
        )
          twinAt = k;
      if (twinAt) {
        if (!twinAt.own) {
          twinAt.f = { ...twinAt.f, merged: [...twinAt.f.merged] };
          twinAt.own = true;
          kept[twinAt.rank] = twinAt.f;
        }
        const twin = twinAt.f;
        twin.merged.push(f.key);
        if (!twin.source.split('+').includes(f.source)) twin.source = `${twin.source}+${f.source}`;
        twin.name ??= f.name;
        twin.floorAreaM2 ??= f.floorAreaM2;
        merged++;
      } else {
        keptHere?.push({ f, rank: kept.length, src, own: false });
        kept.push(f);
      }
    }
    if (keptHere) for (const k of keptHere) buckets.add(k);
  });
  // by the profile's category order, then by key: each category's facilities apart first (in
  // their order: a list's rows come nearly sorted, so the sort within one is quick), then sorted
  const groups: Facility[][] = profile.categories.map(() => []);
  if (!groups.length) groups.push([]);
  for (const f of kept) groups[order.get(f.category) ?? 0]!.push(f);
  const byKey = (a: Facility, b: Facility) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const sorted: Facility[] = [];
  for (const g of groups) for (const f of g.sort(byKey)) sorted.push(f);
  const counts: Inventory['counts'] = {};
  for (const c of profile.categories) counts[c.id] = { osm: 0, list: 0, merged: 0, total: 0 };
  for (const f of sorted) {
    const c = counts[f.category];
    c.total++;
    if (f.source === 'osm') c.osm++;
    else if (f.source === 'list') c.list++;
    else c.merged++;
  }
  return { facilities: sorted, merged, counts };
}
