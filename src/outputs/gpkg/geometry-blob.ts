/**
 * GeoPackage geometry blobs (GeoPackage 1.2 §2.1.3): the "GP" header (version 0, little-endian,
 * an [minx, maxx, miny, maxy] envelope, srs_id) followed by ISO WKB. Written here rather than by a
 * library: it is short, and the tests read every blob back with GDAL. A layer declared MULTI*
 * gets single geometries promoted, so each layer has one geometry type (QGIS reads it as such).
 *
 * The size is computed first and the blob written at an offset of a caller's buffer (the writer
 * passes the SQLite heap, where the row is bound): no growable buffer, no copy per feature.
 */
import type { Position } from 'geojson';
import { flatLineVertices, type GeometryKind, type OutGeometry } from '../schema.js';

const WKB = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 } as const;
const HEADER = 40;
/** byte order + type; + a count */
const HEAD = 5;
const PT = 16;

/** the envelope of the last blob written: minx, maxx, miny, maxy (the R*Tree's order) */
export const blobEnvelope = new Float64Array(4);
let x0 = 0;
let x1 = 0;
let y0 = 0;
let y1 = 0;

let v: DataView = new DataView(new ArrayBuffer(0));
let o = 0;

const head = (type: number) => {
  v.setUint8(o, 1);
  v.setUint32(o + 1, type, true);
  o += HEAD;
};
const u32 = (n: number) => {
  v.setUint32(o, n, true);
  o += 4;
};
const pt = (x: number, y: number) => {
  v.setFloat64(o, x, true);
  v.setFloat64(o + 8, y, true);
  o += PT;
  if (x < x0) x0 = x;
  if (x > x1) x1 = x;
  if (y < y0) y0 = y;
  if (y > y1) y1 = y;
};

function points(pts: readonly Position[]): void {
  u32(pts.length);
  for (const p of pts) pt(p[0], p[1]);
}

function polygon(rings: readonly Position[][]): void {
  head(WKB.Polygon);
  u32(rings.length);
  for (const r of rings) points(r);
}

/** a flat ring [x, y, x, y, …] without its closing point, written closed */
function flatPolygon(rings: Float64Array[]): void {
  head(WKB.Polygon);
  u32(rings.length);
  for (const r of rings) {
    u32(r.length / 2 + 1);
    for (let i = 0; i < r.length; i += 2) pt(r[i], r[i + 1]);
    pt(r[0], r[1]);
  }
}

const multi = (kind: GeometryKind, m: GeometryKind) => (kind === m ? HEAD + 4 : 0);

// sizes in plain loops (no reduce callbacks): this runs for every geometry of every layer, and
// V8 recompiles what it inlines whenever a layer brings a new geometry shape
function ringsSize(rings: readonly Position[][]): number {
  let s = HEAD + 4;
  for (let i = 0; i < rings.length; i++) s += 4 + PT * rings[i].length;
  return s;
}
function flatSize(rings: Float64Array[]): number {
  let s = HEAD + 4;
  for (let i = 0; i < rings.length; i++) s += 4 + PT * (rings[i].length / 2 + 1);
  return s;
}
function linesSize(lines: readonly Position[][]): number {
  let s = HEAD + 4;
  for (let i = 0; i < lines.length; i++) s += HEAD + 4 + PT * lines[i].length;
  return s;
}
function polygonsSize(polygons: readonly Position[][][]): number {
  let s = HEAD + 4;
  for (let i = 0; i < polygons.length; i++) s += ringsSize(polygons[i]);
  return s;
}
function flatPolygonsSize(polygons: Float64Array[][], kind: GeometryKind): number {
  let s = kind === 'MULTIPOLYGON' || polygons.length !== 1 ? HEAD + 4 : 0;
  for (let i = 0; i < polygons.length; i++) s += flatSize(polygons[i]);
  return s;
}

function wkbSize(g: OutGeometry, kind: GeometryKind): number {
  switch (g.type) {
    case 'Point':
      return multi(kind, 'MULTIPOINT') + HEAD + PT;
    case 'MultiPoint':
      return HEAD + 4 + g.coordinates.length * (HEAD + PT);
    case 'LineString':
      return multi(kind, 'MULTILINESTRING') + HEAD + 4 + PT * g.coordinates.length;
    case 'FlatLine':
      return multi(kind, 'MULTILINESTRING') + HEAD + 4 + PT * flatLineVertices(g);
    case 'MultiLineString':
      return linesSize(g.coordinates);
    case 'Polygon':
      return multi(kind, 'MULTIPOLYGON') + ringsSize(g.coordinates);
    case 'MultiPolygon':
      return polygonsSize(g.coordinates);
    case 'FlatPolygons':
      return flatPolygonsSize(g.polygons, kind);
    default:
      throw new Error(`no WKB for geometry type ${(g as { type: string }).type}`);
  }
}

function wkb(g: OutGeometry, kind: GeometryKind): void {
  switch (g.type) {
    case 'Point':
      if (kind === 'MULTIPOINT') {
        head(WKB.MultiPoint);
        u32(1);
      }
      head(WKB.Point);
      pt(g.coordinates[0], g.coordinates[1]);
      return;
    case 'MultiPoint':
      head(WKB.MultiPoint);
      u32(g.coordinates.length);
      for (const p of g.coordinates) wkb({ type: 'Point', coordinates: p }, 'POINT');
      return;
    case 'LineString':
      if (kind === 'MULTILINESTRING') {
        head(WKB.MultiLineString);
        u32(1);
      }
      head(WKB.LineString);
      points(g.coordinates);
      return;
    case 'FlatLine':
      if (kind === 'MULTILINESTRING') {
        head(WKB.MultiLineString);
        u32(1);
      }
      head(WKB.LineString);
      u32(flatLineVertices(g));
      for (let k = g.first; k < g.end; k++)
        for (let i = k === g.first ? g.off[k] : g.off[k] + 1; i < g.off[k + 1]; i++) pt(g.lon[i], g.lat[i]);
      return;
    case 'MultiLineString':
      head(WKB.MultiLineString);
      u32(g.coordinates.length);
      for (const l of g.coordinates) wkb({ type: 'LineString', coordinates: l }, 'LINESTRING');
      return;
    case 'Polygon':
      if (kind === 'MULTIPOLYGON') {
        head(WKB.MultiPolygon);
        u32(1);
      }
      polygon(g.coordinates);
      return;
    case 'MultiPolygon':
      head(WKB.MultiPolygon);
      u32(g.coordinates.length);
      for (const p of g.coordinates) polygon(p);
      return;
    case 'FlatPolygons':
      if (kind === 'MULTIPOLYGON' || g.polygons.length !== 1) {
        head(WKB.MultiPolygon);
        u32(g.polygons.length);
      }
      for (const p of g.polygons) flatPolygon(p);
      return;
    default:
      throw new Error(`no WKB for geometry type ${(g as { type: string }).type}`);
  }
}

/** the blob's size in bytes: header with envelope, and WKB */
export function blobSize(g: OutGeometry, kind: GeometryKind): number {
  return HEADER + wkbSize(g, kind);
}

/** writes the blob (blobSize bytes) at byte `at` of `view`; its envelope is then in blobEnvelope */
export function writeBlob(view: DataView, at: number, g: OutGeometry, kind: GeometryKind, srsId = 4326): void {
  v = view;
  o = at + HEADER; // the header needs the envelope: the WKB goes first, after room for it
  x0 = y0 = Infinity;
  x1 = y1 = -Infinity;
  wkb(g, kind);
  view.setUint8(at, 0x47); // 'G'
  view.setUint8(at + 1, 0x50); // 'P'
  view.setUint8(at + 2, 0); // version 1.0 of the blob format
  view.setUint8(at + 3, 0b0000_0011); // envelope [minx, maxx, miny, maxy], little-endian
  view.setInt32(at + 4, srsId, true);
  view.setFloat64(at + 8, x0, true);
  view.setFloat64(at + 16, x1, true);
  view.setFloat64(at + 24, y0, true);
  view.setFloat64(at + 32, y1, true);
  blobEnvelope[0] = x0;
  blobEnvelope[1] = x1;
  blobEnvelope[2] = y0;
  blobEnvelope[3] = y1;
}

export interface GeometryBlob {
  blob: Uint8Array;
  /** minx, maxx, miny, maxy (the R*Tree's order) */
  env: [number, number, number, number];
}

/** one geometry's blob in its own buffer */
export function geometryBlob(g: OutGeometry, kind: GeometryKind, srsId = 4326): GeometryBlob {
  const blob = new Uint8Array(blobSize(g, kind));
  writeBlob(new DataView(blob.buffer), 0, g, kind, srsId);
  return { blob, env: [blobEnvelope[0], blobEnvelope[1], blobEnvelope[2], blobEnvelope[3]] };
}
