/**
 * A search adopted from its distances alone (what the search thread sends: coverage/search-thread.ts)
 * gives the same distances and the same routes, arc for arc, as NearestFacility.run's own search —
 * the predecessors derived from the distances (predOf) against the heap's — and the bucket search's
 * distances (the worker's) are the heap's to the bit. On the sample town and the real extracts.
 */
import { describe, expect, it } from 'vitest';
import { type FacilitySnap, NearestFacility } from '../../src/coverage/distance.js';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { bucketSearch } from '../../src/route/dijkstra.js';
import { snapPoint } from '../../src/snap/snap.js';
import type { SnappedPoint } from '../../src/snap/snapped-point.js';
import { HAS_SHARED, real } from '../support/env.js';
import { TOWN } from '../support/sample-town.js';
import { lcg } from '../support/rng.js';

function randomSnaps(net: WalkNetwork, n: number, rnd: () => number): SnappedPoint[] {
  const [x0, y0, x1, y1] = net.meta.bbox;
  const out: SnappedPoint[] = [];
  for (let t = 0; out.length < n && t < 20 * n; t++) {
    const r = snapPoint(net, x0 + rnd() * (x1 - x0), y0 + rnd() * (y1 - y0), { maxSnapM: 300 });
    if (r.ok) out.push(r.snap);
  }
  return out;
}

function check(net: WalkNetwork, seed: number): number {
  const rnd = lcg(seed);
  let compared = 0;
  for (const nTargets of [1, 3, 25]) {
    const targets: FacilitySnap[] = randomSnaps(net, nTargets, rnd).map((snap, k) => ({ facility: k, point: 0, snap }));
    const own = new NearestFacility(net);
    own.run(targets);
    // the worker's search: distances on buckets
    const dist = new Float64Array(net.nodeCount).fill(Infinity);
    const seeds = targets.flatMap((t) => own['prepare']([t]));
    own.run(targets); // prepare() above changed its state: run again
    const b = bucketSearch(own.reverse, dist, 2 * seeds.length + 64, 4e7).run(seeds, 4e7);
    expect(b).not.toBeNull();
    expect(Buffer.from(dist.buffer).equals(Buffer.from(own.dijkstra.dist.buffer))).toBe(true);
    const adopted = new NearestFacility(net);
    adopted.adopt(targets, dist);
    for (const p of randomSnaps(net, 150, rnd)) {
      expect(adopted.from(p)).toBe(own.from(p));
      expect(adopted.path(p)).toEqual(own.path(p));
      compared++;
    }
  }
  return compared;
}

/** a k × k lattice of 10 m edges (some one-way, some 0 m): every pair of routes is a tie somewhere */
function lattice(k: number, rnd: () => number, zeroLength: boolean) {
  const u: number[] = [];
  const v: number[] = [];
  const len: number[] = [];
  const flags: number[] = [];
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++) {
      const i = y * k + x;
      for (const j of [x + 1 < k ? i + 1 : -1, y + 1 < k ? i + k : -1]) {
        if (j < 0) continue;
        u.push(i);
        v.push(j);
        len.push(zeroLength && rnd() < 0.05 ? 0 : 10);
        flags.push(rnd() < 0.1 ? 4 : rnd() < 0.1 ? 8 : 0); // EDGE_FORWARD_ONLY, EDGE_BACKWARD_ONLY
      }
      if (rnd() < 0.05 && i + 1 < k * k) {
        // a parallel edge of the same length
        u.push(i);
        v.push(i + 1 < k * k ? i + 1 : i);
        len.push(10);
        flags.push(0);
      }
    }
  return {
    nodeCount: k * k,
    edgeCount: u.length,
    edgeU: Uint32Array.from(u),
    edgeV: Uint32Array.from(v),
    edgeLen: Float64Array.from(len),
    edgeFlags: Uint8Array.from(flags),
  };
}

describe('a search adopted from distances only', () => {
  it('on lattices full of equal-length routes: the same arcs as the heap’s tie order', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = lcg(seed);
      // half with 0 m edges (ties settled by the heap), half without (the derivation alone)
      const net = lattice(12, rnd, seed % 2 === 0);
      const at = (e: number, along: number): SnappedPoint => ({ edge: e, along, lon: 0, lat: 0, dist: 0 });
      const pick = () => {
        const e = Math.floor(rnd() * net.edgeCount);
        return at(e, [0, net.edgeLen[e] / 2, net.edgeLen[e]][Math.floor(rnd() * 3)]);
      };
      const targets: FacilitySnap[] = Array.from({ length: 1 + (seed % 4) }, (_, k) => ({
        facility: k,
        point: 0,
        snap: pick(),
      }));
      const own = new NearestFacility(net);
      own.run(targets);
      const adopted = new NearestFacility(net);
      adopted.adopt(targets, Float64Array.from(own.dijkstra.dist));
      for (let t = 0; t < 60; t++) {
        const p = pick();
        expect(adopted.from(p)).toBe(own.from(p));
        expect(adopted.path(p)).toEqual(own.path(p));
      }
    }
  });

  it('sample town: the same distances and routes as the search run in place', async () => {
    const net = await networkFromOsm(TOWN);
    for (const seed of [1, 2, 3]) expect(check(net, seed)).toBeGreaterThan(300);
  });

  it.skipIf(!HAS_SHARED)('Monaco and Longgang (real networks: ties, one-way paths, steps)', async () => {
    for (const f of ['ext-monaco-pbf/monaco.osm.pbf', 'cn-shenzhen-longgang/map.osm']) {
      const net = await networkFromOsm(real(f), { features: false });
      expect(check(net, 7)).toBeGreaterThan(300);
    }
  });
});
