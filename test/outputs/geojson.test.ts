/**
 * The GeoJSON writer writes each feature's properties and geometry as bytes by hand; on random
 * tables it writes what JSON.stringify of a property object and of the geometry wrote (the writer
 * before), byte for byte, keys that an object would reorder included.
 */
import fc from 'fast-check';
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { collectChunks } from '../../src/io/chunks.js';
import { FEATURE_COLLECTION_TAIL, featureCollectionHead, polygonsJson } from '../../src/io/geojson.js';
import { geojsonChunks } from '../../src/outputs/geojson.js';
import { type Dataset, gisValue, type OutGeometry, type Value } from '../../src/outputs/schema.js';

/** a FlatLine as the GeoJSON object it stands for */
function flatLineGeometry(g: Extract<OutGeometry, { type: 'FlatLine' }>): Geometry {
  const coordinates: number[][] = [];
  for (let k = g.first; k < g.end; k++)
    for (let i = k === g.first ? g.off[k] : g.off[k] + 1; i < g.off[k + 1]; i++) coordinates.push([g.lon[i], g.lat[i]]);
  return { type: 'LineString', coordinates };
}

/** the writer before: an object per feature through JSON.stringify */
function previousWriter(d: Dataset): string {
  const features = d.rows.map((row, i) => {
    const properties: Record<string, unknown> = {};
    d.fields.forEach((f, k) => {
      properties[f.key] = gisValue(f, row[k]);
    });
    const g = d.geometries?.[i] ?? null;
    const geometry = !g
      ? 'null'
      : g.type === 'FlatPolygons'
        ? Buffer.from(polygonsJson(g.polygons)).toString('utf8')
        : g.type === 'FlatLine'
          ? JSON.stringify(flatLineGeometry(g))
          : JSON.stringify(g);
    return `{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":${geometry}}`;
  });
  return featureCollectionHead(d.geojsonMeta) + features.join(',\n') + FEATURE_COLLECTION_TAIL;
}

describe('GeoJSON writer', () => {
  it('writes what JSON.stringify wrote, on random tables', () => {
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u2028', '东', '\uD800', '\u0000') }),
      fc.double({ noNaN: false }),
      fc.integer(),
      // values of 7 decimals, as coordinates and rounded metrics are (the writer's digit path)
      fc.integer({ min: -2e15, max: 2e15 }).map((k) => k / 1e7),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const key = fc.constantFrom('category', 'name', 'lon', '1', '0', '__proto__', 'a b', '名称', 'lat');
    const type = fc.constantFrom('text', 'integer', 'real', 'boolean', 'label');
    const coord = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }).map((k) => k / 1e7),
    );
    const ring = fc.array(fc.tuple(coord, coord), { minLength: 1, maxLength: 6 });
    const flat = (r: [number, number][]) => Float64Array.from(r.flat());
    const geometry = fc.oneof(
      fc.constant(null),
      fc.array(ring, { minLength: 1, maxLength: 3 }).map((rs) => ({ type: 'Polygon', coordinates: rs }) as Geometry),
      fc
        .array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
        .map((ps) => ({ type: 'MultiPolygon', coordinates: ps }) as Geometry),
      ring.map((r) => ({ type: 'LineString', coordinates: r }) as Geometry),
      ring.map((r) => ({ type: 'LineString', coordinates: r, bbox: [0, 0, 1, 1] }) as Geometry),
      // a hole, a string and a typed array where numbers belong: JSON.stringify's own text
      ring.map((r) => ({ type: 'LineString', coordinates: [...r, [1, undefined]] }) as unknown as Geometry),
      ring.map((r) => ({ type: 'LineString', coordinates: [...r, ['1', 2]] }) as unknown as Geometry),
      ring.map((r) => ({ type: 'LineString', coordinates: [Float64Array.from(r[0])] }) as unknown as Geometry),
      ring.map((r) => ({ type: 'Circle', coordinates: r }) as unknown as Geometry),
      // isochrone rings: finite coordinates (written rounded to 7 decimals by polygonsJson)
      fc
        .array(
          fc.array(fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.integer({ min: -90, max: 90 })), {
            minLength: 1,
            maxLength: 6,
          }),
          { minLength: 1, maxLength: 3 },
        )
        .map((rs) => ({ type: 'FlatPolygons', polygons: [rs.map(flat)] })),
      ring.map((r) => {
        const lon = Float64Array.from(r.map((p) => p[0]));
        const lat = Float64Array.from(r.map((p) => p[1]));
        // edges of two vertices each, joined: [0,2), [2,4) … as the network's ranges
        const off = Uint32Array.from({ length: r.length + 1 }, (_, k) => Math.min(k * 2, r.length));
        return { type: 'FlatLine', lon, lat, off, first: 0, end: Math.max(1, Math.floor(r.length / 2)) } as OutGeometry;
      }),
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
            geometries: rows.map(([, g]) => g as OutGeometry | null),
            geometryKind: 'GEOMETRY',
            geojsonMeta: { profile: 'p' },
            csvPoint: null,
          };
          const got = collectChunks(geojsonChunks(d));
          expect(got.toString('utf8')).toBe(Buffer.from(previousWriter(d)).toString('utf8'));
          expect(got.equals(Buffer.from(previousWriter(d)))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
