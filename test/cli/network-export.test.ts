/** `lifecircle network`: the walking network and the communities' snapped origins back out as GeoJSON and GeoPackage. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, hasTool, ROOT, tmp } from '../support/env.js';
import { VALIDATE_GPKG } from '../support/sample-run.js';

const HAS_OGR = hasTool('ogrinfo', ['--version']);
const HAS_QGIS = hasTool('/usr/bin/python3', ['-c', 'import qgis.core']);
if (!HAS_OGR) console.warn('skipping the network GeoPackage checks: ogrinfo (Debian gdal-bin) is not installed');

const SAMPLE = join(ROOT, 'data/sample');
const TOWN = join(SAMPLE, 'town.osm');

describe('lifecircle network', () => {
  it("writes every edge with way id, highway, length and component, and each community's snapped origins", () => {
    const dir = tmp();
    const out = join(dir, 'walk.geojson');
    const r = cli(['network', TOWN, '--communities', join(SAMPLE, 'communities.geojson'), '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.attribution).toMatch(/OpenStreetMap contributors/);
    const edges = fc.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'edge');
    const info = JSON.parse(cli(['inspect', TOWN, '--json']).stdout);
    expect(edges).toHaveLength(info.network.edges);
    const km =
      edges.reduce((s: number, f: { properties: { length_m: number } }) => s + f.properties.length_m, 0) / 1000;
    expect(km).toBeCloseTo(info.network.lengthKm, 2);
    for (const f of edges) {
      expect(f.geometry.type).toBe('LineString');
      expect(Number.isInteger(f.properties.osm_way_id)).toBe(true);
      expect(typeof f.properties.highway).toBe('string');
      expect(f.properties.component_nodes).toBeGreaterThan(0);
    }
    const origins = fc.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'origin');
    const ids = new Set(origins.map((f: { properties: { community_id: string } }) => f.properties.community_id));
    expect([...ids].sort()).toEqual(['QC-001', 'QC-002', 'QC-003', 'QC-004', 'QC-005', 'QC-006']);
    expect(origins.every((f: { properties: { snapped: boolean } }) => f.properties.snapped)).toBe(true);
    // the same inputs give the same bytes
    const again = join(dir, 'walk2.geojson');
    expect(cli(['network', TOWN, '--communities', join(SAMPLE, 'communities.geojson'), '-o', again, '-q']).status).toBe(
      0,
    );
    expect(readFileSync(again)).toEqual(readFileSync(out));
    if (hasTool('ogrinfo', ['--version'])) {
      const o = spawnSync('ogrinfo', ['-ro', '-al', '-so', out], { encoding: 'utf8' });
      expect(o.status, o.stderr).toBe(0);
    }
  });

  it('refuses an output that is neither GeoJSON nor GeoPackage, with one line and no file', () => {
    const dir = tmp();
    const r = cli(['network', TOWN, '-o', join(dir, 'walk.shp')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^error: -o .*walk\.shp: the network is written as GeoJSON \(\.geojson\) or GeoPackage \(\.gpkg\)$/,
    );
    expect(existsSync(join(dir, 'walk.shp'))).toBe(false);
  });
});

describe.skipIf(!HAS_OGR)('lifecircle network -o walk.gpkg, read by GDAL', () => {
  let gpkg = '';
  let geojson: { features: { properties: Record<string, unknown> }[] } = { features: [] };
  beforeAll(() => {
    const dir = tmp();
    gpkg = join(dir, 'walk.gpkg');
    const args = ['network', TOWN, '--communities', join(SAMPLE, 'communities.geojson'), '-q'];
    const r = cli([...args, '-o', gpkg]);
    expect(r.status, r.stderr).toBe(0);
    const g = cli([...args, '-o', join(dir, 'walk.geojson')]);
    expect(g.status, g.stderr).toBe(0);
    geojson = JSON.parse(readFileSync(join(dir, 'walk.geojson'), 'utf8'));
  });
  const ogr = (args: string[]) => {
    const r = spawnSync('ogrinfo', ['-ro', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  const layer = (name: string) => geojson.features.filter((f) => f.properties.layer === name);

  it('lists the layers network, origins and origin_links with their feature counts and spatial indexes', () => {
    const list = ogr([gpkg]);
    expect(list).toContain(': network (Line String)');
    expect(list).toContain(': origins (Point)');
    expect(list).toContain(': origin_links (Line String)');
    expect(list).toMatch(/attribution=© OpenStreetMap contributors/);
    const counts = {
      network: layer('edge').length,
      origins: layer('origin').length,
      origin_links: layer('snap').length,
    };
    expect(counts.network).toBeGreaterThan(100);
    expect(counts.origins).toBeGreaterThan(5);
    for (const [name, n] of Object.entries(counts)) {
      expect(ogr(['-so', gpkg, name])).toContain(`Feature Count: ${n}\n`);
      const res = ogr([
        '-q',
        gpkg,
        '-sql',
        `SELECT HasSpatialIndex('${name}', 'geom') AS idx, (SELECT count(*) FROM rtree_${name}_geom) AS rt`,
      ]);
      expect(res).toMatch(/idx \(Integer\) = 1\n/);
      expect(res).toContain(`rt (Integer) = ${n}\n`);
    }
  });

  it('every edge carries its OSM way, highway, length, component (id, size) and the walk rule that admitted it', () => {
    const info = JSON.parse(cli(['inspect', TOWN, '--json']).stdout);
    const sum = ogr([
      '-q',
      gpkg,
      '-sql',
      'SELECT sum(length_m) AS m, count(DISTINCT walk_rule) AS rules, min(component_nodes) AS c FROM network',
    ]);
    expect(Number(/m \(Real\) = ([\d.]+)/.exec(sum)![1]) / 1000).toBeCloseTo(info.network.lengthKm, 1);
    expect(Number(/c \(Integer\) = (\d+)/.exec(sum)![1])).toBeGreaterThan(0);
    // the sample town's footpaths, steps and streets all come in by the general rule (no foot=yes way overrides an access rule)
    const rules = ogr(['-q', gpkg, '-sql', 'SELECT DISTINCT walk_rule FROM network ORDER BY walk_rule']);
    expect(rules).toContain('walk_rule (String) = 13: Streets and paths people walk on.');
    expect(
      ogr([
        '-q',
        gpkg,
        '-sql',
        'SELECT count(*) AS n FROM network WHERE walk_rule IS NULL OR highway IS NULL OR osm_way IS NULL',
      ]),
    ).toContain('n (Integer) = 0');
    // GeoJSON and GeoPackage hold the same edges with the same rule
    const first = layer('edge')[0].properties;
    expect(ogr(['-q', gpkg, '-sql', 'SELECT osm_way, walk_rule FROM network WHERE fid = 1'])).toContain(
      `walk_rule (String) = ${first.walk_rule}`,
    );
  });

  it.skipIf(!VALIDATE_GPKG)("GDAL's validate_gpkg.py reports no error", () => {
    const r = spawnSync('/usr/bin/python3', [VALIDATE_GPKG!, gpkg], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!HAS_QGIS)('QGIS loads a style for each layer (origins coloured by kind)', () => {
    const r = spawnSync(
      '/usr/bin/python3',
      [join(ROOT, 'test/support/qgis_styles.py'), gpkg, 'network', 'origins', 'origin_links'],
      {
        encoding: 'utf8',
        env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!);
    for (const name of ['network', 'origins', 'origin_links']) expect(got[name].loaded, name).toBe(true);
    expect(got.origins).toMatchObject({ renderer: 'categorizedSymbol', attr: 'origin_kind', classes: 4 });
  });

  it('a rerun writes the same bytes', () => {
    const again = join(tmp(), 'walk.gpkg');
    const r = cli(['network', TOWN, '--communities', join(SAMPLE, 'communities.geojson'), '-q', '-o', again]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(again).equals(readFileSync(gpkg))).toBe(true);
  });
});
