#!/usr/bin/env node
/**
 * Per Chinese OSM extract in ../shared/data/real, with OSM residential areas as communities and the
 * default profile: how many community × category results are pass / fail / not assessed, how many
 * categories have no facility at all, and how many communities meet every (assessed) required
 * category. Run after `npm run build`: node scripts/verdict-counts.mjs [out-dir]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const real = resolve(root, '../shared/data/real');
if (!existsSync(real)) {
  console.error(`notice: ${real} is absent; nothing to count`);
  process.exit(0);
}
const out = resolve(process.argv[2] ?? '/tmp/lifecircle-verdict-counts');
mkdirSync(out, { recursive: true });
const EXTRACTS = [
  'cn-shenzhen-longgang/map.osm',
  'cn-beijing-tsinghua-pku/map.osm',
  'cn-beijing-bupt/map.osm',
  'cn-shanghai-shu-baoshan/map.osm',
  'cn-jiangxi-guixi/mapofgx.osm',
  'cn-fujian-ninghua/map.osm',
];
for (const rel of EXTRACTS) {
  const dir = join(out, rel.split('/')[0]);
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin/lifecircle.js'), 'coverage', join(real, rel), '-o', dir, '--lang', 'en', '--quiet'],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  if (r.status !== 0) {
    console.log(`${rel.padEnd(34)} exit ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
    continue;
  }
  const rows = parse(readFileSync(join(dir, 'coverage.csv'), 'utf8').replace(/^\uFEFF/, ''), { columns: true });
  const count = (v) => rows.filter((x) => x.result.startsWith(v)).length;
  const cats = [...new Set(rows.map((x) => x.category))];
  // categories with no facility: categories.csv where it exists, else (older versions) the reason text
  const catFile = join(dir, 'categories.csv');
  const zero = existsSync(catFile)
    ? parse(readFileSync(catFile, 'utf8').replace(/^\uFEFF/, ''), { columns: true }).filter(
        (c) => Number(c.facilities) === 0,
      ).length
    : cats.filter((c) => rows.some((x) => x.category === c && /no facilities of this category/.test(x.reason))).length;
  const communities = [...new Set(rows.map((x) => x.community_id))].length;
  const notAssessedCats = cats.filter((c) =>
    rows.filter((x) => x.category === c).every((x) => x.result.startsWith('not assessed')),
  ).length;
  const failedNoData = rows.filter(
    (x) => x.result === 'fail' && /no facilities of this category/.test(x.reason),
  ).length;
  console.log(
    `${rel.padEnd(34)} ${communities} communities × ${cats.length} categories: pass ${count('pass')}, fail ${count('fail')}, ` +
      `not assessed ${count('not assessed')}; categories with no facility ${zero}, categories not assessed everywhere ${notAssessedCats}; ` +
      `fails for lack of data ${failedNoData}`,
  );
}
