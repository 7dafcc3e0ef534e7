/**
 * GCJ-02 / BD-09 ↔ WGS-84. Both are obfuscations of WGS-84 defined only inside China's rectangle;
 * outside it gcoord returns the input unchanged, which would silently pass a wrongly-declared list
 * through, so such points are refused here instead. The formulas are gcoord 1.0.7's, operation for
 * operation (test/facilities/china-crs-math.test.ts compares them with gcoord to the bit): its
 * `transform` built five arrays per point and was the largest single cost of reading a
 * million-row list (3 of 25 s); these write into one scratch pair.
 */
import { InputError } from '../util/errors.js';
import type { Crs } from './types.js';

const { sin, cos, sqrt, abs, atan2, PI } = Math;
/** Krasovsky 1940: the ellipsoid of GCJ-02's offset */
const A = 6378245;
const EE = 0.006693421622965823;
const BAIDU = (PI * 3000.0) / 180.0;
/** the last conversion's result: [lon, lat] */
const out = new Float64Array(2);

/** WGS-84 → GCJ-02 inside the rectangle (gcoord's WGS84ToGCJ02 and delta), into `out` */
function gcjOffset(lon: number, lat: number): void {
  const x = lon - 105;
  const y = lat - 35;
  let dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x));
  dLon += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  dLon += ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3;
  dLon += ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x));
  dLat += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  dLat += ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3;
  dLat += ((160 * sin((y / 12) * PI) + 320 * sin((y * PI) / 30)) * 2) / 3;
  const radLat = (lat / 180) * PI;
  let magic = sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = sqrt(magic);
  out[0] = lon + (dLon * 180) / ((A / sqrtMagic) * cos(radLat) * PI);
  out[1] = lat + (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
}

/**
 * GCJ-02 → WGS-84 by gcoord's fixed-point iteration (to 1e-6°), into `out`; unchanged outside the
 * rectangle. False where an iterate leaves the rectangle (points within the offset, ~0.01°, of its
 * edge): there gcoord's offset is the identity, the next step returns to the start and gcoord loops
 * for ever, so the conversion is undefined there as it is outside.
 */
function gcjToWgs(lon: number, lat: number): boolean {
  out[0] = lon;
  out[1] = lat;
  if (!inChina(lon, lat)) return true;
  let wLon = lon;
  let wLat = lat;
  gcjOffset(wLon, wLat);
  let dx = out[0] - lon;
  let dy = out[1] - lat;
  while (abs(dx) > 1e-6 || abs(dy) > 1e-6) {
    wLon -= dx;
    wLat -= dy;
    if (!inChina(wLon, wLat)) return false;
    gcjOffset(wLon, wLat);
    dx = out[0] - lon;
    dy = out[1] - lat;
  }
  out[0] = wLon;
  out[1] = wLat;
  return true;
}

/** BD-09 → GCJ-02 (gcoord's BD09ToGCJ02), into `out` */
function bdToGcj(lon: number, lat: number): void {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = sqrt(x * x + y * y) - 0.00002 * sin(y * BAIDU);
  const theta = atan2(y, x) - 0.000003 * cos(x * BAIDU);
  out[0] = z * cos(theta);
  out[1] = z * sin(theta);
}

/** GCJ-02 → BD-09 (gcoord's GCJ02ToBD09), into `out` */
function gcjToBd(lon: number, lat: number): void {
  const z = sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * BAIDU);
  const theta = atan2(lat, lon) + 0.000003 * cos(lon * BAIDU);
  out[0] = z * cos(theta) + 0.0065;
  out[1] = z * sin(theta) + 0.006;
}

/** gcoord's own out-of-China rectangle (isInChinaBbox) */
export const CHINA_BBOX = { west: 72.004, east: 137.8347, south: 0.8293, north: 55.8271 } as const;

export function inChina(lon: number, lat: number): boolean {
  return lon >= CHINA_BBOX.west && lon <= CHINA_BBOX.east && lat >= CHINA_BBOX.south && lat <= CHINA_BBOX.north;
}

export const CRS_LABEL: Record<Crs, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02', bd09: 'BD-09' };

/** (lon, lat) in `crs` → WGS-84, or null where the conversion is undefined (outside China, or at its edge: gcjToWgs). */
export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] | null {
  if (crs === 'wgs84') return [lon, lat];
  if (!inChina(lon, lat)) return null;
  if (crs === 'bd09') bdToGcj(lon, lat);
  else {
    out[0] = lon;
    out[1] = lat;
  }
  return gcjToWgs(out[0], out[1]) ? [out[0], out[1]] : null;
}

/** WGS-84 → `crs`, for offset detection and tests; null outside China. */
export function fromWgs84(lon: number, lat: number, crs: Crs): [number, number] | null {
  if (crs === 'wgs84') return [lon, lat];
  if (!inChina(lon, lat)) return null;
  gcjOffset(lon, lat);
  if (crs === 'bd09') gcjToBd(out[0], out[1]);
  return [out[0], out[1]];
}

/**
 * The --crs option. Accepts the names planners meet in their tools (高德/腾讯 = GCJ-02,
 * 百度 = BD-09). Baidu's Mercator metres (BD09MC) are refused: lists in metres need reprojecting.
 */
export function parseCrs(spec: string): Crs {
  const s = spec
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  if (['wgs84', 'wgs', 'epsg:4326', '4326', 'gps', 'osm', 'crs84'].includes(s)) return 'wgs84';
  if (['gcj02', 'gcj', 'amap', 'gaode', 'tencent', 'qq', '高德', '腾讯', '火星', '火星坐标'].includes(s))
    return 'gcj02';
  if (['bd09', 'bd09ll', 'bd', 'baidu', '百度'].includes(s)) return 'bd09';
  if (['bd09mc', 'bdmc', 'epsg:3857', '3857', 'webmercator'].includes(s)) {
    throw new InputError(
      `--crs ${spec}: coordinates in metres are not read; convert them to longitude/latitude degrees first, then pass --crs wgs84, gcj02 or bd09`,
    );
  }
  throw new InputError(
    `--crs ${spec}: unknown coordinate system; use wgs84 (GPS, OpenStreetMap), gcj02 (Amap/高德, Tencent/腾讯) or bd09 (Baidu/百度)`,
  );
}
