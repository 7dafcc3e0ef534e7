import { describe, expect, it } from 'vitest';
import type { Facility } from '../../src/facilities/facility.js';
import { buildInventory } from '../../src/facilities/inventory.js';
import { loadProfile } from '../../src/profiles/load-profile.js';

const profile = loadProfile('complete-community-2020');
// metres east of a point in Qingyuan -> lon/lat
const at = (east: number, north = 0): [number, number] => [113.05 + east / 101_950, 23.68 + north / 110_760];
const fac = (
  source: 'osm' | 'list',
  id: string,
  category: string,
  east: number,
  north = 0,
  extra: Partial<Facility> = {},
): Facility => ({
  key: source === 'osm' ? `osm:node/${id}:${category}` : `list:a.csv:${id}:${category}`,
  category,
  source,
  sourceId: id,
  name: null,
  points: [at(east, north)],
  pointKind: 'point',
  floorAreaM2: null,
  merged: [],
  ...extra,
});

describe('facility inventory: merging OSM and lists', () => {
  it('merges the same category from different sources within 50 m, and nothing else', () => {
    const osm = [
      fac('osm', '1', 'kindergarten', 0, 0, { name: '阳光幼儿园' }),
      fac('osm', '2', 'kindergarten', 1000),
      fac('osm', '3', 'pharmacy', 0, 20),
    ];
    const list = [
      fac('list', '10', 'kindergarten', 30, 0, { floorAreaM2: 2400 }), // 30 m from OSM 1: merged
      fac('list', '11', 'kindergarten', 1080), // 80 m from OSM 2: kept apart
      fac('list', '12', 'supermarket', 10), // other category: kept
      fac('list', '13', 'pharmacy', 0, 60), // 40 m from OSM 3: merged
    ];
    const inv = buildInventory(profile, [osm, list]);
    expect(inv.merged).toBe(2);
    expect(inv.facilities).toHaveLength(5);
    const k1 = inv.facilities.find((f) => f.sourceId === '1')!;
    expect(k1).toMatchObject({
      source: 'osm+list',
      name: '阳光幼儿园',
      floorAreaM2: 2400,
      merged: ['list:a.csv:10:kindergarten'],
    });
    expect(inv.counts.kindergarten).toEqual({ osm: 1, list: 1, merged: 1, total: 3 });
    expect(inv.counts.pharmacy).toEqual({ osm: 0, list: 0, merged: 1, total: 1 });
  });

  it('never merges two facilities of one source (two kindergartens 20 m apart in OSM stay two)', () => {
    const inv = buildInventory(profile, [[fac('osm', '1', 'kindergarten', 0), fac('osm', '2', 'kindergarten', 20)]]);
    expect(inv.facilities).toHaveLength(2);
    expect(inv.merged).toBe(0);
  });

  it('an area reached through several entrances merges when any entrance is close', () => {
    const park = { ...fac('osm', '5', 'public_green', 0), points: [at(0), at(400)] };
    const inv = buildInventory(profile, [[park], [fac('list', '20', 'public_green', 420)]]);
    expect(inv.facilities).toHaveLength(1);
    expect(inv.facilities[0].source).toBe('osm+list');
  });
});

describe('facility inventory: merging edge cases', () => {
  it('twins 45 m apart merge wherever they lie (north-south offsets in Beijing, Shanghai, Qingyuan)', () => {
    for (const [lon0, lat0] of [
      [116.4, 39.9],
      [121.47, 31.23],
      [113.05, 23.68],
    ]) {
      for (let k = 0; k < 100; k++) {
        const lon = lon0 + k * 0.000137;
        const lat = lat0 + k * 0.000113;
        const { kx, ky } = { kx: 111_320 * Math.cos((lat * Math.PI) / 180), ky: 110_900 };
        const a: Facility = {
          key: 'osm:node/1:kindergarten',
          category: 'kindergarten',
          source: 'osm',
          sourceId: '1',
          name: null,
          points: [[lon, lat]],
          pointKind: 'point',
          floorAreaM2: null,
          merged: [],
        };
        const b: Facility = {
          ...a,
          key: 'list:a.csv:2:kindergarten',
          source: 'list',
          sourceId: '2',
          points: [[lon - 20 / kx, lat + 40 / ky]],
        };
        expect(buildInventory(profile, [[a], [b]]).merged, `${lon},${lat}`).toBe(1);
      }
    }
  });

  it('two list rows either side of one OSM facility: only one merges (one-to-one)', () => {
    const inv = buildInventory(profile, [
      [fac('osm', '1', 'kindergarten', 0)],
      [fac('list', '10', 'kindergarten', -40), fac('list', '11', 'kindergarten', 40)],
    ]);
    expect(inv.merged).toBe(1);
    expect(inv.facilities).toHaveLength(2);
  });
});
