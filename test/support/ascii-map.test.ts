/** The drawn-map helper reads a drawing the way a reader does. */
import { describe, expect, it } from 'vitest';
import { drawMap, mapPlaces } from './ascii-map.js';

describe('ascii maps', () => {
  it('places letters and digits on a grid of gridM metres, x east and y north', () => {
    const p = mapPlaces(
      `
        a--b
        |
        c  1
      `,
      10,
    );
    expect(Object.fromEntries(p)).toEqual({ a: [0, 0], b: [30, 0], c: [0, -20], 1: [30, -20] });
    expect(mapPlaces('a-b\nc', 5, 'c').get('b')).toEqual([10, 5]);
  });

  it('letters become OSM nodes (a = 1), digits do not; ways and relations get ids from 101 and 201', () => {
    const d = drawMap({
      map: 'a-b-c 1',
      ways: [
        ['abc', { highway: 'footway' }],
        ['ca', {}],
      ],
      nodeTags: { b: { barrier: 'gate' } },
      relations: [[[[1, 'outer']], { type: 'multipolygon' }]],
    });
    expect(d.fixture.nodes.map((n) => n[0])).toEqual([1, 2, 3]);
    expect(d.fixture.nodes[1][3]).toEqual({ barrier: 'gate' });
    expect(d.fixture.ways).toEqual([
      [101, [1, 2, 3], { highway: 'footway' }],
      [102, [3, 1], {}],
    ]);
    expect(d.fixture.relations).toEqual([[201, [['way', 102, 'outer']], { type: 'multipolygon' }]]);
    expect(d.wayName(101)).toBe('abc');
    expect(d.xy('1')).toEqual([60, 0]);
  });

  it('refuses a place drawn twice, a way through a node not drawn, and tags on a missing node', () => {
    expect(() => mapPlaces('a-a')).toThrow(/'a' is drawn twice/);
    expect(() => drawMap({ map: 'a-b', ways: [['abz', {}]] })).toThrow(/no node 'z'/);
    expect(() => drawMap({ map: 'a-b', ways: [], nodeTags: { q: {} } })).toThrow(/no node 'q'/);
  });
});
