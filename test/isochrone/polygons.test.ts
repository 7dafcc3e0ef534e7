/**
 * Polygon quality on the synthetic sample town (data/sample/town.osm): reached network inside its
 * band, nothing farther than corridor + resolution from the reached network, nesting, validity,
 * the walled compound as a hole, and the river crossed only at its bridge.
 */
import * as turf from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { metresPerDegree, segmentLength } from '../../src/geo/geodesy.js';
import { polygonsGeometry } from '../../src/io/geojson.js';
import { networkFromOsm } from '../../src/network/build.js';
import { buildCsr } from '../../src/network/csr.js';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, type WalkNetwork } from '../../src/network/types.js';
import { IsochroneEngine, type BandResult } from '../../src/isochrone/engine.js';
import { snapPoint } from '../../src/snap/snap.js';
import { sourceSeeds } from '../../src/snap/snapped-point.js';
import { TOWN, townLonLat } from '../support/sample-town.js';

// metres east/north of the sample town's origin -> lon/lat (as scripts/make-sample.mjs)
const CORRIDOR = 50;
const RES = 10;
const BUDGETS = [300, 500, 1000];

let net: WalkNetwork;
let engine: IsochroneEngine;

function iso(lon: number, lat: number): { bands: BandResult[]; reached: (budget: number) => Position[] } {
  const s = snapPoint(net, lon, lat);
  if (!s.ok) throw new Error(s.reason);
  const bands = engine.compute([{ lon, lat, snap: s.snap }], sourceSeeds(net, s.snap));
  const dist = Float64Array.from(engine.dijkstra.dist);
  // every point of the network within a budget, sampled every metre (exact cut on partial edges)
  const reached = (budget: number) => {
    const pts: Position[] = [];
    for (let e = 0; e < net.edgeCount; e++) {
      const L = net.edgeLen[e];
      const f = net.edgeFlags[e];
      const du = f & EDGE_BACKWARD_ONLY ? Infinity : dist[net.edgeU[e]];
      const dv = f & EDGE_FORWARD_ONLY ? Infinity : dist[net.edgeV[e]];
      let acc = 0;
      for (let k = net.geomOff[e]; k + 1 < net.geomOff[e + 1]; k++) {
        const l = segmentLength(net.geomLon[k], net.geomLat[k], net.geomLon[k + 1], net.geomLat[k + 1]);
        const n = Math.max(1, Math.ceil(l));
        for (let i = 0; i <= n; i++) {
          const at = acc + (l * i) / n;
          let d = Math.min(du + at, dv + L - at);
          if (e === s.snap.edge) d = Math.min(d, s.snap.dist + Math.abs(at - s.snap.along));
          if (d <= budget)
            pts.push([
              net.geomLon[k] + ((net.geomLon[k + 1] - net.geomLon[k]) * i) / n,
              net.geomLat[k] + ((net.geomLat[k + 1] - net.geomLat[k]) * i) / n,
            ]);
        }
        acc += l;
      }
    }
    // the off-network leg from the origin to the snap point is walked too
    const n = Math.ceil(s.snap.dist);
    for (let i = 0; i <= n; i++)
      if ((s.snap.dist * i) / n <= budget)
        pts.push([lon + ((s.snap.lon - lon) * i) / n, lat + ((s.snap.lat - lat) * i) / n]);
    return pts;
  };
  return { bands, reached };
}

function feature(b: BandResult): Feature<Polygon | MultiPolygon> {
  return { type: 'Feature', properties: {}, geometry: polygonsGeometry(b.polygons) };
}

beforeAll(async () => {
  net = await networkFromOsm(TOWN);
  engine = new IsochroneEngine(net, buildCsr(net), { budgets: BUDGETS, corridorM: CORRIDOR, resolutionM: RES });
});

describe('isochrone polygons on the sample town', () => {
  const origins: [string, number, number][] = [
    ['south bank', 600, 820],
    ['beside the walled compound', 1950, 560],
    ['north side', 1300, 1500],
    ['bridge', 1500, 960],
  ];

  it.each(origins)('%s: reached network inside, nothing beyond corridor + resolution, nested, valid', (_name, x, y) => {
    const { bands, reached } = iso(...townLonLat(x, y));
    const { kx, ky } = metresPerDegree(23.68);
    for (let b = 0; b < BUDGETS.length; b++) {
      const f = feature(bands[b]);
      const pts = reached(BUDGETS[b]);
      expect(pts.length).toBeGreaterThan(10);
      // 1. every reached network point lies inside the band's polygon
      const outside = pts.filter((p) => !turf.booleanPointInPolygon(p, f));
      expect(outside.length, `band ${BUDGETS[b]}: ${outside.length} reached points outside`).toBe(0);
      // 2. no polygon vertex is farther than corridor + resolution from a reached network point
      const idx = new Flatbush(pts.length);
      for (const p of pts) idx.add(p[0] * kx, p[1] * ky, p[0] * kx, p[1] * ky);
      idx.finish();
      const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      let worst = 0;
      for (const ring of rings)
        for (const v of ring) {
          const [j] = idx.neighbors(v[0] * kx, v[1] * ky, 1);
          worst = Math.max(worst, Math.hypot(v[0] * kx - pts[j][0] * kx, v[1] * ky - pts[j][1] * ky));
        }
      expect(worst).toBeLessThanOrEqual(CORRIDOR + RES);
      expect(worst).toBeGreaterThan(CORRIDOR - RES); // the boundary is at the corridor, not inside it
      // 3. valid: no self-intersections
      expect(turf.kinks(f).features.length).toBe(0);
      // 4. nesting: each band lies within the next one
      if (b > 0) {
        const inner = feature(bands[b - 1]);
        const diff = turf.difference(turf.featureCollection([inner, f]));
        expect(diff ? turf.area(diff) : 0).toBeLessThan(1);
        expect(bands[b].areaM2).toBeGreaterThan(bands[b - 1].areaM2);
      }
    }
  });

  it('the walled compound that no street enters is a hole', () => {
    const { bands } = iso(...townLonLat(1950, 560));
    const f = feature(bands[2]);
    expect(turf.booleanPointInPolygon(townLonLat(1950, 360), f)).toBe(false); // compound centre
    expect(turf.booleanPointInPolygon(townLonLat(1950, 525), f)).toBe(true); // street along its north wall
    expect(turf.booleanPointInPolygon(townLonLat(1785, 360), f)).toBe(true); // street along its west wall
    const holes =
      f.geometry.type === 'Polygon'
        ? f.geometry.coordinates.length - 1
        : f.geometry.coordinates.reduce((s, p) => s + p.length - 1, 0);
    expect(holes).toBeGreaterThan(0);
  });

  it('the river is crossed only at its bridge', () => {
    // from the south bank, 1000 m: the north bank opposite is ~300 m away in a straight line but
    // 2 km on foot via the bridge at x = 1500
    const { bands } = iso(...townLonLat(600, 820));
    const f = feature(bands[2]);
    expect(turf.booleanPointInPolygon(townLonLat(600, 960), f)).toBe(false); // mid-river
    expect(turf.booleanPointInPolygon(townLonLat(600, 1110), f)).toBe(false); // north bank street opposite
    expect(turf.booleanPointInPolygon(townLonLat(1400, 865), f)).toBe(true); // along the south promenade, ~800 m
    // from the bridge's south end, the north bank is reached only through the bridge
    const fromBridge = iso(...townLonLat(1500, 820));
    const g = feature(fromBridge.bands[1]);
    expect(turf.booleanPointInPolygon(townLonLat(1500, 1110), g)).toBe(true);
    expect(turf.booleanPointInPolygon(townLonLat(1200, 960), g)).toBe(false); // river beside the bridge
  });

  it('an origin snapped off the network walks and counts its leg', () => {
    // 80 m south of the promenade, inside a block
    const [lon, lat] = townLonLat(1125, 735);
    const s = snapPoint(net, lon, lat);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.snap.dist).toBeGreaterThan(20);
    const { bands } = iso(lon, lat);
    expect(turf.booleanPointInPolygon([lon, lat], feature(bands[0]))).toBe(true);
  });
});
