/** End to end: `lifecircle facilities` and `profiles`, and their bad input. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoordImport from 'gcoord';
import { describe, expect, it } from 'vitest';
import { cli, HAS_SHARED, real, ROOT, tmp } from '../support/env.js';
import { gbk } from '../facilities/helpers.js';
import { at, writeFixture } from '../support/osm-fixture.js';
import { TOWN, townLonLat } from '../support/sample-town.js';

const gcoord = ((gcoordImport as unknown as { default?: unknown }).default ??
  gcoordImport) as typeof gcoordImport.default;

function facilities(args: string[]) {
  const dir = tmp();
  const out = join(dir, 'fac.geojson');
  const r = cli(['facilities', ...args, '-o', out, '--json']);
  return { r, dir, out, json: r.status === 0 ? JSON.parse(r.stdout) : null };
}

describe('lifecircle facilities on the sample town', () => {
  it('OSM facilities + the planner list in GCJ-02: GeoJSON and a CSV beside it with Chinese intact', () => {
    const { r, dir, json } = facilities([
      TOWN,
      '--facilities',
      join(ROOT, 'data/sample/facilities.csv'),
      '--crs',
      'gcj02',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(json.perCategory.kindergarten).toEqual({ osm: 4, list: 1, merged: 0, total: 5 });
    expect(json.lists[0]).toMatchObject({ crs: 'gcj02', encoding: 'utf-8-bom', rows: 8, used: 8, skipped: 0 });
    const fc = JSON.parse(readFileSync(join(dir, 'fac.geojson'), 'utf8'));
    expect(fc.attribution).toMatch(/OpenStreetMap/);
    // the park is reached through its two mapped gates
    const park = fc.features.find((f: { properties: { name: string } }) => f.properties.name === '江北公园');
    expect(park.geometry.type).toBe('MultiPoint');
    expect(park.properties.point_kind).toBe('entrance');
    const csv = readFileSync(join(dir, 'fac.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toMatch(/洲心社区幼儿园/);
  });

  it('a GBK-encoded list reads with its Chinese intact; a facility listed and mapped is merged once', () => {
    const dir = tmp();
    // 阳光幼儿园 is mapped in OSM at (470, 400) m; the list gives it 20 m away, in WGS-84
    const [lon, lat] = townLonLat(475, 418);
    const { bytes } = gbk(`名称,类别,经度,纬度\n阳光幼儿园,幼儿园,${lon},${lat}\n`);
    writeFileSync(join(dir, 'gbk.csv'), bytes);
    const { r, json } = facilities([TOWN, '--facilities', join(dir, 'gbk.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(json.lists[0].encoding).toBe('gb18030');
    expect(json.perCategory.kindergarten).toEqual({ osm: 3, list: 0, merged: 1, total: 4 });
    expect(json.merged).toBe(1);
  });
});

describe('lifecircle facilities: bad input, one line, exit 2 only when nothing usable remains', () => {
  it('unknown category values are listed with counts, not silently dropped; other rows are used', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'l.csv'),
      '名称,类型,经度,纬度\n甲,幼儿园,113.045,23.672\n乙,老年活动室,113.046,23.672\n丙,老年活动室,113.047,23.672\n丁,网吧,113.048,23.672\n',
    );
    const { r, json } = facilities([TOWN, '--no-osm', '--facilities', join(dir, 'l.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /warning: .*l\.csv: 3 rows have category values that are not in profile complete-community-2020 and were left out: '老年活动室' ×2, '网吧' ×1/,
    );
    expect(json.lists[0].unknownCategories).toEqual({ 老年活动室: 2, 网吧: 1 });
    expect(json.facilities).toBe(1);
  });

  it('rows with missing, non-numeric or out-of-range coordinates: row numbers reported, the others kept', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'l.csv'),
      '名称,类型,经度,纬度\n甲,幼儿园,113.045,23.672\n乙,幼儿园,,23.672\n丙,幼儿园,abc,23.672\n丁,幼儿园,213.0,23.672\n',
    );
    const { r, json } = facilities([TOWN, '--no-osm', '--facilities', join(dir, 'l.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/l\.csv: 3 rows skipped \(3: .*; 4: .*; 5: .*\)/);
    expect(json.lists[0]).toMatchObject({ rows: 1, skipped: 3 });
  });

  it('GCJ-02 points outside China are reported per row', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'l.csv'), '名称,类型,经度,纬度\n甲,幼儿园,113.045,23.672\nParis,幼儿园,2.35,48.85\n');
    const { r, json } = facilities([TOWN, '--no-osm', '--facilities', join(dir, 'l.csv'), '--crs', 'gcj02']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3: .*outside China/);
    expect(json.lists[0].skipped).toBe(1);
  });

  it.each([
    [
      'an invalid profile file (names the field)',
      (d: string) => (
        writeFileSync(join(d, 'p.yaml'), 'id: x\nname: {zh: 甲, en: A}\ncategories: []\n'),
        ['--profile', join(d, 'p.yaml')]
      ),
      /p\.yaml: /,
    ],
    ['an unknown profile name', () => ['--profile', 'gb-nonexistent'], /gb-nonexistent/],
    [
      'a file whose encoding cannot be decoded',
      (d: string) => (
        writeFileSync(
          join(d, 'bad.csv'),
          Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0xfe, 0xfd, 0x80, 0x81, 0x0a]),
        ),
        ['--facilities', join(d, 'bad.csv')]
      ),
      /bad\.csv: .*(encoding|UTF-8|decode)/i,
    ],
    [
      'a list with no usable rows',
      (d: string) => (
        writeFileSync(join(d, 'l.csv'), '名称,类型,经度,纬度\n甲,幼儿园,,\n'),
        ['--no-osm', '--facilities', join(d, 'l.csv')]
      ),
      /l\.csv: /,
    ],
    [
      'a --crs that is not a coordinate system',
      (d: string) => (
        writeFileSync(join(d, 'l.csv'), '名称,类型,经度,纬度\n甲,幼儿园,113.045,23.672\n'),
        ['--facilities', join(d, 'l.csv'), '--crs', 'utm50']
      ),
      /utm50/,
    ],
  ])('%s', (_n, args, pattern) => {
    const dir = tmp();
    const a = args(dir);
    const before = readdirSync(dir).sort();
    const r = cli(['facilities', TOWN, ...a, '-o', join(dir, 'fac.geojson')]);
    expect(r.status, r.stderr).toBe(2);
    const errs = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(pattern);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('an OSM file with no facility of the profile, and no list: exit 2, nothing written', () => {
    const streets = writeFixture({
      nodes: [
        [1, ...at(0, 0)],
        [2, ...at(100, 0)],
      ],
      ways: [[10, [1, 2], { highway: 'residential' }]],
    });
    const dir = tmp();
    const r = cli(['facilities', streets, '-o', join(dir, 'fac.geojson')]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /error: no facilities of profile complete-community-2020 found: OSM has none tagged as its categories/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

(HAS_SHARED ? describe : describe.skip)('lifecircle facilities on the real Chinese extracts', () => {
  const extracts = [
    'cn-shenzhen-longgang/map.osm',
    'cn-beijing-tsinghua-pku/map.osm',
    'cn-beijing-bupt/map.osm',
    'cn-shanghai-shu-baoshan/map.osm',
    'cn-jiangxi-guixi/mapofgx.osm',
    'cn-fujian-ninghua/map.osm',
  ];
  it.each(extracts)('%s: facilities per category for both profiles', (rel) => {
    for (const profile of ['complete-community-2020', 'gb50180-2018']) {
      // every extract, even the sparse county towns (Ninghua: 3 and 10), has some of each profile's facilities
      const { r, json } = facilities([real(rel), '--profile', profile]);
      expect(r.status, r.stderr).toBe(0);
      expect(json.facilities).toBeGreaterThan(0);
      expect(
        Object.values(json.perCategory as Record<string, { total: number }>).reduce((s, c) => s + c.total, 0),
      ).toBe(json.facilities);
    }
  });

  it('a list left in GCJ-02 but declared WGS-84 gets the offset warning (Shanghai University, bus stops)', () => {
    const dir = tmp();
    const rows = readFileSync(real('cn-shanghai-amap-poi/bus_stop.csv'), 'utf8').trim().split(/\r?\n/);
    const header = rows[0].split(',');
    const iLon = header.indexOf('lon');
    const iLat = header.indexOf('lat');
    const shifted = rows.map((line, i) => {
      if (i === 0) return line;
      const c = line.split(',');
      const [x, y] = gcoord.transform([Number(c[iLon]), Number(c[iLat])], gcoord.WGS84, gcoord.GCJ02);
      c[iLon] = String(x);
      c[iLat] = String(y);
      return c.join(',');
    });
    writeFileSync(join(dir, 'stops-gcj.csv'), shifted.join('\n'));
    const { r } = facilities([
      real('cn-shanghai-shu-baoshan/map.osm'),
      '--profile',
      'gb50180-2018',
      '--facilities',
      join(dir, 'stops-gcj.csv'),
      '--category',
      'telecom_post_office',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/look like GCJ-02 \(Amap\/Tencent\) coordinates declared as WGS-84.*pass --crs gcj02/);
    // and declared correctly, no warning
    const ok = facilities([
      real('cn-shanghai-shu-baoshan/map.osm'),
      '--profile',
      'gb50180-2018',
      '--facilities',
      join(dir, 'stops-gcj.csv'),
      '--crs',
      'gcj02',
      '--category',
      'telecom_post_office',
    ]);
    expect(ok.r.stderr).not.toMatch(/look like GCJ-02/);
  });
});
