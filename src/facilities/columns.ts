/**
 * Which column holds what. Headers are matched case-insensitively after NFKC folding (full-width
 * letters and brackets), with bracketed notes and a CRS tag set aside: "经度(GCJ02)", "bd_lng" and
 * "WGS84_LNG" are all longitude columns, and the tag is kept as a hint to check --crs against.
 * An explicit mapping (--columns) wins field by field.
 */
import { InputError } from '../util/errors.js';
import { CRS_LABEL } from './china-crs.js';
import type { ColumnField, ColumnMapping, Crs } from './types.js';

export const COLUMN_FIELDS: readonly ColumnField[] = [
  'lon',
  'lat',
  'location',
  'name',
  'category',
  'id',
  'address',
  'area',
];

/** Aliases per field, best first; for category the most specific level comes first. */
const ALIASES: Record<ColumnField, string[]> = {
  lon: [
    'lon',
    'lng',
    'long',
    'longitude',
    'x',
    '经度',
    '经度坐标',
    'x坐标',
    '东经',
    'pointx',
    'point_x',
    'coordx',
    'coord_x',
    '横坐标',
  ],
  lat: [
    'lat',
    'latitude',
    'y',
    '纬度',
    '纬度坐标',
    'y坐标',
    '北纬',
    'pointy',
    'point_y',
    'coordy',
    'coord_y',
    '纵坐标',
  ],
  location: [
    'location',
    '坐标',
    '经纬度',
    '经纬度坐标',
    'lnglat',
    'lng_lat',
    'lonlat',
    'lon_lat',
    '位置坐标',
    '坐标位置',
    'coordinates',
    'coordinate',
    'coord',
    '中心点坐标',
    '中心坐标',
  ],
  name: [
    'name',
    '名称',
    '设施名称',
    '机构名称',
    'title',
    'poi名称',
    'poiname',
    'poi_name',
    '单位名称',
    '站点名称',
    'facility_name',
    'facility',
    '名字',
  ],
  category: [
    '小类',
    '小类名称',
    '设施类型',
    '设施类别',
    'category',
    'type',
    '类别',
    '类型',
    '分类',
    'poi类型',
    'poi_type',
    '类型名称',
    '行业类型',
    '中类',
    '中类名称',
    '大类',
    '大类名称',
  ],
  id: ['id', '编号', 'poi_id', 'poiid', 'uid', '设施编号', '机构编号', '机构代码', 'code', 'fid', 'objectid', '序号'],
  address: ['address', 'addr', '地址', '详细地址', '所在地址', '单位地址', '机构地址', '地点'],
  area: [
    '建筑面积',
    '总建筑面积',
    'floor_area',
    'floorarea',
    'gfa',
    'building_area',
    '面积',
    'area',
    '用房面积',
    '使用面积',
  ],
};

/** CRS tags seen on coordinate headers: bd_lng, lng_gcj02, 经度(百度), wgs84_lat… */
const CRS_TAGS: [string, Crs][] = [
  ['wgs84', 'wgs84'],
  ['wgs', 'wgs84'],
  ['gps', 'wgs84'],
  ['gcj02', 'gcj02'],
  ['gcj', 'gcj02'],
  ['amap', 'gcj02'],
  ['gaode', 'gcj02'],
  ['gd', 'gcj02'],
  ['高德', 'gcj02'],
  ['腾讯', 'gcj02'],
  ['火星', 'gcj02'],
  ['bd09', 'bd09'],
  ['bd09ll', 'bd09'],
  ['bd', 'bd09'],
  ['baidu', 'bd09'],
  ['百度', 'bd09'],
];

interface HeaderKey {
  /** lower-case, folded, notes and spaces removed */
  keys: { key: string; crs: Crs | null }[];
  /** 10 000 when the header says the area is in 万㎡ */
  areaFactor: number;
}

function headerKeys(header: string): HeaderKey {
  let s = header.normalize('NFKC').trim().toLowerCase();
  let crs: Crs | null = null;
  let areaFactor = 1;
  // bracketed notes: units and CRS, e.g. 经度(GCJ02), 建筑面积（万㎡）, 面积【平方米】
  s = s.replace(/[([【]([^)\]】]*)[)\]】]/g, (_m, note: string) => {
    const n = note.replace(/[\s_-]/g, '');
    for (const [t, c] of CRS_TAGS) if (n === t) crs = c;
    if (/^万/.test(n)) areaFactor = 10000;
    return '';
  });
  s = s.replace(/\s+/g, '');
  const keys: HeaderKey['keys'] = [{ key: s, crs }];
  for (const [t, c] of CRS_TAGS) {
    // a tag as prefix or suffix, with or without a separator: bd_lng, lngbd, lng_wgs84
    const pre = new RegExp(`^${t}[_.-]?(.+)$`).exec(s);
    if (pre) keys.push({ key: pre[1], crs: c });
    const suf = new RegExp(`^(.+?)[_.-]?${t}$`).exec(s);
    if (suf) keys.push({ key: suf[1], crs: c });
  }
  return { keys, areaFactor };
}

export interface DetectedColumns {
  mapping: ColumnMapping;
  /** field -> index into the header */
  index: Partial<Record<ColumnField, number>>;
  /** the CRS that the coordinate columns' names point to, if any */
  crsHint: Crs | null;
  /** multiplier to m² from the area header's unit */
  areaFactor: number;
}

export interface DetectOptions {
  /** the --crs given: when a file has both wgs84_lng and gcj_lng, use the matching pair */
  crs: Crs;
  explicit?: ColumnMapping;
  /** false for GeoJSON, where coordinates come from the geometry */
  needCoordinates: boolean;
  /** for messages: the file, e.g. "list.csv" or "list.xlsx, sheet 学校" */
  where: string;
}

function findExplicit(header: string[], column: string): number {
  const exact = header.indexOf(column);
  if (exact >= 0) return exact;
  // headers may hold line breaks (Excel Alt+Enter: "建筑面积\n(㎡)") that nobody can type in --columns
  const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return header.findIndex((h) => fold(h) === fold(column));
}

/** text for a one-line message: whitespace runs (newlines in cells) become one space, long text is cut */
export function oneLine(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export function listColumns(header: string[]): string {
  const shown = header.slice(0, 40).map((h) => (h === '' ? '(blank)' : oneLine(h)));
  return shown.join(', ') + (header.length > 40 ? `, … (${header.length} columns)` : '');
}

export function detectColumns(header: string[], opts: DetectOptions): DetectedColumns {
  const explicit = opts.explicit ?? {};
  const index: DetectedColumns['index'] = {};
  const used = new Set<number>();
  for (const f of COLUMN_FIELDS) {
    const col = explicit[f];
    if (col === undefined) continue;
    const i = findExplicit(header, col);
    if (i < 0)
      throw new InputError(
        `${opts.where}: --columns ${f}=${col}: there is no column "${col}"; the columns are: ${listColumns(header)}`,
      );
    index[f] = i;
    used.add(i);
  }
  const parsed = header.map(headerKeys);

  /** candidates for a field: [column, alias rank, crs tag], unused columns only */
  const candidates = (f: ColumnField) => {
    const out: { i: number; rank: number; crs: Crs | null }[] = [];
    parsed.forEach((p, i) => {
      if (used.has(i)) return;
      let best: { rank: number; crs: Crs | null } | null = null;
      for (const k of p.keys) {
        const rank = ALIASES[f].indexOf(k.key);
        if (rank >= 0 && (!best || rank < best.rank)) best = { rank, crs: k.crs };
      }
      if (!best && f === 'name' && /名称$/.test(p.keys[0].key)) best = { rank: ALIASES.name.length, crs: null };
      if (best) out.push({ i, ...best });
    });
    return out;
  };
  // a CRS tag matching --crs first, then untagged, then other tags; then alias order, then position
  const crsRank = (c: Crs | null, want: Crs | null) => (c === want ? 0 : c === null ? 1 : 2);
  const pick = (f: ColumnField, want: Crs | null) => {
    const c = candidates(f).sort(
      (a, b) => crsRank(a.crs, want) - crsRank(b.crs, want) || a.rank - b.rank || a.i - b.i,
    )[0];
    if (c) {
      index[f] = c.i;
      used.add(c.i);
    }
    return c ?? null;
  };

  /** the CRS named by column i's header: a bracketed note, or a tag around a coordinate alias */
  const crsTag = (i: number): Crs | null => {
    const p = parsed[i];
    const tagged = p.keys.find(
      (k) =>
        k.crs !== null &&
        (k === p.keys[0] ||
          ALIASES.lon.includes(k.key) ||
          ALIASES.lat.includes(k.key) ||
          ALIASES.location.includes(k.key)),
    );
    return tagged?.crs ?? null;
  };
  let crsHint: Crs | null = null;
  const coordsGiven = explicit.lon !== undefined || explicit.lat !== undefined || explicit.location !== undefined;
  if (opts.needCoordinates) {
    if (!coordsGiven) {
      const lon = pick('lon', opts.crs);
      const lat = pick('lat', lon?.crs ?? opts.crs);
      crsHint = lon?.crs ?? lat?.crs ?? null;
      if (!lon || !lat) {
        // fall back to one "lng,lat" column, leaving a lone x or y to other uses
        for (const c of [lon, lat]) if (c) used.delete(c.i);
        const loc = pick('location', opts.crs);
        if (loc) {
          delete index.lon;
          delete index.lat;
          crsHint = loc.crs;
        } else {
          const missing =
            !lon && !lat ? 'the longitude/latitude columns' : !lon ? 'a longitude column' : 'a latitude column';
          throw new InputError(
            `${opts.where}: cannot find ${missing} among the columns: ${listColumns(header)}; name them ` +
              `with --columns lon=<column>,lat=<column> (or --columns location=<column> for one "lng,lat" ` +
              `column)`,
          );
        }
      }
    } else if (explicit.location === undefined) {
      if (index.lon === undefined) pick('lon', opts.crs);
      if (index.lat === undefined) pick('lat', opts.crs);
      if (index.lon === undefined || index.lat === undefined) {
        throw new InputError(
          `${opts.where}: --columns names only the ` +
            `${index.lon === undefined ? 'latitude' : 'longitude'} column and the other cannot be found ` +
            `among: ${listColumns(header)}; give both, e.g. --columns lon=经度,lat=纬度`,
        );
      }
    }
  }
  for (const f of ['name', 'category', 'id', 'address', 'area'] as const) if (index[f] === undefined) pick(f, null);
  if (coordsGiven) {
    const i = index.location ?? index.lon ?? index.lat;
    crsHint = i === undefined ? null : crsTag(i);
  }

  const mapping: ColumnMapping = {};
  for (const f of COLUMN_FIELDS) if (index[f] !== undefined) mapping[f] = header[index[f]];
  return { mapping, index, crsHint, areaFactor: index.area === undefined ? 1 : parsed[index.area].areaFactor };
}

/** A warning when the coordinate columns' names contradict --crs (e.g. bd_lng read as WGS-84). */
export function crsHintWarning(where: string, d: DetectedColumns, crs: Crs): string | null {
  if (!d.crsHint || d.crsHint === crs) return null;
  const col = d.mapping.lon ?? d.mapping.location ?? d.mapping.lat;
  return (
    `${where}: column "${oneLine(col ?? '')}" suggests ${CRS_LABEL[d.crsHint]} coordinates but ` +
    `--crs is ${crs}; if the column name is right, pass --crs ${d.crsHint}`
  );
}

const OPTION_KEYS: Record<string, ColumnField> = {
  lon: 'lon',
  lng: 'lon',
  longitude: 'lon',
  lat: 'lat',
  latitude: 'lat',
  location: 'location',
  name: 'name',
  category: 'category',
  type: 'category',
  id: 'id',
  address: 'address',
  area: 'area',
  floor_area: 'area',
};

/**
 * The --columns option: "lon=经度,lat=纬度,name=名称,category=类型". Full-width ，and ＝ (typed
 * with a Chinese input method) are accepted.
 */
export function parseColumnsOption(spec: string): ColumnMapping {
  const out: ColumnMapping = {};
  const parts = spec
    .replace(/，/g, ',')
    .replace(/＝/g, '=')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0)
    throw new InputError(
      `--columns "${spec}": empty; expected e.g. --columns lon=经度,lat=纬度,name=名称,category=类型`,
    );
  for (const p of parts) {
    const eq = p.indexOf('=');
    const key = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const col = eq < 0 ? '' : p.slice(eq + 1).trim();
    const field = OPTION_KEYS[key];
    if (eq < 0 || col === '') throw new InputError(`--columns "${spec}": "${p}" should be field=column, e.g. lon=经度`);
    if (!field)
      throw new InputError(`--columns "${spec}": unknown field "${key}"; the fields are ${COLUMN_FIELDS.join(', ')}`);
    if (out[field] !== undefined) throw new InputError(`--columns "${spec}": ${field} is given twice`);
    out[field] = col;
  }
  if (out.location !== undefined && (out.lon !== undefined || out.lat !== undefined)) {
    throw new InputError(`--columns "${spec}": give either location (one "lng,lat" column) or lon and lat, not both`);
  }
  return out;
}
