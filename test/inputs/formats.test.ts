/** The input stage: every format and encoding gives the same WGS-84 features and properties. */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCommunities } from '../../src/coverage/communities.js';
import { protectBigIntegers } from '../../src/inputs/geojson.js';
import { encodingFromCpg } from '../../src/inputs/dbf.js';
import { readInput } from '../../src/inputs/read.js';
import { parseWkb } from '../../src/inputs/wkb.js';
import { tmp } from '../support/env.js';
import { geopackage4490, HAS_OGR2OGR, SAMPLE_COMMUNITIES, shapefile4547, square, writeFc } from './helpers.js';

const ring0 = (g: unknown) => (g as { coordinates: number[][][] }).coordinates[0];

describe('GeoJSON', () => {
  it('keeps 21-digit numeric ids as their digits (two codes that a double would merge stay two)', async () => {
    const dir = tmp();
    const p = join(dir, 'c.geojson');
    writeFileSync(
      p,
      `{"type":"FeatureCollection","features":[` +
        `{"type":"Feature","properties":{"社区编号":441802001001001000001,"社区名称":"甲"},"geometry":{"type":"Polygon","coordinates":${JSON.stringify(square(113.04, 23.67))}}},` +
        `{"type":"Feature","properties":{"社区编号":441802001001001000002,"社区名称":"乙"},"geometry":{"type":"Polygon","coordinates":${JSON.stringify(square(113.05, 23.67))}}}]}`,
    );
    const r = await readCommunities(p);
    expect(r.communities.map((c) => [c.id, c.name])).toEqual([
      ['441802001001001000001', '甲'],
      ['441802001001001000002', '乙'],
    ]);
    expect(r.keys).toMatchObject({ id: '社区编号', name: '社区名称' });
  });

  it('big-integer protection leaves strings, decimals and small numbers alone', () => {
    const t = '{"a":"x 12345678901234567890 y","b":113.12345678901234567,"c":[1,-98765432109876543210],"d":42}';
    expect(JSON.parse(protectBigIntegers(t))).toEqual({
      a: 'x 12345678901234567890 y',
      b: 113.12345678901234567,
      c: [1, '-98765432109876543210'],
      d: 42,
    });
  });

  it('reads a GBK-encoded communities file with the right names', async () => {
    const dir = tmp();
    const text = readFileSync(SAMPLE_COMMUNITIES, 'utf8');
    const p = join(dir, 'gbk.geojson');
    writeFileSync(p, iconv.encode(text, 'gbk'));
    const r = await readCommunities(p);
    expect(r.input?.encoding).toBe('gb18030');
    expect(r.communities[0].name).toBe('平安社区');
  });

  it('malformed features are skipped with a reason each, never a crash', async () => {
    const dir = tmp();
    const p = writeFc(join(dir, 'bad.geojson'), [
      null,
      { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: null } },
      { type: 'Feature', properties: { id: 'b' }, geometry: { type: 'Polygon', coordinates: [5] } },
      { type: 'Feature', properties: { id: 'c' }, geometry: { type: 'MultiPoint', coordinates: 'x' } },
      { type: 'Feature', properties: { id: 'ok' }, geometry: { type: 'Polygon', coordinates: square(113.04, 23.67) } },
    ]);
    const r = await readCommunities(p);
    expect(r.communities.map((c) => c.id)).toEqual(['ok']);
    expect(r.skipped.map((s) => `${s.feature} ${s.reason}`)).toEqual([
      '1 is null, not a GeoJSON Feature',
      '2 the coordinates is null, not a list',
      '3 ring 1 is 5, not a list',
      '4 the coordinates is "x", not a list',
    ]);
    const allNull = writeFc(join(dir, 'null.geojson'), [null]);
    await expect(readCommunities(allNull)).rejects.toThrow(
      /null\.geojson: no usable community polygons \(feature 1 is null, not a GeoJSON Feature\)/,
    );
  });
});

describe('Shapefile and GeoPackage', () => {
  let dir = '';
  beforeAll(() => {
    dir = tmp();
  });

  it.skipIf(!HAS_OGR2OGR)(
    'a GeoPackage damaged where only the feature query reads (found by the fuzz) is one line',
    async () => {
      const gpkg = geopackage4490(tmp());
      const b = Buffer.from(readFileSync(gpkg));
      // the layer's b-tree root page: its page header overwritten, while the metadata tables read fine
      const pageSize = b.readUInt16BE(16);
      const { openDatabaseBytes } = await import('../../src/io/sqlite.js');
      const db = await openDatabaseBytes(b);
      const root = Number(db.selectValue("SELECT rootpage FROM sqlite_master WHERE name = 'communities'"));
      db.close();
      b.fill(0xff, (root - 1) * pageSize, (root - 1) * pageSize + 12);
      writeFileSync(gpkg, b);
      await expect(readCommunities(gpkg)).rejects.toThrow(
        /com_4490\.gpkg: the GeoPackage is damaged \(database disk image is malformed\); export it again/,
      );
    },
  );

  it('unit: .cpg labels Chinese offices write all mean GB18030', () => {
    for (const l of ['936', 'CP936', 'ANSI 936', 'GBK', 'gb2312', 'GB18030', 'cp 936', 'windows-936'])
      expect(encodingFromCpg(l), l).toBe('gb18030');
    expect(encodingFromCpg('UTF-8')).toBe('utf-8');
    expect(encodingFromCpg('65001')).toBe('utf-8');
    expect(encodingFromCpg('1252')).toBe('windows-1252');
    expect(encodingFromCpg('klingon')).toBeNull();
  });

  (HAS_OGR2OGR ? it : it.skip)(
    'a GBK Shapefile in EPSG:4547 reads the same with every .cpg label, the LDID byte, or no hint at all',
    async () => {
      const shp = shapefile4547(dir);
      const want = (await readInput({ file: SAMPLE_COMMUNITIES, what: 'communities' })).features;
      const cases: [string, string | null, number | null][] = [
        ['GBK', 'GBK', null],
        ['936', '936', null],
        ['CP936', 'CP936', null],
        ['ANSI 936', 'ANSI 936', null],
        ['LDID 0x4D', null, 0x4d],
        ['guess', null, 0],
      ];
      for (const [label, cpg, ldid] of cases) {
        const base = join(dir, `v_${label.replace(/\W/g, '')}`);
        for (const ext of ['.shp', '.shx', '.prj']) copyFileSync(shp.replace(/\.shp$/, ext), base + ext);
        const dbf = readFileSync(shp.replace(/\.shp$/, '.dbf'));
        if (ldid !== null) dbf[29] = ldid;
        writeFileSync(`${base}.dbf`, dbf);
        rmSync(`${base}.cpg`, { force: true });
        if (cpg !== null) writeFileSync(`${base}.cpg`, cpg);
        const l = await readInput({ file: `${base}.shp`, what: 'communities' });
        expect(l.crs.id, label).toBe('EPSG:4547');
        expect(l.crsSource).toBe('file');
        expect(
          l.features.map((f) => [f.properties['社区编号'], f.properties['社区名称'], f.properties['户数']]),
          label,
        ).toEqual(want.map((f) => [f.properties.id, f.properties.name, f.properties.households]));
        // reprojected back to WGS-84 within 1e-8° (≈ 1 mm) of the original
        // (Shapefile rings run clockwise, GeoJSON's counter-clockwise: match vertices, not positions)
        for (let i = 0; i < want.length; i++)
          for (const c of ring0(l.features[i].geometry)) {
            const d = Math.min(...ring0(want[i].geometry).map((w) => Math.hypot(c[0] - w[0], c[1] - w[1])));
            expect(d).toBeLessThan(1e-8);
          }
      }
    },
  );

  (HAS_OGR2OGR ? it : it.skip)('a zipped Shapefile and a GeoPackage in EPSG:4490 read the same features', async () => {
    const shp = shapefile4547(dir, 'z');
    const { zipSync } = await import('fflate');
    const files: Record<string, Uint8Array> = {};
    for (const ext of ['.shp', '.shx', '.dbf', '.prj', '.cpg'])
      files[`z${ext}`] = readFileSync(shp.replace(/\.shp$/, ext));
    const zip = join(dir, 'z.zip');
    writeFileSync(zip, zipSync(files));
    const z = await readInput({ file: zip, what: 'communities' });
    expect(z.format).toBe('shapefile');
    expect(z.features).toHaveLength(6);
    const g = await readInput({ file: geopackage4490(dir), what: 'communities' });
    expect(g.format).toBe('geopackage');
    expect(g.crs.id).toBe('EPSG:4490');
    expect(g.features.map((f) => f.properties.name)).toEqual(z.features.map((f) => f.properties['社区名称']));
    for (let i = 0; i < 6; i++)
      expect(ring0(g.features[i].geometry)[2][0]).toBeCloseTo(ring0(z.features[i].geometry)[2][0], 8);
  });

  it('unit: WKB with Z, and a truncated blob is an error, not a bad read', () => {
    const b = Buffer.alloc(1 + 4 + 24);
    b[0] = 1;
    b.writeUInt32LE(1001, 1);
    b.writeDoubleLE(113, 5);
    b.writeDoubleLE(23, 13);
    b.writeDoubleLE(7, 21);
    expect(parseWkb(b)).toEqual({ type: 'Point', coordinates: [113, 23] });
    expect(() => parseWkb(b.subarray(0, 20))).toThrow(/truncated/);
  });
});

describe('facility lists in projected metres', () => {
  it('a CSV in CGCS2000 GK zone 38 (EPSG:4526) reads like the GCJ-02 original, also northing first (detected by magnitude)', async () => {
    const { readFacilityList } = await import('../../src/facilities/facility-list.js');
    const { join: j } = await import('node:path');
    const { ROOT } = await import('../support/env.js');
    // made from data/sample/facilities.csv: GCJ-02 → WGS-84 (gcoord) → EPSG:4526 (cs2cs)
    const fx = (n: string) => j(ROOT, 'test/fixtures/inputs', n);
    const base = await readFacilityList(j(ROOT, 'data/sample/facilities.csv'), { crs: 'gcj02' });
    for (const f of ['facilities-epsg4526.csv', 'facilities-epsg4526-northing-first.csv']) {
      const r = await readFacilityList(fx(f), { crs: 'wgs84', crsSpec: 'EPSG:4526' });
      expect(r.rows.map((x) => x.sourceId)).toEqual(base.rows.map((x) => x.sourceId));
      r.rows.forEach((x, i) => {
        expect(Math.abs(x.lon - base.rows[i].lon), f).toBeLessThan(1e-7);
        expect(Math.abs(x.lat - base.rows[i].lat), f).toBeLessThan(1e-7);
      });
      expect(
        r.warnings.some((w) => /northing first/.test(w)),
        f,
      ).toBe(f.includes('northing'));
    }
  });
});
