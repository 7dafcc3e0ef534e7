/**
 * A layer as an RFC 7946 GeoJSON file (WGS-84, attribution as a foreign member, one feature per
 * line). Properties use the fields' ASCII keys and GIS values (codes, booleans, numbers).
 */
import { polygonsJson, rawFeatureCollectionJson } from '../io/geojson.js';
import { gisValue, type Dataset, type OutGeometry } from './schema.js';

function geometryJson(g: OutGeometry | null): Uint8Array | null {
  if (!g) return null;
  if (g.type === 'FlatPolygons') return polygonsJson(g.polygons);
  return Buffer.from(JSON.stringify(g));
}

export function geojsonBytes(d: Dataset): Buffer {
  return rawFeatureCollectionJson(
    d.rows.map((row, i) => {
      const properties: Record<string, unknown> = {};
      d.fields.forEach((f, k) => {
        properties[f.key] = gisValue(f, row[k]);
      });
      return { properties, geometryJson: geometryJson(d.geometries?.[i] ?? null) };
    }),
    d.geojsonMeta,
  );
}
