/**
 * planned: what a plan changes (`planned:` / --planned), one row per community × category that
 * has planned facilities: every metric before and after, the households gained, the verdict
 * before and after. run.json carries the per-community summary (required categories met before → after).
 */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import type { PlannedResult, PlannedRow } from '../../siting/planned.js';
import { inLang } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { metres, r1, r3, VERDICT, verdict } from './labels.js';

export interface PlannedTableRow {
  r: PlannedRow;
  c: CommunityOutcome;
}

const CHANGE = {
  now_passes: { zh: '由不达标变为达标', en: 'now passes' },
  improves: { zh: '改善但仍不达标', en: 'improves, still fails' },
  unchanged_fail: { zh: '不变（不达标）', en: 'unchanged (fails)' },
  unchanged_pass: { zh: '不变（达标）', en: 'unchanged (passes)' },
  improves_pass: { zh: '改善（已达标）', en: 'improves (already passes)' },
  not_assessed: { zh: '未评估', en: 'not assessed' },
};

function change(r: PlannedRow): keyof typeof CHANGE {
  if (r.before.pass === null) return 'not_assessed';
  if (!r.before.pass && r.after.pass) return 'now_passes';
  if (r.gained > 0) return r.before.pass ? 'improves_pass' : 'improves';
  return r.before.pass ? 'unchanged_pass' : 'unchanged_fail';
}

export function plannedRows(res: PlannedResult, comms: CommunityOutcome[]): PlannedTableRow[] {
  return res.rows.map((r) => ({ r, c: comms[r.community] }));
}

export const plannedTable: DatasetSpec<PlannedTableRow> = {
  name: 'planned',
  zh: '规划设施前后对比',
  en: 'planned: before and after',
  fields: [
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (x) => x.c.community.id },
    { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (x) => x.c.community.name },
    { key: 'category', zh: '设施类别代码', en: 'category', type: 'text', get: (x) => x.r.category.id },
    { key: 'category_name', zh: '设施类别', en: 'category_name', type: 'text', get: (x, l) => inLang(x.r.category, l) },
    { key: 'required', zh: '必配', en: 'required', type: 'boolean', get: (x) => x.r.category.required },
    {
      key: 'threshold_m',
      zh: '步行距离标准(米)',
      en: 'threshold_m',
      type: 'integer',
      get: (x) => x.r.category.threshold_m,
    },
    {
      key: 'planned_facilities',
      zh: '规划设施数',
      en: 'planned_facilities',
      type: 'integer',
      get: (x) => x.r.plannedCount,
    },
    { key: 'residents_unit', zh: '居民计量', en: 'residents_unit', type: 'text', get: (x) => x.c.residents.unit },
    { key: 'share_before', zh: '规划前达标比例', en: 'share_before', type: 'real', get: (x) => r3(x.r.before.share) },
    { key: 'share_after', zh: '规划后达标比例', en: 'share_after', type: 'real', get: (x) => r3(x.r.after.share) },
    {
      key: 'within_before',
      zh: '规划前距离内居民',
      en: 'within_before',
      type: 'real',
      get: (x) => r1(x.r.before.within),
    },
    { key: 'within_after', zh: '规划后距离内居民', en: 'within_after', type: 'real', get: (x) => r1(x.r.after.within) },
    { key: 'gained', zh: '新增覆盖居民', en: 'gained', type: 'real', get: (x) => r1(x.r.gained) },
    {
      key: 'min_before_m',
      zh: '规划前最近距离_最小(米)',
      en: 'min_before_m',
      type: 'integer',
      get: (x) => metres(x.r.before.minM),
    },
    {
      key: 'min_after_m',
      zh: '规划后最近距离_最小(米)',
      en: 'min_after_m',
      type: 'integer',
      get: (x) => metres(x.r.after.minM),
    },
    {
      key: 'median_before_m',
      zh: '规划前最近距离_中位(米)',
      en: 'median_before_m',
      type: 'integer',
      get: (x) => metres(x.r.before.medianM),
    },
    {
      key: 'median_after_m',
      zh: '规划后最近距离_中位(米)',
      en: 'median_after_m',
      type: 'integer',
      get: (x) => metres(x.r.after.medianM),
    },
    {
      key: 'max_before_m',
      zh: '规划前最近距离_最大(米)',
      en: 'max_before_m',
      type: 'integer',
      get: (x) => metres(x.r.before.maxM),
    },
    {
      key: 'max_after_m',
      zh: '规划后最近距离_最大(米)',
      en: 'max_after_m',
      type: 'integer',
      get: (x) => metres(x.r.after.maxM),
    },
    {
      key: 'result_before',
      zh: '规划前评估',
      en: 'result_before',
      type: 'label',
      labels: VERDICT,
      get: (x) => verdict(x.r.before.pass),
    },
    {
      key: 'result_after',
      zh: '规划后评估',
      en: 'result_after',
      type: 'label',
      labels: VERDICT,
      get: (x) => verdict(x.r.after.pass),
    },
    { key: 'change', zh: '变化', en: 'change', type: 'label', labels: CHANGE, get: (x) => change(x.r) },
  ],
};

/** the planned section of run.json */
export function plannedRecord(res: PlannedResult, comms: CommunityOutcome[]): Record<string, unknown> {
  return {
    facilities: res.planned.length,
    duplicates_read_once: res.duplicates,
    not_on_network: res.unsnapped.map((u) => ({
      category: u.facility.category,
      source_id: u.facility.sourceId,
      reason: u.reason,
    })),
    categories: [...new Set(res.rows.map((r) => r.category.id))],
    communities: res.communities.map((c) => ({
      id: comms[c.community].community.id,
      required_met_before: c.requiredMetBefore,
      required_met_after: c.requiredMetAfter,
      required_total: c.requiredTotal,
      now_pass: c.nowPass,
      all_required_before: c.requiredMetBefore === c.requiredTotal,
      all_required_after: c.requiredMetAfter === c.requiredTotal,
    })),
  };
}
