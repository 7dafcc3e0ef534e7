/** facilities: the inventory the run used (OSM + planners' lists, merged), one row per facility. */
import type { Facility } from '../../facilities/facility.js';
import { inLang, type Category, type Profile } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';

export interface FacilityRow {
  f: Facility;
  cat: Category | undefined;
  /** null where the facilities were not placed on a network (the facilities command) */
  onNetwork: boolean | null;
}

export function facilitiesTable(profile: Profile): DatasetSpec<FacilityRow> {
  return {
    name: 'facilities',
    zh: '设施',
    en: 'facilities',
    geojsonMeta: { profile: profile.id },
    csvPoint: { lon: 'lon', lat: 'lat' },
    geometry: {
      kind: 'MULTIPOINT',
      get: (r) =>
        r.f.points.length === 1
          ? { type: 'Point', coordinates: r.f.points[0] }
          : { type: 'MultiPoint', coordinates: r.f.points },
    },
    fields: [
      { key: 'category', zh: '类别代码', en: 'category', type: 'text', get: (r) => r.f.category },
      {
        key: 'category_name',
        zh: '类别',
        en: 'category_name',
        type: 'text',
        get: (r, l) => (r.cat ? inLang(r.cat, l) : r.f.category),
      },
      { key: 'required', zh: '必配', en: 'required', type: 'boolean', get: (r) => r.cat?.required ?? null },
      {
        key: 'threshold_m',
        zh: '步行距离标准(米)',
        en: 'threshold_m',
        type: 'integer',
        get: (r) => r.cat?.threshold_m ?? null,
      },
      { key: 'source', zh: '来源', en: 'source', type: 'text', get: (r) => r.f.source },
      { key: 'source_id', zh: '来源编号', en: 'source_id', type: 'text', get: (r) => r.f.sourceId },
      { key: 'name', zh: '名称', en: 'name', type: 'text', get: (r) => r.f.name },
      { key: 'lon', zh: '经度', en: 'lon', type: 'real', get: (r) => r.f.points[0][0] },
      { key: 'lat', zh: '纬度', en: 'lat', type: 'real', get: (r) => r.f.points[0][1] },
      { key: 'points', zh: '出入口数', en: 'points', type: 'integer', get: (r) => r.f.points.length },
      { key: 'point_kind', zh: '位置类型', en: 'point_kind', type: 'text', get: (r) => r.f.pointKind },
      { key: 'floor_area_m2', zh: '建筑面积(平方米)', en: 'floor_area_m2', type: 'real', get: (r) => r.f.floorAreaM2 },
      { key: 'merged', zh: '合并条数', en: 'merged', type: 'integer', get: (r) => r.f.merged.length },
      { key: 'on_network', zh: '在步行网络上', en: 'on_network', type: 'boolean', get: (r) => r.onNetwork },
    ],
  };
}

export function facilityRows(facilities: Facility[], profile: Profile, offNetwork: Set<string> | null): FacilityRow[] {
  const cats = new Map(profile.categories.map((c) => [c.id, c]));
  return facilities.map((f) => ({
    f,
    cat: cats.get(f.category),
    onNetwork: offNetwork ? !offNetwork.has(f.key) : null,
  }));
}
