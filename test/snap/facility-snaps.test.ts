/**
 * snapFacilities snaps in Hilbert order of the points (for the edge index's cache) and must give
 * what snapping each facility's points in list order gives: the same snaps, the same failures,
 * the same order of points per category. And a point without numeric coordinates fails at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { snapFacilities } from '../../src/coverage/facility-snaps.js';
import type { Facility } from '../../src/facilities/facility.js';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { DEFAULT_SNAP } from '../../src/params/parameters.js';
import { snapPoint } from '../../src/snap/snap.js';
import { TOWN, townLonLat } from '../support/sample-town.js';
import { lcg } from '../support/rng.js';

let net: WalkNetwork;
beforeAll(async () => {
  net = await networkFromOsm(TOWN);
});

describe('snapFacilities', () => {
  it('equals snapPoint point by point in list order (random facilities on, near and far from the town)', () => {
    const rnd = lcg(11);
    const cats = ['a', 'b', 'c'];
    const facilities: Facility[] = [];
    for (let i = 0; i < 400; i++) {
      const points: [number, number][] = [];
      const m = 1 + Math.floor(rnd() * 3);
      for (let j = 0; j < m; j++) {
        // metres from the town's origin: on its streets, near them and far outside
        const [lon, lat] = townLonLat(-1500 + 5000 * rnd(), -1500 + 5000 * rnd());
        points.push([lon, lat]);
      }
      facilities.push({ key: `f${i}`, category: cats[i % 3], points } as unknown as Facility);
    }
    const opts = { ...DEFAULT_SNAP, maxSnapM: 150 };
    const got = snapFacilities(net, facilities, opts);
    const want = new Map<string, unknown[]>();
    const unsnapped: unknown[] = [];
    facilities.forEach((f, i) => {
      const ok: unknown[] = [];
      const reasons: string[] = [];
      f.points.forEach((p, j) => {
        const s = snapPoint(net, p[0], p[1], opts);
        if (s.ok) ok.push({ facility: i, point: j, snap: s.snap });
        else reasons.push(s.reason);
      });
      if (!ok.length) unsnapped.push({ facility: f, reason: reasons[0] });
      want.set(f.category, [...(want.get(f.category) ?? []), ...ok]);
    });
    expect(got.unsnapped).toEqual(unsnapped);
    expect(got.unsnapped.length).toBeGreaterThan(5);
    expect([...want.values()].flat().length).toBeGreaterThan(100);
    expect([...got.byCategory.keys()]).toEqual([...want.keys()]);
    for (const [c, list] of want) expect(got.byCategory.get(c)).toEqual(list);
  });

  it('a point without numeric coordinates fails at once with a reason', () => {
    const t0 = performance.now();
    const r = snapPoint(net, Number.NaN, 22.5, DEFAULT_SNAP);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/no numeric coordinates/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
