/**
 * GeoPackage geometry blobs (GeoPackage 1.2 §2.1.3): the "GP" header (version 0, little-endian,
 * an [minx, maxx, miny, maxy] envelope, srs_id) followed by ISO WKB. Written here rather than by a
 * library: it is 60 lines, and the tests read every blob back with GDAL. A layer declared MULTI*
 * gets single geometries promoted, so each layer has one geometry type (QGIS reads it as such).
 */
import type { Position } from 'geojson';
import type { GeometryKind, OutGeometry } from '../schema.js';

const WKB = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 } as const;

/** a growable little-endian byte buffer */
class Bytes {
  buf = new ArrayBuffer(1024);
  view = new DataView(this.buf);
  n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.byteLength) return;
    const g = new ArrayBuffer(Math.max(this.buf.byteLength * 2, this.n + k));
    new Uint8Array(g).set(new Uint8Array(this.buf, 0, this.n));
    this.buf = g;
    this.view = new DataView(g);
  }
  u8(v: number): void {
    this.room(1);
    this.view.setUint8(this.n++, v);
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.n, v, true);
    this.n += 4;
  }
  i32(v: number): void {
    this.room(4);
    this.view.setInt32(this.n, v, true);
    this.n += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.n, v, true);
    this.n += 8;
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.slice(0, this.n));
  }
}

/** envelope accumulator */
class Env {
  x0 = Infinity;
  y0 = Infinity;
  x1 = -Infinity;
  y1 = -Infinity;
  add(x: number, y: number): void {
    if (x < this.x0) this.x0 = x;
    if (x > this.x1) this.x1 = x;
    if (y < this.y0) this.y0 = y;
    if (y > this.y1) this.y1 = y;
  }
}

function head(w: Bytes, type: number): void {
  w.u8(1);
  w.u32(type);
}

function points(w: Bytes, env: Env, pts: readonly Position[]): void {
  w.u32(pts.length);
  for (const p of pts) {
    w.f64(p[0]);
    w.f64(p[1]);
    env.add(p[0], p[1]);
  }
}

function polygon(w: Bytes, env: Env, rings: readonly Position[][]): void {
  head(w, WKB.Polygon);
  w.u32(rings.length);
  for (const r of rings) points(w, env, r);
}

/** a flat ring [x, y, x, y, …] without its closing point, written closed */
function flatPolygon(w: Bytes, env: Env, rings: Float64Array[]): void {
  head(w, WKB.Polygon);
  w.u32(rings.length);
  for (const r of rings) {
    w.u32(r.length / 2 + 1);
    for (let i = 0; i <= r.length; i += 2) {
      const k = i === r.length ? 0 : i;
      w.f64(r[k]);
      w.f64(r[k + 1]);
      env.add(r[k], r[k + 1]);
    }
  }
}

function wkb(w: Bytes, env: Env, g: OutGeometry, kind: GeometryKind): void {
  switch (g.type) {
    case 'Point':
      if (kind === 'MULTIPOINT') {
        head(w, WKB.MultiPoint);
        w.u32(1);
      }
      head(w, WKB.Point);
      w.f64(g.coordinates[0]);
      w.f64(g.coordinates[1]);
      env.add(g.coordinates[0], g.coordinates[1]);
      return;
    case 'MultiPoint':
      head(w, WKB.MultiPoint);
      w.u32(g.coordinates.length);
      for (const p of g.coordinates) wkb(w, env, { type: 'Point', coordinates: p }, 'POINT');
      return;
    case 'LineString':
      if (kind === 'MULTILINESTRING') {
        head(w, WKB.MultiLineString);
        w.u32(1);
      }
      head(w, WKB.LineString);
      points(w, env, g.coordinates);
      return;
    case 'MultiLineString':
      head(w, WKB.MultiLineString);
      w.u32(g.coordinates.length);
      for (const l of g.coordinates) wkb(w, env, { type: 'LineString', coordinates: l }, 'LINESTRING');
      return;
    case 'Polygon':
      if (kind === 'MULTIPOLYGON') {
        head(w, WKB.MultiPolygon);
        w.u32(1);
      }
      polygon(w, env, g.coordinates);
      return;
    case 'MultiPolygon':
      head(w, WKB.MultiPolygon);
      w.u32(g.coordinates.length);
      for (const p of g.coordinates) polygon(w, env, p);
      return;
    case 'FlatPolygons':
      if (kind === 'MULTIPOLYGON' || g.polygons.length !== 1) {
        head(w, WKB.MultiPolygon);
        w.u32(g.polygons.length);
      }
      for (const p of g.polygons) flatPolygon(w, env, p);
      return;
    default:
      throw new Error(`no WKB for geometry type ${(g as { type: string }).type}`);
  }
}

export interface GeometryBlob {
  blob: Uint8Array;
  /** minx, maxx, miny, maxy (the R*Tree's order) */
  env: [number, number, number, number];
}

/** one scratch buffer for every blob: a new pair of buffers per feature was most of the time (GC) at city scale */
const scratch = new Bytes();
const HEADER = 40;

export function geometryBlob(g: OutGeometry, kind: GeometryKind, srsId = 4326): GeometryBlob {
  const w = scratch;
  const env = new Env();
  w.n = HEADER; // the header needs the envelope: the WKB goes first, after room for it
  wkb(w, env, g, kind);
  const n = w.n;
  w.n = 0;
  w.u8(0x47); // 'G'
  w.u8(0x50); // 'P'
  w.u8(0); // version 1.0 of the blob format
  w.u8(0b0000_0011); // envelope [minx, maxx, miny, maxy], little-endian
  w.i32(srsId);
  w.f64(env.x0);
  w.f64(env.x1);
  w.f64(env.y0);
  w.f64(env.y1);
  // a view of the scratch buffer: valid until the next call (the writer copies it into SQLite at once)
  return { blob: new Uint8Array(w.buf, 0, n), env: [env.x0, env.x1, env.y0, env.y1] };
}
