/** gaps: the parts of a community beyond a failing category's distance, with the residents affected. */
import type { CategoryOutcome, CommunityOutcome } from '../../coverage/analysis.js';
import { inLang, type Profile } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { communityCategoryKeys, thresholdField } from './community-category-fields.js';
import { rankGaps } from '../../coverage/assess.js';
import { PROXY_UNIT, r3, residentAmounts } from './labels.js';

export interface GapRow {
  c: CommunityOutcome;
  o: CategoryOutcome;
  gap: NonNullable<CategoryOutcome['gap']>;
}

export function gapsTable(profile: Profile): DatasetSpec<GapRow> {
  return {
    name: 'gaps',
    zh: '覆盖缺口',
    en: 'gaps',
    geojsonMeta: { profile: profile.id },
    geometry: {
      kind: 'MULTIPOLYGON',
      get: (r) => ({ type: 'FlatPolygons', polygons: r.gap.polygons }),
    },
    fields: [
      ...communityCategoryKeys<GapRow>(),
      { key: 'required', zh: '必配', en: 'required', type: 'boolean', get: (r) => r.o.category.required },
      thresholdField<GapRow>(),
      { key: 'share_within', zh: '达标比例', en: 'share_within', type: 'real', get: (r) => r3(r.o.share) },
      // residents beyond the distance, one unit per column (residentAmounts); rows are ranked by households
      {
        key: 'households_affected',
        zh: '受影响户数',
        en: 'households_affected',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1 - r.o.share).households,
      },
      {
        key: 'population_affected',
        zh: '受影响人口',
        en: 'population_affected',
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
        key: 'proxy_affected',
        zh: '替代计量_受影响',
        en: 'proxy_affected',
        type: 'real',
        get: (r) => residentAmounts(r.c, 1 - r.o.share).proxy,
      },
      { key: 'area_m2', zh: '缺口面积(平方米)', en: 'area_m2', type: 'real', get: (r) => r.gap.areaM2 },
      {
        key: 'reason',
        zh: '说明',
        en: 'reason',
        type: 'text',
        get: (r, l) => (r.o.reason ? inLang(r.o.reason, l) : null),
      },
    ],
  };
}

/** gaps worst first: most households affected first (assess.ts rankGaps); no-data categories have none */
export function gapRows(communities: CommunityOutcome[]): GapRow[] {
  return rankGaps(communities.flatMap((c) => c.categories.flatMap((o) => (o.gap ? [{ c, o, gap: o.gap }] : []))));
}
