/** coverage: one row per community × category — distances, share within, verdict and why. */
import type { CategoryOutcome, CommunityOutcome } from '../../coverage/analysis.js';
import { inLang } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { metres, r1, r3, VERDICT, verdict } from './labels.js';

export interface CoverageRow {
  c: CommunityOutcome;
  o: CategoryOutcome;
}

export const coverageTable: DatasetSpec<CoverageRow> = {
  name: 'coverage',
  zh: '覆盖评估',
  en: 'coverage',
  fields: [
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.c.community.id },
    { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (r) => r.c.community.name },
    { key: 'category', zh: '设施类别代码', en: 'category', type: 'text', get: (r) => r.o.category.id },
    { key: 'category_name', zh: '设施类别', en: 'category_name', type: 'text', get: (r, l) => inLang(r.o.category, l) },
    { key: 'required', zh: '必配', en: 'required', type: 'boolean', get: (r) => r.o.category.required },
    { key: 'tier', zh: '层级', en: 'tier', type: 'text', get: (r) => r.o.category.tier },
    {
      key: 'threshold_m',
      zh: '步行距离标准(米)',
      en: 'threshold_m',
      type: 'integer',
      get: (r) => r.o.category.threshold_m,
    },
    { key: 'residents_unit', zh: '居民计量', en: 'residents_unit', type: 'text', get: (r) => r.c.residents.unit },
    {
      key: 'residents_total',
      zh: '居民总量',
      en: 'residents_total',
      type: 'real',
      get: (r) => r1(r.c.residents.total),
    },
    { key: 'share_within', zh: '达标比例', en: 'share_within', type: 'real', get: (r) => r3(r.o.share) },
    {
      key: 'residents_within',
      zh: '距离内居民',
      en: 'residents_within',
      type: 'real',
      get: (r) => r1(r.c.residents.total - r.o.weightBeyond),
    },
    {
      key: 'residents_beyond',
      zh: '超出距离居民',
      en: 'residents_beyond',
      type: 'real',
      get: (r) => r1(r.o.weightBeyond),
    },
    {
      key: 'nearest_min_m',
      zh: '最近设施距离_最小(米)',
      en: 'nearest_min_m',
      type: 'integer',
      get: (r) => metres(r.o.minM),
    },
    {
      key: 'nearest_median_m',
      zh: '最近设施距离_中位(米)',
      en: 'nearest_median_m',
      type: 'integer',
      get: (r) => metres(r.o.medianM),
    },
    {
      key: 'nearest_max_m',
      zh: '最近设施距离_最大(米)',
      en: 'nearest_max_m',
      type: 'integer',
      get: (r) => metres(r.o.maxM),
    },
    {
      key: 'facilities_within',
      zh: '距离内设施数',
      en: 'facilities_within',
      type: 'integer',
      get: (r) => r.o.facilitiesWithin,
    },
    {
      key: 'nearest_facility',
      zh: '最近设施',
      en: 'nearest_facility',
      type: 'text',
      get: (r) => r.o.nearest?.facility.name ?? r.o.nearest?.facility.sourceId ?? null,
    },
    {
      key: 'nearest_facility_source',
      zh: '最近设施来源',
      en: 'nearest_facility_source',
      type: 'text',
      get: (r) => (r.o.nearest ? `${r.o.nearest.facility.source}:${r.o.nearest.facility.sourceId}` : null),
    },
    {
      key: 'route_from_gate_m',
      zh: '社区出入口到最近设施(米)',
      en: 'route_from_gate_m',
      type: 'integer',
      get: (r) => (r.o.nearest ? metres(r.o.nearest.distanceM) : null),
    },
    { key: 'result', zh: '评估结果', en: 'result', type: 'label', labels: VERDICT, get: (r) => verdict(r.o.pass) },
    {
      key: 'reason',
      zh: '说明',
      en: 'reason',
      type: 'text',
      get: (r, l) => (r.o.reason ? inLang(r.o.reason, l) : r.c.reason ? inLang(r.c.reason, l) : null),
    },
  ],
};

export function coverageRows(communities: CommunityOutcome[]): CoverageRow[] {
  return communities.flatMap((c) => c.categories.map((o) => ({ c, o })));
}
