/**
 * What a plan changes: planned facilities (`planned:` lists, `--planned`) added to the existing
 * ones, and for every community × category that has planned facilities, every metric before and
 * after — share and weight within the distance, nearest-facility distances, pass/fail — the
 * households gained, and which communities change verdict.
 *
 * "After" is the same search coverage does (one reversed multi-source Dijkstra from all the
 * category's facilities, now with the planned ones; the same distance formula), so a suggestion
 * fed back as a plan gains exactly the residents suggest said it would.
 */
import { basename } from 'node:path';
import type { CommunityOutcome, CoverageResult } from '../coverage/analysis.js';
import { NearestFacility, type FacilitySnap } from '../coverage/distance.js';
import { weightedQuantile } from '../coverage/stats.js';
import type { Facility } from '../facilities/facility.js';
import { listFacilities } from '../facilities/list-facilities.js';
import type { Crs, ColumnMapping } from '../facilities/types.js';
import type { WalkNetwork } from '../network/types.js';
import type { Category, Profile } from '../profiles/types.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import { InputError } from '../util/errors.js';

export interface PlannedSpec {
  file: string;
  crs: Crs;
  columns?: ColumnMapping;
  sheet?: string;
  category?: string;
}

export interface Metrics {
  share: number;
  within: number;
  minM: number;
  medianM: number;
  maxM: number;
  pass: boolean | null;
}

export interface PlannedRow {
  community: number;
  category: Category;
  before: Metrics;
  after: Metrics;
  /** residents' weight newly within the distance */
  gained: number;
  /** residents (sample points) newly within the distance, by index in the community */
  newlyServed: number[];
  /** planned facilities of this category in the plan */
  plannedCount: number;
}

export interface PlannedCommunity {
  community: number;
  requiredMetBefore: number;
  requiredMetAfter: number;
  requiredTotal: number;
  /** category ids whose verdict the plan changes */
  nowPass: string[];
}

export interface PlannedResult {
  planned: Facility[];
  rows: PlannedRow[];
  communities: PlannedCommunity[];
  unsnapped: { facility: Facility; reason: string }[];
  /** duplicates (same category, same point) read once */
  duplicates: number;
}

/**
 * The planned lists: every row must name a category of the profile (a plan with an unknown
 * category is an error, not a warning: the plan would be assessed without it).
 */
export async function readPlanned(
  specs: PlannedSpec[],
  profile: Profile,
): Promise<{ planned: Facility[]; duplicates: number }> {
  const out: Facility[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const cats = profile.categories.map((c) => c.id).join(', ');
  for (const spec of specs) {
    const r = await listFacilities({ ...spec, path: spec.file }, profile);
    const unknown = Object.keys(r.unknownCategories);
    if (unknown.length) {
      const v = unknown[0];
      const row = r.list.rows.find((x) => x.category?.trim() === v);
      throw new InputError(
        `${spec.file}: ${row ? `${r.list.format === 'csv' ? 'line' : 'row'} ${row.row}: ` : ''}planned facility of category '${v}', ` +
          `which is not in profile ${profile.id} (categories: ${cats}); fix the value or name the column with --columns category=<column>`,
      );
    }
    if (r.noCategory)
      throw new InputError(
        `${spec.file}: ${r.noCategory} planned facilities have no category value; every planned facility needs one (categories: ${cats})`,
      );
    if (r.list.skipped.length)
      throw new InputError(
        `${spec.file}: ${r.list.skipped[0].row}: ${r.list.skipped[0].reason} ` +
          `(${r.list.skipped.length} planned rows unreadable); a plan is assessed whole or not at all`,
      );
    for (const f of r.facilities) {
      const key = `${f.category} ${f.points[0][0]} ${f.points[0][1]}`;
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      out.push({ ...f, key: `planned:${basename(spec.file)}:${f.sourceId}:${f.category}`, source: 'planned' });
    }
  }
  return { planned: out, duplicates };
}

function metrics(
  d: ArrayLike<number>,
  w: Float64Array,
  threshold: number,
  passShare: number,
  assessed: boolean,
): Metrics {
  let total = 0;
  let within = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    total += w[i];
    if (d[i] <= threshold) within += w[i];
    if (d[i] < min) min = d[i];
    if (d[i] > max) max = d[i];
  }
  const share = total > 0 ? within / total : 0;
  return {
    share,
    within,
    minM: d.length ? min : Infinity,
    medianM: d.length ? weightedQuantile(d, w, 0.5) : Infinity,
    maxM: d.length ? max : Infinity,
    pass: assessed ? share >= passShare - 1e-9 : null,
  };
}

export function assessPlanned(
  net: WalkNetwork,
  profile: Profile,
  coverage: CoverageResult,
  existing: Facility[],
  planned: Facility[],
  duplicates: number,
  passShare: number,
  snap: SnapOptions,
): PlannedResult {
  const unsnapped: PlannedResult['unsnapped'] = [];
  const snaps = (fs: Facility[], offset: number): Map<string, FacilitySnap[]> => {
    const m = new Map<string, FacilitySnap[]>();
    fs.forEach((f, i) => {
      const list = m.get(f.category) ?? [];
      let any = false;
      let reason = 'no points';
      f.points.forEach((p, j) => {
        const s = snapPoint(net, p[0], p[1], snap);
        if (s.ok) {
          list.push({ facility: offset + i, point: j, snap: s.snap });
          any = true;
        } else reason = s.reason;
      });
      if (!any && offset > 0) unsnapped.push({ facility: f, reason });
      m.set(f.category, list);
    });
    return m;
  };
  const plannedSnaps = snaps(planned, existing.length);
  const cats = profile.categories.filter((c) => (plannedSnaps.get(c.id)?.length ?? 0) > 0);
  const existingSnaps = snaps(
    existing.filter((f) => cats.some((c) => c.id === f.category)),
    0,
  );
  const nearest = new NearestFacility(net);
  const rows: PlannedRow[] = [];
  const comms = coverage.communities;
  const flips = comms.map(() => [] as string[]);
  for (const cat of cats) {
    const ci = profile.categories.indexOf(cat);
    const own = plannedSnaps.get(cat.id) ?? [];
    nearest.run([...(existingSnaps.get(cat.id) ?? []), ...own]);
    comms.forEach((c: CommunityOutcome, k) => {
      const o = c.categories[ci];
      const w = c.residents.weight;
      const assessed = o.pass !== null;
      const after = Float64Array.from(c.residentSnaps, (s) => (s ? nearest.from(s) : Infinity));
      const newly: number[] = [];
      let gained = 0;
      for (let i = 0; i < after.length; i++)
        if (after[i] <= cat.threshold_m && !(o.distances[i] <= cat.threshold_m)) {
          newly.push(i);
          gained += w[i];
        }
      const before = metrics(o.distances, w, cat.threshold_m, passShare, assessed);
      before.pass = o.pass;
      const am = metrics(after, w, cat.threshold_m, passShare, assessed);
      if (cat.required && before.pass === false && am.pass === true) flips[k].push(cat.id);
      rows.push({
        community: k,
        category: cat,
        before,
        after: am,
        gained,
        newlyServed: newly,
        plannedCount: planned.filter((f) => f.category === cat.id).length,
      });
    });
  }
  return {
    planned,
    rows,
    communities: comms.map((c, k) => ({
      community: k,
      requiredMetBefore: c.requiredMet,
      requiredMetAfter: c.requiredMet + flips[k].length,
      requiredTotal: c.requiredTotal,
      nowPass: flips[k],
    })),
    unsnapped,
    duplicates,
  };
}
