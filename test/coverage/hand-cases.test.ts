/**
 * Coverage on hand-built networks whose answers can be worked out on paper.
 */
import { describe, expect, it } from 'vitest';
import { analyseCoverage } from '../../src/coverage/analysis.js';
import type { Community } from '../../src/coverage/communities.js';
import type { Facility } from '../../src/facilities/facility.js';
import { networkFromOsm } from '../../src/network/build.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import type { Profile } from '../../src/profiles/types.js';
import { drawMap } from '../support/ascii-map.js';
import { community, handOptions, rect } from '../support/coverage-fixture.js';
import { at, writeFixture, type Fixture } from '../support/osm-fixture.js';

const profile = loadProfile('complete-community-2020');
const opts = handOptions('300,500m');
const kindergarten = (x: number, y: number, id = 'k'): Facility => ({
  key: `list:t:${id}:kindergarten`,
  category: 'kindergarten',
  source: 'list',
  sourceId: id,
  name: `幼儿园 ${id}`,
  points: [at(x, y)],
  pointKind: 'point',
  floorAreaM2: null,
  merged: [],
});

async function run(f: Fixture, communities: Community[], facilities: Facility[], p: Profile = profile, o = opts) {
  const net = await networkFromOsm(writeFixture(f));
  return analyseCoverage(net, p, communities, facilities, o);
}
const kg = (r: Awaited<ReturnType<typeof run>>, k = 0) =>
  r.communities[k].categories.find((c) => c.category.id === 'kindergarten')!;

describe('the kindergarten 200 m away in a straight line but 320 m by street', () => {
  // one street, a at (0, 0) to e at (200, 0) by way of b, c and d; nothing links a and e directly
  const u = drawMap({
    gridM: 20,
    origin: 'a',
    map: `
      b---------c
      |         d
      |         |
      a         e
    `,
    ways: [['abcde', { highway: 'residential' }]],
  }).fixture;
  // a 10 m community around (0,0): too small for a 25 m grid, its centre stands for its residents
  const c = community('C1', rect(-5, -5, 5, 5), 100);

  it('fails the 300 m test at 320 m by street', async () => {
    const r = await run(u, [c], [kindergarten(200, 0)]);
    const o = kg(r);
    expect(o.medianM).toBeGreaterThan(319);
    expect(o.medianM).toBeLessThan(321);
    expect(o.share).toBe(0);
    expect(o.pass).toBe(false);
    expect(o.facilitiesWithin).toBe(0);
    expect(o.reason?.en).toBe('0 % of residents within 300 m (needs 90 %)');
    // the route starts where the street leaves the community (its boundary crossing at (0, 5))
    expect(o.nearest?.distanceM).toBeCloseTo(o.medianM - 5, 1);
    expect(o.nearest?.facility.sourceId).toBe('k');
  });

  it('passes when the kindergarten is 280 m away by street', async () => {
    const r = await run(u, [c], [kindergarten(200, 40)]);
    const o = kg(r);
    expect(o.medianM).toBeGreaterThan(279);
    expect(o.medianM).toBeLessThan(281);
    expect(o.share).toBe(1);
    expect(o.pass).toBe(true);
    expect(o.facilitiesWithin).toBe(1);
    expect(o.gap).toBeNull();
  });
});

describe('shares, weights and gaps along one street', () => {
  // a street along y = 0 from x = 0 to 800; the community is the strip 5..45 m north of it
  const street: Fixture = {
    nodes: Array.from({ length: 9 }, (_, i) => [i + 1, ...at(i * 100, 0)] as Fixture['nodes'][number]),
    ways: [[10, [1, 2, 3, 4, 5, 6, 7, 8, 9], { highway: 'residential' }]],
  };
  const strip = community('S', rect(0, 5, 800, 45));

  it('grid residents: the share within 300 m is the share of grid points with x + y <= 300', async () => {
    // grid points (25 m) at x = 12.5 … 787.5 and y = 17.5, 42.5; each walks y to the street, then x
    // within: y = 17.5 -> x <= 282.5 -> x = 12.5 + 25k, k = 0..10: 11 points
    //         y = 42.5 -> x <= 257.5 -> k = 0..9: 10 points; 21 of 64
    const r = await run(street, [strip], [kindergarten(0, 0)]);
    const o = kg(r);
    expect(r.communities[0].residents.kind).toBe('grid');
    expect(r.communities[0].residents.lon.length).toBe(64);
    expect(o.share).toBeCloseTo(21 / 64, 9);
    expect(o.minM).toBeCloseTo(12.5 + 17.5, 0);
    expect(o.maxM).toBeCloseTo(787.5 + 42.5, 0);
    expect(o.pass).toBe(false);
    // the gap: the strip farther than 300 m, i.e. x > 300 − y: 40 × 800 − ∫(300 − y) dy over y 5..45 = 21 000 m²
    expect(o.gap).not.toBeNull();
    expect(o.gap!.areaM2).toBeGreaterThan(21_000 * 0.97);
    expect(o.gap!.areaM2).toBeLessThan(21_000 * 1.03);
    expect(o.gap!.weightAffected).toBe(43);
  });

  it('buildings: weights are footprint × levels, scaled to households', async () => {
    // two 20 m × 10 m buildings: A at x 100..120 (6 floors), B at x 600..620 (3 floors)
    const b = (id: number, levels: number): Fixture['ways'][number] => [
      id,
      [100 + id * 4, 101 + id * 4, 102 + id * 4, 103 + id * 4, 100 + id * 4],
      { building: 'apartments', 'building:levels': String(levels) },
    ];
    const corners = (id: number, x: number): Fixture['nodes'] => [
      [100 + id * 4, ...at(x, 20)],
      [101 + id * 4, ...at(x + 20, 20)],
      [102 + id * 4, ...at(x + 20, 30)],
      [103 + id * 4, ...at(x, 30)],
    ];
    const f: Fixture = {
      nodes: [...street.nodes, ...corners(1, 100), ...corners(2, 600)],
      ways: [...street.ways, b(1, 6), b(2, 3)],
    };
    const r = await run(f, [community('S', rect(0, 5, 800, 45), 300)], [kindergarten(0, 0)]);
    const c = r.communities[0];
    expect(c.residents.kind).toBe('buildings');
    expect(c.residents.total).toBe(300);
    const o = kg(r);
    // A (weight 200 m² × 6) reaches the kindergarten at ~110 + 25 m; B (200 × 3) at ~610 + 25 m
    expect(o.share).toBeCloseTo(1200 / 1800, 3);
    expect(300 - o.weightBeyond).toBeCloseTo(200, 1); // households within: 300 × 2/3
    expect(o.minM).toBeCloseTo(135, 0);
    expect(o.maxM).toBeCloseTo(635, 0);
    // the weighted median is A's distance (A holds 2/3 of the weight)
    expect(o.medianM).toBeCloseTo(o.minM, 6);
  });

  it('a category with no facilities fails everywhere, with the reason', async () => {
    const r = await run(street, [strip], []);
    const o = kg(r);
    expect(o.pass).toBe(false);
    expect(o.reason?.en).toBe('no facilities of this category in OSM or the lists');
    expect(o.gap!.areaM2).toBeGreaterThan(31_000);
    expect(o.nearest).toBeNull();
  });

  it('a community with no walkable network in or near it is kept, not assessed, with the reason', async () => {
    const far = community('FAR', rect(0, 2000, 100, 2100));
    const r = await run(street, [strip, far], [kindergarten(0, 0)]);
    const c = r.communities[1];
    expect(c.status).toBe('no network');
    expect(c.reason?.en).toMatch(/lies outside the OSM extract's network/);
    expect(kg(r, 1).pass).toBeNull();
    expect(c.requiredMet).toBe(0);
    expect(c.isochrones).toBeNull();
  });
});

describe('community service space per 100 households (每百户30平方米)', () => {
  const street: Fixture = {
    nodes: Array.from({ length: 5 }, (_, i) => [i + 1, ...at(i * 100, 0)] as Fixture['nodes'][number]),
    ways: [[10, [1, 2, 3, 4, 5], { highway: 'residential' }]],
  };
  const station = (area: number | null): Facility => ({
    key: 'list:t:s:community_service_station',
    category: 'community_service_station',
    source: 'list',
    sourceId: 's',
    name: '服务站',
    points: [at(150, 0)],
    pointKind: 'point',
    floorAreaM2: area,
    merged: [],
  });
  const sa = async (households: number | null, area: number | null) =>
    (await run(street, [community('C', rect(0, 5, 300, 45), households)], [station(area)])).communities[0].serviceArea;

  it('passes at 40 m² per 100 households and fails at 20', async () => {
    expect(await sa(1000, 400)).toMatchObject({ status: 'pass', m2Per100Households: 40 });
    expect(await sa(1000, 200)).toMatchObject({ status: 'fail', m2Per100Households: 20 });
  });
  it('is not assessed without households or without the floor area', async () => {
    expect((await sa(null, 400)).status).toBe('not assessed');
    const r = await sa(1000, null);
    expect(r.status).toBe('not assessed');
    expect(r.reason.en).toMatch(/floor area unknown for 1 of the 1/);
  });
});

describe('review cases', () => {
  const street: Fixture = {
    nodes: Array.from({ length: 11 }, (_, i) => [i + 1, ...at(i * 100, 0)] as Fixture['nodes'][number]),
    ways: [[10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], { highway: 'residential' }]],
  };

  it('a building=yes that is a school is not counted as housing', async () => {
    const box = (id: number, x: number, w: number): Fixture['nodes'] => [
      [id, ...at(x, 20)],
      [id + 1, ...at(x + w, 20)],
      [id + 2, ...at(x + w, 30)],
      [id + 3, ...at(x, 30)],
    ];
    const f: Fixture = {
      nodes: [...street.nodes, ...box(100, 50, 20), ...box(200, 500, 280)],
      ways: [
        ...street.ways,
        [20, [100, 101, 102, 103, 100], { building: 'apartments', 'building:levels': '6' }],
        [21, [200, 201, 202, 203, 200], { building: 'yes', amenity: 'school' }],
      ],
    };
    const r = await run(f, [community('C', rect(0, 5, 1000, 45))], [kindergarten(0, 0)]);
    expect(r.communities[0].residents.lon.length).toBe(1);
    expect(kg(r).share).toBe(1);
  });

  it("a facility on the gate's own oneway:foot edge counts only downstream", async () => {
    const f: Fixture = {
      nodes: [
        [1, ...at(0, 0)],
        [2, ...at(2000, 0)],
      ],
      ways: [[10, [1, 2], { highway: 'footway', 'oneway:foot': 'yes' }]],
    };
    const c = community('C', rect(995, -5, 1005, 5));
    const upstream = await run(f, [c], [kindergarten(900, 0)]);
    expect(kg(upstream).facilitiesWithin).toBe(0);
    expect(kg(upstream).medianM).toBe(Infinity);
    const downstream = await run(f, [c], [kindergarten(1100, 0)]);
    expect(kg(downstream).facilitiesWithin).toBe(1);
  });

  it('a share of exactly the pass share passes, whatever the household scaling', async () => {
    // 10 grid residents at x = 12.5 … 237.5 (y 17.5); a 240 m threshold reaches 9 of them from x = 0
    const p = loadProfile('complete-community-2020');
    const { withThresholdOverrides } = await import('../../src/profiles/load-profile.js');
    const q = withThresholdOverrides(p, { kindergarten: 240 });
    for (const hh of [null, 10, 13]) {
      const r = await run(street, [community('C', rect(0, 5, 250, 30), hh)], [kindergarten(0, 0)], q);
      expect(kg(r).pass, `households ${hh}`).toBe(true);
    }
  });

  it('the route to a facility with several entrances ends at the entrance it reaches', async () => {
    const k: Facility = { ...kindergarten(0, 0), points: [at(0, 0), at(1000, 0)], pointKind: 'entrance' };
    const r = await run(street, [community('C', rect(895, -5, 905, 5))], [k]);
    const n = kg(r).nearest!;
    expect(n.distanceM).toBeLessThan(120);
    const end = n.route[n.route.length - 1];
    expect(end[0]).toBeCloseTo(at(1000, 0)[0], 6);
  });

  it('facilities that exist but lie off the network are said to, not said to be missing', async () => {
    const r = await run(street, [community('C', rect(0, 5, 300, 45))], [kindergarten(500, 500)]);
    expect(kg(r).reason?.en).toBe('its 1 facilities are all farther than 200 m from a walkable way');
  });
});
