/**
 * data quality: everything that limits what a result says — communities off the network,
 * categories with no facility data (not assessed, or failing for lack of data), facilities that
 * could not be placed, the 30 m² check that could not be made, and the run's warnings — each
 * with what to do about it.
 */
import type { CoverageResult } from '../../coverage/analysis.js';
import { inLang, type Bilingual, type Lang, type Profile } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { QUALITY_FLAG } from './labels.js';

export const FLAG_KINDS: Readonly<Record<string, Bilingual>> = {
  no_network: { zh: '无步行网络', en: 'no walkable network' },
  no_facilities: { zh: '无设施数据', en: 'no facility data' },
  facility_off_network: { zh: '设施不在步行网络上', en: 'facility off the network' },
  service_area_not_assessed: { zh: '面积指标未评估', en: '30 m² check not assessed' },
  warning: { zh: '提示', en: 'warning' },
  ...QUALITY_FLAG,
};

export interface FlagRow {
  scope: 'community' | 'category' | 'facility' | 'run';
  id: string | null;
  name: string | Bilingual | null;
  flag: keyof typeof FLAG_KINDS;
  message: Bilingual;
  action: Bilingual | null;
}

export const flagsTable: DatasetSpec<FlagRow> = {
  name: 'data_quality',
  zh: '数据质量',
  en: 'data quality',
  fields: [
    {
      key: 'scope',
      zh: '对象',
      en: 'scope',
      type: 'label',
      labels: {
        community: { zh: '社区', en: 'community' },
        category: { zh: '设施类别', en: 'category' },
        facility: { zh: '设施', en: 'facility' },
        run: { zh: '本次运行', en: 'run' },
      },
      get: (r) => r.scope,
    },
    { key: 'id', zh: '编号', en: 'id', type: 'text', get: (r) => r.id },
    {
      key: 'name',
      zh: '名称',
      en: 'name',
      type: 'text',
      get: (r, l) => (r.name === null || typeof r.name === 'string' ? r.name : inLang(r.name, l)),
    },
    { key: 'flag', zh: '问题', en: 'flag', type: 'label', labels: FLAG_KINDS, get: (r) => r.flag },
    { key: 'message', zh: '说明', en: 'message', type: 'text', get: (r, l) => inLang(r.message, l) },
    { key: 'action', zh: '建议', en: 'action', type: 'text', get: (r, l) => (r.action ? inLang(r.action, l) : null) },
  ],
};

/** run warnings that the rows above already state (run-job.ts words them), not repeated */
const COVERED = [
  /^no \S+ \(.*\) facilities at all/,
  /: it is kept in every output as not assessed$/,
  /^\d+ facilities are farther than .* and were not used/,
];

const SUPPLY_LIST: Bilingual = {
  zh: '提供该类设施清单（CSV/XLSX/GeoJSON，job 文件 facilities: 中的 file 与 category），或在 OSM 中补绘',
  en: 'supply a list of these facilities (CSV/XLSX/GeoJSON; job key facilities: with file and category), or map them in OSM',
};

export function flagRows(
  res: CoverageResult,
  profile: Profile,
  facilityCounts: Map<string, number>,
  warnings: string[],
): FlagRow[] {
  const rows: FlagRow[] = [];
  for (const c of res.communities)
    if (c.status !== 'ok')
      rows.push({
        scope: 'community',
        id: c.community.id,
        name: c.community.name,
        flag: 'no_network',
        message: c.reason ?? { zh: '社区内及附近没有步行网络', en: 'no walkable network in or near the community' },
        action: {
          zh: '使用覆盖该社区且绘有道路的 OSM 数据',
          en: 'use an OSM extract that covers the community and maps its streets',
        },
      });
  for (const cat of profile.categories)
    if (!facilityCounts.get(cat.id))
      rows.push({
        scope: 'category',
        id: cat.id,
        name: cat,
        flag: 'no_facilities',
        message: res.communities.some((c) => c.categories.some((o) => o.category.id === cat.id && o.pass === false))
          ? {
              zh: `OSM 和设施清单中都没有${cat.zh}：各社区此项判为不达标（missing_data: fail），但可能只是缺少数据`,
              en: `no ${cat.en} in OSM or the lists: every community fails it (missing_data: fail), which may only mean the data is missing`,
            }
          : {
              zh: `OSM 和设施清单中都没有${cat.zh}：各社区此项未评估（未评估：无数据），不计入必配达标数`,
              en: `no ${cat.en} in OSM or the lists: not assessed in any community (not assessed: no data), left out of required met`,
            },
        action: {
          zh: `${SUPPLY_LIST.zh}；清单模板见 no_data_template.csv（或 lifecircle template ${cat.id}）`,
          en: `${SUPPLY_LIST.en}; a list template is in no_data_template.csv (or lifecircle template ${cat.id})`,
        },
      });
  for (const c of res.communities)
    for (const f of c.quality?.flags ?? [])
      rows.push({
        scope: 'community',
        id: c.community.id,
        name: c.community.name,
        flag: f.kind,
        message: f.message,
        action: {
          zh: '在 OSM 中补绘小区出入口（entrance=*、barrier=gate）和内部道路（highway=footway/service）',
          en: 'map the compound’s gates (entrance=*, barrier=gate) and internal paths (highway=footway/service) in OSM',
        },
      });
  for (const u of res.unsnappedFacilities)
    rows.push({
      scope: 'facility',
      id: `${u.facility.source}:${u.facility.sourceId}`,
      name: u.facility.name,
      flag: 'facility_off_network',
      message: { zh: u.reason, en: u.reason },
      action: { zh: '检查坐标及坐标系（--crs）', en: 'check its coordinates and their CRS (--crs)' },
    });
  for (const c of res.communities)
    if (c.status === 'ok' && c.serviceArea.status === 'not assessed')
      rows.push({
        scope: 'community',
        id: c.community.id,
        name: c.community.name,
        flag: 'service_area_not_assessed',
        message: c.serviceArea.reason,
        action: {
          zh: '在社区文件中给出户数（households），在设施清单中给出建筑面积（floor_area_m2）',
          en: 'give households in the communities file and floor_area_m2 in the facility list',
        },
      });
  for (const w of warnings.filter((w) => !COVERED.some((re) => re.test(w))))
    rows.push({ scope: 'run', id: null, name: null, flag: 'warning', message: { zh: w, en: w }, action: null });
  return rows;
}

/** the flags of one community, for its row and its report section */
export function communityFlags(rows: FlagRow[], id: string, lang: Lang): string[] {
  return rows.filter((r) => r.scope === 'community' && r.id === id).map((r) => inLang(r.message, lang));
}
