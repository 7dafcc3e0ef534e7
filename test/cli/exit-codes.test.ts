/**
 * The exit-code rule (README, "Exit codes"; src/util/errors.ts): 2 for bad or empty input — the
 * user must change an input — and 1 for valid input that has no answer. One case of each kind,
 * through the CLI, with the one error line it prints.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmp } from '../support/env.js';
import { at, writeFixture } from '../support/osm-fixture.js';

const TOWN = join(ROOT, 'data/sample/town.osm');
const ll = (x: number, y: number): [number, number] => [113.04 + x / 102_010, 23.67 + y / 110_760];

/** an OSM file whose only way is a motorway: nothing walkable */
const motorwayOnly = () =>
  writeFixture({
    nodes: [
      [1, ...at(0, 0)],
      [2, ...at(300, 0)],
    ],
    ways: [[10, [1, 2], { highway: 'motorway' }]],
  });

const errorLine = (stderr: string) => {
  const lines = stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(lines, stderr).toHaveLength(1);
  return lines[0];
};

describe('exit codes: 2 = bad or empty input, 1 = valid input without an answer', () => {
  it('no walkable ways in the OSM file: 2 (empty input) for a command that needs a network (inspect reports zeros)', () => {
    const osm = motorwayOnly();
    const dir = tmp();
    writeFileSync(join(dir, 'o.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [] }));
    for (const args of [
      ['prepare', osm, '-o', join(dir, 'n.lcnet')],
      ['route', osm, '--from', at(0, 10).join(','), '--to', at(300, 10).join(',')],
    ]) {
      const r = cli([...args, '-q']);
      expect(r.status, args[0]).toBe(2);
      expect(errorLine(r.stderr)).toMatch(/has 1 ways but no walkable ways/);
    }
  });

  it('no facilities at all (lists off and none given): 2', () => {
    const dir = tmp();
    for (const f of ['town.osm', 'communities.geojson']) copyFileSync(join(ROOT, 'data/sample', f), join(dir, f));
    writeFileSync(
      join(dir, 'job.yaml'),
      'osm: town.osm\ncommunities: communities.geojson\nuse_osm_facilities: false\noutput: out\n',
    );
    const r = cli(['run', join(dir, 'job.yaml'), '-q']);
    expect(r.status).toBe(2);
    expect(errorLine(r.stderr)).toMatch(/there are no facilities to assess/);
  });

  it('no origin on the network: 2', () => {
    const dir = tmp();
    const o = join(dir, 'o.geojson');
    const beijing = {
      type: 'Feature',
      properties: { id: 'bj' },
      geometry: { type: 'Point', coordinates: [116.4, 39.9] },
    };
    writeFileSync(o, JSON.stringify({ type: 'FeatureCollection', features: [beijing] }));
    const r = cli(['isochrones', TOWN, '--origins', o, '-o', join(dir, 'iso.geojson'), '-q']);
    expect(r.status).toBe(2);
    expect(errorLine(r.stderr)).toMatch(/none of the 1 origins could be snapped/);
  });

  it('two points on the network with no walk between them: 1 (valid input, no answer)', () => {
    const r = cli([
      'route',
      TOWN,
      '--from',
      ll(-120, 1950).join(','),
      '--to',
      ll(600, 400).join(','),
      '--min-component',
      '1',
      '-q',
    ]);
    expect(r.status).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/no walking route .* not connected/);
  });
});
