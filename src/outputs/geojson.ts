/**
 * A layer as an RFC 7946 GeoJSON file (WGS-84, attribution as a foreign member, one feature per
 * line). Properties use the fields' ASCII keys and GIS values (codes, booleans, numbers).
 */
import { AsciiWriter } from '../io/ascii-writer.js';
import { type ChunkSource, collectChunks } from '../io/chunks.js';
import { FEATURE_COLLECTION_TAIL, featureCollectionHead, writePolygonsJson } from '../io/geojson.js';
import { gisValue, type Dataset, type OutGeometry, type Value } from './schema.js';

/** bytes of features gathered before they are handed on (written to the file) */
const CHUNK_BYTES = 1 << 20;

/**
 * A JSON string as JSON.stringify writes it: a text with nothing to escape (no quote, backslash,
 * control or surrogate) in quotes as UTF-8, copied by hand where it is ASCII; any other through
 * JSON.stringify.
 */
function jsonString(w: AsciiWriter, s: string): void {
  const n = s.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) {
      w.utf8(JSON.stringify(s));
      return;
    }
    if (c >= 0x80) ascii = false;
  }
  w.byte(34);
  if (ascii) w.str(s);
  else w.utf8(s);
  w.byte(34);
}

/** JSON's text for a number: null where it is not finite */
function jsonNumber(w: AsciiWriter, v: number): void {
  if (Number.isFinite(v)) w.num(v);
  else w.str('null');
}

/** a value as JSON.stringify writes it; false (nothing written) where it would leave it out */
function jsonValue(w: AsciiWriter, v: unknown): boolean {
  if (typeof v === 'string') jsonString(w, v);
  else if (typeof v === 'number') jsonNumber(w, v);
  else if (typeof v === 'boolean') w.str(v ? 'true' : 'false');
  else if (v === null) w.str('null');
  else {
    const j = JSON.stringify(v);
    if (j === undefined) return false;
    w.utf8(j);
  }
  return true;
}

/**
 * Nested arrays of numbers (GeoJSON coordinates) as JSON.stringify writes them; false, with
 * whatever was written, for anything else in them (the caller then writes the geometry with
 * JSON.stringify: a hole, a typed array, an object).
 */
function jsonCoordinates(w: AsciiWriter, a: unknown): boolean {
  if (!Array.isArray(a)) return false;
  w.byte(91);
  for (let i = 0; i < a.length; i++) {
    if (i) w.byte(44);
    const x = a[i];
    if (typeof x === 'number') jsonNumber(w, x);
    else if (!jsonCoordinates(w, x)) return false;
  }
  w.byte(93);
  return true;
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

/**
 * A geometry as JSON.stringify writes it, its coordinates digit by digit: formatting them was most
 * of writing the gaps and facilities files (BENCHMARKS.md, issue 11). A geometry with other
 * members or member order than { type, coordinates } (a community's outline read from a file may
 * have a bbox) is written by JSON.stringify.
 */
function geometryJson(w: AsciiWriter, g: OutGeometry): void {
  if (g.type === 'FlatPolygons') {
    writePolygonsJson(w, g.polygons);
    return;
  }
  if (g.type === 'FlatLine') {
    w.str('{"type":"LineString","coordinates":[');
    for (let k = g.first; k < g.end; k++)
      for (let i = k === g.first ? g.off[k] : g.off[k] + 1; i < g.off[k + 1]; i++) {
        if (i !== g.off[g.first]) w.byte(44);
        w.byte(91);
        jsonNumber(w, g.lon[i]);
        w.byte(44);
        jsonNumber(w, g.lat[i]);
        w.byte(93);
      }
    w.str(']}');
    return;
  }
  const at = w.length;
  const keys = Object.keys(g);
  if (keys.length === 2 && keys[0] === 'type' && keys[1] === 'coordinates' && GEOMETRY_TYPES.has(g.type)) {
    w.str(`{"type":"${g.type}","coordinates":`);
    if (jsonCoordinates(w, (g as { coordinates: unknown }).coordinates)) {
      w.byte(125);
      return;
    }
  }
  w.truncate(at);
  w.utf8(JSON.stringify(g));
}

/** properties as one JSON object, in the fields' order; null where only an object keeps JSON's order */
function propertiesWriter(fields: Dataset['fields']): ((w: AsciiWriter, row: Value[]) => void) | null {
  const keys = fields.map((f) => f.key);
  if (new Set(keys).size !== keys.length || keys.some((k) => k === '__proto__' || /^(0|[1-9]\d*)$/.test(k)))
    return null;
  const quoted = keys.map((k) => Buffer.from(`${JSON.stringify(k)}:`, 'utf8'));
  return (w, row) => {
    w.byte(123);
    let first = true;
    for (let k = 0; k < fields.length; k++) {
      const at = w.length;
      if (!first) w.byte(44);
      w.raw(quoted[k]);
      if (jsonValue(w, gisValue(fields[k], row[k]))) first = false;
      else w.truncate(at);
    }
    w.byte(125);
  };
}

/**
 * The layer written chunk by chunk as its features are formatted (about a megabyte at a time), no
 * object or string per feature kept. The properties are those JSON.stringify writes for an
 * object of the fields' keys (a value it leaves out is left out); keys an object would reorder or
 * drop (array indexes, "__proto__") send the properties through such an object.
 */
export const geojsonChunks =
  (d: Dataset): ChunkSource =>
  (emit) => {
    const w = new AsciiWriter(CHUNK_BYTES + (1 << 16));
    w.utf8(featureCollectionHead(d.geojsonMeta));
    const { fields } = d;
    const props =
      propertiesWriter(fields) ??
      ((w: AsciiWriter, row: Value[]) => {
        const properties: Record<string, unknown> = {};
        for (let k = 0; k < fields.length; k++) properties[fields[k].key] = gisValue(fields[k], row[k]);
        w.utf8(JSON.stringify(properties));
      });
    for (let i = 0; i < d.rows.length; i++) {
      w.str(i ? ',\n{"type":"Feature","properties":' : '{"type":"Feature","properties":');
      props(w, d.rows[i]);
      w.str(',"geometry":');
      const g = d.geometries?.[i] ?? null;
      if (!g) w.str('null');
      else geometryJson(w, g);
      w.byte(125);
      if (w.length >= CHUNK_BYTES) emit(w.take());
    }
    w.str(FEATURE_COLLECTION_TAIL);
    emit(w.take());
  };

export function geojsonBytes(d: Dataset): Buffer {
  return collectChunks(geojsonChunks(d));
}
