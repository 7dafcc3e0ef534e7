/** coverage: one row per community × category — distances, share within, verdict and why. */
import type { CategoryOutcome, CommunityOutcome } from '../../coverage/analysis.js';
import { inLang, type Bilingual, type Profile } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { communityCategoryKeys, thresholdField } from './community-category-fields.js';
import { categoryVerdict, metres, PROXY_UNIT, r3, residentAmounts, VERDICT } from './labels.js';

export interface CoverageRow {
  c: CommunityOutcome;
  o: CategoryOutcome;
}

export function coverageTable(profile: Profile): DatasetSpec<CoverageRow> {
  const tiers: Record<string, Bilingual> = Object.fromEntries(profile.tiers.map((t) => [t.id, { zh: t.zh, en: t.en }]));
  return {
    name: 'coverage',
    zh: '覆盖评估',
    en: 'coverage',
    fields: [
      ...communityCategoryKeys<CoverageRow>(),
      { key: 'required', zh: '必配', en: 'required', type: 'boolean', get: (r) => r.o.category.required },
      { key: 'tier', zh: '层级', en: 'tier', type: 'label', labels: tiers, get: (r) => r.o.category.tier },
      thresholdField<CoverageRow>(),
      { key: 'share_within', zh: '达标比例', en: 'share_within', type: 'real', get: (r) => r3(r.o.share) },
      // one unit per column: households, population, or the stated proxy (residentAmounts)
      {
        key: 'households_total',
        zh: '户数',
        en: 'households_total',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1).households,
      },
      {
        key: 'households_within',
        zh: '距离内户数',
        en: 'households_within',
        type: 'real',
        get: (r) => residentAmounts(r.c, r.o.share).households,
      },
      {
        key: 'households_beyond',
        zh: '超出距离户数',
        en: 'households_beyond',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1 - r.o.share).households,
      },
      {
        key: 'population_total',
        zh: '人口',
        en: 'population_total',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1).population,
      },
      {
        key: 'population_within',
        zh: '距离内人口',
        en: 'population_within',
        type: 'real',
        get: (r) => residentAmounts(r.c, r.o.share).population,
      },
      {
        key: 'population_beyond',
        zh: '超出距离人口',
        en: 'population_beyond',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1 - r.o.share).population,
      },
      {
        key: 'proxy_unit',
        zh: '替代计量',
        en: 'proxy_unit',
        type: 'label',
        labels: PROXY_UNIT,
        get: (r) => residentAmounts(r.c, 1).proxyUnit,
      },
      {
        key: 'proxy_total',
        zh: '替代计量_总量',
        en: 'proxy_total',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1).proxy,
      },
      {
        key: 'proxy_within',
        zh: '替代计量_距离内',
        en: 'proxy_within',
        type: 'real',
        get: (r) => residentAmounts(r.c, r.o.share).proxy,
      },
      {
        key: 'proxy_beyond',
        zh: '替代计量_超出距离',
        en: 'proxy_beyond',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1 - r.o.share).proxy,
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
      { key: 'result', zh: '评估结果', en: 'result', type: 'label', labels: VERDICT, get: (r) => categoryVerdict(r.o) },
      {
        key: 'reason',
        zh: '说明',
        en: 'reason',
        type: 'text',
        get: (r, l) => (r.o.reason ? inLang(r.o.reason, l) : r.c.reason ? inLang(r.c.reason, l) : null),
      },
    ],
  };
}

export function coverageRows(communities: CommunityOutcome[]): CoverageRow[] {
  return communities.flatMap((c) => c.categories.map((o) => ({ c, o })));
}
