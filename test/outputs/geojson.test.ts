/**
 * The GeoJSON writer builds each feature's properties and point geometry by hand; on random
 * tables it writes what JSON.stringify of a property object and of the geometry wrote (the writer
 * before), byte for byte, keys that an object would reorder included.
 */
import fc from 'fast-check';
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { collectChunks } from '../../src/io/chunks.js';
import { FEATURE_COLLECTION_TAIL, featureCollectionHead } from '../../src/io/geojson.js';
import { geojsonChunks } from '../../src/outputs/geojson.js';
import { type Dataset, gisValue, type Value } from '../../src/outputs/schema.js';

/** the writer before: an object per feature through JSON.stringify */
function before(d: Dataset): string {
  const features = d.rows.map((row, i) => {
    const properties: Record<string, unknown> = {};
    d.fields.forEach((f, k) => {
      properties[f.key] = gisValue(f, row[k]);
    });
    const g = d.geometries?.[i] ?? null;
    return `{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":${g ? JSON.stringify(g) : 'null'}}`;
  });
  return featureCollectionHead(d.geojsonMeta) + features.join(',\n') + FEATURE_COLLECTION_TAIL;
}

describe('GeoJSON writer', () => {
  it('writes what JSON.stringify wrote, on random tables', () => {
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u2028', '东', '\uD800', '\u0000') }),
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const key = fc.constantFrom('category', 'name', 'lon', '1', '0', '__proto__', 'a b', '名称', 'lat');
    const type = fc.constantFrom('text', 'integer', 'real', 'boolean', 'label');
    const coord = fc.oneof(fc.double({ noNaN: false }), fc.integer());
    const geometry = fc.oneof(
      fc.constant(null),
      fc.tuple(coord, coord).map(([x, y]) => ({ type: 'Point', coordinates: [x, y] }) as Geometry),
      fc.tuple(coord, coord, coord).map(([x, y, z]) => ({ type: 'Point', coordinates: [x, y, z] }) as Geometry),
      fc.tuple(coord, coord).map(([x, y]) => ({ coordinates: [x, y], type: 'Point' }) as Geometry),
      fc.tuple(coord, coord).map(([x, y]) => ({ type: 'MultiPoint', coordinates: [[x, y]] }) as Geometry),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, type), { minLength: 0, maxLength: 5 }),
        fc.array(fc.tuple(fc.array(value, { minLength: 5, maxLength: 5 }), geometry), { maxLength: 12 }),
        (fs, rows) => {
          const d: Dataset = {
            name: 't',
            zh: 't',
            en: 't',
            fields: fs.map(([k, t]) => ({ key: k, type: t, zh: k, en: k })),
            rows: rows.map(([r]) => r.slice(0, fs.length) as Value[]),
            geometries: rows.map(([, g]) => g),
            geometryKind: 'GEOMETRY',
            geojsonMeta: { profile: 'p' },
            csvPoint: null,
          };
          expect(collectChunks(geojsonChunks(d)).toString('utf8')).toBe(Buffer.from(before(d)).toString('utf8'));
        },
      ),
      { numRuns: 500 },
    );
  });
});
