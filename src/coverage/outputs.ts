/**
 * The files of a coverage run, all staged and renamed into the output folder together:
 * coverage.csv (community × category), communities.csv (one row per community), gaps.geojson,
 * isochrones.geojson, facilities.geojson, routes.geojson, communities.geojson and run.json.
 * CSVs are UTF-8 with BOM for Excel, headers in zh or en; GeoJSON keys are ASCII (QGIS, shapefile
 * export) with Chinese in the values. Nothing depends on the clock: reruns are byte-identical.
 */
import { join } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import type { Facility } from '../facilities/facility.js';
import { OutputSet } from '../io/atomic.js';
import { csvText } from '../io/csv.js';
import {
  ATTRIBUTION,
  featureCollectionJson,
  polygonsJson,
  rawFeatureCollectionJson,
  type RawFeature,
} from '../io/geojson.js';
import type { Band } from '../isochrone/bands.js';
import { inLang, type Lang, type Profile } from '../profiles/types.js';
import { VERSION } from '../util/version.js';
import type { CategoryOutcome, CommunityOutcome, CoverageResult } from './analysis.js';
import { round1 } from './stats.js';

export const OUTPUT_FILES = [
  'coverage.csv',
  'communities.csv',
  'gaps.geojson',
  'isochrones.geojson',
  'facilities.geojson',
  'routes.geojson',
  'communities.geojson',
  'run.json',
];

const T = {
  zh: {
    pass: '达标',
    fail: '不达标',
    na: '未评估',
    yes: '是',
    no: '否',
    coverage: [
      '社区编号',
      '社区名称',
      '设施类别代码',
      '设施类别',
      '必配',
      '层级',
      '步行距离标准(米)',
      '居民计量',
      '居民总量',
      '达标比例',
      '距离内居民',
      '超出距离居民',
      '最近设施距离_最小(米)',
      '最近设施距离_中位(米)',
      '最近设施距离_最大(米)',
      '距离内设施数',
      '最近设施',
      '最近设施来源',
      '社区出入口到最近设施(米)',
      '评估结果',
      '说明',
    ],
    communities: [
      '社区编号',
      '社区名称',
      '户数',
      '人口',
      '状态',
      '居民样本',
      '必配达标数',
      '必配总数',
      '每百户综合服务设施面积(平方米)',
      '面积指标',
      '面积说明',
    ],
  },
  en: {
    pass: 'pass',
    fail: 'fail',
    na: 'not assessed',
    yes: 'yes',
    no: 'no',
    coverage: [
      'community_id',
      'community_name',
      'category',
      'category_name',
      'required',
      'tier',
      'threshold_m',
      'residents_unit',
      'residents_total',
      'share_within',
      'residents_within',
      'residents_beyond',
      'nearest_min_m',
      'nearest_median_m',
      'nearest_max_m',
      'facilities_within',
      'nearest_facility',
      'nearest_facility_source',
      'route_from_gate_m',
      'result',
      'reason',
    ],
    communities: [
      'community_id',
      'community_name',
      'households',
      'population',
      'status',
      'residents_sample',
      'required_met',
      'required_total',
      'service_area_m2_per_100_households',
      'service_area',
      'service_area_note',
    ],
  },
} as const;

const m = (v: number) => (Number.isFinite(v) ? Math.round(v) : null);
const r3 = (v: number) => Math.round(v * 1000) / 1000;

function result(lang: Lang, pass: boolean | null): string {
  return pass === null ? T[lang].na : pass ? T[lang].pass : T[lang].fail;
}

export interface RunRecord {
  inputs: Record<string, unknown>;
  parameters: Record<string, unknown>;
  warnings: string[];
  extraCounts?: Record<string, number>;
}

export function writeCoverageOutputs(
  dir: string,
  profile: Profile,
  res: CoverageResult,
  facilities: Facility[],
  bands: Band[],
  lang: Lang,
  run: RunRecord,
): string[] {
  const out = new OutputSet(dir);
  const t = T[lang];
  const unsnappedKeys = new Set(res.unsnappedFacilities.map((u) => u.facility.key));

  // coverage.csv: long form
  const rows: (string | number | null)[][] = [];
  for (const c of res.communities)
    for (const o of c.categories)
      rows.push([
        c.community.id,
        c.community.name,
        o.category.id,
        inLang(o.category, lang),
        o.category.required ? t.yes : t.no,
        o.category.tier,
        o.category.threshold_m,
        c.residents.unit,
        round1(c.residents.total),
        r3(o.share),
        round1(c.residents.total - o.weightBeyond),
        round1(o.weightBeyond),
        m(o.minM),
        m(o.medianM),
        m(o.maxM),
        o.facilitiesWithin,
        o.nearest?.facility.name ?? o.nearest?.facility.sourceId ?? null,
        o.nearest ? `${o.nearest.facility.source}:${o.nearest.facility.sourceId}` : null,
        o.nearest ? m(o.nearest.distanceM) : null,
        result(lang, o.pass),
        o.reason ? inLang(o.reason, lang) : c.reason ? inLang(c.reason, lang) : null,
      ]);
  out.stage(join(dir, 'coverage.csv'), csvText([...t.coverage], rows));

  // communities.csv: one row per community, one column per category
  const catHeader = profile.categories.map((c) => inLang(c, lang));
  const crow = res.communities.map((c) => [
    c.community.id,
    c.community.name,
    c.community.households,
    c.community.population,
    c.status === 'ok' ? (lang === 'zh' ? '正常' : 'ok') : lang === 'zh' ? '无步行网络' : 'no walkable network',
    c.residents.kind,
    c.requiredMet,
    c.requiredTotal,
    c.serviceArea.m2Per100Households,
    c.serviceArea.status === 'pass' ? t.pass : c.serviceArea.status === 'fail' ? t.fail : t.na,
    inLang(c.serviceArea.reason, lang),
    ...c.categories.map((o) => result(lang, o.pass)),
  ]);
  out.stage(join(dir, 'communities.csv'), csvText([...t.communities, ...catHeader], crow));

  // gaps.geojson
  const gaps: Feature<Geometry>[] = [];
  for (const c of res.communities)
    for (const o of c.categories)
      if (o.gap)
        gaps.push({
          type: 'Feature',
          properties: {
            community_id: c.community.id,
            community_name: c.community.name,
            category: o.category.id,
            category_zh: o.category.zh,
            category_en: o.category.en,
            required: o.category.required,
            threshold_m: o.category.threshold_m,
            share_within: r3(o.share),
            residents_affected: round1(o.gap.weightAffected),
            residents_unit: c.residents.unit,
            area_m2: o.gap.areaM2,
            reason: o.reason ? inLang(o.reason, lang) : null,
          },
          geometry:
            o.gap.polygons.length === 1
              ? { type: 'Polygon', coordinates: o.gap.polygons[0] }
              : { type: 'MultiPolygon', coordinates: o.gap.polygons },
        });
  out.stage(join(dir, 'gaps.geojson'), featureCollectionJson(gaps, { profile: profile.id }));

  // isochrones.geojson (larger bands first so smaller ones draw on top)
  const iso: RawFeature[] = [];
  for (const c of res.communities) {
    if (!c.isochrones) continue;
    for (let b = bands.length - 1; b >= 0; b--) {
      const r = c.isochrones[b];
      iso.push({
        properties: {
          id: c.community.id,
          name: c.community.name,
          band: bands[b].label,
          threshold: bands[b].threshold,
          unit: bands[b].unit,
          distance_m: Math.round(bands[b].metres * 100) / 100,
          area_m2: Math.round(r.areaM2),
          reached_length_m: Math.round(r.reachedLengthM * 100) / 100,
          origin_kind: c.originKind,
          origin_points: c.originPoints,
        },
        geometryJson: r.polygons.length ? polygonsJson(r.polygons) : null,
      });
    }
  }
  out.stage(join(dir, 'isochrones.geojson'), rawFeatureCollectionJson(iso, { bands: bands.map((b) => b.label) }));

  // facilities.geojson
  const cats = new Map(profile.categories.map((c) => [c.id, c]));
  out.stage(
    join(dir, 'facilities.geojson'),
    featureCollectionJson(
      facilities.map((f) => ({
        type: 'Feature',
        properties: {
          category: f.category,
          category_zh: cats.get(f.category)?.zh,
          category_en: cats.get(f.category)?.en,
          source: f.source,
          source_id: f.sourceId,
          name: f.name,
          point_kind: f.pointKind,
          floor_area_m2: f.floorAreaM2,
          merged: f.merged.length,
          on_network: !unsnappedKeys.has(f.key),
        },
        geometry:
          f.points.length === 1
            ? { type: 'Point', coordinates: f.points[0] }
            : { type: 'MultiPoint', coordinates: f.points },
      })),
      { profile: profile.id },
    ),
  );

  // routes.geojson
  const routes: Feature<Geometry>[] = [];
  for (const c of res.communities)
    for (const o of c.categories)
      if (o.nearest && o.nearest.route.length >= 2)
        routes.push({
          type: 'Feature',
          properties: {
            community_id: c.community.id,
            community_name: c.community.name,
            category: o.category.id,
            category_zh: o.category.zh,
            facility_name: o.nearest.facility.name,
            facility_source: o.nearest.facility.source,
            facility_source_id: o.nearest.facility.sourceId,
            length_m: Math.round(o.nearest.distanceM * 10) / 10,
            threshold_m: o.category.threshold_m,
            within_threshold: o.nearest.distanceM <= o.category.threshold_m,
          },
          geometry: { type: 'LineString', coordinates: o.nearest.route },
        });
  out.stage(join(dir, 'routes.geojson'), featureCollectionJson(routes, { profile: profile.id }));

  // communities.geojson: scores as properties, ready to colour in QGIS
  out.stage(
    join(dir, 'communities.geojson'),
    featureCollectionJson(
      res.communities.map((c) => {
        const props: Record<string, unknown> = {
          id: c.community.id,
          name: c.community.name,
          households: c.community.households,
          population: c.community.population,
          status: c.status,
          required_met: c.requiredMet,
          required_total: c.requiredTotal,
          required_score: c.requiredTotal ? r3(c.requiredMet / c.requiredTotal) : null,
          failing: c.categories
            .filter((o) => o.pass === false)
            .map((o) => o.category.id)
            .join(','),
          service_area: c.serviceArea.status,
          service_area_m2_per_100hh: c.serviceArea.m2Per100Households,
        };
        for (const o of c.categories) {
          props[o.category.id] = o.pass === null ? null : o.pass ? 1 : 0;
          props[`${o.category.id}_share`] = r3(o.share);
        }
        return { type: 'Feature', properties: props, geometry: c.community.geometry };
      }),
      { profile: profile.id },
    ),
  );

  // run.json
  const counts = {
    communities: res.communities.length,
    communities_without_network: res.communities.filter((c) => c.status !== 'ok').length,
    categories: profile.categories.length,
    facilities: facilities.length,
    facilities_not_on_network: res.unsnappedFacilities.length,
    failing_pairs: res.communities.reduce((s, c) => s + c.categories.filter((o) => o.pass === false).length, 0),
    gaps: gaps.length,
    routes: routes.length,
    ...run.extraCounts,
  };
  const record = {
    tool: 'lifecircle',
    version: VERSION,
    attribution: ATTRIBUTION,
    profile: {
      id: profile.id,
      file: profile.file,
      builtin: profile.builtin,
      categories: profile.categories.map((c) => ({
        id: c.id,
        threshold_m: c.threshold_m,
        required: c.required,
        ...(c.original_threshold_m !== undefined ? { original_threshold_m: c.original_threshold_m } : {}),
      })),
    },
    inputs: run.inputs,
    parameters: run.parameters,
    counts,
    facilities_not_on_network: res.unsnappedFacilities.map((u) => ({
      category: u.facility.category,
      source: u.facility.source,
      source_id: u.facility.sourceId,
      name: u.facility.name,
      reason: u.reason,
    })),
    communities_without_network: res.communities
      .filter((c) => c.status !== 'ok')
      .map((c) => ({ id: c.community.id, name: c.community.name, reason: c.reason?.en })),
    warnings: run.warnings,
    outputs: OUTPUT_FILES,
  };
  out.stage(join(dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
  return out.commit();
}

/** rows for the terminal summary: worst communities first */
export function summaryOrder(res: CoverageResult): CommunityOutcome[] {
  const beyond = (c: CommunityOutcome) =>
    c.categories.filter((o) => o.category.required).reduce((s, o: CategoryOutcome) => s + (1 - o.share), 0);
  return [...res.communities].sort(
    (a, b) =>
      (a.status === b.status ? 0 : a.status === 'ok' ? 1 : -1) ||
      a.requiredMet / Math.max(1, a.requiredTotal) - b.requiredMet / Math.max(1, b.requiredTotal) ||
      beyond(b) - beyond(a) ||
      (a.community.id < b.community.id ? -1 : 1),
  );
}
