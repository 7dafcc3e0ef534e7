import { describe, expect, it } from 'vitest';
import { jsonBytes } from '../../src/network/network-file.js';

describe('jsonBytes (the features section, built feature by feature)', () => {
  it('gives exactly the bytes of JSON.stringify, past the 1 MB batches, with non-Latin text and skipped values', () => {
    const features = Array.from({ length: 30_000 }, (_, i) => ({
      type: 'Feature',
      properties: {
        osm_type: 'node',
        osm_id: i * 1e9,
        tags: { name: `社区卫生服务中心 ${i} São Paulo "q" \\ \n`, x: undefined },
      },
      geometry: { type: 'Point', coordinates: [113.1234567 + i * 1e-7, 23.7654321] },
    }));
    const value = { tagged: { type: 'FeatureCollection', features, skip: undefined }, list: [1, undefined, null, 'a'] };
    expect(jsonBytes(value).equals(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(true);
    expect(jsonBytes({ tagged: { type: 'FeatureCollection', features: [] } }).toString()).toBe(
      '{"tagged":{"type":"FeatureCollection","features":[]}}',
    );
  });
});
