/** origins: where each community's walks start (its gates, entrances, boundary crossings or centroid), snapped onto the network. */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import type { Community } from '../../coverage/communities.js';
import type { OriginPoint } from '../../coverage/community-context.js';
import type { OriginKind } from '../../isochrone/origins.js';
import type { WalkNetwork } from '../../network/types.js';
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

/** one origin of a community as the `network` command checks it: snapped or not (and why) */
export interface CheckedOriginRow {
  community: Community;
  kind: OriginKind;
  o: OriginPoint;
  net: WalkNetwork;
}

/** the `network` command's origins: every origin of every community where it lies, snapped or not */
export const checkedOriginsTable: DatasetSpec<CheckedOriginRow> = {
  name: 'origins',
  zh: '社区出发点',
  en: 'origins',
  geometry: { kind: 'POINT', get: (r) => ({ type: 'Point', coordinates: [r.o.lon, r.o.lat] }) },
  fields: [
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.community.id },
    { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (r) => r.community.name },
    { key: 'origin_kind', zh: '起点类型', en: 'origin_kind', type: 'text', get: (r) => r.kind },
    { key: 'snapped', zh: '已接入路网', en: 'snapped', type: 'boolean', get: (r) => r.o.snap !== null },
    {
      key: 'snap_m',
      zh: '到路网距离(米)',
      en: 'snap_m',
      type: 'real',
      get: (r) => (r.o.snap ? r2(r.o.snap.dist) : null),
    },
    { key: 'edge', zh: '接入边编号', en: 'edge', type: 'integer', get: (r) => r.o.snap?.edge ?? null },
    {
      key: 'component',
      zh: '连通分量',
      en: 'component',
      type: 'integer',
      get: (r) => (r.o.snap ? r.net.nodeComp[r.net.edgeU[r.o.snap.edge]] : null),
    },
    { key: 'reason', zh: '未接入原因', en: 'reason', type: 'text', get: (r) => r.o.reason },
  ],
};

/** the straight leg from each snapped origin to where it joins the network */
export const originLinksTable: DatasetSpec<CheckedOriginRow> = {
  name: 'origin_links',
  zh: '出发点接入线',
  en: 'origin links',
  geometry: {
    kind: 'LINESTRING',
    get: (r) =>
      r.o.snap
        ? {
            type: 'LineString',
            coordinates: [
              [r.o.lon, r.o.lat],
              [r.o.snap.lon, r.o.snap.lat],
            ],
          }
        : null,
  },
  fields: [
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.community.id },
    { key: 'origin_kind', zh: '起点类型', en: 'origin_kind', type: 'text', get: (r) => r.kind },
    {
      key: 'snap_m',
      zh: '到路网距离(米)',
      en: 'snap_m',
      type: 'real',
      get: (r) => (r.o.snap ? r2(r.o.snap.dist) : null),
    },
  ],
};

const r2 = (v: number) => Math.round(v * 100) / 100;
