/**
 * Synthetic sheets shaped like a run's (the facilities table's kinds of cells: texts that repeat,
 * Chinese names, integers, 7-decimal reals, yes/no, labels, empty cells), for the workbook's worker
 * to write once while it waits for its work (xlsx-worker.ts): V8 then compiles the sheets' writer
 * and fflate's deflate where a core is mostly idle, not in the output stage (BENCHMARKS.md, issue 11).
 */
import type { Sheet } from './xlsx.js';
import type { Value } from './schema.js';

const ROWS = 3000;

export function warmUpSheets(): Sheet[] {
  const cats = ['primary_school', 'clinic', 'park', 'market', 'nursery', 'elderly_care'];
  const names = ['社区卫生服务站', '幼儿园', '农贸市场', '街心公园', '养老服务中心', '小学'];
  const rows: Value[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const c = i % cats.length;
    rows.push([
      cats[c],
      names[c],
      i % 3 === 0 ? null : i % 2 === 0,
      300 + 200 * c,
      i % 4 ? 'osm' : 'list',
      `n${1_000_000 + 37 * i}`,
      `${names[(i * 7) % names.length]}${i}号`,
      116 + (i % 977) / 1e4 + 1e-7 * (i % 13),
      39.5 + (i % 911) / 1e4 + 1e-7 * (i % 17),
      1 + (i % 3),
      i % 5 ? 'entrance' : 'centroid',
      i % 6 ? null : 120.5 + i,
      i % 9,
      i % 11 !== 0,
    ]);
  }
  const types = [
    'text',
    'text',
    'boolean',
    'integer',
    'label',
    'text',
    'text',
    'real',
    'real',
    'integer',
    'text',
    'real',
    'integer',
    'boolean',
  ] as const;
  const labels = { osm: { zh: '开放街图', en: 'OSM' }, list: { zh: '清单', en: 'list' } };
  return [
    {
      name: '设施',
      header: types.map((_, i) => `列${i}`),
      kinds: types.map((t) => (t === 'integer' ? 'int' : t === 'real' ? 'real' : 'text')),
      rows,
      human: { fields: types.map((type) => ({ type, labels: type === 'label' ? labels : undefined })), lang: 'zh' },
    },
  ];
}
