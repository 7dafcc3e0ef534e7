/**
 * A layer as an RFC 7946 GeoJSON file (WGS-84, attribution as a foreign member, one feature per
 * line). Properties use the fields' ASCII keys and GIS values (codes, booleans, numbers).
 */
import { type ChunkSource, Chunks, collectChunks } from '../io/chunks.js';
import { FEATURE_COLLECTION_TAIL, featureCollectionHead, polygonsJson } from '../io/geojson.js';
import type { Geometry, LineString } from 'geojson';
import { gisValue, type Dataset, type OutGeometry } from './schema.js';

const flatLine = (g: Extract<OutGeometry, { type: 'FlatLine' }>): LineString => {
  const coordinates: number[][] = [];
  for (let k = g.first; k < g.end; k++)
    for (let i = k === g.first ? g.off[k] : g.off[k] + 1; i < g.off[k + 1]; i++) coordinates.push([g.lon[i], g.lat[i]]);
  return { type: 'LineString', coordinates };
};

/**
 * The properties and point geometries as JSON.stringify writes them, built by hand: a property
 * object and JSON.stringify per feature were a third of writing 800,000 facilities. A value
 * JSON.stringify would leave out (undefined) is left out; keys an object would reorder or drop
 * (array indexes, "__proto__") send the layer through JSON.stringify as before.
 */
function jsonValue(v: unknown): string | undefined {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? `${v}` : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  return JSON.stringify(v);
}

function geometryJson(g: Geometry): string {
  if (g.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length === 2) {
    const [x, y] = g.coordinates;
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) {
      const k = Object.keys(g);
      if (k.length === 2 && k[0] === 'type' && k[1] === 'coordinates')
        return `{"type":"Point","coordinates":[${x},${y}]}`;
    }
  }
  return JSON.stringify(g);
}

/** properties as one JSON object, in the fields' order; null where only an object keeps JSON's order */
function propertiesWriter(fields: Dataset['fields']): ((row: Dataset['rows'][number]) => string) | null {
  const keys = fields.map((f) => f.key);
  if (new Set(keys).size !== keys.length || keys.some((k) => k === '__proto__' || /^(0|[1-9]\d*)$/.test(k)))
    return null;
  const quoted = keys.map((k) => `${JSON.stringify(k)}:`);
  return (row) => {
    let out = '{';
    for (let k = 0; k < fields.length; k++) {
      const v = jsonValue(gisValue(fields[k], row[k]));
      if (v !== undefined) out += (out.length > 1 ? ',' : '') + quoted[k] + v;
    }
    return `${out}}`;
  };
}

/** the layer written chunk by chunk as its features are formatted, no object per feature kept */
export const geojsonChunks =
  (d: Dataset): ChunkSource =>
  (emit) => {
    const out = new Chunks(emit);
    out.text(featureCollectionHead(d.geojsonMeta));
    const { fields } = d;
    const n = fields.length;
    const props =
      propertiesWriter(fields) ??
      ((row) => {
        const properties: Record<string, unknown> = {};
        for (let k = 0; k < n; k++) properties[fields[k].key] = gisValue(fields[k], row[k]);
        return JSON.stringify(properties);
      });
    d.rows.forEach((row, i) => {
      out.text(`${i ? ',\n' : ''}{"type":"Feature","properties":${props(row)},"geometry":`);
      const g = d.geometries?.[i] ?? null;
      if (!g) out.text('null');
      else if (g.type === 'FlatPolygons') out.bytes(polygonsJson(g.polygons));
      else if (g.type === 'FlatLine') out.text(JSON.stringify(flatLine(g)));
      else out.text(geometryJson(g as Geometry));
      out.text('}');
    });
    out.text(FEATURE_COLLECTION_TAIL);
    out.flush();
  };

export function geojsonBytes(d: Dataset): Buffer {
  return collectChunks(geojsonChunks(d));
}
