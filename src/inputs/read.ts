/**
 * The input stage: any planner file → WGS-84 features with their properties. One entry point for
 * communities, facility lists, origins, gates, candidate sites and road lines, so every kind of
 * input accepts every format (GeoJSON, Shapefile or its .zip, GeoPackage, CSV/XLSX points) and
 * every CRS (crs.ts). Order of checks: the file's own CRS against a given one (a contradiction is
 * an error), then coordinates that cannot be in the CRS used (metres read as degrees, swapped
 * axes, GCJ-02 outside China) — each an error at once that names the file, feature and likely CRS,
 * before any long work — then per-feature structure (bad features are skipped and counted).
 */
import { extname } from 'node:path';
import type { Geometry, Position } from 'geojson';
import { readInput as readInputBytes } from '../io/read-input.js';
import { InputError } from '../util/errors.js';
import { type InputCrs, looksSwapped, parseCrsSpec, sameCrs, WGS84 } from './crs.js';
import { guessCrs, guessText } from './crs-guess.js';
import { readGeoJson, safeSnippet } from './geojson.js';
import { KEY_ALIASES, keyText } from './keys.js';
import type { InputLayer, InputSpec, RawFeature, RawLayer } from './types.js';

function readBytes(path: string, what: string): Buffer {
  try {
    return readInputBytes(path); // hashed as read, for run.json
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: ${code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read (${code ?? (e as Error).message})`}; ` +
        `give the ${what} as GeoJSON, Shapefile, GeoPackage, CSV or XLSX`,
    );
  }
}

export type Sniffed = 'geojson' | 'shapefile' | 'shapezip' | 'geopackage' | 'xlsx' | 'table';

/** the format from the bytes first (files get renamed), then the extension */
export function sniffInput(path: string, buf: Uint8Array, what: string): Sniffed {
  const ext = extname(path).toLowerCase();
  const head = Buffer.from(buf.subarray(0, 16)).toString('latin1');
  if (head.startsWith('SQLite format 3\0')) return 'geopackage';
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04)
    return ext === '.zip' || ext === '.shz' ? 'shapezip' : 'xlsx';
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0x27 && buf[3] === 0x0a) return 'shapefile';
  if (ext === '.shx' || ext === '.dbf' || ext === '.prj' || ext === '.cpg')
    throw new InputError(
      `${path}: give the Shapefile's .shp (with its .shx, .dbf, .prj and .cpg beside it), not the ${ext} file`,
    );
  if (ext === '.shp')
    throw new InputError(`${path}: not a Shapefile (no 9994 file code at the start); export the layer again`);
  if (ext === '.gpkg') throw new InputError(`${path}: not a GeoPackage (no SQLite header); export the layer again`);
  if (
    ext === '.pbf' ||
    ext === '.lcnet' ||
    ext === '.osm' ||
    head.startsWith('LCNET') ||
    (buf[0] === 0 && buf[1] === 0 && head.includes('OSMHeader'))
  )
    throw new InputError(
      `${path}: is an OSM or network file, not ${what}; give the ${what} as GeoJSON, Shapefile, GeoPackage, CSV or XLSX`,
    );
  let i = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  if (buf[i] === 0x7b || ext === '.geojson' || ext === '.json') return 'geojson';
  return 'table';
}

export async function readRaw(spec: InputSpec): Promise<RawLayer> {
  const buf = readBytes(spec.file, spec.what);
  if (buf.length === 0)
    throw new InputError(
      `${spec.file}: the file is empty; give the ${spec.what} as GeoJSON, Shapefile, GeoPackage, CSV or XLSX`,
    );
  const kind = sniffInput(spec.file, buf, spec.what);
  switch (kind) {
    case 'geojson':
      return readGeoJson(spec.file, buf, spec.what);
    // the readers of the other formats load when a file needs them (like tables.js below): a GeoJSON
    // run never loads fflate, the DBF code pages or the SQLite loader (~70 KB of code at start-up)
    case 'geopackage': {
      const { readGeoPackage } = await import('./geopackage.js');
      return readGeoPackage(spec.file, buf, spec.layer);
    }
    case 'shapefile': {
      const { readShapefile, shapeFilesFromDisk } = await import('./shapefile.js');
      return readShapefile(shapeFilesFromDisk(spec.file, buf), null);
    }
    case 'shapezip': {
      const { readShapefile, shapeFilesFromZip } = await import('./shapefile.js');
      const files = shapeFilesFromZip(spec.file, buf, spec.layer);
      return readShapefile(files, files.name.replace(/^.*[:/]/, '').replace(/\.shp$/i, ''));
    }
    default: {
      const { readTablePoints } = await import('./tables.js');
      return readTablePoints(spec, kind === 'xlsx' ? 'xlsx' : 'csv');
    }
  }
}

/** read a planner's file and bring it to WGS-84 */
export async function readInput(spec: InputSpec): Promise<InputLayer> {
  const raw = await readRaw(spec);
  return toWgs84Layer(spec, raw);
}

const fmt = (v: number) => String(Math.round(v * 1e3) / 1e3);

/** every position of a geometry, validating its structure; throws a sentence on bad structure */
function positions(g: Geometry, out: Position[]): void {
  const pos = (c: unknown, where: string) => {
    if (
      !Array.isArray(c) ||
      c.length < 2 ||
      typeof c[0] !== 'number' ||
      typeof c[1] !== 'number' ||
      !Number.isFinite(c[0]) ||
      !Number.isFinite(c[1])
    )
      throw new Error(`${where} ${safeJson(c)} is not a [x, y] pair of numbers`);
    out.push(c as Position);
  };
  const list = (c: unknown, where: string, min: number, each: (v: unknown, w: string) => void) => {
    if (!Array.isArray(c)) throw new Error(`${where} is ${safeJson(c)}, not a list`);
    if (c.length < min) throw new Error(`${where} has ${c.length} positions (at least ${min} needed)`);
    c.forEach((v, i) => {
      each(v, `${where} ${i + 1}`);
    });
  };
  const c = (g as { coordinates?: unknown }).coordinates;
  switch (g.type) {
    case 'Point':
      pos(c, 'the point');
      return;
    case 'MultiPoint':
      list(c, 'the coordinates', 1, (v, w) => pos(v, w.replace('the coordinates', 'point')));
      return;
    case 'LineString':
      list(c, 'the line', 2, (v, w) => pos(v, w.replace('the line', 'vertex')));
      return;
    case 'MultiLineString':
      list(c, 'the coordinates', 1, (l, w) => list(l, w.replace('the coordinates', 'line'), 2, pos));
      return;
    case 'Polygon':
      list(c, 'the coordinates', 1, (r, w) => list(r, w.replace('the coordinates', 'ring'), 3, pos));
      return;
    case 'MultiPolygon':
      list(c, 'the coordinates', 1, (p, w) =>
        list(p, w.replace('the coordinates', 'polygon'), 1, (r, w2) => list(r, `${w2} ring`, 3, pos)),
      );
      return;
    case 'GeometryCollection': {
      const gs = (g as { geometries?: unknown }).geometries;
      if (!Array.isArray(gs)) throw new Error('the geometries are not a list');
      for (const x of gs) {
        if (!x || typeof x !== 'object') throw new Error('a member geometry is not an object');
        positions(x as Geometry, out);
      }
      return;
    }
    default:
      throw new Error(`has an unknown geometry type ${safeJson((g as { type?: unknown }).type)}`);
  }
}

function safeJson(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function mapGeometry(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(f) } as Geometry;
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((r) => r.map(f)) } as Geometry;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapGeometry(x, f)) };
  }
}

/** "feature 3 (id QC-003)": the id from the feature, else from a property under a usual id key */
function label(f: RawFeature): string {
  let id = f.id;
  if (id === null)
    for (const [k, v] of Object.entries(f.properties))
      if (KEY_ALIASES.id.includes(k.normalize('NFKC').toLowerCase()) && keyText(v) !== null) {
        id = keyText(v);
        break;
      }
  return `feature ${f.index}${id !== null ? ` (id ${safeSnippet(id, 40)})` : ''}`;
}

/** the CRS to use: the given one, else the file's own, else WGS-84 — a given one contradicting the file's is an error */
export function resolveCrs(spec: InputSpec, raw: RawLayer): { crs: InputCrs; source: InputLayer['crsSource'] } {
  const given = spec.crs !== undefined && spec.crs !== '' ? parseCrsSpec(spec.crs, spec.file, spec.towgs84) : null;
  if (given && raw.fileCrs && !sameCrs(given, raw.fileCrs))
    throw new InputError(
      `${spec.file}: the file says its coordinates are ${raw.fileCrs.label} but ${given.label} was given; ` +
        "leave out --crs (crs:) to use the file's own, or correct the file's .prj / CRS",
    );
  if (given) return { crs: given.offset || !raw.fileCrs ? given : raw.fileCrs, source: 'given' };
  if (raw.fileCrs) return { crs: raw.fileCrs, source: 'file' };
  return { crs: WGS84, source: 'default' };
}

export function toWgs84Layer(spec: InputSpec, raw: RawLayer): InputLayer {
  const { crs, source } = raw.converted ? { crs: raw.converted, source: 'given' as const } : resolveCrs(spec, raw);
  const skipped: InputLayer['skipped'] = [];
  const good: { f: RawFeature; pts: Position[] }[] = [];
  for (const f of raw.features) {
    if (f.problem) {
      skipped.push({ feature: f.index, id: f.id, reason: f.problem });
      continue;
    }
    if (!f.geometry) {
      skipped.push({ feature: f.index, id: f.id, reason: 'has no geometry' });
      continue;
    }
    const pts: Position[] = [];
    try {
      positions(f.geometry, pts);
    } catch (e) {
      skipped.push({ feature: f.index, id: f.id, reason: (e as Error).message });
      continue;
    }
    good.push({ f, pts });
  }
  const where = raw.layer ? `${spec.file} (layer ${raw.layer})` : spec.file;
  // projected coordinates northing first: decided on the whole file, by magnitude
  const sample: [number, number][] = [];
  for (const g of good) {
    for (const p of g.pts) {
      sample.push([p[0], p[1]]);
      if (sample.length >= 200) break;
    }
    if (sample.length >= 200) break;
  }
  if (raw.converted) {
    const features = good.map((g) => g.f);
    return {
      path: spec.file,
      format: raw.format,
      layer: raw.layer,
      crs,
      crsSource: source,
      axisSwapped: false,
      encoding: raw.encoding,
      features,
      skipped,
      warnings: raw.warnings,
    };
  }
  const axisSwapped = looksSwapped(crs, sample);
  const xy = (p: Position): [number, number] => (axisSwapped ? [p[1], p[0]] : [p[0], p[1]]);

  if (crs.geographic) {
    // coordinates that cannot be degrees: an error at once, naming the likely CRS
    for (const { f, pts } of good)
      for (const p of pts) {
        const [x, y] = p;
        if (Math.abs(x) <= 180 && Math.abs(y) <= 90) {
          // a latitude beyond China's while the swapped point is inside: swapped
          if (Math.abs(y) > 72 && x > 0 && x < 56 && y > 72 && y < 136)
            throw new InputError(
              `${where}: ${label(f)}: coordinates (${fmt(x)}, ${fmt(y)}) look like latitude, longitude — swapped; ` +
                'give longitude first (GeoJSON is [longitude, latitude])',
            );
          continue;
        }
        if (Math.abs(x) <= 90 && Math.abs(y) <= 180)
          throw new InputError(
            `${where}: ${label(f)}: coordinates (${fmt(x)}, ${fmt(y)}) have a latitude beyond ±90: latitude and longitude look swapped; ` +
              'give longitude first (GeoJSON is [longitude, latitude])',
          );
        const g = guessCrs(x, y, spec.near);
        const read =
          source === 'default'
            ? 'no CRS is given or in the file, so degrees are expected'
            : `${crs.label} is in degrees`;
        throw new InputError(
          `${where}: ${label(f)}: coordinates (${fmt(x)}, ${fmt(y)}) are not longitude/latitude degrees (${read}); ` +
            (g ? guessText(g) : 'pass the coordinate system with --crs EPSG:<code> or --crs <file.prj>'),
        );
      }
  }
  const features: RawFeature[] = [];
  for (const { f } of good) {
    let bad: Position | null = null;
    const geometry = mapGeometry(f.geometry!, (p) => {
      const [x, y] = xy(p);
      const w = crs.toWgs84(x, y);
      if (!w || Math.abs(w[1]) > 90 || Math.abs(w[0]) > 180) {
        bad ??= p;
        return [x, y];
      }
      return [w[0], w[1]];
    });
    if (bad) {
      const [x, y] = bad as Position;
      if (crs.offset)
        throw new InputError(
          `${where}: ${label(f)}: coordinates (${fmt(x)}, ${fmt(y)}) are outside China, where ${crs.label} is undefined; ` +
            'is the --crs right? (wgs84 for GPS/OSM data)',
        );
      throw new InputError(
        `${where}: ${label(f)}: coordinates (${fmt(x)}, ${fmt(y)}) cannot be in ${crs.label}; check --crs (or the file's .prj)`,
      );
    }
    features.push({ ...f, geometry });
  }
  const warnings = [...raw.warnings];
  if (axisSwapped)
    warnings.push(
      `${where}: coordinates are northing first (X = north); read as easting, northing (judged by their magnitude)`,
    );
  return {
    path: spec.file,
    format: raw.format,
    layer: raw.layer,
    crs,
    crsSource: source,
    axisSwapped,
    encoding: raw.encoding,
    features,
    skipped,
    warnings,
  };
}

/** for run.json: what was read and assumed */
export function inputRecord(l: InputLayer): Record<string, unknown> {
  return {
    path: l.path,
    format: l.format,
    ...(l.layer ? { layer: l.layer } : {}),
    crs: l.crs.id,
    crs_name: l.crs.label,
    crs_from: l.crsSource,
    ...(l.crs.assumption ? { crs_assumption: l.crs.assumption } : {}),
    ...(l.axisSwapped ? { axis_order: 'northing first (detected by magnitude), swapped' } : {}),
    ...(l.encoding ? { encoding: l.encoding } : {}),
    features: l.features.length,
    skipped: l.skipped.length,
  };
}
