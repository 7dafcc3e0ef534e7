/** origins: where each community's walks start (its entrances, boundary crossings or centroid), snapped onto the network. */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import type { DatasetSpec } from '../schema.js';
import { r1 } from './labels.js';

export interface OriginRow {
  c: CommunityOutcome;
  o: CommunityOutcome['origins'][number];
}

export const originsTable: DatasetSpec<OriginRow> = {
  name: 'origins',
  zh: '社区出发点',
  en: 'origins',
  geometry: { kind: 'POINT', get: (r) => ({ type: 'Point', coordinates: [r.o.snap.lon, r.o.snap.lat] }) },
  fields: [
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.c.community.id },
    { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (r) => r.c.community.name },
    { key: 'origin_kind', zh: '起点类型', en: 'origin_kind', type: 'text', get: (r) => r.c.originKind },
    { key: 'lon', zh: '原始经度', en: 'lon', type: 'real', get: (r) => r.o.lon },
    { key: 'lat', zh: '原始纬度', en: 'lat', type: 'real', get: (r) => r.o.lat },
    { key: 'snap_m', zh: '到路网距离(米)', en: 'snap_m', type: 'real', get: (r) => r1(r.o.snap.dist) },
  ],
};

export function originRows(communities: CommunityOutcome[]): OriginRow[] {
  return communities.flatMap((c) => c.origins.map((o) => ({ c, o })));
}
