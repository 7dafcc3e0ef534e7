/** residents: the weighted sample points each community's distances are measured from. */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import type { DatasetSpec } from '../schema.js';

export interface ResidentRow {
  c: CommunityOutcome;
  i: number;
}

export const residentsTable: DatasetSpec<ResidentRow> = {
  name: 'residents',
  zh: '居民样本点',
  en: 'residents',
  geometry: {
    kind: 'POINT',
    get: (r) => ({ type: 'Point', coordinates: [r.c.residents.lon[r.i], r.c.residents.lat[r.i]] }),
  },
  fields: [
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.c.community.id },
    { key: 'kind', zh: '样本类型', en: 'kind', type: 'text', get: (r) => r.c.residents.kind },
    {
      key: 'weight',
      zh: '权重',
      en: 'weight',
      type: 'real',
      get: (r) => Math.round(r.c.residents.weight[r.i] * 1000) / 1000,
    },
    { key: 'unit', zh: '权重单位', en: 'unit', type: 'text', get: (r) => r.c.residents.unit },
  ],
};

export function residentRows(communities: CommunityOutcome[]): ResidentRow[] {
  return communities.flatMap((c) => Array.from({ length: c.residents.lon.length }, (_, i) => ({ c, i })));
}
