/**
 * A planner's road network (--roads, roads: in a job): the walkable OSM ways of a real extract
 * exported and read back give the same network and isochrones; a bridge stays apart from the street
 * below; `add` joins new paths to OSM's ways; bad road files are one line, exit 2, no output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import area from '@turf/area';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { cli, HAS_SHARED, hasTool, real, ROOT, tmp } from '../support/env.js';
import { at, writeFixture } from '../support/osm-fixture.js';

const HAS_OGR = hasTool('ogr2ogr', ['--version']);
const BUPT = real('cn-beijing-bupt/map.osm');
const ORIGINS = {
  type: 'FeatureCollection',
  features: [
    [116.3505, 39.961],
    [116.353, 39.963],
    [116.356, 39.96],
    [116.3605, 39.9585],
  ].map((c, i) => ({ type: 'Feature', properties: { id: `o${i}` }, geometry: { type: 'Point', coordinates: c } })),
};

function summary(args: string[]): { network: { lengthKm: number; components: number; nodes: number } } {
  const r = cli(['prepare', ...args, '--json', '-q']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** isochrone areas (m²) per origin and band */
function isoAreas(dir: string, args: string[]): Map<string, number> {
  const out = join(dir, `iso-${Math.random().toString(36).slice(2)}.geojson`);
  const r = cli(['isochrones', ...args, '--origins', join(dir, 'origins.geojson'), '-o', out, '-q']);
  expect(r.status, r.stderr).toBe(0);
  const fc = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection;
  return new Map(fc.features.map((f) => [`${f.properties?.id} ${f.properties?.band}`, area(f)]));
}

/**
 * `exact`: the lines carry bridge/tunnel/layer (GDAL's other_tags), so the isochrones match within 2 %;
 * otherwise (our own export has no levels) crossings on bridges are noded, which only adds connections
 */
function sameNetworkAndIsochrones(dir: string, roads: string, exact = true): number {
  const osm = summary([BUPT, '-o', join(dir, 'osm.lcnet')]);
  const mine = summary([BUPT, '--roads', roads, '--roads-mode', 'replace', '-o', join(dir, 'roads.lcnet')]);
  expect(Math.abs(mine.network.lengthKm / osm.network.lengthKm - 1)).toBeLessThan(0.01);
  writeFileSync(join(dir, 'origins.geojson'), JSON.stringify(ORIGINS));
  const a = isoAreas(dir, [BUPT]);
  const b = isoAreas(dir, [BUPT, '--roads', roads]);
  expect(a.size).toBe(12); // 4 origins × 5/10/15-minute bands
  for (const [k, v] of a) {
    expect(v, k).toBeGreaterThan(10_000);
    if (exact) expect(Math.abs(b.get(k)! / v - 1), k).toBeLessThan(0.02);
    else expect(b.get(k)! / v, k).toBeGreaterThan(0.995);
  }
  return osm.network.lengthKm;
}

describe.skipIf(!HAS_SHARED || !HAS_OGR)('roads read back from OSM (needs ../shared and ogr2ogr)', () => {
  it("the extract's walkable OSM ways exported by GDAL's OSM driver give the same network length (1 %) and isochrones (2 %)", () => {
    const dir = tmp();
    const gpkg = join(dir, 'walk.gpkg');
    // the ways as lines, and the pedestrian squares (closed ways with area=yes) as their outlines
    const ogr = (args: string[]) => {
      const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    };
    ogr(['-f', 'GPKG', '-nlt', 'MULTILINESTRING', gpkg, BUPT, 'lines', '-where', 'highway IS NOT NULL']);
    ogr([
      '-append',
      '-nln',
      'lines',
      '-nlt',
      'MULTILINESTRING',
      gpkg,
      BUPT,
      'multipolygons',
      '-where',
      `other_tags LIKE '%"highway"=>%'`,
    ]);
    const osmKm = sameNetworkAndIsochrones(dir, gpkg);
    // added to the OSM ways they came from, they repeat them node for node: nothing is counted twice
    const r = cli(['prepare', BUPT, '--roads', gpkg, '--roads-mode', 'add', '-o', join(dir, 'add.lcnet'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(Math.abs(JSON.parse(r.stdout).network.lengthKm / osmKm - 1)).toBeLessThan(0.01);
    expect(r.stderr).toMatch(/km already in OSM node for node, left out/);
  });
});
if (!HAS_SHARED || !HAS_OGR) console.log('roads-cli: GDAL OSM-driver round trip skipped (needs ../shared and ogr2ogr)');

describe.skipIf(!HAS_SHARED)('roads read back from our own export (needs ../shared)', () => {
  it('`lifecircle network -o walk.geojson` read back with --roads gives the same length (1 %); isochrones only grow (no bridge levels in the export)', () => {
    const dir = tmp();
    const walk = join(dir, 'walk.geojson');
    const r = cli(['network', BUPT, '-o', walk, '-q']);
    expect(r.status, r.stderr).toBe(0);
    sameNetworkAndIsochrones(dir, walk, false);
  });
});
if (!HAS_SHARED) console.log('roads-cli: real-extract round trip skipped (no ../shared/data/real)');

/** a street grid in OSM (so the study area exists) far enough from the hand roads not to touch them */
function osmBase(): string {
  const n = (id: number, e: number, no: number): [number, number, number] => [id, ...at(e, no)];
  return writeFixture({
    nodes: [n(1, 0, 300), n(2, 200, 300), n(3, 0, -200), n(4, 200, -200)],
    ways: [
      [10, [1, 2], { highway: 'residential' }],
      [11, [3, 4], { highway: 'residential' }],
    ],
  });
}

const line = (props: Record<string, unknown>, pts: [number, number][]) => ({
  type: 'Feature',
  properties: props,
  geometry: { type: 'LineString', coordinates: pts.map(([e, n]) => at(e, n)) },
});

function roadsFile(dir: string, name: string, features: unknown[]): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features }));
  return p;
}

describe('roads: bridges, add mode, jobs', () => {
  it('two roads crossing on a bridge stay unconnected; without the bridge attribute they are joined', () => {
    const dir = tmp();
    const osm = osmBase();
    const streets = [
      line({ 道路等级: '支路', 名称: '南街' }, [
        [0, 0],
        [100, 0],
      ]),
      line({ 道路等级: '支路' }, [
        [0, -60],
        [100, -60],
      ]),
      line({ 道路等级: '支路' }, [
        [0, 60],
        [100, 60],
      ]),
    ];
    const bridge = roadsFile(dir, 'bridge.geojson', [
      ...streets,
      line({ 道路等级: '主干路', 桥梁: '是' }, [
        [50, -60],
        [50, 60],
      ]),
    ]);
    const flat = roadsFile(dir, 'flat.geojson', [
      ...streets,
      line({ 道路等级: '主干路', 桥梁: '否' }, [
        [50, -60],
        [50, 60],
      ]),
    ]);
    const b = summary([osm, '--roads', bridge, '-o', join(dir, 'b.lcnet')]);
    const f = summary([osm, '--roads', flat, '-o', join(dir, 'f.lcnet')]);
    expect(b.network.components).toBe(2); // 南街 on its own; the bridge joins the two streets it lands on
    expect(f.network.components).toBe(1);
    expect(f.network.nodes).toBe(b.network.nodes + 1); // the crossing
    // a walk from 南街's west end to the bridge's north end: none over the bridge, 100 m through the crossing
    const from = at(0, 0).join(',');
    const to = at(50, 60).join(',');
    const route = (net: string) =>
      cli(['route', join(dir, net), '--from', from, '--to', to, '--min-component', '1', '-q']);
    expect(route('b.lcnet').status).toBe(1);
    const r = route('f.lcnet');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).features[0].properties.length_m).toBeCloseTo(110, 0);
    // the network file remembers its road lines: changed since, it is refused as stale
    writeFileSync(bridge, readFileSync(flat));
    const stale = cli(['inspect', join(dir, 'b.lcnet')]);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toMatch(
      /stale network file: its road lines .*bridge\.geojson have changed since it was prepared/,
    );
  });

  it.skipIf(!HAS_OGR)(
    'reads the same roads from a GBK Shapefile in CGCS2000 / 3° GK metres (EPSG:4547) with Chinese fields',
    () => {
      const dir = tmp();
      const osm = osmBase();
      const gj = roadsFile(dir, 'roads.geojson', [
        line({ 道路等级: '支路', 名称: '南街' }, [
          [0, 0],
          [100, 0],
        ]),
        line({ 道路等级: '支路', 名称: '北街' }, [
          [0, 60],
          [100, 60],
        ]),
        line({ 道路等级: '主干路', 名称: '跨线桥', 桥梁: '是' }, [
          [50, -30],
          [50, 60],
        ]),
        line({ 道路等级: '快速路', 名称: '环路' }, [
          [0, 30],
          [100, 30],
        ]),
      ]);
      const shp = join(dir, '现状路网.shp');
      const r = spawnSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=GBK', shp, gj], {
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const a = cli(['prepare', osm, '--roads', gj, '-o', join(dir, 'a.lcnet'), '--json']);
      const b = cli(['prepare', osm, '--roads', shp, '-o', join(dir, 'b.lcnet'), '--json']);
      expect(b.status, b.stderr).toBe(0);
      const na = JSON.parse(a.stdout).network;
      const nb = JSON.parse(b.stdout).network;
      expect(nb.nodes).toBe(na.nodes);
      expect(nb.components).toBe(na.components);
      expect(nb.lengthKm).toBeCloseTo(na.lengthKm, 2);
      expect(b.stderr).toMatch(/class field 道路等级/);
      expect(b.stderr).toMatch(/1 lines not walkable by their class and left out: 快速路 ×1/);
    },
  );

  it('add mode joins a new path to the OSM streets at both ends and reports it', () => {
    const dir = tmp();
    const osm = osmBase();
    // a path from the south street to the north one, its ends 1 m short of each (snapped, 2 m)
    const path = roadsFile(dir, 'path.geojson', [
      line({ 道路等级: '步行道' }, [
        [100, -199],
        [100, 299],
      ]),
    ]);
    const alone = summary([osm, '-o', join(dir, 'osm.lcnet')]);
    expect(alone.network.components).toBe(2);
    const r = cli(['prepare', osm, '--roads', path, '--roads-mode', 'add', '-o', join(dir, 'add.lcnet'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).network.components).toBe(1);
    expect(r.stderr).toMatch(/roads \(add\): 1 lines .* 2 loose ends snapped within 2 m .* 2 nodes joined to OSM ways/);
  });

  it('a job with roads: { file, class_field } and roads_mode records what the merge did in run.json', () => {
    const dir = tmp();
    const S = join(ROOT, 'data/sample');
    const walk = join(dir, 'town-walk.geojson');
    expect(cli(['network', join(S, 'town.osm'), '-o', walk, '-q']).status).toBe(0);
    const job = (extra: string) =>
      `osm: ${join(S, 'town.osm')}\ncommunities: ${join(S, 'communities.geojson')}\n` +
      `facilities:\n  - { file: ${join(S, 'facilities.csv')}, crs: gcj02 }\npass_share: 0.85\noutputs: [csv]\n${extra}`;
    writeFileSync(join(dir, 'osm.yaml'), job(`output: ${join(dir, 'out-osm')}\n`));
    writeFileSync(
      join(dir, 'roads.yaml'),
      job(
        `output: ${join(dir, 'out-roads')}\nroads: { file: town-walk.geojson, class_field: highway }\nroads_mode: replace\n`,
      ),
    );
    for (const j of ['osm', 'roads']) {
      const r = cli(['run', join(dir, `${j}.yaml`), '-q']);
      expect(r.status, r.stderr).toBe(0);
    }
    // the town's own network read back as road lines: the same coverage results
    for (const f of ['communities.csv', 'coverage.csv', 'gaps.csv'])
      expect(readFileSync(join(dir, 'out-roads', f)), f).toEqual(readFileSync(join(dir, 'out-osm', f)));
    const rec = JSON.parse(readFileSync(join(dir, 'out-roads', 'run.json'), 'utf8')).inputs.roads;
    expect(rec).toMatchObject({ mode: 'replace', class_field: 'highway', format: 'geojson', snap_tolerance_m: 2 });
    expect(rec.km_in_network).toBeCloseTo(rec.km_osm_ways, 1);
    expect(rec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(join(dir, 'out-osm', 'run.json'), 'utf8')).inputs.roads).toBeUndefined();
  });
});

describe('roads: bad input is one line, exit 2, no output', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    [
      'a road file with no line features',
      (dir) =>
        roadsFile(dir, 'points.geojson', [
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at(10, 10) } },
        ]),
      /no line features \(1 features: 1 Point\)/,
    ],
    [
      'a road file whose lines are all non-walkable classes',
      (dir) =>
        roadsFile(dir, 'expressways.geojson', [
          line({ 道路等级: '快速路' }, [
            [0, 0],
            [100, 0],
          ]),
          line({ 道路等级: '高速公路' }, [
            [0, 10],
            [100, 10],
          ]),
        ]),
      /none of the 2 road lines is walkable \(快速路 ×1, 高速公路 ×1/,
    ],
    [
      'a road file far from the study area',
      (dir) =>
        roadsFile(
          dir,
          'shanghai.geojson',
          [
            line({ 道路等级: '支路' }, [
              [0, 0],
              [100, 0],
            ]).geometry,
          ].map((g) => ({
            type: 'Feature',
            properties: { 道路等级: '支路' },
            geometry: {
              ...g,
              coordinates: [
                [121.47, 31.23],
                [121.48, 31.23],
              ],
            },
          })),
        ),
      /none of the 1 road lines lies within 1 km of the OSM data .*check --roads-crs/,
    ],
  ];
  for (const [what, make, msg] of cases)
    it(what, () => {
      const dir = tmp();
      const roads = make(dir);
      const out = join(dir, 'net.lcnet');
      const r = cli(['prepare', osmBase(), '--roads', roads, '-o', out]);
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(msg);
      expect(existsSync(out)).toBe(false);
      // the same for a coverage run: nothing written
      const o2 = join(dir, 'results');
      const c = cli(['coverage', osmBase(), '--roads', roads, '-o', o2, '-q']);
      expect(c.status, c.stderr).toBe(2);
      expect(c.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(o2)).toBe(false);
    });

  it('--roads with a network file, and --roads-mode without --roads, are refused', () => {
    const dir = tmp();
    const net = join(dir, 'n.lcnet');
    expect(cli(['prepare', osmBase(), '-o', net, '-q']).status).toBe(0);
    const roads = roadsFile(dir, 'r.geojson', [
      line({}, [
        [0, 0],
        [100, 0],
      ]),
    ]);
    const a = cli(['isochrones', net, '--roads', roads, '--origins', roads, '-o', join(dir, 'i.geojson')]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--roads applies when reading an OSM file/);
    const b = cli(['prepare', osmBase(), '--roads-mode', 'add', '-o', join(dir, 'x.lcnet')]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--roads-mode is given without --roads/);
    const c = cli(['prepare', osmBase(), '--roads', roads, '--roads-mode', 'merge', '-o', join(dir, 'x.lcnet')]);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/--roads-mode must be replace .* or add/);
  });
});
