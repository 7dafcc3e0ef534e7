/**
 * Shapes shared by the facility-list readers: a planner's own list of facilities (an Amap/Tencent
 * or Baidu export, a bureau roster) read from CSV, XLSX or GeoJSON and converted to WGS-84.
 */
import type { PlacedRows } from './placed-rows.js';

/** Coordinate systems of Chinese facility lists: OSM and GPS use WGS-84; Amap, Tencent and most
 * Chinese web maps GCJ-02; Baidu BD-09 (GCJ-02 with a further offset). */
export type Crs = 'wgs84' | 'gcj02' | 'bd09';

/** Fields that a column of the list can supply. `location` is one column holding "lng,lat". */
export type ColumnField = 'lon' | 'lat' | 'location' | 'name' | 'category' | 'id' | 'address' | 'area';

/** field -> column name (a CSV/XLSX header cell or a GeoJSON property key) */
export type ColumnMapping = Partial<Record<ColumnField, string>>;

export interface FacilityRow {
  /** CSV: line in the file (header = line 1); XLSX: sheet row; GeoJSON: feature number (1-based) */
  row: number;
  /** WGS-84 degrees */
  lon: number;
  lat: number;
  name: string | null;
  category: string | null;
  sourceId: string | null;
  address: string | null;
  floorAreaM2: number | null;
  /** every column of the row as text, keyed by header name */
  raw: Record<string, string>;
}

export interface SkippedRow {
  row: number;
  reason: string;
}

/** what the decoder found: BOMs are named so a caller can say what it read */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export type ListFormat = 'csv' | 'xlsx' | 'geojson' | 'shapefile' | 'geopackage';

export interface FacilityList {
  /** the placed rows as objects, built from `placed` on first use */
  readonly rows: FacilityRow[];
  /** the placed rows as columns (a million-row list: no object per row) */
  placed: PlacedRows;
  skipped: SkippedRow[];
  /** null for XLSX: a workbook carries its own (Unicode) encoding */
  encoding: TextEncoding | null;
  format: ListFormat;
  /** the columns used, after detection and the explicit mapping */
  columns: ColumnMapping;
  /** CSV only: the delimiter found on the header line */
  delimiter: string | null;
  /** things the user should know that did not cost a row (a column that names another CRS, unreadable areas) */
  warnings: string[];
}

/** a projected CRS for lists in metres (src/inputs/crs.ts supplies it): x, y → WGS-84 */
export interface ListProjection {
  label: string;
  toWgs84(x: number, y: number): [number, number] | null;
  /** northing-first coordinates, judged on a sample of the list */
  axisSwapped(sample: [number, number][]): boolean;
}

export interface ReadFacilityOptions {
  crs: Crs;
  /** a projected CRS as given (EPSG:<code>, .prj), resolved by the input stage; `crs` is then wgs84 */
  crsSpec?: string;
  /** GeoPackage layer or zipped Shapefile to read */
  layer?: string;
  /** coordinates are metres in this projection (then `crs` is wgs84) */
  project?: ListProjection;
  /** overrides column detection field by field */
  columns?: ColumnMapping;
  /** XLSX: sheet name (default: the first sheet) */
  sheet?: string;
  /** table rows checked so far, for progress on long lists (called every few ten thousand rows) */
  onRows?: (done: number, total: number) => void;
}
