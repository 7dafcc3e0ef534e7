/**
 * Every CSV of a run read with GDAL (ogrinfo): one unit per column — households, population and
 * the proxy each in their own columns, filled exactly for the communities that give them — and
 * label values in the output's language (zh values in zh output, en in en).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, hasTool, ROOT, tmp } from '../support/env.js';

const HAS_OGR = hasTool('ogrinfo', ['--version']);
if (!HAS_OGR)
  console.log('notice: ogrinfo (Debian gdal-bin) is not installed, so the GDAL unit and label checks are skipped');

type Feature = Record<string, { type: string; value: string }>;

/** every feature of a CSV as GDAL reads it (with its .csvt): field -> type and value; nulls are absent */
function ogrFeatures(file: string): Feature[] {
  const r = spawnSync('ogrinfo', ['-ro', '-al', '-q', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  const out: Feature[] = [];
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('OGRFeature(')) out.push({});
    const m = /^ {2}(.+?) \((String|Integer|Real|Integer64)\) = (.*)$/.exec(line);
    if (m && out.length && m[3] !== '') out[out.length - 1][m[1]] = { type: m[2], value: m[3] };
  }
  return out;
}

// communities: QC-001/002 give households, QC-003/004 population only, QC-005/006 neither
function job(dir: string, lang: 'zh' | 'en'): string {
  const gj = JSON.parse(readFileSync(join(ROOT, 'data/sample/communities.geojson'), 'utf8'));
  gj.features.forEach((f: { properties: Record<string, unknown> }, i: number) => {
    const hh = f.properties.households as number;
    delete f.properties.households;
    if (i < 2) f.properties.households = hh;
    else if (i < 4) f.properties.population = hh * 3;
  });
  writeFileSync(join(dir, 'communities.geojson'), JSON.stringify(gj));
  const out = join(dir, lang);
  const r = cli([
    'coverage',
    join(ROOT, 'data/sample/town.osm'),
    '--communities',
    join(dir, 'communities.geojson'),
    '--facilities',
    join(ROOT, 'data/sample/facilities.csv'),
    '--crs',
    'gcj02',
    '--lang',
    lang,
    '-o',
    out,
    '--quiet',
  ]);
  expect(r.status, r.stderr).toBe(0);
  return out;
}

const LABELS = {
  zh: [
    '必配',
    '层级',
    '评估结果',
    '居民样本',
    '状态',
    '替代计量',
    '出发点',
    '面积指标',
    '对象',
    '问题',
    '数据来源',
    '无数据',
  ],
  en: [
    'required',
    'tier',
    'result',
    'residents_sample',
    'status',
    'proxy_unit',
    'origin_kind',
    'service_area',
    'scope',
    'flag',
    'sources',
    'no_data',
  ],
};
const CJK = /[\u3400-\u9fff]/;

(HAS_OGR ? describe : describe.skip)('every CSV through GDAL: units and labels', () => {
  const dirs: Record<'zh' | 'en', string> = { zh: '', en: '' };
  beforeAll(() => {
    const d = tmp();
    dirs.zh = job(d, 'zh');
    dirs.en = job(d, 'en');
  });

  it.each(['zh', 'en'] as const)('%s output: label columns hold values in that language only', (lang) => {
    const csvs = readdirSync(dirs[lang]).filter((f) => f.endsWith('.csv') && f !== 'no_data_template.csv');
    expect(csvs.length).toBeGreaterThanOrEqual(6);
    let checked = 0;
    for (const f of csvs)
      for (const feat of ogrFeatures(join(dirs[lang], f)))
        for (const col of LABELS[lang]) {
          const v = feat[col]?.value;
          if (v === undefined) continue;
          checked++;
          if (lang === 'zh') expect(CJK.test(v), `${f} ${col} = ${v}`).toBe(true);
          else expect(CJK.test(v), `${f} ${col} = ${v}`).toBe(false);
        }
    expect(checked).toBeGreaterThan(200);
  });

  it('one unit per column: households, population and the proxy, each filled only where it is the unit', () => {
    const cov = ogrFeatures(join(dirs.en, 'coverage.csv'));
    expect(cov.length).toBe(6 * 16);
    for (const x of cov) {
      const id = x.community_id.value;
      const hh = id === 'QC-001' || id === 'QC-002';
      const pop = id === 'QC-003' || id === 'QC-004';
      for (const k of ['households_total', 'households_within', 'households_beyond'])
        expect(k in x, `${id} ${k}`).toBe(hh);
      for (const k of ['population_total', 'population_within', 'population_beyond'])
        expect(k in x, `${id} ${k}`).toBe(pop);
      for (const k of ['proxy_total', 'proxy_within', 'proxy_beyond', 'proxy_unit'])
        expect(k in x, `${id} ${k}`).toBe(!hh && !pop);
      // numbers are typed as numbers (.csvt), and within + beyond = total in each unit
      for (const u of ['households', 'population', 'proxy'])
        if (`${u}_total` in x) {
          expect(x[`${u}_total`].type).toBe('Real');
          expect(Number(x[`${u}_within`].value) + Number(x[`${u}_beyond`].value)).toBeCloseTo(
            Number(x[`${u}_total`].value),
            0,
          );
        }
      if ('proxy_unit' in x) expect(['floor area m²', 'grid cells']).toContain(x.proxy_unit.value);
    }
    // the old mixed columns are gone
    for (const x of cov)
      for (const k of ['residents_unit', 'residents_total', 'residents_within']) expect(k in x).toBe(false);
    const gaps = ogrFeatures(join(dirs.en, 'gaps.csv'));
    expect(gaps.length).toBeGreaterThan(0);
    for (const g of gaps)
      expect(
        ['households_affected' in g, 'population_affected' in g, 'proxy_affected' in g].filter(Boolean),
      ).toHaveLength(1);
    // ranked: households affected descending among the rows that have them
    const hh = gaps.filter((g) => 'households_affected' in g).map((g) => Number(g.households_affected.value));
    expect(hh).toEqual([...hh].sort((a, b) => b - a));
  });
});
