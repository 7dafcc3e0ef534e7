/**
 * communities: one row per community — scores, the 每百户30平方米 check, and a verdict and share
 * column per category of the profile. `SCORE_FIELD` is what maps colour the communities by.
 */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import { inLang, type Profile } from '../../profiles/types.js';
import type { DatasetSpec, Field } from '../schema.js';
import {
  categoryVerdict,
  COMMUNITY_STATUS,
  ORIGIN_KIND,
  QUALITY_FLAG,
  r3,
  RESIDENTS_SAMPLE,
  VERDICT,
} from './labels.js';

/** the field the communities are coloured and ranked by (0..1): the coverage index (assess.ts) */
export const SCORE_FIELD = 'coverage_index';

/** required categories met among those assessed (not-assessed ones, e.g. no data, count in neither) */
export function requiredShare(c: CommunityOutcome): number | null {
  const assessed = c.requiredAssessed ?? c.requiredTotal;
  return c.status === 'ok' && assessed ? r3(c.requiredMet / assessed) : null;
}

export function communitiesTable(profile: Profile): DatasetSpec<CommunityOutcome> {
  const perCategory: Field<CommunityOutcome>[] = profile.categories.flatMap((cat, i): Field<CommunityOutcome>[] => [
    {
      key: cat.id,
      zh: cat.zh,
      en: cat.en,
      type: 'label',
      labels: VERDICT,
      get: (c) => categoryVerdict(c.categories[i]),
    },
    {
      key: `${cat.id}_share`,
      zh: `${cat.zh}_达标比例`,
      en: `${cat.en} share`,
      type: 'real',
      get: (c) => r3(c.categories[i].share),
    },
  ]);
  return {
    name: 'communities',
    zh: '社区',
    en: 'communities',
    geometry: { kind: 'MULTIPOLYGON', get: (c) => c.community.geometry },
    geojsonMeta: { profile: profile.id },
    fields: [
      { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (c) => c.community.id },
      { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (c) => c.community.name },
      { key: 'households', zh: '户数', en: 'households', type: 'integer', get: (c) => c.community.households },
      { key: 'population', zh: '人口', en: 'population', type: 'integer', get: (c) => c.community.population },
      {
        key: 'status',
        zh: '状态',
        en: 'status',
        type: 'label',
        labels: COMMUNITY_STATUS,
        get: (c) => (c.status === 'ok' ? 'ok' : 'no_network'),
      },
      {
        key: 'residents_sample',
        zh: '居民样本',
        en: 'residents_sample',
        type: 'label',
        labels: RESIDENTS_SAMPLE,
        get: (c) => c.residents.kind,
      },
      { key: 'required_met', zh: '必配达标数', en: 'required_met', type: 'integer', get: (c) => c.requiredMet },
      {
        key: 'required_assessed',
        zh: '必配已评估数',
        en: 'required_assessed',
        type: 'integer',
        get: (c) => c.requiredAssessed ?? c.requiredTotal,
      },
      { key: 'required_total', zh: '必配总数', en: 'required_total', type: 'integer', get: (c) => c.requiredTotal },
      { key: 'required_share', zh: '必配达标率', en: 'required_share', type: 'real', get: requiredShare },
      {
        key: SCORE_FIELD,
        zh: '覆盖指数',
        en: 'coverage_index',
        type: 'real',
        get: (c) => (c.coverageIndex === undefined || c.coverageIndex === null ? null : r3(c.coverageIndex)),
      },
      {
        key: 'failing',
        zh: '不达标类别',
        en: 'failing',
        type: 'text',
        get: (c) =>
          c.categories
            .filter((o) => o.pass === false)
            .map((o) => o.category.id)
            .join(',') || null,
      },
      {
        key: 'service_area_m2_per_100hh',
        zh: '每百户综合服务设施面积(平方米)',
        en: 'service_area_m2_per_100_households',
        type: 'real',
        get: (c) => c.serviceArea.m2Per100Households,
      },
      {
        key: 'service_area',
        zh: '面积指标',
        en: 'service_area',
        type: 'label',
        labels: VERDICT,
        get: (c) => (c.serviceArea.status === 'not assessed' ? 'not_assessed' : c.serviceArea.status),
      },
      {
        key: 'service_area_note',
        zh: '面积说明',
        en: 'service_area_note',
        type: 'text',
        get: (c, l) => inLang(c.serviceArea.reason, l),
      },
      {
        key: 'data_flags',
        zh: '数据提示',
        en: 'data_flags',
        type: 'text',
        // the community's rows in data_quality, by code (what each means and what to do is there)
        get: (c) =>
          [
            c.status !== 'ok' ? 'no_network' : '',
            c.status === 'ok' && c.serviceArea.status === 'not assessed' ? 'service_area_not_assessed' : '',
          ]
            .filter(Boolean)
            .join(',') || null,
      },
      {
        key: 'service_area_shares',
        zh: '分摊面积明细',
        en: 'service_area_shares',
        type: 'text',
        get: (c, l) =>
          c.serviceShares?.length
            ? c.serviceShares
                .map(
                  (s) =>
                    `${s.facility.name ?? s.facility.sourceId} ${Number.isFinite(s.m2) ? s.m2 : '?'}${l === 'zh' ? '平方米' : ' m²'}`,
                )
                .join(l === 'zh' ? '；' : '; ')
            : null,
      },
      {
        key: 'origin_kind',
        zh: '出发点',
        en: 'origin_kind',
        type: 'label',
        labels: ORIGIN_KIND,
        get: (c) => c.originKind,
      },
      {
        key: 'quality_flags',
        zh: '数据质量问题',
        en: 'quality_flags',
        type: 'text',
        get: (c, l) => c.quality?.flags.map((f) => QUALITY_FLAG[f.kind][l]).join(l === 'zh' ? '、' : ', ') || null,
      },
      {
        key: 'long_leg_share',
        zh: '远离路网居民比例',
        en: 'long_leg_share',
        type: 'real',
        get: (c) => c.quality?.longLegShare ?? null,
      },
      {
        key: 'detour_ratio',
        zh: '绕行系数',
        en: 'detour_ratio',
        type: 'real',
        get: (c) => c.quality?.detourRatio ?? null,
      },
      {
        key: 'way_density_inside',
        zh: '内部步行道密度(公里/平方公里)',
        en: 'way_density_inside_km_per_km2',
        type: 'real',
        get: (c) => c.quality?.wayDensityInside ?? null,
      },
      {
        key: 'way_density_around',
        zh: '周边步行道密度(公里/平方公里)',
        en: 'way_density_around_km_per_km2',
        type: 'real',
        get: (c) => c.quality?.wayDensityAround ?? null,
      },
      {
        key: 'way_density_expected',
        zh: '按建筑估计的步行道密度(公里/平方公里)',
        en: 'way_density_expected_km_per_km2',
        type: 'real',
        get: (c) => c.quality?.wayDensityExpected ?? null,
      },
      ...perCategory,
    ],
  };
}
