/**
 * The Dijkstra core against an independent oracle (ngraph.path), on random graphs and on every
 * real network: equal distances, multi-source = minimum of single sources, bounded = truncated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCsr } from '../../src/network/csr.js';
import { networkFromOsm } from '../../src/network/build.js';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, type WalkNetwork } from '../../src/network/types.js';
import { BUCKET_M, bucketSearch, Dijkstra, type Seed } from '../../src/route/dijkstra.js';
import { networkGraph, ngraphDistance } from '../support/ngraph-oracle.js';
import { HAS_SHARED, REAL_OSM_FILES, real } from '../support/env.js';
import { TOWN } from '../support/sample-town.js';

type MiniNet = Pick<WalkNetwork, 'nodeCount' | 'edgeCount' | 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags'>;

const graphArb = fc.integer({ min: 2, max: 40 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(
      fc.tuple(
        fc.nat(n - 1),
        fc.nat(n - 1),
        fc.double({ min: 0.5, max: 900, noNaN: true }),
        fc.constantFrom(0, 0, 0, 0, EDGE_FORWARD_ONLY, EDGE_BACKWARD_ONLY),
      ),
      { minLength: 1, maxLength: 3 * n },
    ),
  }),
);

function mini(g: { n: number; edges: [number, number, number, number][] }): MiniNet {
  return {
    nodeCount: g.n,
    edgeCount: g.edges.length,
    edgeU: Uint32Array.from(g.edges.map((e) => e[0])),
    edgeV: Uint32Array.from(g.edges.map((e) => e[1])),
    edgeLen: Float64Array.from(g.edges.map((e) => e[2])),
    edgeFlags: Uint8Array.from(g.edges.map((e) => e[3])),
  };
}

function check(net: MiniNet, pairs: [number, number][], budgetSeeds: Seed[][]): void {
  const dj = new Dijkstra(buildCsr(net), net.nodeCount);
  const g = networkGraph(net);
  for (const [s, t] of pairs) {
    dj.run([{ node: s, cost: 0 }]);
    const ours = dj.dist[t];
    const theirs = ngraphDistance(g, s, t);
    if (theirs === Infinity) expect(ours).toBe(Infinity);
    else expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-6);
  }
  for (const seeds of budgetSeeds) {
    // multi-source = minimum over single sources
    dj.run(seeds);
    const multi = Float64Array.from(dj.dist);
    const best = new Float64Array(net.nodeCount).fill(Infinity);
    for (const s of seeds) {
      dj.run([s]);
      for (let i = 0; i < net.nodeCount; i++) best[i] = Math.min(best[i], dj.dist[i]);
    }
    for (let i = 0; i < net.nodeCount; i++) expect(multi[i]).toBe(best[i]);
    // bounded = unbounded truncated
    const finite = Array.from(multi)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const budget = finite.length ? finite[Math.floor(finite.length / 2)] : 0;
    dj.run(seeds, budget);
    for (let i = 0; i < net.nodeCount; i++) expect(dj.dist[i]).toBe(multi[i] <= budget ? multi[i] : Infinity);
  }
}

describe('Dijkstra vs ngraph.path on random graphs', () => {
  it('distances, multi-source and bounded searches agree', () => {
    fc.assert(
      fc.property(
        graphArb,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 10 }),
        fc.array(
          fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 200, noNaN: true })), { minLength: 1, maxLength: 4 }),
          { minLength: 1, maxLength: 3 },
        ),
        (g, pairs, seedSets) => {
          const net = mini(g);
          check(
            net,
            pairs.map(([a, b]) => [a % g.n, b % g.n]),
            seedSets.map((ss) => ss.map(([node, cost]) => ({ node: node % g.n, cost }))),
          );
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('respects oneway:foot and parallel edges', () => {
    // 0 -> 1 only (forward-only), 1 - 2 twice with different lengths
    const net = mini({
      n: 3,
      edges: [
        [0, 1, 10, EDGE_FORWARD_ONLY],
        [1, 2, 50, 0],
        [1, 2, 30, 0],
      ],
    });
    const dj = new Dijkstra(buildCsr(net), 3);
    dj.run([{ node: 0, cost: 0 }]);
    expect(Array.from(dj.dist)).toEqual([0, 10, 40]);
    dj.run([{ node: 2, cost: 0 }]);
    expect(Array.from(dj.dist)).toEqual([Infinity, 30, 0]);
  });
});

describe('runDistances (distances only: buckets for a finite budget, else a 4-ary heap)', () => {
  // integer lengths from a small set make many equal keys: the pop order differs from run()'s
  const tiedGraphArb = fc.integer({ min: 2, max: 40 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(
        fc.tuple(
          fc.nat(n - 1),
          fc.nat(n - 1),
          fc.oneof(fc.constantFrom(1, 2, 3, 5, 0.1, 0.2, 0.3), fc.double({ min: 0, max: 900, noNaN: true })),
          fc.constantFrom(0, 0, 0, EDGE_FORWARD_ONLY, EDGE_BACKWARD_ONLY),
        ),
        { minLength: 1, maxLength: 3 * n },
      ),
    }),
  );
  it("gives run()'s distances to the bit and touches the same nodes, interleaved with run()", () => {
    fc.assert(
      fc.property(
        tiedGraphArb,
        fc.array(
          fc.tuple(
            fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, 0.1, 1, 7.5)), { minLength: 1, maxLength: 4 }),
            fc.constantFrom(Infinity, 0, 1, 2.5, 10, 300, BUCKET_M, 3 * BUCKET_M + 0.1, 5000),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (g, searches) => {
          const net = mini(g);
          const csr = buildCsr(net);
          const a = new Dijkstra(csr, net.nodeCount);
          const b = new Dijkstra(csr, net.nodeCount);
          for (const [ss, budget] of searches) {
            const seeds = ss.map(([node, cost]) => ({ node: node % g.n, cost }));
            a.run(seeds, budget);
            b.runDistances(seeds, budget);
            expect(Array.from(b.dist)).toEqual(Array.from(a.dist));
            const ta = Array.from(a.touched.subarray(0, a.touchedCount)).sort((x, y) => x - y);
            const tb = Array.from(b.touched.subarray(0, b.touchedCount)).sort((x, y) => x - y);
            expect(tb).toEqual(ta);
            // a run() after runDistances() on the same object: predecessors valid again
            b.run(seeds, budget);
            expect(Array.from(b.predArc)).toEqual(Array.from(a.predArc));
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('buckets: the same distances, or (too few entries) null with every distance back to Infinity', () => {
    fc.assert(
      fc.property(
        tiedGraphArb,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, 0.1, 1, 7.5, 25)), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(0, 1, 2.5, 10, 300, 5000),
        fc.integer({ min: 1, max: 12 }),
        (g, ss, budget, entries) => {
          const net = mini(g);
          const csr = buildCsr(net);
          const a = new Dijkstra(csr, net.nodeCount);
          const seeds = ss.map(([node, cost]) => ({ node: node % g.n, cost }));
          a.run(seeds, budget);
          const dist = new Float64Array(net.nodeCount).fill(Infinity);
          const bs = bucketSearch(csr, dist, 8, 5000, entries);
          for (let round = 0; round < 2; round++) {
            const r = bs.run(seeds, budget);
            if (r) {
              expect(Array.from(dist)).toEqual(Array.from(a.dist));
              expect(r.count).toBe(a.touchedCount);
              for (let j = 0; j < r.count; j++) dist[r.touched[j]] = Infinity;
            } else expect(dist.every((d) => d === Infinity)).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('takes more seeds than its first heap had room for', () => {
    const net = mini({
      n: 200,
      edges: Array.from({ length: 199 }, (_, i) => [i, i + 1, 1, 0] as [number, number, number, number]),
    });
    const dj = new Dijkstra(buildCsr(net), net.nodeCount);
    dj.runDistances([{ node: 0, cost: 0 }]);
    expect(dj.dist[199]).toBe(199);
    dj.runDistances(Array.from({ length: 200 }, (_, i) => ({ node: i, cost: 0.5 })));
    expect(dj.touchedCount).toBe(200);
    expect(Array.from(dj.dist).every((d) => d === 0.5)).toBe(true);
  });
});

function realPairs(net: WalkNetwork, k: number, seed: number): [number, number][] {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 4294967296);
  return Array.from(
    { length: k },
    () => [Math.floor(rnd() * net.nodeCount), Math.floor(rnd() * net.nodeCount)] as [number, number],
  );
}

function checkReal(net: WalkNetwork): void {
  const pairs = realPairs(net, 25, 7);
  const seeds = [
    realPairs(net, 3, 11).map(([a]) => ({ node: a, cost: 0 })),
    realPairs(net, 2, 13).map(([a], i) => ({ node: a, cost: 100 * i })),
  ];
  check(net, pairs, seeds);
}

describe('Dijkstra vs ngraph.path on the sample town', () => {
  it('agrees', async () => checkReal(await networkFromOsm(TOWN)));
});

(HAS_SHARED ? describe : describe.skip)('Dijkstra vs ngraph.path on ../shared/data/real', () => {
  it.each(REAL_OSM_FILES)('%s', async (rel) => checkReal(await networkFromOsm(real(rel), { features: false })));
});
