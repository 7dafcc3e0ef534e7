/** prepare / inspect end to end: the JSON report, the network file, and --clip. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../src/network/network-file.js';
import { cli, HAS_SHARED, real, ROOT, tmp } from '../support/env.js';
import { TOWN } from '../support/sample-town.js';

describe('inspect and prepare on the sample town', () => {
  it('inspect --json prints one JSON object with counts, network, bbox, highway mix and features', () => {
    const r = cli(['inspect', TOWN, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.osm).toEqual({ nodes: 726, ways: 175, relations: 1 });
    expect(s.network).toMatchObject({
      nodes: expect.any(Number),
      edges: expect.any(Number),
      lengthKm: expect.any(Number),
      components: 2,
    });
    expect(s.network.largestComponentShare).toBeGreaterThan(0.98);
    expect(s.bbox).toHaveLength(4);
    expect(s.highways.residential.edges).toBeGreaterThan(100);
    expect(s.highways.motorway).toBeUndefined(); // excluded by the walking rules
    expect(s.network.stepsEdges).toBe(2); // the park's steps and 维港梯道
    expect(s.features).toMatchObject({
      taggedPoints: expect.any(Number),
      residentialAreas: 6,
      residentialBuildings: 96,
    });
  });

  it('a reader that has gone (| head, | true) ends the output quietly, exit 0', () => {
    const bin = join(ROOT, 'bin/lifecircle.js');
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${bin}" profiles gb50180-2018 --json | true; exit \${PIPESTATUS[0]}`],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the network file gives the same report and loads the same network', () => {
    const dir = tmp();
    const net = join(dir, 'town.lcnet');
    expect(cli(['prepare', TOWN, '-o', net, '-q']).status).toBe(0);
    const a = JSON.parse(cli(['inspect', TOWN, '--json']).stdout);
    const b = JSON.parse(cli(['inspect', net, '--json']).stdout);
    expect(b).toEqual(a);
    expect(loadNetworkFile(net).meta.source.sha256).toBe(a.source.sha256);
  });

  it('--clip keeps the area plus its margin, from a bbox or a GeoJSON polygon', () => {
    // the south-west quarter of the town, no margin vs the default 1000 m margin
    const bbox = '113.0400,23.6700,113.0500,23.6760';
    const tight = JSON.parse(cli(['inspect', TOWN, '--json', '--clip', bbox, '--clip-margin', '0']).stdout);
    const wide = JSON.parse(cli(['inspect', TOWN, '--json', '--clip', bbox]).stdout);
    const all = JSON.parse(cli(['inspect', TOWN, '--json']).stdout);
    expect(tight.network.edges).toBeLessThan(wide.network.edges);
    expect(wide.network.edges).toBeLessThan(all.network.edges);
    // every kept edge has a vertex inside the bbox: the kept network's bbox only overhangs by an edge
    expect(tight.bbox[0]).toBeGreaterThan(113.04 - 0.003);
    expect(tight.bbox[2]).toBeLessThan(113.05 + 0.003);
    expect(tight.clip).toEqual({ area: bbox, marginM: 0 });
    const dir = tmp();
    const area = join(dir, 'area.geojson');
    writeFileSync(
      area,
      JSON.stringify({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [113.04, 23.67],
              [113.05, 23.67],
              [113.05, 23.676],
              [113.04, 23.676],
              [113.04, 23.67],
            ],
          ],
        },
      }),
    );
    const poly = JSON.parse(cli(['inspect', TOWN, '--json', '--clip', area, '--clip-margin', '0']).stdout);
    expect(poly.network.edges).toBe(tight.network.edges);
  });

  it.each([
    ['113.05,23.67,113.04,23.68', /min < max/],
    ['1,2,3', /neither a bbox .* nor an existing GeoJSON file/],
    ['200,23,201,24', /out of range/],
  ])('--clip %s is refused', (spec, pattern) => {
    const r = cli(['inspect', TOWN, '--clip', spec]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
  });
});

(HAS_SHARED ? describe : describe.skip)('prepare --clip on a real extract', () => {
  it('Monaco clipped to the principality keeps a connected core and drops the French hills', () => {
    const dir = tmp();
    const out = join(dir, 'm.lcnet');
    const r = cli([
      'prepare',
      real('ext-monaco-pbf/monaco.osm.pbf'),
      '-o',
      out,
      '--clip',
      '7.409,43.724,7.440,43.752',
      '--json',
      '-q',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    const full = JSON.parse(cli(['inspect', real('ext-monaco-pbf/monaco.osm.pbf'), '--json']).stdout);
    expect(s.osm).toEqual(full.osm); // OSM counts are the file's
    expect(s.network.nodes).toBeLessThan(full.network.nodes);
    expect(s.network.lengthKm).toBeLessThan(full.network.lengthKm * 0.8);
    expect(
      JSON.parse(
        readFileSync(out)
          .subarray(16, 16 + readFileSync(out).readUInt32LE(12))
          .toString('utf8'),
      ).meta.clip,
    ).toEqual({ area: '7.409,43.724,7.440,43.752', marginM: 1000 });
  });
});
