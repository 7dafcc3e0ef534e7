/**
 * Coordinate systems of planners' files, and their conversion to WGS-84. Three kinds:
 * - WGS-84 and the Chinese web-map obfuscations GCJ-02 (Amap, Tencent) and BD-09 (Baidu), in
 *   degrees, converted by gcoord's formulas (facilities/china-crs.ts);
 * - EPSG codes from the generated table data/crs/epsg-china.json (CGCS2000, Xi'an 1980, Beijing
 *   1954, New Beijing with all Gauss–Krüger zones, WGS 84, Web Mercator, UTM), converted with proj4;
 * - a `.prj` / WKT (ESRI or OGC) parsed by proj4, named by its EPSG code when it matches one.
 * What each conversion assumes (CGCS2000 taken as WGS-84; no datum shift for Xi'an 80 / Beijing 54
 * unless `towgs84` is given) is carried in `assumption` and recorded in run.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import type proj4Type from 'proj4';
import { toWgs84 as offsetToWgs84 } from '../facilities/china-crs.js';
import type { Crs as OffsetCrs } from '../facilities/types.js';
import { dataPath } from '../util/data-files.js';
import { InputError } from '../util/errors.js';
import { lazyRequire } from '../util/lazy-require.js';

// only EPSG codes and WKT need proj4 (~60 ms to load): WGS-84 and the offsets never load it
const proj4 = lazyRequire<typeof proj4Type>('proj4');

export interface InputCrs {
  /** short id: wgs84, gcj02, bd09, EPSG:4547, or WKT */
  id: string;
  /** for messages: "EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)" */
  label: string;
  geographic: boolean;
  /** set for wgs84/gcj02/bd09: the existing degree pipeline handles them */
  offset: OffsetCrs | null;
  /** EPSG code when known */
  epsg: number | null;
  /** proj4 definition (null for the GCJ-02/BD-09 offsets) */
  proj4: string | null;
  /** what the conversion to WGS-84 takes for granted, or null when it is exact */
  assumption: string | null;
  /** (x, y) in this CRS, easting/longitude first → WGS-84 [lon, lat], or null where undefined */
  toWgs84(x: number, y: number): [number, number] | null;
}

interface TableEntry {
  name: string;
  family: string;
  proj4: string;
}

let table: Record<string, TableEntry> | null = null;
export function epsgTable(): Record<string, TableEntry> {
  table ??= JSON.parse(readFileSync(dataPath('crs', 'epsg-china.json'), 'utf8')) as Record<string, TableEntry>;
  return table;
}

const DEGREE_LABEL: Record<OffsetCrs, string> = {
  wgs84: 'WGS-84',
  gcj02: 'GCJ-02 (Amap/Tencent)',
  bd09: 'BD-09 (Baidu)',
};

export function offsetCrs(c: OffsetCrs): InputCrs {
  return {
    id: c,
    label: DEGREE_LABEL[c],
    geographic: true,
    offset: c,
    epsg: c === 'wgs84' ? 4326 : null,
    proj4: null,
    assumption: null,
    toWgs84: (x, y) => offsetToWgs84(x, y, c),
  };
}

export const WGS84 = offsetCrs('wgs84');

/** families whose link to WGS-84 is approximate, and what is assumed */
function assumptionFor(family: string, towgs84: string | undefined): string | null {
  if (family === 'CGCS2000')
    return 'CGCS2000 taken as WGS-84 (they differ by well under 1 m, negligible for walking distances)';
  if (family === 'WGS 84') return null;
  if (towgs84) return `${family} converted to WGS-84 with the given towgs84=${towgs84}`;
  return (
    `${family} converted to WGS-84 without a datum shift (the official parameters are not public; ` +
    `positions may be off by tens of metres): give towgs84 in the job (crs: { …, towgs84: dx,dy,dz }) if you have them`
  );
}

function projCrs(
  def: string,
  id: string,
  label: string,
  epsg: number | null,
  family: string,
  towgs84?: string,
): InputCrs {
  const full = towgs84 ? `${def} +towgs84=${towgs84}` : def;
  let conv: { forward(p: number[]): number[] };
  let p: { projName?: string };
  try {
    conv = proj4()(full, 'WGS84');
    p = proj4().Proj(full) as unknown as { projName?: string };
  } catch (e) {
    throw new InputError(`${label}: cannot use this coordinate system (${(e as Error)?.message ?? 'not understood'})`);
  }
  const geographic = p.projName === 'longlat' || p.projName === 'identity';
  return {
    id,
    label,
    geographic,
    offset: null,
    epsg,
    proj4: full,
    assumption: assumptionFor(family, towgs84),
    toWgs84: (x, y) => {
      const r = conv.forward([x, y]);
      return Number.isFinite(r[0]) && Number.isFinite(r[1]) ? [r[0], r[1]] : null;
    },
  };
}

export function crsFromEpsg(code: number, where: string, towgs84?: string): InputCrs {
  if (code === 4326) return WGS84;
  const e = epsgTable()[String(code)];
  if (!e)
    throw new InputError(
      `${where}: EPSG:${code} is not in lifecircle's table of coordinate systems (CGCS2000, Xi'an 1980, Beijing 1954, ` +
        `New Beijing, WGS 84, Web Mercator, UTM); give the file's .prj as --crs <file.prj>, or reproject it to EPSG:4326`,
    );
  return projCrs(e.proj4, `EPSG:${code}`, `EPSG:${code} (${e.name})`, code, e.family, towgs84);
}

/** the WKT's own EPSG authority, its name matched against the table, or parameters matched */
function identifyWkt(wkt: string, def: InputCrs): number | null {
  const auth = [...wkt.matchAll(/AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/gi)].pop();
  if (auth) return Number(auth[1]);
  const id2 = /ID\s*\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/i.exec(wkt.trim());
  if (id2) return Number(id2[1]);
  // same conversion at three points of its area ⇒ same CRS (names differ between ESRI and EPSG)
  const probe = (c: InputCrs): number[] | null => {
    const out: number[] = [];
    for (const [x, y] of def.geographic
      ? [
          [110, 30],
          [100, 25],
          [120, 40],
        ]
      : [
          [TEST_X(def), 3_000_000],
          [TEST_X(def) + 50_000, 2_500_000],
          [TEST_X(def) - 50_000, 4_000_000],
        ]) {
      const r = c.toWgs84(x, y);
      if (!r) return null;
      out.push(r[0], r[1]);
    }
    return out;
  };
  const mine = probe(def);
  if (!mine) return null;
  for (const [code, e] of Object.entries(epsgTable())) {
    if (e.proj4.includes('longlat') !== def.geographic) continue;
    const other = probe(projCrs(e.proj4, code, code, Number(code), e.family));
    if (other?.every((v, i) => Math.abs(v - mine[i]) < 1e-8)) return Number(code);
  }
  return null;
}

/** an easting inside the projection's zone: its false easting */
function TEST_X(c: InputCrs): number {
  const m = /\+x_0=([\d.]+)/.exec(c.proj4 ?? '');
  if (m) return Number(m[1]);
  const p = proj4().Proj(c.proj4!) as unknown as { x0?: number };
  return p.x0 ?? 500_000;
}

function familyOfWkt(wkt: string): string {
  if (/CGCS[_ ]?2000|China[_ ]?2000|China[_ ]Geodetic[_ ]Coordinate[_ ]System[_ ]2000/i.test(wkt)) return 'CGCS2000';
  if (/Xian[_ ]?1980|Xi'an/i.test(wkt)) return 'Xian 1980';
  if (/New[_ ]Beijing/i.test(wkt)) return 'New Beijing';
  if (/Beijing[_ ]?1954/i.test(wkt)) return 'Beijing 1954';
  if (/WGS[_ ]?(19)?84/i.test(wkt)) return 'WGS 84';
  return 'an unnamed datum';
}

/** a .prj / WKT → CRS, named by EPSG when it matches the table; `where` names the file for errors */
export function crsFromWkt(wkt: string, where: string, towgs84?: string): InputCrs {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  if (!/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|BOUNDCRS|COMPD_CS|COMPOUNDCRS)\s*\[/i.test(text))
    throw new InputError(
      `${where}: not a coordinate system definition (expected WKT such as PROJCS[…]); pass the CRS with --crs, e.g. --crs EPSG:4547`,
    );
  let c: InputCrs;
  try {
    c = projCrs(text, 'WKT', 'WKT', null, familyOfWkt(text), towgs84);
    if (!c.toWgs84(c.geographic ? 110 : TEST_X(c), c.geographic ? 30 : 3_000_000)) throw new Error('no conversion');
  } catch {
    const name = /^\w+\s*\[\s*"([^"]*)"/.exec(text)?.[1] ?? 'unnamed';
    throw new InputError(
      `${where}: cannot read the coordinate system "${name.slice(0, 80)}"; pass it explicitly, e.g. --crs EPSG:4547 ` +
        '(CGCS2000 3° Gauss–Krüger CM 114E) or --crs EPSG:4490 (CGCS2000 degrees)',
    );
  }
  const code = identifyWkt(text, c);
  if (code === 4326 || (code && epsgTable()[String(code)]?.family === 'WGS 84' && c.geographic)) return WGS84;
  if (code && epsgTable()[String(code)]) return crsFromEpsg(code, where, towgs84);
  const name = /^\w+\s*\[\s*"([^"]*)"/.exec(text)?.[1] ?? 'unnamed';
  return { ...c, id: code ? `EPSG:${code}` : 'WKT', label: `${name}${code ? ` (EPSG:${code})` : ''}`, epsg: code };
}

/**
 * The --crs / `crs:` value: wgs84 | gcj02 | bd09 (and their aliases), EPSG:<code> (or a bare
 * code), a path to a .prj file, or inline WKT.
 */
export function parseCrsSpec(spec: string, where: string, towgs84?: string): InputCrs {
  const raw = spec.trim();
  const s = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  if (['wgs84', 'wgs', 'epsg:4326', '4326', 'gps', 'osm', 'crs84'].includes(s)) return WGS84;
  if (['gcj02', 'gcj', 'amap', 'gaode', 'tencent', 'qq', '高德', '腾讯', '火星', '火星坐标'].includes(s))
    return offsetCrs('gcj02');
  if (['bd09', 'bd09ll', 'bd', 'baidu', '百度'].includes(s)) return offsetCrs('bd09');
  if (['cgcs2000', 'cgcs'].includes(s)) return crsFromEpsg(4490, where, towgs84);
  if (['webmercator', 'pseudomercator', 'googlemercator'].includes(s)) return crsFromEpsg(3857, where, towgs84);
  if (['bd09mc', 'bdmc'].includes(s))
    throw new InputError(
      `${where}: --crs ${raw}: Baidu Mercator metres are not read; convert them to BD-09 degrees first and pass --crs bd09`,
    );
  const m = /^(?:epsg:)?(\d{4,6})$/.exec(s);
  if (m) return crsFromEpsg(Number(m[1]), where, towgs84);
  if (/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|BOUNDCRS)\s*\[/i.test(raw)) return crsFromWkt(raw, where, towgs84);
  if (/\.prj$/i.test(raw) || existsSync(raw)) {
    let text: string;
    try {
      text = readFileSync(raw, 'utf8');
    } catch {
      throw new InputError(
        `${where}: --crs ${raw}: file not found; give a .prj file, EPSG:<code>, wgs84, gcj02 or bd09`,
      );
    }
    return crsFromWkt(text, raw, towgs84);
  }
  throw new InputError(
    `${where}: unknown coordinate system '${raw.slice(0, 60)}'; use wgs84 (GPS, OpenStreetMap), gcj02 (Amap/高德, Tencent/腾讯), ` +
      'bd09 (Baidu/百度), EPSG:<code> (e.g. EPSG:4490 CGCS2000, EPSG:4547 CGCS2000 3° Gauss–Krüger 114E) or a .prj file',
  );
}

/** two CRSs convert the same (within 1e-7°) at a few points of China: compatible */
export function sameCrs(a: InputCrs, b: InputCrs): boolean {
  if (a.id === b.id) return true;
  // a file cannot label itself GCJ-02/BD-09: such files say EPSG:4326 (or 4490). Declaring the
  // offset over a degree file is what --crs is for, not a contradiction.
  if ((a.offset && b.geographic) || (b.offset && a.geographic)) return a.geographic && b.geographic;
  if (a.geographic !== b.geographic) return false;
  const pts = a.geographic
    ? [
        [110, 30],
        [116.3, 39.9],
      ]
    : [
        [TEST_X(a), 3_000_000],
        [TEST_X(a) + 40_000, 2_600_000],
      ];
  return pts.every(([x, y]) => {
    const p = a.toWgs84(x, y);
    const q = b.toWgs84(x, y);
    return p !== null && q !== null && Math.abs(p[0] - q[0]) < 1e-7 && Math.abs(p[1] - q[1]) < 1e-7;
  });
}

/**
 * A projected CRS whose coordinates came northing-first (Chinese tables often label X as the
 * northing): true when (x, y) as given lie outside the projection's plausible range and swapped
 * they lie inside. Transverse Mercator: |easting − false easting| < 1,000 km, |northing| < 10,000 km.
 */
export function looksSwapped(c: InputCrs, sample: [number, number][]): boolean {
  if (c.geographic || sample.length === 0) return false;
  const x0 = TEST_X(c);
  const isTm = /\+proj=(tmerc|utm)/.test(c.proj4 ?? '');
  const fits = (x: number, y: number) =>
    isTm ? Math.abs(x - x0) < 1_000_000 && Math.abs(y) < 10_000_000 : c.toWgs84(x, y) !== null;
  const asGiven = sample.filter(([x, y]) => fits(x, y)).length;
  const swapped = sample.filter(([x, y]) => fits(y, x)).length;
  return asGiven < sample.length / 2 && swapped > sample.length / 2;
}
