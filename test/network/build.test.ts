import { describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import { buildCsr } from '../../src/network/csr.js';
import { loadWalkRules } from '../../src/network/rules.js';
import { segmentLength } from '../../src/geo/geodesy.js';
import { EDGE_AREA, EDGE_STEPS, type WalkNetwork } from '../../src/network/types.js';
import { drawnNetwork } from '../support/ascii-map.js';
import { at, writeFixture, type Fixture } from '../support/osm-fixture.js';

const n = (id: number, e: number, nn: number, tags?: Record<string, string>): Fixture['nodes'][number] => [
  id,
  ...at(e, nn),
  tags,
];

async function build(f: Fixture) {
  return networkFromOsm(writeFixture(f), { features: true });
}

/** the edges of a way, by its OSM id */
const edgesOf = (net: WalkNetwork, way: number) =>
  Array.from(net.edgeWay)
    .map((w, e) => [w, e] as const)
    .filter(([w]) => w === way)
    .map(([, e]) => e);

describe('network build: splitting ways into edges', () => {
  it('splits two crossing streets at the shared node only', async () => {
    const { net, map } = await drawnNetwork({
      gridM: 25,
      map: `
            d
            |
        a---b-f-c
            |
            e
      `,
      ways: [
        ['abfc', { highway: 'residential' }],
        ['dbe', { highway: 'footway' }],
      ],
    });
    expect(net.nodeCount).toBe(5); // a, b, c, d, e — f is an interior vertex
    expect(net.edgeCount).toBe(4);
    expect(Array.from(net.nodeOsmId)).toEqual(['a', 'b', 'c', 'd', 'e'].map(map.nodeId));
    // the edge b-f-c keeps its middle vertex and its geodesic length
    const e = edgesOf(net, map.wayId(0)).find((i) => net.nodeOsmId[net.edgeU[i]] === map.nodeId('b'))!;
    expect(net.nodeOsmId[net.edgeV[e]]).toBe(map.nodeId('c'));
    expect(net.geomOff[e + 1] - net.geomOff[e]).toBe(3);
    const g = (k: number) => [net.geomLon[k], net.geomLat[k]] as const;
    const o = net.geomOff[e];
    const expected = segmentLength(...g(o), ...g(o + 1)) + segmentLength(...g(o + 1), ...g(o + 2));
    expect(net.edgeLen[e]).toBeCloseTo(expected, 9);
    expect(net.edgeLen[e]).toBeGreaterThan(99);
    expect(net.edgeLen[e]).toBeLessThan(101);
    expect(net.meta.componentSizes).toEqual([5]);
  });

  it('keeps a closed footway loop and splits a way that visits a node twice', async () => {
    const { net, map } = await drawnNetwork({
      map: `
        d----c
        |    |
        |    |         g----h
        |    |
        a----b
      `,
      ways: [
        ['abcda', { highway: 'footway' }],
        ['gh', { highway: 'path' }],
      ],
    });
    expect(net.edgeCount).toBe(2);
    const [loop] = edgesOf(net, map.wayId(0));
    expect(net.edgeU[loop]).toBe(net.edgeV[loop]);
    expect(net.edgeLen[loop]).toBeGreaterThan(179); // 50 + 40 + 50 + 40 m
    expect(net.edgeLen[loop]).toBeLessThan(181);
    expect(net.meta.componentSizes).toEqual([2, 1]);
  });

  it('splits a way where one of its nodes is missing from the file, and counts it', async () => {
    const net = await build({
      nodes: [n(1, 0, 0), n(2, 50, 0), n(4, 150, 0), n(5, 200, 0)],
      ways: [[10, [1, 2, 3, 4, 5], { highway: 'residential' }]],
    });
    expect(net.edgeCount).toBe(2);
    expect(net.meta.stats.skipped['way node references missing from the file (ways split there)']).toBe(1);
  });
});

describe('walking rules (data/walk-rules.yaml)', () => {
  const rules = loadWalkRules();
  const table: [Record<string, string>, boolean][] = [
    [{ highway: 'residential' }, true],
    [{ highway: 'footway', footway: 'sidewalk' }, true],
    [{ highway: 'motorway' }, false],
    [{ highway: 'motorway_link', foot: 'yes' }, false],
    [{ highway: 'construction' }, false],
    [{ highway: 'proposed' }, false],
    [{ highway: 'residential', foot: 'no' }, false],
    [{ highway: 'service', access: 'private' }, false],
    [{ highway: 'service', access: 'private', foot: 'yes' }, true],
    [{ highway: 'secondary', sidewalk: 'separate' }, false],
    [{ highway: 'secondary', 'sidewalk:both': 'separate' }, false],
    [{ highway: 'secondary', 'sidewalk:left': 'separate', 'sidewalk:right': 'no' }, false],
    [{ highway: 'secondary', 'sidewalk:left': 'separate', 'sidewalk:right': 'yes' }, true],
    [{ highway: 'secondary', 'sidewalk:right': 'separate' }, false],
    [{ highway: 'secondary', 'sidewalk:right': 'separate', 'sidewalk:left': 'yes' }, true],
    [{ highway: 'trunk' }, true],
    [{ highway: 'trunk', motorroad: 'yes' }, false],
    [{ highway: 'trunk', expressway: 'yes' }, false],
    [{ highway: 'primary', expressway: 'yes' }, true],
    [{ highway: 'trunk_link' }, false],
    [{ highway: 'trunk_link', sidewalk: 'both' }, true],
    [{ highway: 'trunk_link', foot: 'designated' }, true],
    [{ highway: 'primary' }, true],
    [{ highway: 'platform' }, false],
    [{ highway: 'cycleway' }, true],
    [{ highway: 'cycleway', foot: 'no' }, false],
    [{ highway: 'bus_stop' }, false],
    [{ highway: 'elevator' }, false], // a node tag on a way: nothing to walk along
    [{ highway: 'steps' }, true],
    [{ highway: 'unknown_value' }, false], // matches no rule: dropped
    [{ building: 'yes' }, false],
  ];

  it.each(table)('%o walkable: %s', (tags, expected) => {
    expect(rules.evaluate(tags) !== null).toBe(expected);
  });

  it('the network keeps exactly the ways the rules keep (every row of the table as one way)', async () => {
    // each row is a 20 m way of its own, 30 m from the next; a residential street keeps the build
    // from failing for "no walkable ways" whatever the rules say
    const nodes: Fixture['nodes'] = [n(1, 0, -50), n(2, 20, -50)];
    const ways: Fixture['ways'] = [[1, [1, 2], { highway: 'residential' }]];
    table.forEach(([tags], i) => {
      nodes.push(n(10 + 2 * i, 30 * i, 0), n(11 + 2 * i, 30 * i + 20, 0));
      ways.push([100 + i, [10 + 2 * i, 11 + 2 * i], tags]);
    });
    const net = await build({ nodes, ways });
    const kept = new Set(net.edgeWay);
    expect(table.map((_, i) => kept.has(100 + i))).toEqual(table.map(([, walk]) => walk));
  });

  it('flags steps; walks a kept way in one direction only under oneway:foot, whatever vehicle oneway says', () => {
    expect(rules.evaluate({ highway: 'steps' })).toEqual({
      rule: 13,
      steps: true,
      flags: EDGE_STEPS,
      area: false,
      oneway: 0,
    });
    expect(rules.evaluate({ highway: 'residential', oneway: 'yes' })).toEqual({
      rule: 13,
      steps: false,
      flags: 0,
      area: false,
      oneway: 0,
    });
    for (const v of ['yes', '1', 'true'])
      expect(rules.evaluate({ highway: 'footway', 'oneway:foot': v })?.oneway).toBe(1);
    for (const v of ['-1', 'reverse'])
      expect(rules.evaluate({ highway: 'footway', 'oneway:foot': v })?.oneway).toBe(-1);
    expect(rules.evaluate({ highway: 'footway', 'oneway:foot': 'no' })?.oneway).toBe(0);
    expect(rules.evaluate({ highway: 'pedestrian', area: 'yes' })?.area).toBe(true);
  });

  it('records which rule admitted each edge, by its number and the first sentence of its why', async () => {
    // a street (the general rule) and a private compound road opened to walkers by foot=yes (the permission rule)
    const { net, map } = await drawnNetwork({
      map: `
        a---b---c
      `,
      ways: [
        ['ab', { highway: 'residential' }],
        ['bc', { highway: 'service', access: 'private', foot: 'yes' }],
      ],
    });
    const names = net.meta.walkRuleNames;
    expect(names[0]).toBe('');
    expect(names).toHaveLength(rules.rules.length + 1);
    const ruleOf = (way: string) =>
      names[net.edgeRule[Array.from(net.edgeWay).findIndex((w) => map.wayName(w) === way)]];
    expect(ruleOf('ab')).toBe('13: Streets and paths people walk on.');
    expect(ruleOf('bc')).toBe('10: Explicit permission for pedestrians outweighs general access restrictions below.');
  });

  it("every key the rules read is listed in rules.keys (a way's other tags cannot change the decision)", () => {
    for (const [tags, walk] of table) {
      const only: Record<string, string> = {};
      for (const [k, v] of Object.entries(tags)) if (rules.keys.has(k)) only[k] = v;
      expect(rules.evaluate(only) !== null).toBe(walk);
    }
  });
});

describe('walking rules in the built network', () => {
  it('flags steps, ignores vehicle oneway and respects oneway:foot', async () => {
    const { net, map } = await drawnNetwork({
      map: `
        a---------b---------c---------d
      `,
      ways: [
        ['ab', { highway: 'steps' }],
        ['bc', { highway: 'residential', oneway: 'yes' }],
        ['cd', { highway: 'footway', 'oneway:foot': 'yes' }],
      ],
    });
    const [steps] = edgesOf(net, map.wayId(0));
    expect(net.edgeFlags[steps] & EDGE_STEPS).toBe(EDGE_STEPS);
    const csr = buildCsr(net);
    // graph nodes 0..3 are a..d
    expect(Array.from(net.nodeOsmId)).toEqual(['a', 'b', 'c', 'd'].map(map.nodeId));
    const out = (i: number) => Array.from(csr.head.subarray(csr.off[i], csr.off[i + 1])).sort();
    expect(out(1)).toEqual([0, 2]); // vehicle oneway on b-c is ignored: both directions walkable
    expect(out(2)).toEqual([1, 3]); // c -> d allowed by oneway:foot=yes
    expect(out(3)).toEqual([]); // d -> c not allowed
    const rev = buildCsr(net, true);
    expect(Array.from(rev.head.subarray(rev.off[3], rev.off[4]))).toEqual([2]); // reverse graph: into d only from c
    expect(Array.from(rev.head.subarray(rev.off[2], rev.off[3])).sort()).toEqual([1]); // into c: from b only (not from d)
  });

  it('walks a pedestrian area along its outline', async () => {
    const { net, map } = await drawnNetwork({
      map: `
                d-----c
                |     |
                |     |
                |     |
                |     |
                |     |
        e-------a-----b
      `,
      ways: [
        ['abcda', { highway: 'pedestrian', area: 'yes' }],
        ['ea', { highway: 'residential' }],
      ],
    });
    const [area] = edgesOf(net, map.wayId(0));
    expect(net.edgeFlags[area] & EDGE_AREA).toBe(EDGE_AREA);
    expect(net.edgeLen[area]).toBeGreaterThan(239); // 60 + 60 + 60 + 60 m
    expect(net.edgeLen[area]).toBeLessThan(241);
  });

  it('walks a multipolygon pedestrian area also when features are not built (route, isochrones from an OSM file)', async () => {
    const plaza: Fixture = {
      nodes: [n(1, 0, 0), n(2, 100, 0), n(3, 100, 100), n(4, 0, 100), n(5, 500, 0), n(6, 600, 0)],
      ways: [
        [100, [1, 2, 3, 4, 1], {}],
        [101, [5, 6], { highway: 'footway' }],
      ],
      relations: [[200, [['way', 100, 'outer']], { type: 'multipolygon', highway: 'pedestrian' }]],
    };
    const withFeatures = await build(plaza);
    const without = await networkFromOsm(writeFixture(plaza), { features: false });
    expect(withFeatures.edgeCount).toBe(2);
    expect(Array.from(without.edgeWay)).toEqual(Array.from(withFeatures.edgeWay));
    expect(Array.from(without.edgeLen)).toEqual(Array.from(withFeatures.edgeLen));
  });

  it('an outline shared by two pedestrian areas (or listed twice) is walked once', async () => {
    const net = await build({
      nodes: [n(1, 0, 0), n(2, 100, 0), n(3, 100, 100), n(4, 0, 100), n(7, 200, 0), n(8, 200, 100), n(9, 100, 50)],
      ways: [
        [100, [2, 9, 3], {}], // the shared side, with a middle vertex
        [101, [3, 4, 1, 2], {}],
        [102, [2, 7, 8, 3], {}],
      ],
      relations: [
        [
          200,
          [
            ['way', 100, 'outer'],
            ['way', 101, 'outer'],
          ],
          { type: 'multipolygon', highway: 'pedestrian' },
        ],
        [
          201,
          [
            ['way', 100, 'outer'],
            ['way', 102, 'outer'],
            ['way', 102, 'outer'],
          ],
          { type: 'multipolygon', highway: 'pedestrian' },
        ],
      ],
    });
    expect(Array.from(net.edgeWay).sort()).toEqual([100, 101, 102]);
    expect(net.nodeCount).toBe(2); // nodes 2 and 3; 9 stays a vertex of the shared side
    const total = Array.from(net.edgeLen).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(699); // 100 + 300 + 300 m: the shared side once
    expect(total).toBeLessThan(701);
  });

  it('a way ending in a repeated node gets no duplicated last vertex', async () => {
    const net = await build({
      nodes: [n(1, 0, 0), n(2, 100, 0), n(3, 200, 0), n(4, 0, 50), n(5, 100, 50), n(6, 200, 50), n(7, 100, 100)],
      ways: [
        [100, [1, 2, 2, 3], { highway: 'footway' }],
        [101, [4, 5, 6, 6], { highway: 'footway' }],
        [102, [5, 7, 7], { highway: 'footway' }], // splits 101 at 5, then ends in a repeat
      ],
    });
    const vertsOf = (way: number) =>
      Array.from(net.edgeWay)
        .map((w, e) => [w, net.geomOff[e + 1] - net.geomOff[e]] as const)
        .filter(([w]) => w === way)
        .map(([, v]) => v);
    expect(vertsOf(100)).toEqual([3]);
    expect(vertsOf(101)).toEqual([2, 2]);
    expect(vertsOf(102)).toEqual([2]);
    expect(net.geomOff[net.edgeCount]).toBe(net.geomLon.length);
  });

  it('keeps tagged points and areas with their entrances, and residential buildings', async () => {
    const net = await build({
      nodes: [
        n(1, 0, 0),
        n(2, 100, 0),
        n(3, 100, 100),
        n(4, 0, 100),
        n(5, 50, 0, { barrier: 'gate' }),
        n(6, 30, 30, { amenity: 'kindergarten', name: '阳光幼儿园' }),
        n(7, 200, 0),
        n(8, 210, 0),
        n(9, 210, 10),
        n(11, 200, 10),
      ],
      ways: [
        [20, [1, 5, 2, 3, 4, 1], { landuse: 'residential', name: '平安小区' }],
        [21, [5, 7], { highway: 'footway' }],
        [22, [7, 8, 9, 11, 7], { building: 'apartments', 'building:levels': '6' }],
      ],
    });
    const feats = net.features().tagged.features;
    const kg = feats.find((f) => f.properties!.tags.amenity === 'kindergarten')!;
    expect(kg.geometry.type).toBe('Point');
    const res = feats.find((f) => f.properties!.tags.landuse === 'residential')!;
    expect(res.geometry.type).toBe('Polygon');
    expect(res.properties!.entrances).toEqual([[expect.closeTo(at(50, 0)[0], 7), expect.closeTo(at(50, 0)[1], 7), 5]]);
    const b = net.buildings;
    expect(b.count).toBe(1);
    expect(b.area[0]).toBeGreaterThan(90); // ~10 m x 10 m footprint
    expect(b.area[0]).toBeLessThan(110);
    expect(b.levels[0]).toBe(6);
    expect(b.explicit[0]).toBe(1);
    expect(b.lon[0]).toBeCloseTo(at(205, 5)[0], 6);
    expect(net.meta.stats.residentialAreas).toBe(1);
  });
});
