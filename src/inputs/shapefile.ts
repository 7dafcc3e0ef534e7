/**
 * Shapefiles: .shp + .shx + .dbf (+ .prj, .cpg), side by side or in a .zip. Read by this small
 * reader rather than shpjs: shpjs garbles GBK text unless handed the encoding and silently ignores
 * a .prj it cannot parse (leaving metres in place) — the two faults that matter most for Chinese
 * bureau files — while the format itself (ESRI whitepaper 1998) is a few fixed-layout records.
 * Encoding: dbf.ts. CRS: the .prj through crs.ts. Rings: clockwise outer rings, counter-clockwise
 * holes assigned to the outer ring containing them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Geometry, Position } from 'geojson';
import { unzipSync } from 'fflate';
import { InputError } from '../util/errors.js';
import { crsFromWkt, type InputCrs } from './crs.js';
import { readDbf } from './dbf.js';
import type { RawFeature, RawLayer } from './types.js';

interface ShapeFiles {
  shp: Uint8Array;
  shx: Uint8Array | null;
  dbf: Uint8Array | null;
  prj: string | null;
  cpg: string | null;
  /** names for messages */
  name: string;
}

/** the side files of x.shp, matched case-insensitively (X.SHP + x.dbf happens on Windows shares) */
function sibling(shpPath: string, ext: string): string | null {
  const dir = dirname(shpPath);
  const stem = basename(shpPath, extname(shpPath));
  for (const e of [ext, ext.toUpperCase()]) {
    const p = join(dir, stem + e);
    if (existsSync(p)) return p;
  }
  return null;
}

export function shapeFilesFromDisk(path: string, shp: Uint8Array): ShapeFiles {
  const get = (ext: string) => {
    const p = sibling(path, ext);
    return p ? readFileSync(p) : null;
  };
  const prj = get('.prj');
  const cpg = get('.cpg');
  return {
    shp,
    shx: get('.shx'),
    dbf: get('.dbf'),
    prj: prj ? prj.toString('utf8') : null,
    cpg: cpg ? cpg.toString('latin1') : null,
    name: path,
  };
}

export function shapeFilesFromZip(path: string, bytes: Uint8Array, layer: string | undefined): ShapeFiles {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new InputError(
      `${path}: not a readable zip archive (${(e as Error).message}); zip the Shapefile's files again`,
    );
  }
  const shps = Object.keys(entries).filter((k) => /\.shp$/i.test(k) && !k.startsWith('__MACOSX/'));
  if (shps.length === 0)
    throw new InputError(
      `${path}: the zip holds no .shp file; zip the Shapefile's .shp, .shx, .dbf, .prj and .cpg together`,
    );
  const stemOf = (k: string) => basename(k).replace(/\.shp$/i, '');
  let pick = shps[0];
  if (layer !== undefined) {
    const p = shps.find((k) => stemOf(k) === layer);
    if (!p)
      throw new InputError(
        `${path}: there is no layer "${layer}" in the zip; the layers are: ${shps.map(stemOf).join(', ')}`,
      );
    pick = p;
  } else if (shps.length > 1) {
    throw new InputError(
      `${path}: the zip holds ${shps.length} Shapefiles (${shps.map(stemOf).join(', ')}); choose one with --layer (or layer: in the job)`,
    );
  }
  const stem = pick.slice(0, -4).toLowerCase();
  const get = (ext: string) => {
    const k = Object.keys(entries).find((n) => n.toLowerCase() === stem + ext);
    return k ? entries[k] : null;
  };
  const prj = get('.prj');
  const cpg = get('.cpg');
  return {
    shp: entries[pick],
    shx: get('.shx'),
    dbf: get('.dbf'),
    prj: prj ? Buffer.from(prj).toString('utf8') : null,
    cpg: cpg ? Buffer.from(cpg).toString('latin1') : null,
    name: `${path}:${pick}`,
  };
}

export function readShapefile(files: ShapeFiles, layer: string | null): RawLayer {
  const where = files.name;
  const base = where.replace(/\.shp$/i, '');
  if (!files.shx)
    throw new InputError(
      `${where}: ${basename(base)}.shx is missing; a Shapefile is .shp + .shx + .dbf (+ .prj, .cpg): copy all of them, with the same name`,
    );
  if (!files.dbf)
    throw new InputError(
      `${where}: ${basename(base)}.dbf is missing (it holds the attributes: ids, names, households); copy it next to the .shp`,
    );
  const warnings: string[] = [];
  const shp = files.shp;
  const dv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.byteLength < 100 || dv.getInt32(0, false) !== 9994)
    throw new InputError(`${where}: not a Shapefile (.shp without the 9994 file code); export the layer again`);
  const shx = files.shx;
  const sdv = new DataView(shx.buffer, shx.byteOffset, shx.byteLength);
  if (shx.byteLength < 100 || sdv.getInt32(0, false) !== 9994)
    throw new InputError(`${where}: the .shx index is damaged (no 9994 file code); export the layer again`);
  const nShapes = Math.floor((shx.byteLength - 100) / 8);
  const table = readDbf(files.dbf, `${base}.dbf`, files.cpg, warnings);
  if (table.records.length !== nShapes)
    warnings.push(
      `${where}: ${nShapes} shapes but ${table.records.length} attribute records in the .dbf; shapes without a record have no attributes`,
    );
  let fileCrs: InputCrs | null = null;
  if (files.prj !== null && files.prj.trim() !== '') fileCrs = crsFromWkt(files.prj, `${base}.prj`);

  const features: RawFeature[] = [];
  for (let i = 0; i < nShapes; i++) {
    if (table.deleted[i]) continue;
    const off = sdv.getInt32(100 + 8 * i, false) * 2;
    const len = sdv.getInt32(104 + 8 * i, false) * 2;
    const props = table.records[i] ?? {};
    let geometry: Geometry | null = null;
    let problem: string | undefined;
    if (off < 100 || len < 4 || off + 8 + len > shp.byteLength)
      problem = `record ${i + 1} lies outside the .shp (offset ${off}); the file is truncated`;
    else {
      try {
        geometry = shape(dv, off + 8, len);
      } catch (e) {
        problem = `record ${i + 1}: ${(e as Error).message}`;
      }
    }
    features.push({ index: i + 1, id: null, properties: props, geometry, problem });
  }
  return {
    format: 'shapefile',
    layer,
    fileCrs,
    encoding: `${table.encoding} (from ${table.encodingFrom === 'cpg' ? 'the .cpg' : table.encodingFrom === 'ldid' ? 'the .dbf language byte' : 'the text'})`,
    features,
    warnings,
  };
}

/** one shape record's content (after the 8-byte record header) */
function shape(dv: DataView, o: number, len: number): Geometry | null {
  const end = o + len;
  const type = dv.getInt32(o, true);
  const need = (n: number) => {
    if (o + n > end) throw new Error('shape record truncated');
  };
  const pt = (at: number): Position => [dv.getFloat64(at, true), dv.getFloat64(at + 8, true)];
  switch (type) {
    case 0:
      return null;
    case 1:
    case 11:
    case 21:
      need(20);
      return { type: 'Point', coordinates: pt(o + 4) };
    case 8:
    case 18:
    case 28: {
      need(40);
      const n = dv.getInt32(o + 36, true);
      if (n < 0 || 40 + 16 * n > len) throw new Error(`${n} points do not fit the record`);
      const pts: Position[] = [];
      for (let k = 0; k < n; k++) pts.push(pt(o + 40 + 16 * k));
      return { type: 'MultiPoint', coordinates: pts };
    }
    case 3:
    case 13:
    case 23:
    case 5:
    case 15:
    case 25: {
      need(44);
      const nParts = dv.getInt32(o + 36, true);
      const nPts = dv.getInt32(o + 40, true);
      if (nParts < 0 || nPts < 0 || 44 + 4 * nParts + 16 * nPts > len)
        throw new Error(`${nParts} parts / ${nPts} points do not fit the record`);
      const ptsAt = o + 44 + 4 * nParts;
      const parts: Position[][] = [];
      for (let p = 0; p < nParts; p++) {
        const a = dv.getInt32(o + 44 + 4 * p, true);
        const b = p + 1 < nParts ? dv.getInt32(o + 48 + 4 * p, true) : nPts;
        if (a < 0 || b > nPts || a > b) throw new Error(`part ${p + 1} has bad point indexes`);
        const ring: Position[] = [];
        for (let k = a; k < b; k++) ring.push(pt(ptsAt + 16 * k));
        parts.push(ring);
      }
      if (type % 10 === 3)
        return parts.length === 1
          ? { type: 'LineString', coordinates: parts[0] }
          : { type: 'MultiLineString', coordinates: parts };
      return polygonFromRings(parts);
    }
    default:
      throw new Error(`shape type ${type} is not read (points, lines and polygons are)`);
  }
}

function signedArea(r: Position[]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[i][0] - r[j][0]) * (r[i][1] + r[j][1]);
  return s / 2; // > 0 for clockwise (Shapefile outer rings)
}

function inside(p: Position, ring: Position[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function polygonFromRings(rings: Position[][]): Geometry {
  const outers: Position[][][] = [];
  const holes: Position[][] = [];
  for (const r of rings) {
    if (signedArea(r) >= 0) outers.push([r]);
    else holes.push(r);
  }
  for (const h of holes) {
    const owner = outers.find((o) => h.length > 0 && inside(h[0], o[0]));
    if (owner) owner.push(h);
    else outers.push([[...h].reverse()]); // a lone counter-clockwise ring: an outer ring drawn the other way
  }
  return outers.length === 1
    ? { type: 'Polygon', coordinates: outers[0] }
    : { type: 'MultiPolygon', coordinates: outers };
}
