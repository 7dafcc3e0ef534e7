/**
 * Point-to-point routes on hand-drawn maps (test/support/ascii-map.ts), checked as OSRM's cucumber
 * tables are: from, to, the ways walked, the distance. Every answer can be read off the drawing.
 */
import { describe, expect, it } from 'vitest';
import type { WalkNetwork } from '../../src/network/types.js';
import { findRoute } from '../../src/route/route.js';
import { snapPoint } from '../../src/snap/snap.js';
import { type Drawn, drawnNetwork } from '../support/ascii-map.js';

/** the route between two places on the map: way names in walking order, and metres */
function walk(net: WalkNetwork, map: Drawn, from: string, to: string): { route: string; m: number } | null {
  const end = (name: string) => {
    const [lon, lat] = map.lonLat(name);
    const s = snapPoint(net, lon, lat, { minComponent: 1 });
    if (!s.ok) throw new Error(`${name} does not snap: ${s.reason}`);
    return { lon, lat, snap: s.snap };
  };
  const a = end(from);
  const b = end(to);
  const r = findRoute(net, a, b);
  if (!r) return null;
  // a place on a node snaps onto the end of one of the edges there; the route then lists that edge
  // although it walks 0 m of it: leave it out, as it would be read off the map
  const edges = [...r.edges];
  const touches = (e: number, node: number) => net.edgeU[e] === node || net.edgeV[e] === node;
  const zeroAt = (snap: typeof a.snap, next: number | undefined) => {
    const node =
      snap.along === 0 ? net.edgeU[snap.edge] : snap.along === net.edgeLen[snap.edge] ? net.edgeV[snap.edge] : -1;
    return node >= 0 && next !== undefined && touches(next, node);
  };
  if (edges.length > 1 && edges[0] === a.snap.edge && zeroAt(a.snap, edges[1])) edges.shift();
  if (edges.length > 1 && edges[edges.length - 1] === b.snap.edge && zeroAt(b.snap, edges[edges.length - 2]))
    edges.pop();
  const names: string[] = [];
  for (const e of edges) {
    const name = map.wayName(net.edgeWay[e]);
    if (names[names.length - 1] !== name) names.push(name);
  }
  return { route: names.join(','), m: r.lengthM };
}

/** rows: [from, to, route (the ways walked, each named by its nodes), metres; route null: there is none] */
function expectRoutes(net: WalkNetwork, map: Drawn, rows: [string, string, string | null, number | null][]): void {
  for (const [from, to, route, m] of rows) {
    const got = walk(net, map, from, to);
    if (route === null) {
      expect(got, `${from} → ${to}`).toBeNull();
      continue;
    }
    expect(got?.route, `${from} → ${to}`).toBe(route);
    expect(Math.abs(got!.m - m!), `${from} → ${to}: ${got!.m} m`).toBeLessThan(0.5);
  }
}

describe('routes on drawn maps', () => {
  it('goes round by the street, not in a straight line', async () => {
    const { net, map } = await drawnNetwork({
      gridM: 20,
      map: `
        b---------c
        |         d
        |         |
        a         e
      `,
      ways: [['abcde', { highway: 'residential' }]],
    });
    expectRoutes(net, map, [
      ['a', 'e', 'abcde', 320], // 200 m apart, 60 + 200 + 60 m by the street
      ['e', 'a', 'abcde', 320],
      ['b', 'd', 'abcde', 220],
      ['d', 'c', 'abcde', 20],
    ]);
  });

  it('takes the shorter of two ways, and leaves out what the walking rules drop', async () => {
    const { net, map } = await drawnNetwork({
      map: `
        a---------------b
        |               |
        c-----d         |
              |         |
              e---------f
      `,
      ways: [
        ['ab', { highway: 'motorway' }], // the direct way is a motorway: not walked
        ['acdefb', { highway: 'residential' }],
      ],
    });
    expectRoutes(net, map, [
      ['a', 'b', 'acdefb', 20 + 60 + 20 + 100 + 40],
      ['e', 'b', 'acdefb', 100 + 40],
    ]);
  });

  it('walks a oneway:foot way one way only, and detours the other way (also from one point of an edge to another)', async () => {
    const { net, map } = await drawnNetwork({
      map: `
        a--1--2--b
        |        |
        |        |
        c--------d
      `,
      ways: [
        ['ab', { highway: 'footway', 'oneway:foot': 'yes' }],
        ['acdb', { highway: 'footway' }],
      ],
    });
    expectRoutes(net, map, [
      ['a', 'b', 'ab', 90],
      ['d', 'a', 'acdb', 90 + 30],
      ['2', 'a', 'ab,acdb', 30 + 30 + 90 + 30], // not back along a-b: on to b, round by d and c
      ['1', '2', 'ab', 30], // along the edge, with its direction
      ['2', '1', 'ab,acdb', 30 + 30 + 90 + 30 + 30], // against it: on to b, round by d and c, back along a-b (listed once)
    ]);
  });

  it('finds no route between disconnected pieces', async () => {
    const { net, map } = await drawnNetwork({
      map: `
        a-----b     c-----d
      `,
      ways: [
        ['ab', { highway: 'footway' }],
        ['cd', { highway: 'footway' }],
      ],
    });
    expectRoutes(net, map, [
      ['a', 'b', 'ab', 60],
      ['a', 'd', null, null],
    ]);
  });
});
