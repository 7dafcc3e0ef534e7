/**
 * Verdicts a planner can act on, from the analysis' measurements:
 * - three verdicts: pass, fail, and not assessed — a category with no facility at all in OSM or
 *   any list is "not assessed: no data" (未评估：无数据), not a fail (`missing_data: fail` restores
 *   the old behaviour), and is left out of "required categories met" (met / assessed / required);
 * - a coverage index per community that ranks even when every community fails;
 * - per category for the whole study area: households covered, communities passing/failing/not
 *   assessed;
 * - households affected by each gap, the order gaps are listed in.
 */
import type { Bilingual } from '../profiles/types.js';
import type { CategoryOutcome, CommunityOutcome, CoverageResult } from './analysis.js';

/** what a category with no facility anywhere gets */
export type MissingData = 'not_assessed' | 'fail';
export const MISSING_DATA_VALUES: readonly MissingData[] = ['not_assessed', 'fail'];

export const NO_DATA_REASON: Bilingual = {
  zh: '未评估：无数据（OSM 和设施清单中都没有此类设施）',
  en: 'not assessed: no data (no facility of this category in OSM or the lists)',
};

/**
 * Marks the categories without any facility as not assessed (unless `missing` is 'fail'), then
 * fills every community's requiredAssessed and coverageIndex. `facilityCounts`: category id →
 * facilities in the inventory (OSM and lists, in the study area).
 */
export function assessCoverage(
  res: CoverageResult,
  facilityCounts: ReadonlyMap<string, number>,
  missing: MissingData = 'not_assessed',
): void {
  for (const c of res.communities) {
    for (const o of c.categories) {
      o.noData = !facilityCounts.get(o.category.id);
      if (o.noData && missing === 'not_assessed' && o.pass !== null) {
        o.pass = null;
        o.reason = NO_DATA_REASON;
        o.gap = null;
      }
    }
    const required = c.categories.filter((o) => o.category.required);
    c.requiredMet = required.filter((o) => o.pass === true).length;
    c.requiredAssessed = required.filter((o) => o.pass !== null).length;
    c.coverageIndex = coverageIndex(c);
  }
}

/**
 * The coverage index of a community, 0–1: the mean, over the required categories that were
 * assessed (pass or fail), of the share of its residents within the category's distance. Each
 * share is weighted by residents: building sample points carry floor area scaled to the
 * community's households when it gives them (else population, else floor area), so with
 * households known it is the share of households. null when nothing was assessed.
 *   index = (1/|A|) · Σ_{k∈A} share_k,   share_k = Σ_i w_i·[d_ik ≤ t_k] / Σ_i w_i
 */
export function coverageIndex(c: Pick<CommunityOutcome, 'status' | 'categories'>): number | null {
  if (c.status !== 'ok') return null;
  const assessed = c.categories.filter((o) => o.category.required && o.pass !== null);
  if (!assessed.length) return null;
  return assessed.reduce((s, o) => s + o.share, 0) / assessed.length;
}

/** households of a community beyond a category's distance: (1 − share) × households; null when households are unknown */
export function householdsAffected(c: CommunityOutcome, o: CategoryOutcome): number | null {
  const hh = c.community.households;
  if (hh === null || hh <= 0 || o.pass === null) return null;
  return (1 - o.share) * hh;
}

export interface CategoryTotal {
  categoryId: string;
  /** communities with households known whose result is pass or fail */
  householdsCounted: number;
  householdsCovered: number;
  /** householdsCovered / householdsCounted; null when no community gives households */
  shareCovered: number | null;
  pass: number;
  fail: number;
  notAssessed: number;
  /** the category has no facility at all in OSM or the lists */
  noData: boolean;
}

/** per category, for the whole study area */
export function categoryTotals(res: CoverageResult): CategoryTotal[] {
  const first = res.communities[0];
  if (!first) return [];
  return first.categories.map((_, k) => {
    let counted = 0;
    let covered = 0;
    let pass = 0;
    let fail = 0;
    let na = 0;
    let noData = false;
    for (const c of res.communities) {
      const o = c.categories[k];
      noData ||= o.noData === true;
      if (o.pass === null) na++;
      else if (o.pass) pass++;
      else fail++;
      const hh = c.community.households;
      if (o.pass !== null && hh !== null && hh > 0) {
        counted += hh;
        covered += o.share * hh;
      }
    }
    return {
      categoryId: first.categories[k].category.id,
      householdsCounted: counted,
      householdsCovered: covered,
      shareCovered: counted > 0 ? covered / counted : null,
      pass,
      fail,
      notAssessed: na,
      noData,
    };
  });
}

/** floor area (m², footprint × levels) of the residents' buildings beyond the distance, for communities without households */
export function floorAreaAffected(c: CommunityOutcome, o: CategoryOutcome): number | null {
  if (c.residents.unit !== 'floor area m²' || o.pass === null) return null;
  return o.weightBeyond;
}

/**
 * Gaps worst first: by households affected (communities that give households) — then, for
 * communities without households, by the floor area of their housing beyond the distance (the
 * same unit everywhere, unlike grid cells) — then by the share beyond, then community and category
 * id. Not-assessed pairs are no gaps.
 */
export function rankGaps<T extends { c: CommunityOutcome; o: CategoryOutcome }>(gaps: T[]): T[] {
  const hh = (g: T) => householdsAffected(g.c, g.o) ?? -1;
  const fa = (g: T) => floorAreaAffected(g.c, g.o) ?? -1;
  return gaps
    .filter((g) => g.o.pass === false)
    .sort(
      (a, b) =>
        hh(b) - hh(a) ||
        fa(b) - fa(a) ||
        a.o.share - b.o.share ||
        (a.c.community.id < b.c.community.id ? -1 : a.c.community.id > b.c.community.id ? 1 : 0) ||
        (a.o.category.id < b.o.category.id ? -1 : a.o.category.id > b.o.category.id ? 1 : 0),
    );
}
