/**
 * The placed rows of a facility list, as columns: row numbers, WGS-84 coordinates and floor areas
 * in typed arrays, the text attributes read from the table's cells when asked. A table's rows are
 * the record numbers of a `Records` (records.ts): a million-row list keeps no object per row. The
 * rows as `FacilityRow` objects (`objects()`) are built on first use, for the callers that want
 * them (siting candidates, the input stage); the facility stage reads the columns.
 */
import type { Records } from './records.js';
import type { FacilityRow } from './types.js';

export interface PlacedRows {
  readonly length: number;
  /** CSV: line in the file; XLSX: sheet row; GeoJSON: feature number (1-based) */
  row(i: number): number;
  /** WGS-84 degrees */
  lon(i: number): number;
  lat(i: number): number;
  name(i: number): string | null;
  category(i: number): string | null;
  sourceId(i: number): string | null;
  address(i: number): string | null;
  floorAreaM2(i: number): number | null;
  /** every column of row i as text, keyed by header name */
  raw(i: number): Record<string, string>;
  /** the column names every row's `raw` has (tables); null where rows differ (GeoJSON) */
  readonly keys: readonly string[] | null;
  /** the rows as objects, built once */
  objects(): FacilityRow[];
}

/** Placeholders that mean "nothing" in exports: Amap's API writes [] for an empty field. */
const EMPTY_TEXT = new Set(['', '[]', 'null', 'none', 'nan', 'n/a', '-', '—', '无']);

export function textOrNull(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const s = cell.trim();
  return EMPTY_TEXT.has(s.toLowerCase()) ? null : s;
}

/** the cell numbers of the attributes (DetectedColumns.index) */
export interface AttributeCells {
  name?: number;
  category?: number;
  id?: number;
  address?: number;
}

/** rows of a table: record numbers into its records, coordinates and areas (NaN: none) */
export class TableRows implements PlacedRows {
  private rows: FacilityRow[] | null = null;
  constructor(
    private readonly records: Records,
    private readonly header: readonly string[],
    private readonly index: AttributeCells,
    private readonly rec: Int32Array,
    private readonly lons: Float64Array,
    private readonly lats: Float64Array,
    private readonly areas: Float64Array,
  ) {}
  get length(): number {
    return this.rec.length;
  }
  get keys(): readonly string[] {
    return this.header;
  }
  row(i: number): number {
    return this.records.row(this.rec[i]!);
  }
  lon(i: number): number {
    return this.lons[i]!;
  }
  lat(i: number): number {
    return this.lats[i]!;
  }
  private text(i: number, c: number | undefined): string | null {
    return c === undefined ? null : textOrNull(this.records.cell(this.rec[i]!, c));
  }
  name(i: number): string | null {
    return this.text(i, this.index.name);
  }
  category(i: number): string | null {
    return this.text(i, this.index.category);
  }
  sourceId(i: number): string | null {
    return this.text(i, this.index.id);
  }
  address(i: number): string | null {
    return this.text(i, this.index.address);
  }
  floorAreaM2(i: number): number | null {
    const a = this.areas[i]!;
    return Number.isNaN(a) ? null : a;
  }
  /** every area dropped (the column turned out to hold none) */
  clearAreas(): void {
    this.areas.fill(Number.NaN);
    this.rows = null;
  }
  raw(i: number): Record<string, string> {
    const raw: Record<string, string> = {};
    const r = this.rec[i]!;
    for (let c = 0; c < this.header.length; c++) raw[this.header[c]!] = this.records.cell(r, c);
    return raw;
  }
  objects(): FacilityRow[] {
    if (!this.rows) {
      const rows: FacilityRow[] = [];
      for (let i = 0; i < this.length; i++) rows.push(new TableRow(this, i));
      this.rows = rows;
    }
    return this.rows;
  }
}

/**
 * One row of a table as an object. Its `raw` record is built when asked for: only a list with
 * typecode or 大类/中类/小类 columns ever reads it.
 */
class TableRow implements FacilityRow {
  // true private fields: not own enumerable properties, so a row compares and spreads as a plain one
  readonly #rows: TableRows;
  readonly #i: number;
  readonly row: number;
  lon: number;
  lat: number;
  name: string | null;
  category: string | null;
  sourceId: string | null;
  address: string | null;
  floorAreaM2: number | null;
  constructor(rows: TableRows, i: number) {
    this.#rows = rows;
    this.#i = i;
    this.row = rows.row(i);
    this.lon = rows.lon(i);
    this.lat = rows.lat(i);
    this.name = rows.name(i);
    this.category = rows.category(i);
    this.sourceId = rows.sourceId(i);
    this.address = rows.address(i);
    this.floorAreaM2 = rows.floorAreaM2(i);
  }
  get raw(): Record<string, string> {
    return this.#rows.raw(this.#i);
  }
}

/** rows that are objects already (GeoJSON features) */
export class ObjectRows implements PlacedRows {
  constructor(private readonly rows: FacilityRow[]) {}
  get length(): number {
    return this.rows.length;
  }
  readonly keys = null;
  row(i: number): number {
    return this.rows[i]!.row;
  }
  lon(i: number): number {
    return this.rows[i]!.lon;
  }
  lat(i: number): number {
    return this.rows[i]!.lat;
  }
  name(i: number): string | null {
    return this.rows[i]!.name;
  }
  category(i: number): string | null {
    return this.rows[i]!.category;
  }
  sourceId(i: number): string | null {
    return this.rows[i]!.sourceId;
  }
  address(i: number): string | null {
    return this.rows[i]!.address;
  }
  floorAreaM2(i: number): number | null {
    return this.rows[i]!.floorAreaM2;
  }
  raw(i: number): Record<string, string> {
    return this.rows[i]!.raw;
  }
  objects(): FacilityRow[] {
    return this.rows;
  }
}
