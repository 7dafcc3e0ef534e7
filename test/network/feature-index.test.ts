/**
 * The feature indexes `prepare` stores (entrances, residential areas, buildings) against a plain
 * scan of the features, on the sample town, after a round trip through the network file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import { buildingsWithin, entrancesWithin, pointIdsWithin, residentialAreas } from '../../src/network/feature-index.js';
import { loadFeatureRules } from '../../src/network/feature-rules.js';
import { loadNetworkFile, NETWORK_FORMAT_VERSION, serializeNetwork } from '../../src/network/network-file.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { tmp } from '../support/env.js';
import { TOWN } from '../support/sample-town.js';

let built: WalkNetwork;
let loaded: WalkNetwork;
beforeAll(async () => {
  built = await networkFromOsm(TOWN);
  const p = join(tmp(), 'town.lcnet');
  writeFileSync(p, serializeNetwork(built));
  loaded = loadNetworkFile(p);
});

type Props = { osm_type: string; osm_id: number; tags: Record<string, string> };

describe('feature indexes', () => {
  it('entrances are the tagged points the feature rules call entrances, in feature order', () => {
    const rules = loadFeatureRules();
    const scan = built
      .features()
      .tagged.features.filter((f) => f.geometry.type === 'Point' && rules.isEntrance((f.properties as Props).tags));
    expect(scan.length).toBe(3); // the sample town maps three gates
    for (const net of [built, loaded]) {
      expect(net.entrances.count).toBe(scan.length);
      expect(Array.from(net.entrances.osmId)).toEqual(scan.map((f) => (f.properties as Props).osm_id));
      expect(Array.from(net.entrances.lon)).toEqual(
        scan.map((f) => (f.geometry as { coordinates: number[] }).coordinates[0]),
      );
    }
  });

  it('residential areas are the polygons the feature rules call residential', () => {
    const scan = built
      .features()
      .tagged.features.filter(
        (f) =>
          (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') &&
          loadFeatureRules().isResidentialArea((f.properties as Props).tags),
      );
    expect(scan.length).toBeGreaterThan(1);
    for (const net of [built, loaded]) {
      expect(residentialAreas(net)).toEqual(scan);
      expect(net.meta.stats.residentialAreas).toBe(scan.length);
    }
  });

  it('box queries return what a scan of every point returns, ascending', () => {
    const [x0, y0, x1, y1] = built.meta.bbox;
    const boxes: [number, number, number, number][] = [
      [x0, y0, x1, y1],
      [x0, y0, (x0 + x1) / 2, (y0 + y1) / 2],
      [(x0 + x1) / 2, (y0 + y1) / 3, x1, y1],
      [x1 + 1, y1 + 1, x1 + 2, y1 + 2],
    ];
    const scan = (lon: Float64Array, lat: Float64Array, [a, b, c, d]: number[]) =>
      Array.from(lon.keys()).filter((i) => lon[i] >= a && lon[i] <= c && lat[i] >= b && lat[i] <= d);
    for (const net of [built, loaded])
      for (const box of boxes) {
        expect(entrancesWithin(net, ...box)).toEqual(scan(net.entrances.lon, net.entrances.lat, box));
        expect(buildingsWithin(net, ...box)).toEqual(scan(net.buildings.lon, net.buildings.lat, box));
        const { lon, lat } = net.buildings;
        expect(Array.from(pointIdsWithin(lon, lat, ...box))).toEqual(scan(lon, lat, box));
      }
    expect(buildingsWithin(built, x0, y0, x1, y1).length).toBe(built.buildings.count);
  });

  it('a network built without features has none to find', async () => {
    const net = await networkFromOsm(TOWN, { features: false });
    const [x0, y0, x1, y1] = net.meta.bbox;
    expect(entrancesWithin(net, x0, y0, x1, y1)).toEqual([]);
    expect(buildingsWithin(net, x0, y0, x1, y1)).toEqual([]);
    expect(pointIdsWithin(net.buildings.lon, net.buildings.lat, x0, y0, x1, y1).length).toBe(0);
    expect(residentialAreas(net)).toEqual([]);
    expect(net.meta.featureRulesHash).toBeUndefined();
  });

  it('network files of the format before the indexes are refused with what to do', () => {
    const bytes = serializeNetwork(built);
    bytes.writeUInt32LE(NETWORK_FORMAT_VERSION - 1, 8);
    const p = join(tmp(), 'old.lcnet');
    writeFileSync(p, bytes);
    expect(() => loadNetworkFile(p)).toThrow(
      `network file format ${NETWORK_FORMAT_VERSION - 1}, this lifecircle reads format ${NETWORK_FORMAT_VERSION}; run 'lifecircle prepare' on the OSM file again`,
    );
  });
});
