/** End to end: `lifecircle run` / `coverage` / `facilities` on the sample town and real extracts. */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { cli, hasTool, HAS_SHARED, real, ROOT, tmp } from '../support/env.js';

const SAMPLE = join(ROOT, 'data/sample');
const HAS_OGR = hasTool('ogrinfo', ['--version']);
const OUTPUTS = [
  'coverage.csv',
  'coverage.csvt',
  'communities.csv',
  'communities.csvt',
  'facilities.csv',
  'gaps.csv',
  'data_quality.csv',
  'gaps.geojson',
  'isochrones.geojson',
  'facilities.geojson',
  'routes.geojson',
  'communities.geojson',
  'run.json',
  'README.txt',
  'LICENSE.txt',
];

/** a job file on the sample town, written into its own folder */
function sampleJob(dir: string, extra = ''): string {
  for (const f of ['town.osm', 'communities.geojson', 'facilities.csv']) copyFileSync(join(SAMPLE, f), join(dir, f));
  const job = join(dir, 'job.yaml');
  writeFileSync(
    job,
    `osm: town.osm\ncommunities: communities.geojson\nprofile: ` +
      `complete-community-2020\nfacilities:\n  - file: facilities.csv\n    crs: gcj02\noutput: ` +
      `out\n${extra}`,
  );
  return job;
}

function csvRows(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff); // BOM for Excel
  // pure data: a header and rows, nothing else (the attribution lives in README.txt/LICENSE.txt)
  expect(text).not.toMatch(/OpenStreetMap contributors/);
  return parse(text.slice(1), { columns: true });
}

describe('lifecircle run on the sample town', () => {
  it('writes every output, in zh, deterministically, and reuses the network on a rerun', () => {
    const dir = tmp();
    const job = sampleJob(dir);
    const r = cli(['run', job, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = join(dir, 'out');
    for (const f of OUTPUTS) expect(existsSync(join(out, f)), f).toBe(true);
    const summary = JSON.parse(r.stdout);
    expect(summary.communities).toHaveLength(6);
    // coverage.csv: community × category, Chinese headers and names intact
    const cov = csvRows(join(out, 'coverage.csv'));
    expect(cov).toHaveLength(6 * 16);
    expect(Object.keys(cov[0])).toContain('社区名称');
    expect(cov.map((x) => x['社区名称'])).toContain('平安社区');
    expect(cov.every((x) => ['达标', '不达标', '未评估', '未评估：无数据'].includes(x['评估结果']))).toBe(true);
    const comm = csvRows(join(out, 'communities.csv'));
    expect(comm).toHaveLength(6);
    expect(Object.keys(comm[0])).toContain('幼儿园');
    // every GeoJSON carries the attribution; run.json records inputs with sha256
    for (const f of OUTPUTS.filter((x) => x.endsWith('.geojson')))
      expect(JSON.parse(readFileSync(join(out, f), 'utf8')).attribution).toMatch(/OpenStreetMap contributors/);
    const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(runJson.inputs.osm.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runJson.inputs.facilities[0]).toMatchObject({ crs: 'gcj02', rows: 8, used: 8 });
    expect(runJson.counts.communities).toBe(6);
    for (const f of ['README.txt', 'LICENSE.txt', 'run.json'])
      expect(readFileSync(join(out, f), 'utf8'), f).toMatch(/© OpenStreetMap contributors/);
    // rerun: the network comes from the cache, the outputs are byte-identical
    const before = OUTPUTS.map((f) => readFileSync(join(out, f)));
    const again = cli(['run', job]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/reused from cache/);
    OUTPUTS.forEach((f, i) => expect(readFileSync(join(out, f)).equals(before[i]), f).toBe(true));
  });

  (HAS_OGR ? it : it.skip)('every GeoJSON opens in GDAL', () => {
    const dir = tmp();
    expect(cli(['run', sampleJob(dir), '-q']).status).toBe(0);
    for (const f of OUTPUTS.filter((x) => x.endsWith('.geojson'))) {
      const r = spawnSync('ogrinfo', ['-ro', '-so', '-al', join(dir, 'out', f)], { encoding: 'utf8' });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/ERROR|Warning/);
      expect(r.stdout).toMatch(/Feature Count: \d+/);
    }
  });

  it('English headers with lang: en, threshold overrides, and the pass share', () => {
    const dir = tmp();
    const r = cli(['run', sampleJob(dir, 'lang: en\npass_share: 0.5\nthresholds:\n  kindergarten: 1000\n'), '-q']);
    expect(r.status, r.stderr).toBe(0);
    const cov = csvRows(join(dir, 'out/coverage.csv'));
    const k = cov.filter((x) => x.category === 'kindergarten');
    expect(k.every((x) => x.threshold_m === '1000')).toBe(true);
    expect(k.some((x) => x.result === 'pass')).toBe(true);
    const runJson = JSON.parse(readFileSync(join(dir, 'out/run.json'), 'utf8'));
    expect(runJson.profile.categories.find((c: { id: string }) => c.id === 'kindergarten')).toMatchObject({
      threshold_m: 1000,
      original_threshold_m: 300,
    });
  });
});

describe('lifecircle run: bad input', () => {
  it('a misspelled key in the job file is named, with the allowed keys', () => {
    const dir = tmp();
    const job = sampleJob(dir, 'comunities: communities.geojson\n');
    const r = cli(['run', job]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /error: .*job\.yaml: unknown key 'comunities' \(did you mean 'communities'\?\); allowed keys: osm, communities, gates, profile/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('overlapping communities are assessed and reported', () => {
    const dir = tmp();
    const job = sampleJob(dir);
    const fc = JSON.parse(readFileSync(join(dir, 'communities.geojson'), 'utf8'));
    const copy = JSON.parse(JSON.stringify(fc.features[0]));
    copy.properties.id = 'QC-001b';
    copy.geometry.coordinates[0] = copy.geometry.coordinates[0].map(([x, y]: number[]) => [x + 0.001, y]);
    fc.features.push(copy);
    writeFileSync(join(dir, 'communities.geojson'), JSON.stringify(fc));
    const r = cli(['run', job, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: communities QC-001 and QC-001b overlap by \d+ m²/);
    expect(JSON.parse(r.stdout).communities).toHaveLength(7);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s mid-run leaves no half-written outputs, and the next run completes',
    async (sig) => {
      const dir = tmp();
      const job = sampleJob(dir);
      const out = join(dir, 'out');
      const child = spawn(process.execPath, [join(ROOT, 'bin/lifecircle.js'), 'run', job, '-q'], {
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      // stop it once the network cache exists (the run is then in its analysis stage)
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          const cache = join(out, '.lifecircle-cache');
          if (existsSync(cache) && readdirSync(cache).some((f) => f.endsWith('.lcnet'))) {
            clearInterval(t);
            child.kill(sig);
            resolve();
          }
        }, 5);
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).not.toBe(0);
      const left = existsSync(out) ? readdirSync(out) : [];
      expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(left.filter((f) => OUTPUTS.includes(f))).toEqual([]); // all or nothing
      void stderr;
      const r = cli(['run', job, '-q']);
      expect(r.status, r.stderr).toBe(0);
      for (const f of OUTPUTS) expect(existsSync(join(out, f))).toBe(true);
    },
  );

  it('outputs are replaced all together or not at all (a folder in the way of one file)', () => {
    const dir = tmp();
    const job = sampleJob(dir);
    expect(cli(['run', job, '-q']).status).toBe(0);
    const out = join(dir, 'out');
    const before = OUTPUTS.filter((f) => f !== 'isochrones.geojson').map((f) => readFileSync(join(out, f)));
    rmSync(join(out, 'isochrones.geojson'));
    mkdirSync(join(out, 'isochrones.geojson'));
    writeFileSync(join(out, 'isochrones.geojson', 'x'), 'in the way');
    writeFileSync(job, `${readFileSync(job, 'utf8')}lang: en\npass_share: 0.1\n`);
    const r = cli(['run', job, '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /error: cannot replace .*isochrones\.geojson: a folder of that name is in the way; the previous results were kept/,
    );
    OUTPUTS.filter((f) => f !== 'isochrones.geojson').forEach((f, i) =>
      expect(readFileSync(join(out, f)).equals(before[i]), f).toBe(true),
    );
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('job values of the wrong type and grids beyond reason are refused', () => {
    for (const [extra, pattern] of [
      ['pass_share: true\n', /'pass_share' must be a share between 0 and 1, got true/],
      ['resolution_m: 0.01\n', /'resolution_m' must be a number of metres from 1 to 50/],
      ['thresholds:\n  kindergarten: true\n', /thresholds\.kindergarten must be a positive number/],
    ] as const) {
      const dir = tmp();
      const r = cli(['run', sampleJob(dir, extra)]);
      expect(r.status, extra).toBe(2);
      expect(r.stderr).toMatch(pattern);
    }
  });

  it('a households value that is not a positive number is reported and not used', () => {
    const dir = tmp();
    const job = sampleJob(dir);
    const fc = JSON.parse(readFileSync(join(dir, 'communities.geojson'), 'utf8'));
    fc.features[0].properties.households = 0;
    fc.features[1].properties.households = 'abc';
    writeFileSync(join(dir, 'communities.geojson'), JSON.stringify(fc));
    const r = cli(['run', job, '-q', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const runJson = JSON.parse(readFileSync(join(dir, 'out/run.json'), 'utf8'));
    expect(runJson.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/feature 1 \(id QC-001\): households 0 is not a positive count/),
        expect.stringMatching(/feature 2 \(id QC-002\): households "abc" is not a number/),
      ]),
    );
  });

  it('temporary files of a killed run (SIGKILL) are cleaned up by the next run', () => {
    const dir = tmp();
    const job = sampleJob(dir);
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(join(dir, 'out', '.coverage.csv.999999.abc123.tmp'), 'half');
    expect(cli(['run', job, '-q']).status).toBe(0);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

(HAS_SHARED ? describe : describe.skip)('lifecircle coverage on the Chinese extracts', () => {
  const extracts = [
    'cn-shenzhen-longgang/map.osm',
    'cn-beijing-tsinghua-pku/map.osm',
    'cn-beijing-bupt/map.osm',
    'cn-shanghai-shu-baoshan/map.osm',
  ];
  it.each(extracts)('%s: communities from OSM residential areas', (rel) => {
    const dir = tmp();
    const r = cli([
      'coverage',
      real(rel),
      '--profile',
      'complete-community-2020',
      '-o',
      join(dir, 'out'),
      '--json',
      '--lang',
      'en',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /using \d+ (named residential areas from OSM as communities|unnamed ones, identified by their OSM ids)/,
    );
    const s = JSON.parse(r.stdout);
    expect(s.communities.length).toBeGreaterThan(0);
    const cov = csvRows(join(dir, 'out/coverage.csv'));
    expect(cov.length).toBe(s.communities.length * 16);
  });

  it('a community GeoJSON drawn for the test (Guixi, which has no residential areas mapped) with a facility list', () => {
    const dir = tmp();
    // two blocks in Guixi's centre (bounds 117.19116, 28.28171 – 117.25519, 28.32252)
    const sq = (id: string, name: string, x: number, y: number) => ({
      type: 'Feature',
      properties: { id, name, households: 1200 },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.004, y],
            [x + 0.004, y + 0.004],
            [x, y + 0.004],
            [x, y],
          ],
        ],
      },
    });
    writeFileSync(
      join(dir, 'c.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [sq('GX-1', '雄石社区', 117.205, 28.29), sq('GX-2', '东门社区', 117.22, 28.3)],
      }),
    );
    writeFileSync(
      join(dir, 'f.csv'),
      '名称,类型,经度,纬度\n贵溪幼儿园,幼儿园,117.2075,28.2915\n社区卫生站,社区卫生服务站,117.222,28.302\n',
    );
    const r = cli([
      'coverage',
      real('cn-jiangxi-guixi/mapofgx.osm'),
      '--communities',
      join(dir, 'c.geojson'),
      '--facilities',
      join(dir, 'f.csv'),
      '-o',
      join(dir, 'out'),
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const cov = csvRows(join(dir, 'out/coverage.csv'));
    const k = cov.find((x) => x['社区编号'] === 'GX-1' && x['设施类别代码'] === 'kindergarten')!;
    expect(Number(k['最近设施距离_中位(米)'])).toBeLessThan(1000);
    expect(k['最近设施']).toBe('贵溪幼儿园');
  });
});
