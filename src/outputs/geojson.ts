/**
 * A layer as an RFC 7946 GeoJSON file (WGS-84, attribution as a foreign member, one feature per
 * line). Properties use the fields' ASCII keys and GIS values (codes, booleans, numbers).
 */
import { type ChunkSource, Chunks, collectChunks } from '../io/chunks.js';
import { FEATURE_COLLECTION_TAIL, featureCollectionHead, polygonsJson } from '../io/geojson.js';
import type { LineString } from 'geojson';
import { gisValue, type Dataset, type OutGeometry } from './schema.js';

const flatLine = (g: Extract<OutGeometry, { type: 'FlatLine' }>): LineString => {
  const coordinates: number[][] = [];
  for (let i = g.from; i < g.to; i++) coordinates.push([g.lon[i], g.lat[i]]);
  return { type: 'LineString', coordinates };
};

/** the layer written chunk by chunk as its features are formatted, no object per feature kept */
export const geojsonChunks =
  (d: Dataset): ChunkSource =>
  (emit) => {
    const out = new Chunks(emit);
    out.text(featureCollectionHead(d.geojsonMeta));
    const { fields } = d;
    const n = fields.length;
    d.rows.forEach((row, i) => {
      const properties: Record<string, unknown> = {};
      for (let k = 0; k < n; k++) properties[fields[k].key] = gisValue(fields[k], row[k]);
      out.text(`${i ? ',\n' : ''}{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":`);
      const g = d.geometries?.[i] ?? null;
      if (!g) out.text('null');
      else if (g.type === 'FlatPolygons') out.bytes(polygonsJson(g.polygons));
      else if (g.type === 'FlatLine') out.text(JSON.stringify(flatLine(g)));
      else out.text(JSON.stringify(g));
      out.text('}');
    });
    out.text(FEATURE_COLLECTION_TAIL);
    out.flush();
  };

export function geojsonBytes(d: Dataset): Buffer {
  return collectChunks(geojsonChunks(d));
}
