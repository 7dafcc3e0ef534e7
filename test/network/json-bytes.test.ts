import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import { type FeaturesBytes, FeaturesJson } from '../../src/network/features-json.js';
import {
  emitNetwork,
  jsonChunks,
  loadNetworkFile,
  serializeNetwork,
  serializeNetworkParts,
} from '../../src/network/network-file.js';
import { tmp } from '../support/env.js';
import { TOWN } from '../support/sample-town.js';

function manyFeatures(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: {
      osm_type: 'node',
      osm_id: i * 1e9,
      tags: { name: `社区卫生服务中心 ${i} São Paulo "q" \\ \n`, x: undefined },
    },
    geometry: { type: 'Point', coordinates: [113.1234567 + i * 1e-7, 23.7654321] },
  }));
}

describe('jsonChunks (the features section, built feature by feature)', () => {
  it('gives exactly the bytes of JSON.stringify, past the 1 MB batches, with non-Latin text and skipped values', () => {
    const features = manyFeatures(30_000);
    const value = { tagged: { type: 'FeatureCollection', features, skip: undefined }, list: [1, undefined, null, 'a'] };
    // the batches as they are (the network file writes them one after the other, never joined)
    const chunks = jsonChunks(value);
    expect(chunks.length).toBeGreaterThan(2);
    expect(Buffer.concat(chunks).equals(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(true);
    expect(Buffer.concat(jsonChunks({ tagged: { type: 'FeatureCollection', features: [] } })).toString()).toBe(
      '{"tagged":{"type":"FeatureCollection","features":[]}}',
    );
  });

  it('a features section of several batches is written batch by batch and reads back whole', async () => {
    const net = await networkFromOsm(TOWN);
    const extra = manyFeatures(20_000);
    const tagged = net.features().tagged;
    const big = { tagged: { ...tagged, features: [...tagged.features, ...(extra as typeof tagged.features)] } };
    const parts = serializeNetworkParts({ ...net, features: () => big });
    expect(parts.some((p) => p.byteLength >= 1 << 20)).toBe(true); // the batches are parts of their own
    const p = join(tmp(), 'big-features.lcnet');
    writeFileSync(p, Buffer.concat(parts));
    expect(JSON.stringify(loadNetworkFile(p).features())).toBe(JSON.stringify(big));
  });
});

describe('FeaturesJson (the features section written to a spill file as prepare builds the features)', () => {
  const all = (b: FeaturesBytes) => {
    const pieces: Uint8Array[] = [];
    b.forEach((p) => pieces.push(p));
    return { pieces, bytes: Buffer.concat(pieces) };
  };

  it('gives the bytes of jsonChunks over the same features, in pieces past the batches', () => {
    const features = manyFeatures(30_000).map(({ properties: { tags, ...p }, ...f }) => ({
      ...f,
      properties: { ...p, tags: { name: tags.name } },
    }));
    const w = new FeaturesJson();
    for (const f of features) w.add(f as never);
    const section = w.finish();
    const { pieces, bytes } = all(section);
    expect(pieces.length).toBeGreaterThan(2);
    expect(bytes.length).toBe(section.byteLength);
    const value = { tagged: { type: 'FeatureCollection', features } };
    expect(bytes.equals(Buffer.concat(jsonChunks(value)))).toBe(true);
    expect(all(section).bytes.equals(bytes)).toBe(true); // read again: the same
    expect(all(new FeaturesJson().finish()).bytes.toString()).toBe(
      '{"tagged":{"type":"FeatureCollection","features":[]}}',
    );
  });

  it('a network built with featuresJson writes the same file (parts or emitted) and gives the same features', async () => {
    const asObjects = await networkFromOsm(TOWN);
    const asJson = await networkFromOsm(TOWN, { featuresJson: true });
    expect(asJson.featuresJson?.byteLength).toBeGreaterThan(0);
    const file = serializeNetwork(asObjects);
    expect(serializeNetwork(asJson).equals(file)).toBe(true);
    const emitted: Uint8Array[] = [];
    expect(emitNetwork(asJson, (p) => emitted.push(p))).toBe(file.length);
    expect(Buffer.concat(emitted).equals(file)).toBe(true);
    const copied: Uint8Array[] = []; // reuse: each piece copied before the next overwrites it
    emitNetwork(asJson, (p) => copied.push(p.slice()), true);
    expect(Buffer.concat(copied).equals(file)).toBe(true);
    expect(asJson.features()).toEqual(asObjects.features());
  });
});
