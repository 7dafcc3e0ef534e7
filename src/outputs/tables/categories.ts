/**
 * categories: one row per category of the profile for the whole study area — facilities found,
 * households covered and their share, communities passing / failing / not assessed.
 */
import { categoryTotals } from '../../coverage/assess.js';
import type { CoverageResult } from '../../coverage/analysis.js';
import type { Facility } from '../../facilities/facility.js';
import { inLang, type Bilingual, type Category, type Profile } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { r1, r3 } from './labels.js';

export const SOURCES: Record<string, Bilingual> = {
  osm_only: { zh: '仅 OSM', en: 'OSM only' },
  lists_only: { zh: '仅设施清单', en: 'lists only' },
  both: { zh: 'OSM 和设施清单', en: 'OSM and lists' },
  none: { zh: '无', en: 'none' },
};

export interface CategoryRow {
  category: Category;
  facilities: number;
  /** facilities found in OSM, and in the lists (a merged one counts for both) */
  osm: number;
  lists: number;
  total: ReturnType<typeof categoryTotals>[number];
}

export const categoriesTable: DatasetSpec<CategoryRow> = {
  name: 'categories',
  zh: '设施类别汇总',
  en: 'categories',
  fields: [
    { key: 'category', zh: '设施类别代码', en: 'category', type: 'text', get: (r) => r.category.id },
    { key: 'category_name', zh: '设施类别', en: 'category_name', type: 'text', get: (r, l) => inLang(r.category, l) },
    { key: 'required', zh: '必配', en: 'required', type: 'boolean', get: (r) => r.category.required },
    {
      key: 'threshold_m',
      zh: '步行距离标准(米)',
      en: 'threshold_m',
      type: 'integer',
      get: (r) => r.category.threshold_m,
    },
    { key: 'facilities', zh: '设施数', en: 'facilities', type: 'integer', get: (r) => r.facilities },
    { key: 'facilities_osm', zh: 'OSM设施数', en: 'facilities_osm', type: 'integer', get: (r) => r.osm },
    { key: 'facilities_lists', zh: '清单设施数', en: 'facilities_lists', type: 'integer', get: (r) => r.lists },
    {
      key: 'sources',
      zh: '数据来源',
      en: 'sources',
      type: 'label',
      labels: SOURCES,
      get: (r) => (r.osm && r.lists ? 'both' : r.osm ? 'osm_only' : r.lists ? 'lists_only' : 'none'),
    },
    { key: 'no_data', zh: '无数据', en: 'no_data', type: 'boolean', get: (r) => r.facilities === 0 },
    {
      key: 'households_counted',
      zh: '计入户数',
      en: 'households_counted',
      type: 'real',
      get: (r) => r1(r.total.householdsCounted),
    },
    {
      key: 'households_covered',
      zh: '距离内户数',
      en: 'households_covered',
      type: 'real',
      get: (r) => r1(r.total.householdsCovered),
    },
    {
      key: 'households_share',
      zh: '距离内户数比例',
      en: 'households_share',
      type: 'real',
      get: (r) => (r.total.shareCovered === null ? null : r3(r.total.shareCovered)),
    },
    { key: 'communities_pass', zh: '达标社区数', en: 'communities_pass', type: 'integer', get: (r) => r.total.pass },
    { key: 'communities_fail', zh: '不达标社区数', en: 'communities_fail', type: 'integer', get: (r) => r.total.fail },
    {
      key: 'communities_not_assessed',
      zh: '未评估社区数',
      en: 'communities_not_assessed',
      type: 'integer',
      get: (r) => r.total.notAssessed,
    },
  ],
};

export function categoryRows(res: CoverageResult, profile: Profile, facilities: readonly Facility[]): CategoryRow[] {
  const totals = categoryTotals(res);
  // per category: all its facilities, those from OSM, those from lists (one pass over them)
  const counts = new Map<string, [number, number, number]>();
  for (const f of facilities) {
    let c = counts.get(f.category);
    if (!c) {
      c = [0, 0, 0];
      counts.set(f.category, c);
    }
    c[0]++;
    if (f.source.includes('osm')) c[1]++;
    if (f.source.includes('list')) c[2]++;
  }
  return profile.categories.map((category, k) => ({
    category,
    facilities: counts.get(category.id)?.[0] ?? 0,
    osm: counts.get(category.id)?.[1] ?? 0,
    lists: counts.get(category.id)?.[2] ?? 0,
    total: totals[k] ?? {
      categoryId: category.id,
      householdsCounted: 0,
      householdsCovered: 0,
      shareCovered: null,
      pass: 0,
      fail: 0,
      notAssessed: 0,
      noData: (counts.get(category.id) ?? 0) === 0,
    },
  }));
}
