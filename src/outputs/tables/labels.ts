/** Codes that GIS formats store and the labels people read, in one place. */
import type { Bilingual } from '../../profiles/types.js';

export const VERDICT: Readonly<Record<string, Bilingual>> = {
  pass: { zh: '达标', en: 'pass' },
  fail: { zh: '不达标', en: 'fail' },
  not_assessed: { zh: '未评估', en: 'not assessed' },
  no_data: { zh: '未评估：无数据', en: 'not assessed: no data' },
};

export const COMMUNITY_STATUS: Readonly<Record<string, Bilingual>> = {
  ok: { zh: '正常', en: 'ok' },
  no_network: { zh: '无步行网络', en: 'no walkable network' },
};

export function verdict(pass: boolean | null): 'pass' | 'fail' | 'not_assessed' {
  return pass === null ? 'not_assessed' : pass ? 'pass' : 'fail';
}

/** a category's verdict, telling "no data anywhere" (未评估：无数据) from other not-assessed results */
export function categoryVerdict(o: {
  pass: boolean | null;
  noData?: boolean;
}): 'pass' | 'fail' | 'not_assessed' | 'no_data' {
  return o.pass === null && o.noData ? 'no_data' : verdict(o.pass);
}

/** metres rounded to whole metres; unreachable (Infinity) stays empty */
export const metres = (v: number): number | null => (Number.isFinite(v) ? Math.round(v) : null);
export const r1 = (v: number): number => Math.round(v * 10) / 10;
export const r2 = (v: number): number => Math.round(v * 100) / 100;
export const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/** data-quality flags per community (coverage/quality.ts) */
export const QUALITY_FLAG: Readonly<Record<string, Bilingual>> = {
  centroid_origin: { zh: '从中心点出发', en: 'centroid origin' },
  long_leg: { zh: '居民远离路网', en: 'residents off the network' },
  detour: { zh: '绕行过远', en: 'long detours' },
  low_way_density: { zh: '内部道路缺失', en: 'internal paths missing' },
};

/** how a community's walks start (isochrone/origins.ts) */
export const ORIGIN_KIND: Readonly<Record<string, Bilingual>> = {
  point: { zh: '点', en: 'point' },
  gate: { zh: '小区出入口（封闭小区）', en: 'gates (closed compound)' },
  entrance: { zh: '出入口', en: 'entrances' },
  crossing: { zh: '道路穿越边界处', en: 'boundary crossings' },
  centroid: { zh: '中心点', en: 'centroid' },
};

/** what a community's residents sample is: its buildings, or a grid over it when none are mapped */
export const RESIDENTS_SAMPLE: Readonly<Record<string, Bilingual>> = {
  buildings: { zh: '建筑', en: 'buildings' },
  grid: { zh: '网格', en: 'grid' },
};

/** the proxy residents are counted in when a community gives neither households nor population */
export const PROXY_UNIT: Readonly<Record<string, Bilingual>> = {
  floor_area_m2: { zh: '建筑面积(平方米)', en: 'floor area m²' },
  grid_cells: { zh: '网格数', en: 'grid cells' },
};

type Unit = 'households' | 'population' | 'floor area m²' | 'grid cells';

/**
 * A share of a community's residents in one unit per column: households when the community gives
 * them, population when it gives that, and otherwise the sample's own proxy (floor area or grid
 * cells, named in its own column) — never two units in one column, so each column sums in Excel.
 */
export function residentAmounts(
  c: { community: { households: number | null; population: number | null }; residents: { unit: Unit; total: number } },
  fraction: number,
): { households: number | null; population: number | null; proxy: number | null; proxyUnit: string | null } {
  const hh = c.community.households;
  const pop = c.community.population;
  const known = (v: number | null): v is number => v !== null && v > 0;
  const proxy = !known(hh) && !known(pop);
  return {
    households: known(hh) ? r1(fraction * hh) : null,
    population: known(pop) ? r1(fraction * pop) : null,
    proxy: proxy ? r1(fraction * c.residents.total) : null,
    proxyUnit: proxy ? (c.residents.unit === 'grid cells' ? 'grid_cells' : 'floor_area_m2') : null,
  };
}
