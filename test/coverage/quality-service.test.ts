/**
 * Hand cases of issue 10, worked out on paper:
 * (a) a walled compound with no gate and no internal path is flagged — centroid origin, detour
 *     ratio, missing internal paths — each flag with its number;
 * (b) two communities sharing one 600 m² service station, 1,000 and 3,000 households within its
 *     reach, get 150 m² and 450 m² (the floor area split in proportion to households within reach),
 *     i.e. 15 m² per 100 households each — not 60 and 20 as when each was credited the whole 600 m².
 */
import { describe, expect, it } from 'vitest';
import { analyseCoverage } from '../../src/coverage/analysis.js';
import { assessCoverage } from '../../src/coverage/assess.js';
import type { Community } from '../../src/coverage/communities.js';
import { assessQuality } from '../../src/coverage/quality.js';
import { apportionServiceArea } from '../../src/coverage/service-shares.js';
import type { Facility } from '../../src/facilities/facility.js';
import { networkFromOsm } from '../../src/network/build.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import { community, handOptions, listFacility, rect } from '../support/coverage-fixture.js';
import { at, writeFixture, type Fixture } from '../support/osm-fixture.js';

const profile = loadProfile('complete-community-2020');
const opts = handOptions();
const facility = listFacility;
/** a 20 m × 20 m one-floor building centred on (x, y) */
function building(f: Fixture, id: number, x: number, y: number): void {
  const n = 1000 + id * 4;
  f.nodes.push(
    [n, ...at(x - 10, y - 10)],
    [n + 1, ...at(x + 10, y - 10)],
    [n + 2, ...at(x + 10, y + 10)],
    [n + 3, ...at(x - 10, y + 10)],
  );
  f.ways.push([2000 + id, [n, n + 1, n + 2, n + 3, n], { building: 'apartments', 'building:levels': '1' }]);
}

async function run(f: Fixture, communities: Community[], facilities: Facility[]) {
  const net = await networkFromOsm(writeFixture(f));
  const res = await analyseCoverage(net, profile, communities, facilities, opts);
  const counts = new Map(profile.categories.map((c) => [c.id, facilities.filter((x) => x.category === c.id).length]));
  assessCoverage(res, counts);
  apportionServiceArea(net, profile, res, facilities, opts.snap);
  const points = new Map<string, [number, number][]>();
  for (const x of facilities) points.set(x.category, [...(points.get(x.category) ?? []), ...x.points]);
  assessQuality(net, res, points);
  return res;
}

describe('(a) a walled compound with no gate and no internal path', () => {
  // streets: west x = 0 and east x = 200 from y = −100 to 400, joined only by y = 400.
  // compound x 20..180, y −80..80: nothing enters it. Buildings (centres) at (40, −40), (40, 40),
  // (60, 0) on the west side and (140, 0) on the east; a kindergarten at (210, 0) by the east street.
  const f: Fixture = {
    nodes: [
      [1, ...at(0, -100)],
      [2, ...at(0, 400)],
      [3, ...at(200, 400)],
      [4, ...at(200, -100)],
    ],
    ways: [[10, [1, 2, 3, 4], { highway: 'residential' }]],
  };
  building(f, 1, 40, -40);
  building(f, 2, 40, 40);
  building(f, 3, 60, 0);
  building(f, 4, 140, 0);

  it('is flagged: centroid origin 100 m off the network, detour ratio 5.78, no internal paths', async () => {
    const res = await run(f, [community('W', rect(20, -80, 180, 80), 400)], [facility('kindergarten', 210, 0, 'K')]);
    const c = res.communities[0];
    expect(c.originKind).toBe('centroid');
    const q = c.quality!;
    const kinds = q.flags.map((x) => x.kind);
    expect(kinds).toContain('centroid_origin');
    // the centroid (100, 0) is 100 m from either street
    expect(q.centroidLegM).toBeGreaterThanOrEqual(99);
    expect(q.centroidLegM).toBeLessThanOrEqual(101);
    // detour = walk ÷ straight line to the kindergarten, per building (equal weights):
    //  (40,−40): 40 + 440 + 200 + 400 + 10 = 1090 ÷ √(170² + 40²) = 174.6 → 6.24
    //  (40, 40): 40 + 360 + 200 + 400 + 10 = 1010 ÷ 174.6 → 5.78
    //  (60,  0): 60 + 400 + 200 + 400 + 10 = 1070 ÷ 150 → 7.13
    //  (140, 0): 60 + 10 = 70 ÷ 70 → 1.00;   the weighted median (first to reach half) is 5.78
    expect(kinds).toContain('detour');
    expect(q.detourRatio).toBeGreaterThan(5.7);
    expect(q.detourRatio).toBeLessThan(5.86);
    const detour = q.flags.find((x) => x.kind === 'detour')!;
    expect(detour.value).toBe(q.detourRatio);
    expect(detour.message.zh).toContain(String(q.detourRatio));
    // no walkable way inside: 0 km/km², against 1000 / √(25 600 m² / 4) = 12.5 expected
    expect(kinds).toContain('low_way_density');
    expect(q.wayDensityInside).toBe(0);
    expect(q.wayDensityExpected).toBeCloseTo(12.5, 1);
    // legs are 40–60 m: below the 100 m threshold
    expect(kinds).not.toContain('long_leg');
    expect(q.longLegShare).toBe(0);
  });

  it('a gate and an internal path clear the flags', async () => {
    const g: Fixture = { nodes: [...f.nodes, [5, ...at(0, 0)], [6, ...at(200, 0)]], ways: [...f.ways] };
    // a path straight through the compound from the west street to the east one, joined at both ends
    g.ways[0] = [10, [1, 5, 2, 3, 6, 4], { highway: 'residential' }];
    g.ways.push([11, [5, 6], { highway: 'footway' }]);
    const res = await run(g, [community('W', rect(20, -80, 180, 80), 400)], [facility('kindergarten', 210, 0, 'K')]);
    const q = res.communities[0].quality!;
    expect(res.communities[0].originKind).not.toBe('centroid');
    expect(q.flags.map((x) => x.kind)).toEqual([]);
    expect(q.detourRatio).toBeLessThan(1.5);
  });
});

describe('(b) one 600 m² service station shared by two communities', () => {
  // street y = 0 from x −400 to 400, station at x = 0; A (1,000 households) has a building at
  // x −100, B (3,000) one at x 100: both ~130 m from the station, all households within 300 m.
  const f: Fixture = {
    nodes: [
      [1, ...at(-400, 0)],
      [2, ...at(400, 0)],
    ],
    ways: [[10, [1, 2], { highway: 'residential' }]],
  };
  building(f, 1, -100, 30);
  building(f, 2, 100, 30);

  it('splits the floor area 150 / 450 m² in proportion to households within reach', async () => {
    const res = await run(
      f,
      [community('A', rect(-200, 10, -20, 60), 1000), community('B', rect(20, 10, 200, 60), 3000)],
      [facility('community_service_station', 0, 0, 'S', 600)],
    );
    const [a, b] = res.communities;
    expect(a.serviceShares!.map((s) => [s.facility.sourceId, s.m2, s.households])).toEqual([['S', 150, 1000]]);
    expect(b.serviceShares!.map((s) => [s.facility.sourceId, s.m2, s.households])).toEqual([['S', 450, 3000]]);
    // 150 / 1000 × 100 = 15 and 450 / 3000 × 100 = 15 m² per 100 households: both below 30
    expect(a.serviceArea.m2Per100Households).toBe(15);
    expect(b.serviceArea.m2Per100Households).toBe(15);
    expect(a.serviceArea.status).toBe('fail');
    expect(a.serviceArea.reason.zh).toContain('分摊面积');
    // never more than the station's 600 m² in total
    expect(a.serviceShares![0].m2 + b.serviceShares![0].m2).toBe(600);
  });
});
