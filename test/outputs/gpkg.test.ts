/**
 * results.gpkg read by GDAL: every layer with its feature count and spatial index, GDAL's own
 * validator, geometries equal to the GeoJSON layers, QGIS styles for every layer, byte-identical
 * reruns. Geometry blobs are checked against GDAL's reading of them, not against our own reader.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { geometryBlob } from '../../src/outputs/gpkg/geometry-blob.js';
import { hasTool, ROOT } from '../support/env.js';
import { sampleOutputs, VALIDATE_GPKG } from '../support/sample-run.js';

const HAS_OGR = hasTool('ogrinfo', ['--version']);
const HAS_QGIS = hasTool('/usr/bin/python3', ['-c', 'import qgis.core']);
if (!HAS_QGIS) console.warn('skipping the QGIS style check: python3-qgis (Debian qgis) is not installed');
if (!HAS_OGR) console.warn('skipping the GeoPackage checks: ogrinfo (Debian gdal-bin) is not installed');
if (!VALIDATE_GPKG) console.warn('skipping validate_gpkg.py: Debian python3-gdal is not installed');

const LAYERS: Record<string, string> = {
  communities: 'Multi Polygon',
  isochrones: 'Multi Polygon',
  gaps: 'Multi Polygon',
  facilities: 'Multi Point',
  routes: 'Line String',
  origins: 'Point',
  residents: 'Point',
  network: 'Line String',
};
const TABLES = ['coverage', 'data_quality'];

function ogr(args: string[]): string {
  const r = spawnSync('ogrinfo', ['-ro', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout;
}
const sqlInt = (gpkg: string, sql: string): number => {
  const m = /= (-?\d+)\s*$/m.exec(ogr(['-q', gpkg, '-sql', sql]));
  expect(m, sql).not.toBeNull();
  return Number(m![1]);
};

describe('geometry blobs', () => {
  it('GP header: magic, version 0, little-endian with an xy envelope, srs 4326, then ISO WKB', () => {
    const { blob, env } = geometryBlob(
      {
        type: 'Polygon',
        coordinates: [
          [
            [1, 2],
            [3, 2],
            [3, 5],
            [1, 2],
          ],
        ],
      },
      'MULTIPOLYGON',
    );
    const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    expect([blob[0], blob[1], blob[2], blob[3]]).toEqual([0x47, 0x50, 0, 0b11]);
    expect(v.getInt32(4, true)).toBe(4326);
    expect([8, 16, 24, 32].map((o) => v.getFloat64(o, true))).toEqual([1, 3, 2, 5]);
    expect(env).toEqual([1, 3, 2, 5]);
    expect(blob[40]).toBe(1); // WKB little-endian
    expect(v.getUint32(41, true)).toBe(6); // promoted to MultiPolygon
    expect(v.getUint32(45, true)).toBe(1);
    expect(v.getUint32(50, true)).toBe(3); // its Polygon
  });
});

describe.skipIf(!HAS_OGR)('results.gpkg of the sample job in GDAL', () => {
  let out = '';
  let gpkg = '';
  beforeAll(() => {
    out = sampleOutputs();
    gpkg = join(out, 'results.gpkg');
  });

  it('ogrinfo lists every layer with its geometry type, feature count and spatial index', () => {
    const list = ogr([gpkg]);
    for (const [name, type] of Object.entries(LAYERS)) expect(list).toContain(`: ${name} (${type})`);
    for (const t of TABLES) expect(list).toContain(`: ${t} (None)`);
    expect(list).toMatch(/attribution=© OpenStreetMap contributors/);
    // one query for all layers: feature count, HasSpatialIndex, rows in the R*Tree
    const names = Object.keys(LAYERS);
    const sql = `SELECT ${names
      .map(
        (n) =>
          `(SELECT count(*) FROM ${n}) AS ${n}_n, HasSpatialIndex('${n}', 'geom') AS ${n}_idx, (SELECT count(*) FROM rtree_${n}_geom) AS ${n}_rt`,
      )
      .join(', ')}`;
    const res = ogr(['-q', gpkg, '-sql', sql]);
    const val = (k: string) => Number(new RegExp(`^  ${k} \\(Integer\\) = (\\d+)$`, 'm').exec(res)?.[1]);
    for (const name of names) {
      const n = val(`${name}_n`);
      expect(n, name).toBeGreaterThan(0);
      expect(val(`${name}_idx`), `${name} spatial index`).toBe(1);
      expect(val(`${name}_rt`), `${name} index rows`).toBe(n);
      expect(ogr(['-so', gpkg, name])).toContain(`Feature Count: ${n}\n`);
      if (['communities', 'isochrones', 'gaps', 'facilities', 'routes'].includes(name)) {
        const fc = JSON.parse(readFileSync(join(out, `${name}.geojson`), 'utf8'));
        expect(n, `${name} count equals ${name}.geojson`).toBe(fc.features.length);
      }
    }
    for (const t of TABLES) expect(Number(/Feature Count: (\d+)/.exec(ogr(['-so', gpkg, t]))![1])).toBeGreaterThan(0);
    // the index answers a spatial filter: the network near one street corner, not all of it
    const some = (
      ogr(['-q', gpkg, 'network', '-spat', '113.05', '23.675', '113.052', '23.676']).match(/OGRFeature/g) ?? []
    ).length;
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(sqlInt(gpkg, 'SELECT count(*) FROM network'));
  });

  it.skipIf(!VALIDATE_GPKG)("GDAL's validate_gpkg.py reports no error", () => {
    const r = spawnSync('/usr/bin/python3', [VALIDATE_GPKG!, gpkg], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('GDAL reads every geometry as the GeoJSON layers have it, and all polygons are valid', () => {
    for (const name of ['communities', 'isochrones', 'gaps']) {
      expect(sqlInt(gpkg, `SELECT count(*) FROM ${name} WHERE NOT ST_IsValid(geom)`), `${name} invalid`).toBe(0);
      const r = spawnSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', gpkg, name, '-lco', 'COORDINATE_PRECISION=7'], {
        encoding: 'utf8',
        maxBuffer: 256 << 20,
      });
      expect(r.status, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout).features.map((f: { geometry: { coordinates: unknown } }) => f.geometry);
      const want = JSON.parse(readFileSync(join(out, `${name}.geojson`), 'utf8')).features.map(
        (f: { geometry: { type: string; coordinates: unknown } }) => f.geometry,
      );
      expect(got.length).toBe(want.length);
      got.forEach((g: { type: string; coordinates: number[][][][] }, i: number) => {
        const w = want[i];
        expect(g.type).toBe('MultiPolygon');
        expect(g.coordinates).toEqual(w.type === 'Polygon' ? [w.coordinates] : w.coordinates);
      });
    }
  });

  it('a QGIS style for every map layer in layer_styles: schema "", useAsDefault, a fixed update_time', () => {
    const r = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import sqlite3, json, sys, xml.dom.minidom as m
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT f_table_schema, f_table_name, f_geometry_column, useAsDefault, update_time, styleQML FROM layer_styles").fetchall()
for r in rows: m.parseString(r[5].encode())
print(json.dumps([[r[0], r[1], r[2], r[3], r[4], r[5]] for r in rows]))`,
        gpkg,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const rows: [string, string, string, number, string, string][] = JSON.parse(r.stdout);
    expect(rows.map((x) => x[1]).sort()).toEqual(Object.keys(LAYERS).sort());
    for (const [schema, , column, def, time] of rows) {
      expect(schema).toBe('');
      expect(column).toBe('geom');
      expect(def).toBe(1);
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const qml = (t: string) => rows.find((x) => x[1] === t)![5];
    expect(qml('communities')).toMatch(/graduatedSymbol" attr="coverage_index"/);
    expect(qml('isochrones')).toMatch(/categorizedSymbol" attr="band_rank"/);
    expect(qml('facilities')).toMatch(/categorizedSymbol" attr="category"/);
  });

  it.skipIf(!HAS_QGIS)('QGIS applies each stored style when it opens the layer', () => {
    const r = spawnSync('/usr/bin/python3', [join(ROOT, 'test/support/qgis_styles.py'), gpkg, ...Object.keys(LAYERS)], {
      encoding: 'utf8',
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
    });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!);
    for (const name of Object.keys(LAYERS)) expect(got[name].loaded, name).toBe(true);
    expect(got.communities).toMatchObject({
      renderer: 'graduatedSymbol',
      attr: 'coverage_index',
      classes: 5,
      labels: true,
      alias: '社区编号',
    });
    expect(got.isochrones).toMatchObject({ renderer: 'categorizedSymbol', attr: 'band_rank', classes: 3 });
    expect(got.facilities).toMatchObject({ renderer: 'categorizedSymbol', attr: 'category', classes: 16 });
    expect(got.gaps.renderer).toBe('singleSymbol');
    expect(got.routes.renderer).toBe('singleSymbol');
  });

  it('a rerun writes a byte-identical GeoPackage', () => {
    const again = sampleOutputs(['--quiet']);
    expect(readFileSync(join(again, 'results.gpkg')).equals(readFileSync(gpkg))).toBe(true);
  });
});
