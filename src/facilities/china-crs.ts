/**
 * GCJ-02 / BD-09 → WGS-84 with gcoord. Both are obfuscations of WGS-84 defined only inside China's
 * rectangle; outside it gcoord returns the input unchanged, which would silently pass a
 * wrongly-declared list through, so such points are refused here instead.
 */
import type gcoordImport from 'gcoord';
import { InputError } from '../util/errors.js';
import { lazyRequire } from '../util/lazy-require.js';
import type { Crs } from './types.js';

type Gcoord = typeof gcoordImport.default;
// loaded on the first GCJ-02/BD-09 point; gcoord is CommonJS typed as `export default`, so the
// default may sit one level down
const gcoordModule = lazyRequire<Gcoord & { default?: Gcoord }>('gcoord');
let gc: { gcoord: Gcoord; crs: Record<Crs, Parameters<Gcoord['transform']>[1]> } | null = null;
function g(): NonNullable<typeof gc> {
  if (!gc) {
    const m = gcoordModule();
    const gcoord = m.default ?? m;
    gc = { gcoord, crs: { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } };
  }
  return gc;
}

/** gcoord's own out-of-China rectangle (isInChinaBbox) */
export const CHINA_BBOX = { west: 72.004, east: 137.8347, south: 0.8293, north: 55.8271 } as const;

export function inChina(lon: number, lat: number): boolean {
  return lon >= CHINA_BBOX.west && lon <= CHINA_BBOX.east && lat >= CHINA_BBOX.south && lat <= CHINA_BBOX.north;
}

export const CRS_LABEL: Record<Crs, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02', bd09: 'BD-09' };

/** (lon, lat) in `crs` → WGS-84, or null where the conversion is undefined (outside China). */
export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] | null {
  if (crs === 'wgs84') return [lon, lat];
  if (!inChina(lon, lat)) return null;
  const { gcoord, crs: c } = g();
  const [x, y] = gcoord.transform([lon, lat], c[crs], gcoord.WGS84);
  return [x, y];
}

/** WGS-84 → `crs`, for offset detection and tests; null outside China. */
export function fromWgs84(lon: number, lat: number, crs: Crs): [number, number] | null {
  if (crs === 'wgs84') return [lon, lat];
  if (!inChina(lon, lat)) return null;
  const { gcoord, crs: c } = g();
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, c[crs]);
  return [x, y];
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
