/**
 * The batch forms used for a community's residents and gap grid give, to the bit, what the
 * per-point functions give: AreaSnapper vs snapPoint, PolygonIndex.rowContains vs containsXY,
 * gridBoundaryDistances vs boundaryDistanceXY. On the sample town and on a real extract (dense
 * old-town streets, steps, fragments), with points on, near and far from the network.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { metresPerDegree } from '../../src/geo/geodesy.js';
import { PolygonIndex } from '../../src/geo/polygon-index.js';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { AreaSnapper } from '../../src/snap/area-snapper.js';
import { snapPoint } from '../../src/snap/snap.js';
import { HAS_SHARED, real } from '../support/env.js';
import { TOWN, townLonLat } from '../support/sample-town.js';
import { lcg } from '../support/rng.js';

function compare(net: WalkNetwork, box: [number, number, number, number], n: number, opts = {}): number {
  const snapper = new AreaSnapper(net, box, opts);
  const rnd = lcg(7);
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  let snapped = 0;
  for (let k = 0; k < n; k++) {
    // some points outside the box too (they take snapPoint's own path)
    const lon = box[0] - 0.1 * w + 1.2 * w * rnd();
    const lat = box[1] - 0.1 * h + 1.2 * h * rnd();
    const want = snapPoint(net, lon, lat, opts);
    const got = snapper.snap(lon, lat);
    expect(got).toEqual(want.ok ? want.snap : null);
    if (got) snapped++;
  }
  // network vertices themselves: distance 0, ties between the segments that meet there
  for (let v = 0; v < net.geomLon.length; v += 97) {
    const lon = net.geomLon[v];
    const lat = net.geomLat[v];
    if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) continue;
    const want = snapPoint(net, lon, lat, opts);
    expect(snapper.snap(lon, lat)).toEqual(want.ok ? want.snap : null);
  }
  return snapped;
}

describe('AreaSnapper gives snapPoint’s answers', () => {
  let town: WalkNetwork;
  beforeAll(async () => {
    town = await networkFromOsm(TOWN);
  });

  it('on the sample town, with the default and with tight options', () => {
    const [x0, y0] = townLonLat(-300, -300);
    const [x1, y1] = townLonLat(2300, 2300);
    expect(compare(town, [x0, y0, x1, y1], 3000)).toBeGreaterThan(1000);
    compare(town, [x0, y0, x1, y1], 1500, { maxSnapM: 25, minComponent: 50 });
    compare(town, [x0, y0, x1, y1], 500, { maxSnapM: 500, minComponent: 1 });
  });

  it.skipIf(!HAS_SHARED)('on a real extract (Monaco)', async () => {
    const net = await networkFromOsm(real('ext-monaco-pbf/monaco.osm.pbf'));
    const [a, b, c, d] = net.meta.bbox;
    const mx = (a + c) / 2;
    const my = (b + d) / 2;
    const { kx, ky } = metresPerDegree(my);
    // a 1.2 km square in the middle and a thin one across the edge of the extract
    expect(compare(net, [mx - 600 / kx, my - 600 / ky, mx + 600 / kx, my + 600 / ky], 4000)).toBeGreaterThan(2000);
    compare(net, [a - 300 / kx, my - 100 / ky, a + 900 / kx, my + 100 / ky], 1000, { maxSnapM: 60 });
  });
});

describe('PolygonIndex grid forms', () => {
  it('rowContains and gridBoundaryDistances equal containsXY and boundaryDistanceXY at every grid point', () => {
    // a concave polygon with a hole and a second part, vertices on and off the grid lines
    const [ox, oy] = [113.04, 23.67];
    const { kx, ky } = metresPerDegree(oy);
    const p = (x: number, y: number) => [ox + x / kx, oy + y / ky];
    const poly: Polygon = {
      type: 'Polygon',
      coordinates: [
        [p(0, 0), p(400, 0), p(400, 300), p(200, 120), p(120, 300), p(0, 300), p(0, 0)],
        [p(50, 50), p(50, 100.5), p(100, 100), p(100, 50), p(50, 50)],
      ],
    };
    const pi = new PolygonIndex(poly);
    const [bx0, by0, bx1, by1] = pi.bbox;
    for (const r of [10, 7.3]) {
      const x0 = bx0 - 2 * r;
      const y0 = by0 - 2 * r;
      const w = Math.ceil((bx1 - bx0) / r) + 5;
      const h = Math.ceil((by1 - by0) / r) + 5;
      const near = pi.gridBoundaryDistances(x0, y0, r, w, h, 2 * r);
      let inside = 0;
      for (let j = 0; j < h; j++) {
        const y = y0 + j * r;
        const contains = pi.rowContains(y);
        for (let i = 0; i < w; i++) {
          const x = x0 + i * r;
          expect(contains(x)).toBe(pi.containsXY(x, y));
          expect(near[i + j * w]).toBe(pi.boundaryDistanceXY(x, y, 2 * r));
          if (contains(x)) inside++;
        }
      }
      expect(inside).toBeGreaterThan(100);
    }
  });
});
