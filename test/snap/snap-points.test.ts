/**
 * snapPoints (a few points by scanning the segments, no edge index) gives snapPoint's answers to
 * the bit, failures included: on the sample town and a real extract, points on, near and far from
 * the network, network vertices (ties between the segments meeting there), and tight options.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { builtEdgeIndex } from '../../src/snap/edge-index.js';
import { snapPoint, snapPoints } from '../../src/snap/snap.js';
import { HAS_SHARED, real } from '../support/env.js';
import { TOWN, townLonLat } from '../support/sample-town.js';
import { lcg } from '../support/rng.js';

function compare(net: WalkNetwork, box: [number, number, number, number], n: number, opts = {}): number {
  const rnd = lcg(11);
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const pts: [number, number][] = [];
  for (let k = 0; k < n; k++) pts.push([box[0] - 0.2 * w + 1.4 * w * rnd(), box[1] - 0.2 * h + 1.4 * h * rnd()]);
  for (let v = 0; v < net.geomLon.length; v += 53) pts.push([net.geomLon[v], net.geomLat[v]]);
  pts.push([Number.NaN, box[1]]);
  // a copy of the network object has no edge index yet, so snapPoints scans (a point it cannot
  // snap goes to snapPoint, which builds one for its reason)
  const got = snapPoints({ ...net }, pts, opts);
  let ok = 0;
  pts.forEach(([lon, lat], i) => {
    const want = snapPoint(net, lon, lat, opts);
    expect(got[i]).toEqual(want);
    if (want.ok) ok++;
  });
  return ok;
}

describe('snapPoints gives snapPoint’s answers', () => {
  let town: WalkNetwork;
  beforeAll(async () => {
    town = await networkFromOsm(TOWN);
  });

  it('on the sample town, with the default and with tight options', () => {
    const [x0, y0] = townLonLat(-300, -300);
    const [x1, y1] = townLonLat(2300, 2300);
    expect(compare(town, [x0, y0, x1, y1], 400)).toBeGreaterThan(100);
    compare(town, [x0, y0, x1, y1], 300, { maxSnapM: 25, minComponent: 50 });
    compare(town, [x0, y0, x1, y1], 200, { maxSnapM: 500, minComponent: 1 });
  });

  it.skipIf(!HAS_SHARED)('on a real extract (Monaco)', async () => {
    const net = await networkFromOsm(real('ext-monaco-pbf/monaco.osm.pbf'));
    const [x0, y0, x1, y1] = net.meta.bbox;
    expect(compare(net, [x0, y0, x1, y1], 300)).toBeGreaterThan(100);
    compare(net, [x0, y0, x1, y1], 200, { maxSnapM: 10, minComponent: 200 });
  });

  it('builds no edge index when every point snaps', () => {
    const fresh = { ...town };
    const pts: [number, number][] = [townLonLat(500, 500), townLonLat(1200, 900)];
    const got = snapPoints(fresh, pts);
    expect(builtEdgeIndex(fresh)).toBeUndefined();
    expect(got).toEqual(pts.map(([lon, lat]) => snapPoint(town, lon, lat)));
    expect(got.every((r) => r.ok)).toBe(true);
  });

  it('uses the edge index once one exists', () => {
    const fresh = { ...town };
    const [lon, lat] = townLonLat(500, 500);
    snapPoint(fresh, lon, lat);
    expect(builtEdgeIndex(fresh)).toBeDefined();
    expect(snapPoints(fresh, [[lon, lat]])).toEqual([snapPoint(fresh, lon, lat)]);
  });
});
