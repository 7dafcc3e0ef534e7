/** routes: the walk from each community's best entrance to its nearest facility per category. */
import type { CategoryOutcome, CommunityOutcome } from '../../coverage/analysis.js';
import type { Profile } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { communityCategoryKeys, thresholdField } from './community-category-fields.js';
import { r1 } from './labels.js';

export interface RouteRow {
  c: CommunityOutcome;
  o: CategoryOutcome;
  n: NonNullable<CategoryOutcome['nearest']>;
}

export function routesTable(profile: Profile): DatasetSpec<RouteRow> {
  return {
    name: 'routes',
    zh: '最近设施路线',
    en: 'routes',
    geojsonMeta: { profile: profile.id },
    geometry: { kind: 'LINESTRING', get: (r) => ({ type: 'LineString', coordinates: r.n.route }) },
    fields: [
      ...communityCategoryKeys<RouteRow>(),
      { key: 'facility_name', zh: '设施名称', en: 'facility_name', type: 'text', get: (r) => r.n.facility.name },
      { key: 'facility_source', zh: '设施来源', en: 'facility_source', type: 'text', get: (r) => r.n.facility.source },
      {
        key: 'facility_source_id',
        zh: '设施来源编号',
        en: 'facility_source_id',
        type: 'text',
        get: (r) => r.n.facility.sourceId,
      },
      { key: 'length_m', zh: '步行距离(米)', en: 'length_m', type: 'real', get: (r) => r1(r.n.distanceM) },
      thresholdField<RouteRow>(),
      {
        key: 'within_threshold',
        zh: '在标准距离内',
        en: 'within_threshold',
        type: 'boolean',
        get: (r) => r.n.distanceM <= r.o.category.threshold_m,
      },
    ],
  };
}

export function routeRows(communities: CommunityOutcome[]): RouteRow[] {
  return communities.flatMap((c) =>
    c.categories.flatMap((o) => (o.nearest && o.nearest.route.length >= 2 ? [{ c, o, n: o.nearest }] : [])),
  );
}
