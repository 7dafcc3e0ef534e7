/**
 * The snapped point (snap/snapped-point.ts) against an oracle that knows nothing of it: ngraph.path
 * on the network with each point's edge split at the point (test/support/ngraph-oracle.ts). On
 * random graphs with oneway:foot edges in both directions, points anywhere along their edges
 * (exactly on an end included) and pairs of points on one edge, every way of using the type —
 * seeds as a source, arrival as a target, the reverse search, the same-edge walk, the nearest of
 * several targets, and the route with its edge pieces — gives the oracle's distance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NearestFacility } from '../../src/coverage/distance.js';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY } from '../../src/network/types.js';
import { Dijkstra } from '../../src/route/dijkstra.js';
import { shortestPieces } from '../../src/route/route.js';
import { walkGraph } from '../../src/route/walk-graph.js';
import {
  arrivalMetres,
  departureMetres,
  sameEdgeMetres,
  sourceSeeds,
  targetSeeds,
  type SnappedPoint,
} from '../../src/snap/snapped-point.js';
import { type MiniNet, ngraphDistance, splitGraph } from '../support/ngraph-oracle.js';

const F = EDGE_FORWARD_ONLY;
const B = EDGE_BACKWARD_ONLY;

function mini(n: number, edges: [number, number, number, number][]): MiniNet {
  return {
    nodeCount: n,
    edgeCount: edges.length,
    edgeU: Uint32Array.from(edges.map((e) => e[0])),
    edgeV: Uint32Array.from(edges.map((e) => e[1])),
    edgeLen: Float64Array.from(edges.map((e) => e[2])),
    edgeFlags: Uint8Array.from(edges.map((e) => e[3])),
  };
}

const point = (net: MiniNet, edge: number, along: number, dist = 0): SnappedPoint => ({
  edge,
  along: Math.min(along, net.edgeLen[edge]),
  lon: 0,
  lat: 0,
  dist,
});

/** where along its edge a random point lies: an end, or anywhere between */
const alongArb = fc.oneof(
  fc.constant(0),
  fc.constant(1),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

const caseArb = fc.integer({ min: 2, max: 25 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(
      fc.tuple(
        fc.nat(n - 1),
        fc.nat(n - 1),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.constantFrom(0, 0, F, B),
      ),
      { minLength: 1, maxLength: 3 * n },
    ),
    // [edge, along, leg] of P and of several targets; `sameEdge` puts a target on P's edge
    from: fc.tuple(fc.nat(), alongArb, fc.double({ min: 0, max: 50, noNaN: true })),
    targets: fc.array(fc.tuple(fc.nat(), alongArb, fc.double({ min: 0, max: 50, noNaN: true }), fc.boolean()), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
);

function build(c: fc.Arbitrary<unknown> extends never ? never : ReturnType<typeof caseArb.generate>['value']) {
  const net = mini(c.n, c.edges);
  const m = net.edgeCount;
  const P = point(net, c.from[0] % m, c.from[1] * net.edgeLen[c.from[0] % m], c.from[2]);
  const targets = c.targets.map(([e, t, leg, same]) => {
    const edge = same ? P.edge : e % m;
    return point(net, edge, t * net.edgeLen[edge], leg);
  });
  return { net, P, targets };
}

const close = (got: number, want: number) => {
  if (want === Infinity) expect(got).toBe(Infinity);
  else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-7 * Math.max(1, want));
};

describe('snapped points vs ngraph.path on split edges (random graphs, both oneway directions)', () => {
  it('source seeds + arrival, target seeds + departure, same edge: the oracle distance', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { net, P, targets } = build(c);
        const { g, node } = splitGraph(net, [P, ...targets]);
        const forward = new Dijkstra(walkGraph(net).forward, net.nodeCount);
        const reverse = new Dijkstra(walkGraph(net).reverse, net.nodeCount);
        forward.run(sourceSeeds(net, P));
        targets.forEach((T, k) => {
          const want = P.dist + ngraphDistance(g, node[0], node[k + 1]) + T.dist;
          const direct = P.dist + sameEdgeMetres(net, P, T) + T.dist;
          close(Math.min(arrivalMetres(net, forward.dist, T), direct), want);
          reverse.run(targetSeeds(net, T));
          close(Math.min(departureMetres(net, reverse.dist, P), direct), want);
        });
      }),
      { numRuns: 400, seed: 8 },
    );
  });

  it('nearest of several targets and its path; the route and its edge pieces', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { net, P, targets } = build(c);
        const { g, node } = splitGraph(net, [P, ...targets]);
        const want = targets.map((T, k) => P.dist + ngraphDistance(g, node[0], node[k + 1]) + T.dist);
        const nearest = new NearestFacility(net);
        nearest.run(targets.map((snap, k) => ({ facility: k, point: 0, snap })));
        const best = Math.min(...want);
        close(nearest.from(P), best);
        const path = nearest.path(P);
        if (best === Infinity) expect(path).toBeNull();
        else {
          expect(path).not.toBeNull();
          checkPieces(net, P, path!.pieces, path!.facilitySnap);
          close(P.dist + walked(path!.pieces) + path!.facilitySnap.dist, best);
          close(want[path!.facility], best);
        }
        targets.forEach((T, k) => {
          const r = shortestPieces(net, P, T);
          if (want[k] === Infinity) expect(r).toBeNull();
          else {
            expect(r).not.toBeNull();
            close(P.dist + r!.networkM + T.dist, want[k]);
            close(walked(r!.pieces), r!.networkM);
            checkPieces(net, P, r!.pieces, T);
          }
        });
      }),
      { numRuns: 400, seed: 9 },
    );
  });
});

const walked = (pieces: [number, number, number][]) => pieces.reduce((s, [, a, b]) => s + Math.abs(b - a), 0);

/** pieces start at P, end at T, join end to end and walk every edge in a direction it allows */
function checkPieces(net: MiniNet, P: SnappedPoint, pieces: [number, number, number][], T: SnappedPoint): void {
  expect(pieces[0][0]).toBe(P.edge);
  expect(pieces[0][1]).toBe(P.along);
  const last = pieces[pieces.length - 1];
  expect(last[0]).toBe(T.edge);
  expect(last[2]).toBe(T.along);
  const endNode = ([e, , b]: [number, number, number]) => (b === 0 ? net.edgeU[e] : net.edgeV[e]);
  const startNode = ([e, a]: [number, number, number]) => (a === 0 ? net.edgeU[e] : net.edgeV[e]);
  for (let i = 0; i < pieces.length; i++) {
    const [e, a, b] = pieces[i];
    if (b > a) expect(net.edgeFlags[e] & B, `piece ${i} walks edge ${e} against its direction`).toBe(0);
    if (b < a) expect(net.edgeFlags[e] & F, `piece ${i} walks edge ${e} against its direction`).toBe(0);
    if (i > 0) expect(startNode(pieces[i])).toBe(endNode(pieces[i - 1]));
  }
}

describe('snapped points, hand cases', () => {
  //   0 ────────► 1 ────────── 2        edge 0: 0 → 1 only (100 m); edge 1: two-way (100 m)
  const net = mini(3, [
    [0, 1, 100, F],
    [1, 2, 100, 0],
  ]);

  it('a source on a forward-only edge walks only towards v', () => {
    //   0 ───P────► 1        P 30 m from 0, leg 5 m
    expect(sourceSeeds(net, point(net, 0, 30, 5))).toEqual([{ node: 1, cost: 75, end: 'v' }]);
    // a target there is reached only from u
    expect(targetSeeds(net, point(net, 0, 30, 5))).toEqual([{ node: 0, cost: 35, end: 'u' }]);
  });

  it('on one edge: along its direction only, and the same spot in any direction', () => {
    //   0 ──P═══►T──► 1   20 m, allowed;   0 ──T◄═══P──► 1   not allowed
    expect(sameEdgeMetres(net, point(net, 0, 10), point(net, 0, 30))).toBe(20);
    expect(sameEdgeMetres(net, point(net, 0, 30), point(net, 0, 10))).toBe(Infinity);
    expect(sameEdgeMetres(net, point(net, 0, 30), point(net, 0, 30))).toBe(0);
    // against the direction, the walk would have to go round: here there is no way round
    const r = shortestPieces(net, point(net, 0, 30), point(net, 0, 10));
    expect(r).toBeNull();
  });

  it('a point exactly on an end is that node, whatever the edge direction', () => {
    //   P=0 ───────► 1      P on node 0 of the forward-only edge: it does not leave towards 0 by
    //   the edge, it is already there (cost = its leg)
    expect(sourceSeeds(net, point(net, 0, 0, 3))).toEqual([
      { node: 0, cost: 3, end: 'u' },
      { node: 1, cost: 103, end: 'v' },
    ]);
    //   0 ───────► 1=T      a target on node 1 of edge 0 is reached from 1 as well
    expect(targetSeeds(net, point(net, 0, 100, 2))).toEqual([
      { node: 0, cost: 102, end: 'u' },
      { node: 1, cost: 2, end: 'v' },
    ]);
  });
});
