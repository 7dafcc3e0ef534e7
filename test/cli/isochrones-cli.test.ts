/** End-to-end: `lifecircle isochrones` and `lifecircle route` on the sample town and real extracts. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, HAS_SHARED, ROOT, real, tmp } from '../support/env.js';
import { TOWN, townLonLat } from '../support/sample-town.js';

const COMMUNITIES = join(ROOT, 'data/sample/communities.geojson');
const point = (id: string, c: [number, number]) => ({
  type: 'Feature',
  properties: { id, name: `origin ${id}` },
  geometry: { type: 'Point', coordinates: c },
});
const fcOf = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('lifecircle isochrones (sample town)', () => {
  it('communities as polygons: one feature per (community, band), RFC 7946, attributed, deterministic', () => {
    const dir = tmp();
    const out = join(dir, 'iso.geojson');
    const r = cli(['isochrones', TOWN, '--origins', COMMUNITIES, '-o', out, '--json', '-q']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ origins: 6, snapped: 6, polygons: 18, bands: ['300m', '500m', '1000m'] });
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.attribution).toMatch(/© OpenStreetMap contributors/);
    expect(fc.features).toHaveLength(18);
    for (const f of fc.features) {
      expect(Object.keys(f.properties)).toEqual(
        expect.arrayContaining(['id', 'name', 'band', 'threshold', 'unit', 'area_m2', 'reached_length_m', 'snap_m']),
      );
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      for (const ring of rings) {
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const [x, y] of ring) {
          expect(Math.round(x * 1e7) / 1e7).toBe(x);
          expect(Math.round(y * 1e7) / 1e7).toBe(y);
        }
      }
    }
    // 平安社区 holds a compound with a mapped gate: its origin set is that entrance
    expect(
      fc.features.find((f: { properties: { id: string } }) => f.properties.id === 'QC-001').properties.origin_kind,
    ).toBe('entrance');
    // the others: where walkable ways cross their boundary
    expect(
      fc.features.find((f: { properties: { id: string } }) => f.properties.id === 'QC-002').properties.origin_kind,
    ).toBe('crossing');
    const again = join(dir, 'iso2.geojson');
    expect(cli(['isochrones', TOWN, '--origins', COMMUNITIES, '-o', again, '-q']).status).toBe(0);
    expect(readFileSync(again)).toEqual(readFileSync(out));
  });

  it('time bands, and an origin that cannot be snapped is reported, not dropped', () => {
    const dir = tmp();
    const origins = join(dir, 'o.geojson');
    const [lon, lat] = townLonLat(600, 400);
    writeFileSync(origins, fcOf([point('good', [lon, lat]), point('far', [lon + 0.5, lat])]));
    const out = join(dir, 'iso.geojson');
    const r = cli([
      'isochrones',
      TOWN,
      '--origins',
      origins,
      '--bands',
      '5,10min',
      '--speed',
      '4.8km/h',
      '-o',
      out,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: origin far \(origin far\) not snapped: .*lie outside the network's area/);
    const report = JSON.parse(r.stdout);
    expect(report.unsnapped).toEqual([
      { id: 'far', name: 'origin far', reason: expect.stringMatching(/outside the network/) },
    ]);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(
      fc.features.map(
        (f: { properties: { band?: string; status: string } }) => f.properties.band ?? f.properties.status,
      ),
    ).toEqual(['10min', '5min', 'unsnapped']);
    expect(fc.features[0].properties.distance_m).toBeCloseTo(800, 6);
  });
});

describe('lifecircle isochrones: origin sets', () => {
  it('features with the same id form one origin set: distances are the minimum over its points', () => {
    const dir = tmp();
    const origins = join(dir, 'o.geojson');
    // two gates of one community, 1.2 km apart, and the first gate alone
    writeFileSync(
      origins,
      fcOf([
        point('gates', townLonLat(300, 60)),
        point('gates', townLonLat(1500, 60)),
        point('one', townLonLat(300, 60)),
      ]),
    );
    const out = join(dir, 'iso.geojson');
    const r = cli(['isochrones', TOWN, '--origins', origins, '--bands', '300m', '-o', out, '-q']);
    expect(r.status, r.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.features).toHaveLength(2);
    const [both, one] = fc.features;
    expect(both.properties).toMatchObject({ id: 'gates', origin_points: 2 });
    expect(one.properties).toMatchObject({ id: 'one', origin_points: 1 });
    // two separate 300 m walks: about twice the network length and area of one
    expect(both.properties.reached_length_m).toBeGreaterThan(1.6 * one.properties.reached_length_m);
    expect(both.geometry.type).toBe('MultiPolygon');
  });
});

describe('lifecircle isochrones: bad input, one line each, exit 2, no output', () => {
  const cases: [string, (dir: string) => string[], RegExp][] = [
    [
      'origins that are not GeoJSON',
      (d) => (writeFileSync(join(d, 'o.geojson'), 'id,lon,lat\n1,2,3\n'), ['--origins', join(d, 'o.geojson')]),
      /not GeoJSON \(invalid JSON/,
    ],
    [
      'origins without usable geometry',
      (d) => (
        writeFileSync(
          join(d, 'o.geojson'),
          fcOf([
            {
              type: 'Feature',
              properties: {},
              geometry: {
                type: 'LineString',
                coordinates: [
                  [0, 0],
                  [1, 1],
                ],
              },
            },
          ]),
        ),
        ['--origins', join(d, 'o.geojson')]
      ),
      /no usable origins: none of its 1 features is a usable Point/,
    ],
    [
      'origins lat/lon swapped',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('a', [townLonLat(600, 400)[1], townLonLat(600, 400)[0]])])),
        ['--origins', join(d, 'o.geojson')]
      ),
      // impossible coordinates are an error at once, before the network is read
      /o\.geojson: feature 1 \(id a\): coordinates \(23\.\d+, 113\.\d+\) have a latitude beyond ±90: latitude and longitude look swapped/,
    ],
    [
      'origins outside the network',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('bj', [116.4, 39.9])])), ['--origins', join(d, 'o.geojson')]
      ),
      /outside the network's area/,
    ],
    [
      'an origin beyond the maximum snap distance',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('river', townLonLat(600, 960))])),
        ['--origins', join(d, 'o.geojson'), '--max-snap', '50']
      ),
      /no walkable way within 50 m/,
    ],
    [
      'empty bands',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('a', townLonLat(600, 400))])),
        ['--origins', join(d, 'o.geojson'), '--bands', '']
      ),
      /--bands '': no thresholds/,
    ],
    [
      'zero band',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('a', townLonLat(600, 400))])),
        ['--origins', join(d, 'o.geojson'), '--bands', '0,500m']
      ),
      /greater than zero/,
    ],
    [
      'negative band',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('a', townLonLat(600, 400))])),
        ['--origins', join(d, 'o.geojson'), '--bands=-300,500m']
      ),
      /greater than zero/,
    ],
    [
      'unknown unit',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('a', townLonLat(600, 400))])),
        ['--origins', join(d, 'o.geojson'), '--bands', '5,10,15mins']
      ),
      /unknown unit 'mins'/,
    ],
    [
      'a resolution finer than the data',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('a', townLonLat(600, 400))])),
        ['--origins', join(d, 'o.geojson'), '--resolution', '0.01']
      ),
      /--resolution 0\.01: expected a number of metres from 1 to 50 \(below 1 m/,
    ],
    [
      'an absurd corridor',
      (d) => (
        writeFileSync(join(d, 'o.geojson'), fcOf([point('a', townLonLat(600, 400))])),
        ['--origins', join(d, 'o.geojson'), '--corridor', '1000000']
      ),
      /--corridor 1000000: expected a number of metres up to 1000/,
    ],
  ];
  it.each(cases)('%s', (_name, args, pattern) => {
    const dir = tmp();
    const a = args(dir);
    const before = readdirSync(dir).sort();
    const r = cli(['isochrones', TOWN, ...a, '-o', join(dir, 'out.geojson')]);
    expect(r.status, r.stderr).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(pattern);
    expect(existsSync(join(dir, 'out.geojson'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('lifecircle route', () => {
  it('walks across the river by its only bridge, counting both legs', () => {
    const r = cli([
      'route',
      TOWN,
      '--from',
      townLonLat(600, 820).join(','),
      '--to',
      townLonLat(600, 1120).join(','),
      '-q',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout).features[0];
    expect(f.geometry.type).toBe('LineString');
    expect(f.properties.length_m).toBeGreaterThan(1800); // ~300 m apart, but 900 m to the bridge and back
    expect(f.properties.length_m).toBeCloseTo(
      f.properties.network_m + f.properties.leg_from_m + f.properties.leg_to_m,
      1,
    );
    const xs = f.geometry.coordinates.map((c: number[]) => c[0]);
    expect(Math.max(...xs)).toBeGreaterThan(townLonLat(1490, 0)[0]); // passes the bridge at x = 1500
  });
  it('no route between disconnected parts: exit 1 with the reason', () => {
    const r = cli([
      'route',
      TOWN,
      '--from',
      townLonLat(-120, 1950).join(','),
      '--to',
      townLonLat(600, 400).join(','),
      '--min-component',
      '1',
      '-q',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: no walking route .* not connected/);
  });
});

(HAS_SHARED ? describe : describe.skip)('lifecircle isochrones on real extracts with the 85 shared origins', () => {
  it.each(['ext-monaco-pbf/monaco.osm.pbf', 'ext-liechtenstein/liechtenstein.osm.pbf'])('%s: 255 polygons', (rel) => {
    const dir = tmp();
    const out = join(dir, 'iso.geojson');
    const origins = real(rel.replace(/[^/]+$/, 'origins85.geojson'));
    const r = cli([
      'isochrones',
      real(rel),
      '--origins',
      origins,
      '--bands',
      '5,10,15min',
      '--speed',
      '5km/h',
      '-o',
      out,
      '--json',
      '-q',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ origins: 85, snapped: 85, polygons: 255 });
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.features.filter((f: { geometry: unknown }) => f.geometry)).toHaveLength(255);
  });
});
