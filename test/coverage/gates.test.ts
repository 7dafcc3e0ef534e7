/**
 * Gates of closed compounds (coverage/gates.ts) on a hand case whose distances are worked out on
 * paper, and the gates file's assignment to communities.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { analyseCoverage, type CoverageOptions } from '../../src/coverage/analysis.js';
import type { Community } from '../../src/coverage/communities.js';
import { assignGates, type Gate, readGates } from '../../src/coverage/gates.js';
import type { Facility } from '../../src/facilities/facility.js';
import { parseBands } from '../../src/isochrone/bands.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import { InputError } from '../../src/util/errors.js';
import { drawnNetwork } from '../support/ascii-map.js';
import { walledCompound as drawing } from '../support/walled-compound.js';
import { tmp } from '../support/env.js';
import { at } from '../support/osm-fixture.js';

const profile = loadProfile('complete-community-2020');
const opts: CoverageOptions = {
  passShare: 0.9,
  snap: { maxSnapM: 200, minComponent: 1 },
  bands: parseBands('300,500m', 60),
  corridorM: 50,
  resolutionM: 10,
  gapResolutionM: 10,
};

async function compound(osmGate: boolean) {
  const { net, map } = await drawnNetwork(drawing(osmGate));
  const g: Polygon = { type: 'Polygon', coordinates: [['2', '3', '4', '5', '2'].map((p) => map.lonLat(p))] };
  const c: Community = {
    id: 'C1',
    name: '围墙小区',
    households: 120,
    population: null,
    geometry: g,
    source: 'file',
    feature: 1,
    repairs: [],
  };
  const kindergarten: Facility = {
    key: 'list:t:k:kindergarten',
    category: 'kindergarten',
    source: 'list',
    sourceId: 'k',
    name: '幼儿园',
    points: [map.lonLat('d')],
    pointKind: 'point',
    floorAreaM2: null,
    merged: [],
  };
  const gate: Gate = { id: 'G1', lon: map.lonLat('1')[0], lat: map.lonLat('1')[1] };
  const run = async (gates?: Gate[]) => {
    const r = await analyseCoverage(net, profile, [{ ...c, gates }], [kindergarten], opts);
    return { c: r.communities[0], kg: r.communities[0].categories.find((x) => x.category.id === 'kindergarten')! };
  };
  return { run, gate, map };
}

describe('a walled compound with one gate in its north wall', () => {
  it('without the gates file its residents walk through the wall to the street south of it: 50 + 150 = 200 m', async () => {
    const { run } = await compound(false);
    const { c, kg } = await run();
    expect(c.residents.kind).toBe('buildings');
    expect(c.residents.lon.length).toBe(1);
    // the flats' centroid (50, 40) is 50 m from the south street at (50, -10), then 150 m east to d
    expect(kg.minM).toBeGreaterThan(199);
    expect(kg.minM).toBeLessThan(201);
    expect(kg.pass).toBe(true);
    expect(c.originKind).not.toBe('gate');
    expect(c.gates).toBeNull();
  });

  it('with it they walk to the gate and around: 60 + 20 + 70 + 130 + 220 = 500 m, and the kindergarten is out of reach', async () => {
    const { run, gate, map } = await compound(false);
    const { c, kg } = await run([gate]);
    // 60 m from (50, 40) to the gate at (50, 100), its 20 m leg to the north street at (50, 120),
    // 70 m west to a, 130 m south to c, 220 m east to d
    expect(kg.minM).toBeGreaterThan(498.5);
    expect(kg.minM).toBeLessThan(501.5);
    expect(kg.share).toBe(0);
    expect(kg.pass).toBe(false);
    // the compound's walks start at its gate: the route to the kindergarten leaves by it
    expect(c.originKind).toBe('gate');
    expect(c.origins).toHaveLength(1);
    expect(c.gates).toMatchObject({ fromFile: 1, fromOsm: 0, unsnapped: [] });
    expect(kg.nearest?.route[0][0]).toBeCloseTo(map.lonLat('1')[0], 7);
    expect(kg.nearest?.route[0][1]).toBeCloseTo(map.lonLat('1')[1], 7);
    expect(kg.nearest?.distanceM).toBeGreaterThan(438.5); // 20 + 70 + 130 + 220 from the gate itself
    expect(kg.nearest?.distanceM).toBeLessThan(441.5);
    // every point of the compound reaches the network through the gate: all of it is the gap
    // (the nearest, the gate itself, is 440 m away), 100 m × 100 m
    expect(kg.gap).not.toBeNull();
    expect(kg.gap!.areaM2).toBeGreaterThan(10_000 * 0.97);
    expect(kg.gap!.areaM2).toBeLessThan(10_000 * 1.03);
  });

  it('an OSM barrier=gate in its west wall counts too: residents take the nearer one, 50 + 20 + 50 + 220 = 340 m', async () => {
    const { run, gate } = await compound(true);
    const { c, kg } = await run([gate]);
    // k at (0, 40) is 50 m from the flats (the file's gate is 60 m), its leg to the west street is
    // 20 m, then 50 m south to c and 220 m east to d
    expect(kg.minM).toBeGreaterThan(338.5);
    expect(kg.minM).toBeLessThan(341.5);
    expect(c.gates).toMatchObject({ fromFile: 1, fromOsm: 1 });
    expect(c.origins).toHaveLength(2);
    // without the gates file the OSM gate changes nothing: residents still walk to the nearest street
    const { kg: open } = await run();
    expect(open.minM).toBeGreaterThan(199);
    expect(open.minM).toBeLessThan(201);
  });
});

describe('gates assigned to communities', () => {
  const square = (id: string, x0: number): Community => ({
    id,
    name: null,
    households: null,
    population: null,
    geometry: {
      type: 'Polygon',
      coordinates: [[at(x0, 0), at(x0 + 100, 0), at(x0 + 100, 100), at(x0, 100), at(x0, 0)]],
    },
    source: 'file',
    feature: 1,
    repairs: [],
  });
  const gate = (id: string, x: number, y: number): Gate => ({ id, lon: at(x, y)[0], lat: at(x, y)[1] });
  // A spans x 0..100, B x 130..230; the gap between them is 30 m wide
  const cs = [square('A', 0), square('B', 130)];

  it('each gate goes to the community whose boundary is nearest, within 30 m; others are counted with their distance', () => {
    const a = assignGates(cs, {
      path: 'g.geojson',
      gates: [gate('on A', 50, 100), gate('25 m out of A', 50, -25), gate('between', 120, 50), gate('far', 50, 200)],
    });
    expect(a.byCommunity.get('A')?.map((g) => g.id)).toEqual(['on A', '25 m out of A']);
    expect(a.byCommunity.get('B')?.map((g) => g.id)).toEqual(['between']); // 10 m from B, 20 m from A
    expect(a.unassigned.map((u) => [u.gate.id, u.nearestM])).toEqual([['far', 100]]);
  });

  it('a file none of whose points lies near any boundary is refused with one line', () => {
    let err: unknown;
    try {
      assignGates(cs, { path: 'gates.csv', gates: [gate('x', 50, 300), gate('y', 5000, 5000)] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      'gates file gates.csv: none of 2 points lies within 30 m of a community boundary — wrong CRS? pass --gates-crs (job: gates: { file, crs })',
    );
  });

  it('reads gates from a CSV of coordinates as from any point file, ids from the usual keys', async () => {
    const p = join(tmp(), '小区出入口.csv');
    const [lon, lat] = at(50, 100);
    writeFileSync(p, `\uFEFF编号,名称,经度,纬度\nG-01,北门,${lon},${lat}\nG-02,南门,${at(50, 0)[0]},${at(50, 0)[1]}\n`);
    const g = await readGates({ file: p });
    expect(g.gates.map((x) => x.id)).toEqual(['G-01', 'G-02']);
    expect(g.gates[0].lon).toBeCloseTo(lon, 7);
    expect(assignGates(cs, g).byCommunity.get('A')).toHaveLength(2);
  });
});
