import { beforeAll, describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { snapOrigins } from '../../src/isochrone/origins.js';
import { snapPoint } from '../../src/snap/snap.js';
import { sourceSeeds } from '../../src/snap/snapped-point.js';
import { metresPerDegree } from '../../src/geo/geodesy.js';
import { TOWN, townLonLat } from '../support/sample-town.js';

let net: WalkNetwork;
beforeAll(async () => {
  net = await networkFromOsm(TOWN);
});

describe('snapping', () => {
  it('snaps to the nearest point on the nearest edge (not the nearest node), splitting it virtually', () => {
    // midway between two intersections of the y=60 street, 20 m north of it
    const [lon, lat] = townLonLat(1125, 80);
    const r = snapPoint(net, lon, lat);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { kx, ky } = metresPerDegree(lat);
    expect(r.snap.dist).toBeCloseTo(Math.hypot((r.snap.lon - lon) * kx, (r.snap.lat - lat) * ky), 6);
    expect(r.snap.dist).toBeGreaterThan(5);
    expect(r.snap.dist).toBeLessThan(40);
    expect(r.snap.along).toBeGreaterThan(30); // in the middle of the edge, not at a node
    expect(r.snap.along).toBeLessThan(net.edgeLen[r.snap.edge] - 30);
    const seeds = sourceSeeds(net, r.snap);
    expect(seeds.map((s) => s.cost).sort((a, b) => a - b)[0]).toBeCloseTo(
      r.snap.dist + Math.min(r.snap.along, net.edgeLen[r.snap.edge] - r.snap.along),
      9,
    );
  });

  it('skips small disconnected fragments (minimum component)', () => {
    // right on the isolated 3-node footpath in the north-west
    const [lon, lat] = townLonLat(-120, 1950);
    const r = snapPoint(net, lon, lat, { maxSnapM: 500 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(net.meta.componentSizes[net.nodeComp[net.edgeU[r.snap.edge]]]).toBe(net.meta.componentSizes[0]);
    expect(r.snap.dist).toBeGreaterThan(50);
    // with --min-component 1 it may snap onto the fragment
    const r2 = snapPoint(net, lon, lat, { minComponent: 1 });
    expect(r2.ok && r2.snap.dist < 5).toBe(true);
    // and when the fragment is the only thing within reach, that is said
    const r3 = snapPoint(net, lon, lat, { maxSnapM: 60 });
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.reason).toMatch(/small disconnected fragments/);
  });

  it('explains points beyond the maximum snap distance, outside the network, or with lat/lon swapped', () => {
    const far = townLonLat(1500, -400); // 400 m south of the town: outside the network's area
    const river = townLonLat(600, 960); // mid-river, ~95 m from either bank's path
    const swapped: [number, number] = [townLonLat(600, 400)[1], townLonLat(600, 400)[0]];
    const outside: [number, number] = [116.4, 39.9]; // Beijing
    const r = snapOrigins(
      net,
      [
        { id: 'far', name: null, kind: 'point', points: [far], order: 0 },
        { id: 'swapped', name: null, kind: 'point', points: [swapped], order: 1 },
        { id: 'outside', name: null, kind: 'point', points: [outside], order: 2 },
      ],
      {},
    );
    expect(r[0].failed[0].reason).toMatch(/outside the network's area/);
    const rv = snapOrigins(net, [{ id: 'river', name: null, kind: 'point', points: [river], order: 0 }], {
      maxSnapM: 50,
    });
    expect(rv[0].failed[0].reason).toMatch(/no walkable way within 50 m \(nearest is \d+ m away\); raise --max-snap/);
    expect(r[1].failed[0].reason).toMatch(/lat\/lon look swapped/);
    expect(r[2].failed[0].reason).toMatch(/outside the network's area/);
    expect(snapPoint(net, ...far, { maxSnapM: 600 }).ok).toBe(true);
  });
});

describe('snapping on a network spanning many degrees of latitude', () => {
  it('finds a way 170 m east of a point at 50°N when the network reaches down to 20°N', async () => {
    const { writeFixture } = await import('../support/osm-fixture.js');
    const m = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);
    const wide = await networkFromOsm(
      writeFixture({
        nodes: [
          [1, 113, 20],
          [2, 113, 20.01],
          [3, 113, 50],
          [4, 113, 50.01],
        ],
        ways: [
          [10, [1, 2], { highway: 'residential' }],
          [11, [3, 4], { highway: 'residential' }],
        ],
      }),
    );
    const r = snapPoint(wide, 113 + 170 / m(50.005), 50.005, { minComponent: 1 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.snap.dist).toBeCloseTo(170, -1);
  });
});
