/** End to end: `lifecircle suggest` and `suggest:` in a job on the sample town; bad input. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, hasTool, ROOT, tmp } from '../support/env.js';

const SAMPLE = join(ROOT, 'data/sample');

function sampleJob(dir: string, extra = ''): string {
  for (const f of ['town.osm', 'communities.geojson', 'facilities.csv']) copyFileSync(join(SAMPLE, f), join(dir, f));
  const job = join(dir, 'job.yaml');
  writeFileSync(
    job,
    'osm: town.osm\ncommunities: communities.geojson\nfacilities:\n  - file: facilities.csv\n    crs: gcj02\n' +
      `pass_share: 0.85\noutput: out\n${extra}`,
  );
  return job;
}

function csvRows(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const body = text
    .slice(1)
    .split('\r\n')
    .filter((l) => l && !l.startsWith('"# ') && !l.startsWith('# '))
    .join('\r\n');
  return parse(body, { columns: true });
}

function expectBadInput(args: string[], dir: string, pattern: RegExp): void {
  const before = readdirSync(dir).sort();
  const r = cli(args);
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('error:'));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(readdirSync(dir).sort()).toEqual(before);
}

describe('suggest: in a job and on the command line', () => {
  it('a job with suggest: writes suggestions beside the coverage files, deterministically, with the bound in run.json', () => {
    const dir = tmp();
    const job = sampleJob(
      dir,
      'lang: en\nsuggest:\n  categories: [kindergarten, supermarket]\n  k: 2\n  spacing_m: 80\n',
    );
    const r = cli(['run', job]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Kindergarten 300m: 2 new sites bring [\d,]+ households within reach .*at least \d+\.\d % of the best possible/,
    );
    const rows = csvRows(join(dir, 'out/suggestions.csv'));
    expect(new Set(rows.map((x) => x.category))).toEqual(new Set(['kindergarten', 'supermarket']));
    for (const row of rows) {
      expect(Number(row.share_after)).toBeGreaterThan(Number(row.share_before) - 1e-9);
      expect(['1', '2']).toContain(row.rank);
      expect(row.unit).toBe('households');
    }
    const gj = JSON.parse(readFileSync(join(dir, 'out/suggestions.geojson'), 'utf8'));
    expect(gj.attribution).toMatch(/OpenStreetMap contributors/);
    expect(gj.features).toHaveLength(4);
    // the report's "where to build" section: one row per site, each site a diamond on the overview map
    const html = readFileSync(join(dir, 'out/report.html'), 'utf8');
    const section = html.match(/<section class="plans" id="suggestions">([\s\S]*?)<\/section>/)?.[1] ?? '';
    expect(section).toContain('Where to build');
    expect(section.match(/<tr>/g)?.length).toBe(1 + new Set(rows.map((x) => `${x.category} ${x.rank}`)).size);
    expect(html.match(/<path class="site"/g)?.length).toBe(4);
    const runJson = JSON.parse(readFileSync(join(dir, 'out/run.json'), 'utf8'));
    expect(runJson.outputs).toContain('suggestions.csv');
    for (const a of runJson.suggest.answers) {
      expect(a.best_possible_at_most).toBeGreaterThanOrEqual(a.newly_covered);
      expect(a.at_least_share_of_best).toBeGreaterThan(0.9);
    }
    const before = ['suggestions.csv', 'suggestions.geojson', 'run.json'].map((f) => readFileSync(join(dir, 'out', f)));
    expect(cli(['run', job, '-q']).status).toBe(0);
    ['suggestions.csv', 'suggestions.geojson', 'run.json'].forEach((f, i) =>
      expect(readFileSync(join(dir, 'out', f)).equals(before[i]), f).toBe(true),
    );
  });

  it('lifecircle suggest --scope community with a candidate file', () => {
    const dir = tmp();
    // three candidate sites in 平安社区 (QC-001) and one far outside; a category column limits one site
    writeFileSync(
      join(dir, 'sites.csv'),
      '\uFEFFid,name,lon,lat,category\nS1,空地一,113.0430,23.6720,\nS2,底商二,113.0450,23.6725,\nS3,空地三,113.0435,23.6735,kindergarten\nS4,远处,113.2000,23.8000,\n',
    );
    const r = cli([
      'suggest',
      join(SAMPLE, 'town.osm'),
      '--communities',
      join(SAMPLE, 'communities.geojson'),
      '--facilities',
      join(SAMPLE, 'facilities.csv'),
      '--crs',
      'gcj02',
      '--category',
      'kindergarten',
      '--scope',
      'community',
      '--k',
      '3',
      '--candidates',
      join(dir, 'sites.csv'),
      '--pass-share',
      '0.85',
      '--lang',
      'en',
      '-o',
      join(dir, 'out'),
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.suggest.candidates).toBe(3);
    expect(r.stderr).toMatch(/sites\.csv: 1 of 4 candidate sites lie outside the study area and were not used/);
    const qc1 = j.suggest.answers.find((a: { community: string }) => a.community === 'QC-001');
    expect(qc1.sites).toBeGreaterThan(0);
    const rows = csvRows(join(dir, 'out/suggestions.csv'));
    expect(rows.every((x) => x.scope === 'community' && ['S1', 'S2', 'S3'].includes(x.site_id))).toBe(true);
    expect(j.suggest.answers.every((a: { sites: number }) => a.sites <= 3)).toBe(true);
  });
});

describe('planned: suggestions fed back as a plan', () => {
  it('suggestions.csv as planned: reproduces the households gained, per community, and the verdicts', () => {
    const dir = tmp();
    const job = sampleJob(dir, 'lang: en\nsuggest:\n  categories: [kindergarten, community_health_station]\n  k: 3\n');
    expect(cli(['run', job, '-q']).status).toBe(0);
    const sug = csvRows(join(dir, 'out/suggestions.csv'));
    copyFileSync(join(dir, 'out/suggestions.csv'), join(dir, 'plan.csv'));
    const job2 = join(dir, 'job2.yaml');
    writeFileSync(
      job2,
      `${readFileSync(job, 'utf8')
        .replace(/suggest:[\s\S]*$/, '')
        .replace('output: out', 'output: out2')}planned:\n  - plan.csv\n`,
    );
    const r = cli(['run', job2]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/The plan \(\d+ facilities\), before → after/);
    const planned = csvRows(join(dir, 'out2/planned.csv'));
    for (const cat of ['kindergarten', 'community_health_station']) {
      const byCommunity = new Map<string, number>();
      for (const x of sug.filter((y) => y.category === cat))
        byCommunity.set(x.community_id, (byCommunity.get(x.community_id) ?? 0) + Number(x.community_newly_covered));
      for (const row of planned.filter((y) => y.category === cat)) {
        const want = byCommunity.get(row.community_id) ?? 0;
        // (the CSVs round to 0.1 household; the in-process test compares the exact values)
        expect(Math.abs(Number(row.gained) - want)).toBeLessThanOrEqual(0.05 * 3 + 1e-9);
        const last = sug.filter((y) => y.category === cat && y.community_id === row.community_id).at(-1);
        if (last) {
          expect(row.share_after).toBe(last.share_after);
          expect(row.result_after === 'pass').toBe(last.passes_after === 'yes');
        }
      }
    }
    // the report's "what the plan changes" section: a row per planned.csv row, the plan's facilities on the map
    const html = readFileSync(join(dir, 'out2/report.html'), 'utf8');
    const section = html.match(/<section class="plans" id="planned">([\s\S]*?)<\/section>/)?.[1] ?? '';
    expect(section).toContain('What the plan changes');
    expect(section.match(/<tr>/g)?.length).toBe(1 + planned.length);
    expect(html).not.toContain('id="suggestions"');
    expect(html.match(/<rect class="planned"/g)?.length).toBeGreaterThan(0);
    // and a table in the GeoPackage, as GDAL reads it
    if (hasTool('ogrinfo')) {
      const info = execFileSync('ogrinfo', ['-ro', '-so', join(dir, 'out2/results.gpkg'), 'planned'], {
        encoding: 'utf8',
      });
      expect(info).toMatch(new RegExp(`Feature Count: ${planned.length}\\b`));
    }
    const runJson = JSON.parse(readFileSync(join(dir, 'out2/run.json'), 'utf8'));
    expect(runJson.planned.facilities).toBe(new Set(sug.map((x) => `${x.category} ${x.lon} ${x.lat}`)).size);
    expect(runJson.inputs.planned[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('suggest: bad input is one line, exit 2, nothing written', () => {
  it('a planned facility with an unknown category', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'plan.csv'),
      'name,category,lon,lat\n新幼儿园,kindergarten,113.043,23.672\n新诊所,clinicc,113.044,23.673\n',
    );
    expectBadInput(
      ['run', sampleJob(dir, 'planned:\n  - plan.csv\n')],
      dir,
      /plan\.csv: line 3: planned facility of category 'clinicc', which is not in profile/,
    );
  });

  it('k <= 0, in the job and on the command line', () => {
    const dir = tmp();
    const job = sampleJob(dir, 'suggest:\n  k: 0\n');
    expectBadInput(['run', job], dir, /suggest\.k: k must be a whole number of new sites > 0/);
    expectBadInput(
      [
        'suggest',
        join(dir, 'town.osm'),
        '--communities',
        join(dir, 'communities.geojson'),
        '--k',
        '-1',
        '-o',
        join(dir, 'o'),
      ],
      dir,
      /--k: k must be a whole number/,
    );
  });

  it('a candidate file with no site inside the study area', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'far.csv'), 'id,lon,lat\nA,116.39,39.91\nB,116.40,39.92\n');
    const job = sampleJob(dir, 'suggest:\n  candidates: far.csv\n');
    const r = cli(['run', job]);
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/far\.csv: none of its 2 candidate sites lies inside the study area/);
    // no result file, and (a failed run leaves nothing) no output folder either
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('issue 12 bad input on the command line too: --planned with an unknown category, --candidates outside, --k 0', () => {
    const dir = tmp();
    sampleJob(dir);
    writeFileSync(join(dir, 'plan.csv'), 'name,category,lon,lat\n新诊所,clinicc,113.044,23.673\n');
    writeFileSync(join(dir, 'far.csv'), 'id,lon,lat\nA,116.39,39.91\nB,116.40,39.92\n');
    const base = ['--communities', join(dir, 'communities.geojson'), '-o', join(dir, 'o')];
    const town = join(dir, 'town.osm');
    expectBadInput(
      ['coverage', town, ...base, '--planned', join(dir, 'plan.csv')],
      dir,
      /plan\.csv: line 2: planned facility of category 'clinicc', which is not in profile/,
    );
    expectBadInput(
      ['suggest', town, ...base, '--category', 'kindergarten', '--candidates', join(dir, 'far.csv')],
      dir,
      /far\.csv: none of its 2 candidate sites lies inside the study area/,
    );
    expectBadInput(['suggest', town, ...base, '--k', '0'], dir, /--k: k must be a whole number of new sites > 0/);
  });

  it('a walker that does not exist, in a job (walker:, walkers:) and on every command that takes --walker', () => {
    const known = /no such walker \(known: default, elderly, child, wheelchair; see data\/walkers\.yaml\)/;
    const dir = tmp();
    expectBadInput(['run', sampleJob(dir, 'walkers: [default, granny]\n')], dir, known);
    const dir2 = tmp();
    expectBadInput(['run', sampleJob(dir2, 'walker: granny\n')], dir2, known);
    const town = join(dir, 'town.osm');
    const comm = join(dir, 'communities.geojson');
    for (const args of [
      ['coverage', town, '--communities', comm, '-o', join(dir, 'o')],
      ['isochrones', town, '--origins', comm, '-o', join(dir, 'iso.geojson')],
      ['suggest', town, '--communities', comm, '-o', join(dir, 'o')],
    ])
      expectBadInput([...args, '--walker', 'granny'], dir, known);
  });

  it('a category that is not in the profile, and an unknown suggest key', () => {
    const dir = tmp();
    expectBadInput(
      ['run', sampleJob(dir, 'suggest:\n  categories: [kindergarden]\n')],
      dir,
      /'kindergarden' is not a category of profile/,
    );
    const dir2 = tmp();
    expectBadInput(
      ['run', sampleJob(dir2, 'suggest:\n  kk: 3\n')],
      dir2,
      /suggest: unknown key 'kk' \(did you mean 'k'\?\)/,
    );
  });
});
