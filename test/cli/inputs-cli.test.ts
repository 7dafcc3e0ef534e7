/** End to end: planners' own files (Shapefile, GeoPackage, CRSs, Chinese keys) through coverage and isochrones. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tmp } from '../support/env.js';
import {
  gcj02GeoJson,
  geopackage4490,
  HAS_OGR2OGR,
  ogr,
  SAMPLE,
  SAMPLE_COMMUNITIES,
  shapefile4547,
  square,
  writeFc,
} from '../inputs/helpers.js';

const TOWN = join(SAMPLE, 'town.osm');
const LIST = join(SAMPLE, 'facilities.csv');

function coverage(communities: string[], out: string, extra: string[] = []) {
  return cli([
    'coverage',
    TOWN,
    '--communities',
    ...communities,
    '--facilities',
    LIST,
    '--crs',
    'gcj02',
    '--lang',
    'en',
    '-o',
    out,
    ...extra,
  ]);
}

function rows(dir: string): Record<string, string>[] {
  // the last line is the attribution
  const text = readFileSync(join(dir, 'coverage.csv'), 'utf8').replace(/^\uFEFF/, '');
  return (parse(text, { columns: true, relax_column_count: true }) as Record<string, string>[]).filter(
    (r) => r.category,
  );
}

(HAS_OGR2OGR ? describe : describe.skip)('the same communities in four encodings give the same coverage', () => {
  it('WGS-84 GeoJSON = GBK Shapefile in EPSG:4547 with Chinese field names = GeoPackage in EPSG:4490 = GCJ-02 GeoJSON with --communities-crs gcj02', () => {
    const dir = tmp();
    const variants: [string, string[]][] = [
      ['wgs84', [SAMPLE_COMMUNITIES]],
      ['shp', [shapefile4547(dir)]],
      ['gpkg', [geopackage4490(dir)]],
      ['gcj02', [gcj02GeoJson(dir), '--communities-crs', 'gcj02']],
    ];
    const results = variants.map(([name, args]) => {
      const out = join(dir, `out-${name}`);
      const r = coverage(args, out);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      return { name, rows: rows(out), stderr: r.stderr, run: JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) };
    });
    const base = results[0].rows;
    expect(base.length).toBeGreaterThan(50);
    for (const v of results.slice(1)) {
      expect(
        v.rows.map((r) => [r.community_id, r.community_name, r.category, r.result]),
        v.name,
      ).toEqual(base.map((r) => [r.community_id, r.community_name, r.category, r.result]));
      v.rows.forEach((r, i) => {
        expect(Number(r.share_within), v.name).toBeCloseTo(Number(base[i].share_within), 6);
        for (const k of ['nearest_min_m', 'nearest_median_m', 'nearest_max_m'])
          if (r[k] !== '')
            expect(Math.abs(Number(r[k]) - Number(base[i][k])), `${v.name} ${k}`).toBeLessThanOrEqual(0.5);
      });
    }
    // what was read and assumed is printed and recorded
    const shp = results[1];
    expect(shp.stderr).toMatch(
      /communities: 6 from .*com_4547\.shp \(shapefile, EPSG:4547 .*id from "社区编号", name from "社区名称", households from "户数"/,
    );
    expect(shp.run.inputs.communities).toMatchObject({
      format: 'shapefile',
      crs: 'EPSG:4547',
      crs_from: 'file',
      crs_assumption: expect.stringMatching(/CGCS2000 taken as WGS-84/),
      encoding: 'gb18030 (from the .cpg)',
      keys: { id: '社区编号', name: '社区名称', households: '户数', population: null },
    });
    expect(results[3].run.inputs.communities).toMatchObject({ crs: 'gcj02', crs_from: 'given' });
  });
});

describe('bad planner files: one line, exit 2, no output', () => {
  let dir = '';
  beforeAll(() => {
    dir = tmp();
  });

  const cases: [string, (d: string) => string[], RegExp][] = [
    [
      'projected metres without any CRS (the 10-minute hang): an error at once naming the likely CRS',
      (d) => {
        const fc = JSON.parse(readFileSync(SAMPLE_COMMUNITIES, 'utf8'));
        for (const f of fc.features)
          f.geometry.coordinates = [
            f.geometry.coordinates[0].map(([x, y]: number[]) => [
              38_000_000 + (x - 113) * 102_000 + 500_000,
              y * 110_700,
            ]),
          ];
        return [writeFc(join(d, 'metres.geojson'), fc.features)];
      },
      /metres\.geojson: feature 1 \(id QC-001\): coordinates \(\d+\.?\d*, \d+\.?\d*\) are not longitude\/latitude degrees .*3° zone 38: pass --crs EPSG:4526/,
    ],
    [
      'lat/lon swapped',
      (d) => [
        writeFc(join(d, 'swapped.geojson'), [
          {
            type: 'Feature',
            properties: { id: 'a' },
            geometry: { type: 'Polygon', coordinates: [square(113.04, 23.67)[0].map(([x, y]) => [y, x])] },
          },
        ]),
      ],
      /swapped\.geojson: feature 1 \(id a\): coordinates \(23\.67, 113\.04\) have a latitude beyond ±90: latitude and longitude look swapped/,
    ],
    [
      'GCJ-02 outside China',
      (d) => [
        writeFc(join(d, 'paris.geojson'), [
          { type: 'Feature', properties: { id: 'p' }, geometry: { type: 'Polygon', coordinates: square(2.35, 48.85) } },
        ]),
        '--communities-crs',
        'gcj02',
      ],
      /paris\.geojson: feature 1 \(id p\): coordinates \(2\.35, 48\.85\) are outside China, where GCJ-02 \(Amap\/Tencent\) is undefined/,
    ],
    [
      'an EPSG code not in the table',
      () => [SAMPLE_COMMUNITIES, '--communities-crs', 'EPSG:2000'],
      /EPSG:2000 is not in lifecircle's table of coordinate systems/,
    ],
    [
      'a China-sized community',
      (d) => [
        writeFc(join(d, 'china.geojson'), [
          { type: 'Feature', properties: { id: 'cn' }, geometry: { type: 'Polygon', coordinates: square(75, 20, 50) } },
        ]),
      ],
      /china\.geojson: feature 1 \(id cn\) is [\d,]+ km across; a community is at most 30 km across/,
    ],
    [
      'a PBF given as communities',
      () => [join(SAMPLE, 'town.osm')],
      /town\.osm: is an OSM or network file, not communities/,
    ],
  ];
  if (HAS_OGR2OGR)
    cases.push(
      [
        'a Shapefile without .dbf',
        (d) => {
          const shp = shapefile4547(d, 'nodbf');
          rmSync(shp.replace(/\.shp$/, '.dbf'));
          return [shp];
        },
        /nodbf\.shp: nodbf\.dbf is missing/,
      ],
      [
        'a Shapefile without .shx',
        (d) => {
          const shp = shapefile4547(d, 'noshx');
          rmSync(shp.replace(/\.shp$/, '.shx'));
          return [shp];
        },
        /noshx\.shp: noshx\.shx is missing; a Shapefile is \.shp \+ \.shx \+ \.dbf/,
      ],
      [
        'a .prj that cannot be parsed',
        (d) => {
          const shp = shapefile4547(d, 'badprj');
          writeFileSync(
            shp.replace(/\.shp$/, '.prj'),
            'PROJCS["Local grid",PROJECTION["Weird_Projection"],UNIT["Meter",1]]',
          );
          return [shp];
        },
        /badprj\.prj: cannot read the coordinate system "Local grid"; pass it explicitly, e\.g\. --crs EPSG:4547/,
      ],
      [
        'a given CRS that contradicts the .prj',
        (d) => [shapefile4547(d, 'contra'), '--communities-crs', 'EPSG:4526'],
        /contra\.shp: the file says its coordinates are EPSG:4547 .* but EPSG:4526 .* was given/,
      ],
      [
        'a GeoPackage with several layers and no --layer',
        (d) => {
          const g = join(d, 'two.gpkg');
          ogr(['-f', 'GPKG', g, SAMPLE_COMMUNITIES, '-nln', 'east']);
          ogr(['-update', '-f', 'GPKG', g, SAMPLE_COMMUNITIES, '-nln', 'west']);
          return [g];
        },
        /two\.gpkg: the GeoPackage has 2 layers \(east, west\); choose one with --layer/,
      ],
    );

  it.each(cases)('%s', (_name, make, pattern) => {
    const d = join(dir, String(Math.random()).slice(2));
    mkdirSync(d);
    const args = make(d);
    const out = join(d, 'out');
    const t0 = Date.now();
    const r = coverage(args, out, ['-q']);
    expect(Date.now() - t0).toBeLessThan(20_000); // at once: before any network is read
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

describe('property keys and origins', () => {
  it("the tool's own zh output keys are read back; --id-field names another; a missing one is an error", () => {
    const dir = tmp();
    const fc = JSON.parse(readFileSync(SAMPLE_COMMUNITIES, 'utf8'));
    for (const f of fc.features)
      f.properties = {
        社区编号: f.properties.id,
        社区名称: f.properties.name,
        户数: f.properties.households,
        代号: `X${f.properties.id}`,
      };
    const p = writeFc(join(dir, 'zh.geojson'), fc.features);
    const r = coverage([p], join(dir, 'o1'), ['--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).communities.map((c: { id: string }) => c.id)).toEqual([
      'QC-001',
      'QC-002',
      'QC-003',
      'QC-004',
      'QC-005',
      'QC-006',
    ]);
    const r2 = coverage([p, '--id-field', '代号'], join(dir, 'o2'), ['--json']);
    expect(r2.status, r2.stderr).toBe(0);
    expect(JSON.parse(r2.stdout).communities[0]).toMatchObject({ id: 'XQC-001', name: '平安社区' });
    const r3 = coverage([p, '--households-field', 'hushu'], join(dir, 'o3'), ['-q']);
    expect(r3.status).toBe(2);
    expect(r3.stderr.trim()).toMatch(
      /^error: .*zh\.geojson: --households-field hushu: no such property; the properties are: 社区编号, 社区名称, 户数, 代号$/,
    );
  });

  it("isochrones from the tool's own facilities output keep id, category and source", () => {
    const dir = tmp();
    const fac = join(dir, 'facilities.geojson');
    expect(cli(['facilities', TOWN, '--facilities', LIST, '--crs', 'gcj02', '-o', fac, '-q']).status).toBe(0);
    const out = join(dir, 'iso.geojson');
    const r = cli(['isochrones', TOWN, '--origins', fac, '--bands', '300m', '-o', out, '-q']);
    expect(r.status, r.stderr).toBe(0);
    const iso = JSON.parse(readFileSync(out, 'utf8')).features;
    const byId = new Map(iso.map((f: { properties: Record<string, unknown> }) => [f.properties.id, f.properties]));
    expect(byId.get('F04')).toMatchObject({
      id: 'F04',
      category: 'community_service_station',
      source: 'list',
      name: '飞来湖社区综合服务站',
      band: '300m',
    });
    expect([...byId.keys()].some((k) => String(k).startsWith('#'))).toBe(false);
  });

  it('job files: communities as { file, crs, id_field }; bad columns values are one clear line', () => {
    const dir = tmp();
    const fc = JSON.parse(readFileSync(SAMPLE_COMMUNITIES, 'utf8'));
    for (const f of fc.features)
      f.properties = { 编号: f.properties.id, 名称: f.properties.name, 常住人口: 3 * f.properties.households };
    writeFc(join(dir, 'c.geojson'), fc.features);
    const job = (extra: string) => {
      const p = join(dir, `job${Math.random()}.yaml`);
      writeFileSync(
        p,
        `osm: ${TOWN}\ncommunities: { file: c.geojson, crs: wgs84, name_field: 名称 }\nfacilities:\n  - file: ${LIST}\n    crs: gcj02\n${extra}output: out\n`,
      );
      return p;
    };
    const ok = cli(['run', job(''), '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).communities[0]).toMatchObject({ id: 'QC-001', name: '平安社区' });
    for (const [cols, msg] of [
      ['{ lon: 5 }', /facilities\[0\]\.columns\.lon must be a column name \(the header text\), got 5$/],
      [
        '[1, 2]',
        /facilities\[0\]\.columns must be "field=column,…" or a mapping such as \{ lon: 经度, lat: 纬度 \}, got \[1,2\]$/,
      ],
    ] as const) {
      const p = join(dir, `bad${Math.random()}.yaml`);
      writeFileSync(
        p,
        `osm: ${TOWN}\nfacilities:\n  - file: ${LIST}\n    crs: gcj02\n    columns: ${cols}\noutput: out2\n`,
      );
      const r = cli(['run', p, '-q']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(msg);
    }
  });
});
