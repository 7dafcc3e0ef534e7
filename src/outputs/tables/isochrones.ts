/** isochrones: each community's walking bands, largest first so smaller ones draw on top. */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import type { Band } from '../../isochrone/bands.js';
import type { BandResult } from '../../isochrone/engine.js';
import type { DatasetSpec } from '../schema.js';
import { r2 } from './labels.js';

export interface IsochroneRow {
  c: CommunityOutcome;
  band: Band;
  /** 1 = the smallest band */
  rank: number;
  r: BandResult;
}

export function isochronesTable(bands: Band[]): DatasetSpec<IsochroneRow> {
  return {
    name: 'isochrones',
    zh: '步行等时圈',
    en: 'isochrones',
    geojsonMeta: { bands: bands.map((b) => b.label) },
    geometry: {
      kind: 'MULTIPOLYGON',
      get: (r) => (r.r.polygons.length ? { type: 'FlatPolygons', polygons: r.r.polygons } : null),
    },
    fields: [
      { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.c.community.id },
      { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (r) => r.c.community.name },
      { key: 'band', zh: '圈层', en: 'band', type: 'text', get: (r) => r.band.label },
      { key: 'band_rank', zh: '圈层序号', en: 'band_rank', type: 'integer', get: (r) => r.rank },
      { key: 'threshold', zh: '阈值', en: 'threshold', type: 'real', get: (r) => r.band.threshold },
      { key: 'unit', zh: '单位', en: 'unit', type: 'text', get: (r) => r.band.unit },
      { key: 'distance_m', zh: '步行距离(米)', en: 'distance_m', type: 'real', get: (r) => r2(r.band.metres) },
      { key: 'area_m2', zh: '面积(平方米)', en: 'area_m2', type: 'integer', get: (r) => Math.round(r.r.areaM2) },
      {
        key: 'reached_length_m',
        zh: '可达路网长度(米)',
        en: 'reached_length_m',
        type: 'real',
        get: (r) => r2(r.r.reachedLengthM),
      },
      { key: 'origin_kind', zh: '起点类型', en: 'origin_kind', type: 'text', get: (r) => r.c.originKind },
      { key: 'origin_points', zh: '起点数', en: 'origin_points', type: 'integer', get: (r) => r.c.originPoints },
    ],
  };
}

export function isochroneRows(communities: CommunityOutcome[], bands: Band[]): IsochroneRow[] {
  const rows: IsochroneRow[] = [];
  for (const c of communities) {
    if (!c.isochrones) continue;
    for (let b = bands.length - 1; b >= 0; b--) rows.push({ c, band: bands[b], rank: b + 1, r: c.isochrones[b] });
  }
  return rows;
}
