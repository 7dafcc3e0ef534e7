/**
 * README.txt and LICENSE.txt beside the outputs: what each file holds and the OpenStreetMap
 * attribution and licence, so that the data files themselves stay pure data.
 */
import { ATTRIBUTION } from '../io/geojson.js';
import type { Lang } from '../profiles/types.js';
import { VERSION } from '../util/version.js';

const DESCRIBE: Record<string, { zh: string; en: string }> = {
  'communities.csv': {
    zh: '每个社区一行：达标情况、每百户30平方米指标、各类别结果',
    en: 'one row per community: scores, the 30 m² per 100 households check, a result per category',
  },
  'coverage.csv': {
    zh: '社区 × 设施类别：步行距离、距离内居民比例、结果及原因',
    en: 'community × category: walking distances, share of residents within the distance, result and why',
  },
  'facilities.csv': {
    zh: '本次使用的设施清单（OSM 与设施清单合并），经纬度为 WGS-84',
    en: 'the facilities used (OSM and the lists, merged), lon/lat in WGS-84',
  },
  'categories.csv': {
    zh: '每个设施类别一行（全域）：设施数、距离内户数及比例、达标/不达标/未评估社区数',
    en: 'one row per category for the whole area: facilities, households within the distance and their share, communities passing/failing/not assessed',
  },
  'no_data_template.csv': {
    zh: '无数据类别的设施清单模板：填写名称与经纬度后作为设施清单加入任务重新运行',
    en: 'a facility-list template for the categories with no data: fill in names and coordinates, add it to the job as a list, run again',
  },
  'gaps.csv': {
    zh: '覆盖缺口的属性（图形见 gaps.geojson / results.gpkg）',
    en: "the gaps' attributes (shapes in gaps.geojson / results.gpkg)",
  },
  'data_quality.csv': {
    zh: '数据质量：未评估项、缺少的数据、无法定位的设施、运行提示，以及如何补充',
    en: 'data quality: what was not assessed, missing data, facilities off the network, warnings, and what to do',
  },
  'results.xlsx': {
    zh: 'Excel 工作簿：以上各表各一张工作表（编号为文本）',
    en: 'Excel workbook: one sheet per table above (ids as text)',
  },
  'results.gpkg': {
    zh: 'GeoPackage：全部图层，拖入 QGIS 即显示已配好的样式',
    en: 'GeoPackage: every layer, styled — drag it into QGIS',
  },
  'report.html': {
    zh: '离线报告：全市概览、每个社区一节、方法与数据来源（任意浏览器打开）',
    en: 'offline report: city overview, one section per community, method and sources (any browser)',
  },
  'report.pdf': { zh: '报告的 PDF 版（A4，每个社区一页）', en: 'the report as PDF (A4, one page per community)' },
  'run.json': {
    zh: '输入文件（含 SHA-256）、参数、计数和全部提示',
    en: 'inputs (with SHA-256), parameters, counts and every warning',
  },
};

export function readmeText(files: string[], lang: Lang): string {
  const zh = lang === 'zh';
  const xlsx = files.includes('results.xlsx');
  const lines = [
    zh ? `lifecircle ${VERSION} 的运行结果` : `Results of lifecircle ${VERSION}`,
    '',
    ...files.flatMap((f) => {
      const d =
        DESCRIBE[f] ?? (f.endsWith('.geojson') ? { zh: 'GeoJSON 图层（WGS-84）', en: 'GeoJSON layer (WGS-84)' } : null);
      return d ? [`${f}: ${d[lang]}`] : [];
    }),
    '',
    zh
      ? 'CSV 为纯数据（UTF-8 带 BOM）；旁边的 .csvt 文件告诉 GDAL/QGIS 每列的类型。' +
        '用 Excel 直接打开 CSV 时，Excel 会把长数字编号显示为科学计数法：' +
        `请${xlsx ? '打开 results.xlsx，或' : ''}用“数据 > 从文本/CSV”导入并把编号列设为“文本”。`
      : 'CSVs are pure data (UTF-8 with BOM); the .csvt beside each tells GDAL/QGIS the column types. ' +
        `Excel turns long numeric codes into 4.4E+11 when it opens a CSV directly: ${xlsx ? 'open results.xlsx instead, or ' : ''}` +
        'import with Data > From Text/CSV and set the id columns to Text.',
    '',
    `${ATTRIBUTION}`,
    zh ? '许可见 LICENSE.txt。' : 'See LICENSE.txt.',
    '',
  ];
  return lines.join('\r\n');
}

export function licenseText(): string {
  return [
    'Data: © OpenStreetMap contributors',
    '',
    'These results are derived from OpenStreetMap data, available under the Open Database License',
    '(ODbL) 1.0: https://www.openstreetmap.org/copyright and https://opendatacommons.org/licenses/odbl/1-0/',
    'If you publish or share them, keep the attribution "© OpenStreetMap contributors".',
    '',
    '本结果源自 OpenStreetMap 数据，依开放数据库许可（ODbL 1.0）提供。发布或分享时请保留署名“© OpenStreetMap contributors”。',
    '',
    'Facility lists supplied by the user remain under their own terms.',
    '',
  ].join('\r\n');
}
