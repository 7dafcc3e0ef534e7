/** Every real extract builds a network whose structure holds together (geometry, endpoints, lengths). */
import { describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import { serializeNetwork, loadNetworkFile } from '../../src/network/network-file.js';
import { networkProblems } from '../../src/network/validate.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAS_SHARED, REAL_OSM_FILES, real, tmp } from '../support/env.js';
import { TOWN } from '../support/sample-town.js';

describe('network invariants on the sample town', () => {
  it('holds together, and survives a round trip through the network file', async () => {
    const net = await networkFromOsm(TOWN);
    expect(networkProblems(net)).toEqual([]);
    const p = join(tmp(), 'town.lcnet');
    writeFileSync(p, serializeNetwork(net));
    const back = loadNetworkFile(p);
    expect(networkProblems(back)).toEqual([]);
    expect(Array.from(back.edgeLen)).toEqual(Array.from(net.edgeLen));
    expect(Array.from(back.geomLon)).toEqual(Array.from(net.geomLon));
    expect(back.features()).toEqual(net.features());
    expect(back.buildings.count).toBe(net.buildings.count);
  });
});

(HAS_SHARED ? describe : describe.skip)('network invariants on ../shared/data/real', () => {
  it.each(REAL_OSM_FILES)('%s', async (rel) => {
    const net = await networkFromOsm(real(rel));
    expect(networkProblems(net)).toEqual([]);
    expect(net.edgeCount).toBeGreaterThan(0);
  });
});

describe('network file of a tiny network (empty sections)', () => {
  it('round-trips with its checksum intact', async () => {
    const { at, writeFixture } = await import('../support/osm-fixture.js');
    const net = await networkFromOsm(
      writeFixture({
        nodes: [
          [1, ...at(0, 0)],
          [2, ...at(0, 100)],
        ],
        ways: [[10, [1, 2], { highway: 'residential' }]],
      }),
    );
    expect(net.buildings.count).toBe(0);
    const p = join(tmp(), 'tiny.lcnet');
    writeFileSync(p, serializeNetwork(net));
    expect(loadNetworkFile(p).edgeCount).toBe(1);
  });
});
