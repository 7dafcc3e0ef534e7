/**
 * `--gates` / `gates:` end to end on the walled compound hand case (test/support/walled-compound.ts):
 * the distances through the gate in coverage.csv, what run.json records, the job-file mapping form,
 * and a gates file in the wrong place refused with one line and no output.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawMap } from '../support/ascii-map.js';
import { cli, tmp } from '../support/env.js';
import { writeFixture } from '../support/osm-fixture.js';
import { walledCompound } from '../support/walled-compound.js';

const map = drawMap(walledCompound(false, true));
let dir = '';
let osm = '';
let communities = '';
let gates = '';

const point = (id: string, p: [number, number]) => ({
  type: 'Feature',
  properties: { id },
  geometry: { type: 'Point', coordinates: p },
});

beforeAll(() => {
  dir = tmp();
  osm = writeFixture(map.fixture, 'compound.osm');
  communities = join(dir, 'communities.geojson');
  writeFileSync(
    communities,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { 社区编号: 'C1', 社区名称: '围墙小区', 户数: 120 },
          geometry: { type: 'Polygon', coordinates: [['2', '3', '4', '5', '2'].map((p) => map.lonLat(p))] },
        },
      ],
    }),
  );
  gates = join(dir, 'gates.geojson');
  // the north gate, and one 500 m away from every boundary (counted, not used)
  const far: [number, number] = [map.lonLat('d')[0] + 0.005, map.lonLat('d')[1]];
  writeFileSync(
    gates,
    JSON.stringify({ type: 'FeatureCollection', features: [point('北门', map.lonLat('1')), point('X', far)] }),
  );
});

/** the kindergarten row of coverage.csv (English headers) */
function kindergartenRow(out: string): Record<string, string> {
  const [head, ...rows] = readFileSync(join(out, 'coverage.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  const keys = head.split(',');
  const row = rows.map((r) => r.split(',')).find((r) => r.some((v) => v === '"kindergarten"'));
  expect(row, 'a kindergarten row').toBeDefined();
  return Object.fromEntries(keys.map((k, i) => [k.replaceAll('"', ''), row![i].replaceAll('"', '')]));
}

const run = (extra: string[], out: string) =>
  cli(['coverage', osm, '--communities', communities, '--lang', 'en', '--outputs', 'csv', '-o', out, ...extra]);

describe('coverage --gates on a walled compound', () => {
  it('the gap grids made on the search thread (forced on) go through the gate as on this thread', () => {
    const files: Record<string, Buffer>[] = [];
    for (const t of ['0', '1']) {
      const out = join(dir, `thread${t}`);
      // twice: the second run reads the network from the output folder's cache, whose arrays are
      // shared, so that the thread builds the snapping index and the grids
      for (let run = 0; run < 2; run++) {
        const r = cli(
          ['coverage', osm, '--communities', communities, '--gates', gates, '--outputs', 'csv,geojson', '-o', out],
          { env: { LIFECIRCLE_SEARCH_THREAD: t, LIFECIRCLE_TIMING: '1' } },
        );
        expect(r.status, r.stderr).toBe(0);
        if (t === '1' && run === 1) expect(r.stderr).toMatch(/\[threads\] gap grids: /);
      }
      files.push(
        Object.fromEntries(['gaps.csv', 'coverage.csv', 'gaps.geojson'].map((n) => [n, readFileSync(join(out, n))])),
      );
    }
    expect(files[0]['gaps.csv'].toString()).toMatch(/C1/); // the compound has gaps to compare
    for (const n of Object.keys(files[0])) expect(files[1][n].equals(files[0][n]), n).toBe(true);
  });

  it('without gates the flats are 200 m from the kindergarten; through the north gate 500 m', () => {
    const open = join(dir, 'open');
    const a = run([], open);
    expect(a.status, a.stderr).toBe(0);
    const o = kindergartenRow(open);
    expect(o.nearest_median_m).toBe('200');
    expect(o.result).toBe('pass');

    const closed = join(dir, 'closed');
    const b = run(['--gates', gates], closed);
    expect(b.status, b.stderr).toBe(0);
    const c = kindergartenRow(closed);
    expect(c.nearest_median_m).toBe('500');
    expect(c.result).toBe('fail');
    // the route to it starts at the gate: 20 + 70 + 130 + 220 m
    expect(c.route_from_gate_m).toBe('440');
    // stderr says how many gates were used and which were not
    expect(b.stderr).toMatch(
      /gates: 1 of 2 from .*gates\.geojson \(geojson, WGS-84 assumed\) on the boundaries of 1 community, which are left and entered only through their gates/,
    );
    expect(b.stderr).toMatch(
      /1 of 2 gates lie more than 30 m from every community boundary and were not used \(X \d+ m\)/,
    );
    // run.json records the file and the gates each community used
    const rec = JSON.parse(readFileSync(join(closed, 'run.json'), 'utf8')).inputs.gates;
    expect(rec.points).toBe(2);
    expect(rec.tolerance_m).toBe(30);
    expect(rec.gates_used).toEqual({ C1: { file: 1, osm: 0, not_on_network: 0 } });
    expect(rec.near_no_community.map((g: { id: string }) => g.id)).toEqual(['X']);
    expect(rec.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a job file takes gates as a path or as { file, crs, … }', () => {
    const out = join(dir, 'job-out');
    const job = join(dir, 'job.yaml');
    writeFileSync(
      job,
      `osm: ${osm}\ncommunities: ${communities}\ngates: { file: ${gates}, crs: wgs84, id_field: id }\nlang: en\noutputs: [csv]\noutput: ${out}\n`,
    );
    const r = cli(['run', job]);
    expect(r.status, r.stderr).toBe(0);
    expect(kindergartenRow(out).nearest_median_m).toBe('500');
    const sharded = cli(['run', job, '--shard', '1/2']);
    expect(sharded.status).toBe(2);
    expect(sharded.stderr.trim()).toMatch(
      /^error: .*job\.yaml: --shard does not carry the gates of closed compounds \(gates:\) to its merge yet; run the job unsharded$/,
    );
    writeFileSync(
      job,
      `osm: ${osm}\ncommunities: ${communities}\ngates: { file: ${gates}, colour: red }\noutput: ${out}\n`,
    );
    const bad = cli(['run', job]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(
      /^error: .*job\.yaml: gates: unknown key 'colour'; allowed keys: file, crs, layer, towgs84, id_field, name_field$/,
    );
  });

  it('a gates file in the wrong place (here: another CRS) is one line, exit 2, no output', () => {
    // the same gates in GCJ-02 would be ~500 m off; declared as Web Mercator metres they land far away
    const wrong = join(dir, 'gates-3857.geojson');
    writeFileSync(wrong, JSON.stringify({ type: 'FeatureCollection', features: [point('北门', [12583000, 2714000])] }));
    const out = join(dir, 'wrong');
    const r = run(['--gates', wrong, '--gates-crs', 'EPSG:3857'], out);
    expect(r.status).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toEqual([
      `error: gates file ${wrong}: none of 1 points lies within 30 m of a community boundary — wrong CRS? pass --gates-crs (job: gates: { file, crs })`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('lifecircle network --gates shows the compound reached from its gate, and the gate not used', () => {
    const out = join(dir, 'walk.geojson');
    const r = cli(['network', osm, '--communities', communities, '--gates', gates, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /gates: 1 of 2 on the boundaries of 1 communities; 1 near no community boundary, not used/,
    );
    const origins = JSON.parse(readFileSync(out, 'utf8')).features.filter(
      (f: { properties: { layer: string } }) => f.properties.layer === 'origin',
    );
    expect(origins).toHaveLength(1);
    expect(origins[0].properties).toMatchObject({ community_id: 'C1', origin_kind: 'gate', snapped: true, snap_m: 20 });
    expect(origins[0].geometry.coordinates[0]).toBeCloseTo(map.lonLat('1')[0], 6);
    const bad = cli(['network', osm, '--gates', gates, '-o', join(dir, 'w2.geojson')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'error: --gates needs --communities: gates belong to the communities whose boundaries they lie on',
    );
  });
});
