/**
 * GeoJSON as planners' tools write it: RFC 7946, or the 2008 format with a `crs` member (QGIS and
 * ArcGIS still write "urn:ogc:def:crs:EPSG::4547"), in UTF-8 or GBK. Integers too large for a
 * double (21-digit community codes) are read as their digits, not rounded: JSON.parse would turn
 * two different codes into the same number.
 */
import type { Geometry } from 'geojson';
import { decodeText } from '../facilities/text-encoding.js';
import { InputError } from '../util/errors.js';
import { crsFromEpsg, type InputCrs, WGS84 } from './crs.js';
import type { RawFeature, RawLayer } from './types.js';

/** quote integer literals beyond 2^53 outside strings, so JSON.parse keeps their digits */
export function protectBigIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const digit = c >= 0x30 && c <= 0x39;
    if ((digit || c === 0x2d) && !isNumberChar(text.charCodeAt(i - 1))) {
      let j = i + 1;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      const lit = text.slice(i, j);
      if (/^-?\d{16,}$/.test(lit) && !Number.isSafeInteger(Number(lit))) {
        out += `${text.slice(last, i)}"${lit}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45;
}

/** message text safe for one line: no control characters, cut short */
export function safeSnippet(s: string, max = 80): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

function legacyCrs(crs: unknown, where: string): InputCrs | null {
  if (crs === null || crs === undefined) return null;
  const c = crs as { type?: unknown; properties?: { name?: unknown; code?: unknown } };
  const name = c.properties?.name ?? (c.type === 'EPSG' ? c.properties?.code : undefined);
  if (name === undefined || name === null) return null;
  const s = String(name);
  if (/CRS84|CRS:84/i.test(s)) return WGS84;
  const m = /EPSG(?::{1,2}|::\S*:|\/)(\d+)$/i.exec(s) ?? /^(\d{4,6})$/.exec(s);
  if (m) return crsFromEpsg(Number(m[1]), `${where} (crs member "${safeSnippet(s, 60)}")`);
  throw new InputError(
    `${where}: the GeoJSON crs member "${safeSnippet(s, 60)}" is not understood; pass the coordinate system with --crs, e.g. --crs EPSG:4547`,
  );
}

export function readGeoJson(path: string, bytes: Uint8Array, what: string): RawLayer {
  const { text, encoding } = decodeText(bytes, path);
  let doc: unknown;
  try {
    doc = JSON.parse(protectBigIntegers(text.replace(/^\uFEFF/, '')));
  } catch (e) {
    throw new InputError(
      `${path}: not GeoJSON (invalid JSON: ${safeSnippet((e as Error).message)}); give the ${what} as GeoJSON`,
    );
  }
  const d = doc as { type?: unknown; features?: unknown; crs?: unknown };
  let list: unknown[];
  if (d && typeof d === 'object' && d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features))
      throw new InputError(
        `${path}: a FeatureCollection whose "features" is not a list; give the ${what} as GeoJSON features`,
      );
    list = d.features;
  } else if (d && typeof d === 'object' && d.type === 'Feature') list = [d];
  else if (
    d &&
    typeof d === 'object' &&
    typeof d.type === 'string' &&
    /^(Multi)?(Point|LineString|Polygon)$|^GeometryCollection$/.test(d.type)
  )
    list = [{ type: 'Feature', properties: {}, geometry: d }];
  else
    throw new InputError(
      `${path}: not GeoJSON (expected a FeatureCollection, Feature or geometry); give the ${what} as a GeoJSON file`,
    );
  const fileCrs = legacyCrs(d.crs, path);
  const features: RawFeature[] = list.map((f, i) => {
    if (!f || typeof f !== 'object' || Array.isArray(f))
      return {
        index: i + 1,
        id: null,
        properties: {},
        geometry: null,
        problem: `is ${f === null ? 'null' : typeof f}, not a GeoJSON Feature`,
      };
    const o = f as { id?: unknown; properties?: unknown; geometry?: unknown };
    const props =
      o.properties && typeof o.properties === 'object' && !Array.isArray(o.properties)
        ? (o.properties as Record<string, unknown>)
        : {};
    const id = o.id === undefined || o.id === null || o.id === '' ? null : String(o.id);
    const g = o.geometry;
    if (g === null || g === undefined) return { index: i + 1, id, properties: props, geometry: null };
    if (typeof g !== 'object' || typeof (g as { type?: unknown }).type !== 'string')
      return {
        index: i + 1,
        id,
        properties: props,
        geometry: null,
        problem: 'has a geometry that is not a GeoJSON geometry object',
      };
    return { index: i + 1, id, properties: props, geometry: g as Geometry };
  });
  return { format: 'geojson', layer: null, fileCrs, encoding, features, warnings: [] };
}
