/**
 * Rows of a CSV or XLSX table → facility rows in WGS-84. A row that cannot be placed is skipped
 * and reported with its row number and the reason; the other rows are kept. Rows whose every cell
 * is empty are not facilities (Excel leaves ",,,," lines behind) and are passed over.
 */
import { parseArea, parseDegrees, parseLocation } from './cell-values.js';
import { type DetectedColumns, oneLine } from './columns.js';
import { checkPoint } from './coordinate-checks.js';
import type { Crs, FacilityRow, ListProjection, SkippedRow } from './types.js';

/** up to 200 (x, y) pairs of the table, to judge the axis order of projected coordinates */
function sampleNumbers(table: Table, cols: DetectedColumns): [number, number][] {
  const out: [number, number][] = [];
  for (const rec of table.records) {
    if (out.length >= 200) break;
    if (cols.index.location !== undefined) {
      const p = parseLocation((rec.cells[cols.index.location] ?? '').trim());
      if (p) out.push(p);
      continue;
    }
    const x = parseDegrees((rec.cells[cols.index.lon ?? -1] ?? '').trim());
    const y = parseDegrees((rec.cells[cols.index.lat ?? -1] ?? '').trim());
    if (x !== null && y !== null) out.push([x, y]);
  }
  return out;
}

export interface TableRecord {
  /** CSV: line in the file where the record starts; XLSX: sheet row */
  row: number;
  cells: string[];
  /** a structural fault found while reading (e.g. more fields than the header) */
  problem?: string;
}

export interface Table {
  /** unique, non-empty column names */
  header: string[];
  records: TableRecord[];
  /** how rows are called in messages: "line" in CSV, "row" in a sheet */
  rowLabel: 'line' | 'row';
}

/**
 * A placed row of a table. Its `raw` record (every column by header name) is built when asked
 * for, from the record's cells: a million rows kept a million such objects (a quarter of the
 * reader's memory) that only a list with typecode or 大类/中类/小类 columns ever reads.
 */
class TableRow implements FacilityRow {
  // true private fields: not own enumerable properties, so a row compares and spreads as before
  readonly #cells: string[];
  readonly #header: string[];
  constructor(
    readonly row: number,
    public lon: number,
    public lat: number,
    public name: string | null,
    public category: string | null,
    public sourceId: string | null,
    public address: string | null,
    public floorAreaM2: number | null,
    cells: string[],
    header: string[],
  ) {
    this.#cells = cells;
    this.#header = header;
  }
  get raw(): Record<string, string> {
    const raw: Record<string, string> = {};
    for (let i = 0; i < this.#header.length; i++) raw[this.#header[i]!] = this.#cells[i] ?? '';
    return raw;
  }
}

export interface RowsResult {
  rows: FacilityRow[];
  skipped: SkippedRow[];
  warnings: string[];
}

/** Placeholders that mean "nothing" in exports: Amap's API writes [] for an empty field. */
const EMPTY_TEXT = new Set(['', '[]', 'null', 'none', 'nan', 'n/a', '-', '—', '无']);

export function textOrNull(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const s = cell.trim();
  return EMPTY_TEXT.has(s.toLowerCase()) ? null : s;
}

/** Attributes shared by tables and GeoJSON: name, category, id, address, floor area. */
export function attributes(
  raw: Record<string, string>,
  mapping: DetectedColumns['mapping'],
  areaFactor: number,
): Pick<FacilityRow, 'name' | 'category' | 'sourceId' | 'address' | 'floorAreaM2'> & { areaText: string | null } {
  const get = (col: string | undefined) => (col === undefined ? null : textOrNull(raw[col]));
  const areaText = get(mapping.area);
  return {
    name: get(mapping.name),
    category: get(mapping.category),
    sourceId: get(mapping.id),
    address: get(mapping.address),
    floorAreaM2: areaText === null ? null : parseArea(areaText, areaFactor),
    areaText,
  };
}

/**
 * Keeps an auto-detected area column only if it holds areas (a column called "area" may hold
 * district names), and says how many areas could not be read.
 */
export class AreaTally {
  private read = 0;
  private bad: { row: number; text: string }[] = [];
  constructor(
    private readonly column: string | undefined,
    private readonly explicit: boolean,
    private readonly where: string,
    private readonly rowLabel: string,
  ) {}

  add(row: number, text: string | null, value: number | null): void {
    if (text === null) return;
    if (value === null) this.bad.push({ row, text });
    else this.read++;
  }

  /** drops the areas when the column turned out not to hold any; returns warnings */
  finish(rows: FacilityRow[], mapping: DetectedColumns['mapping']): string[] {
    if (this.column === undefined || this.bad.length === 0) return [];
    const first = this.bad[0];
    if (this.read === 0 && !this.explicit) {
      delete mapping.area;
      for (const r of rows) r.floorAreaM2 = null;
      return [
        `${this.where}: column "${this.column}" holds no floor areas (e.g. ${this.rowLabel} ` +
          `${first.row}: "${oneLine(first.text)}"), so it is not used; name the floor-area column ` +
          `with --columns area=<column>`,
      ];
    }
    return [
      `${this.where}: floor area unreadable in ${this.bad.length} rows (first: ${this.rowLabel} ` +
        `${first.row}, "${oneLine(first.text)}"), left empty; give areas as numbers of m²`,
    ];
  }
}

export function rowsFromTable(
  table: Table,
  cols: DetectedColumns,
  crs: Crs,
  where: string,
  explicitArea: boolean,
  project?: ListProjection,
  onRows?: (done: number, total: number) => void,
): RowsResult {
  const swap = project ? project.axisSwapped(sampleNumbers(table, cols)) : false;
  const rows: FacilityRow[] = [];
  const skipped: SkippedRow[] = [];
  const { header } = table;
  const { index, mapping } = cols;
  const tally = new AreaTally(mapping.area, explicitArea, where, table.rowLabel);
  // column names as shown in messages (an Excel header may hold a line break)
  const col = {
    lon: oneLine(mapping.lon ?? ''),
    lat: oneLine(mapping.lat ?? ''),
    location: oneLine(mapping.location ?? ''),
  };
  const swapHint =
    mapping.location !== undefined
      ? `the "${col.location}" column should hold "lng,lat"`
      : `check the columns (now lon=${col.lon},lat=${col.lat}; change them with --columns lon=…,lat=…)`;

  const total = table.records.length;
  // progress only where it is worth a line: lists of tens of thousands of rows
  if (total < 50_000) onRows = undefined;
  let seen = 0;
  for (const rec of table.records) {
    if (onRows && ++seen % 50_000 === 0 && seen < total) onRows(seen, total);
    if (rec.cells.every((c) => c.trim() === '')) continue;
    if (rec.problem) {
      skipped.push({ row: rec.row, reason: rec.problem });
      continue;
    }

    let lon: number | null;
    let lat: number | null;
    if (index.location !== undefined) {
      const cell = (rec.cells[index.location] ?? '').trim();
      if (cell === '') {
        skipped.push({ row: rec.row, reason: `no coordinates: the "${col.location}" cell is empty` });
        continue;
      }
      const p = parseLocation(cell);
      if (!p) {
        skipped.push({ row: rec.row, reason: `"${oneLine(cell)}" in column "${col.location}" is not "lng,lat"` });
        continue;
      }
      [lon, lat] = p;
    } else {
      const lonCell = (rec.cells[index.lon ?? -1] ?? '').trim();
      const latCell = (rec.cells[index.lat ?? -1] ?? '').trim();
      if (lonCell === '' || latCell === '') {
        const which =
          lonCell === '' && latCell === ''
            ? `the "${col.lon}" and "${col.lat}" cells are empty`
            : `the ${lonCell === '' ? `"${col.lon}"` : `"${col.lat}"`} cell is empty`;
        skipped.push({ row: rec.row, reason: `no coordinates: ${which}` });
        continue;
      }
      lon = parseDegrees(lonCell);
      lat = parseDegrees(latCell);
      if (lon === null || lat === null) {
        const bad =
          lon === null
            ? `longitude "${oneLine(lonCell)}" (column "${col.lon}")`
            : `latitude "${oneLine(latCell)}" (column "${col.lat}")`;
        skipped.push({ row: rec.row, reason: `${bad} is not a number` });
        continue;
      }
    }
    if (project) {
      const w = swap ? project.toWgs84(lat, lon) : project.toWgs84(lon, lat);
      if (!w) {
        skipped.push({
          row: rec.row,
          reason: `coordinates (${lon}, ${lat}) cannot be in ${project.label}; check --crs`,
        });
        continue;
      }
      [lon, lat] = w;
    }
    const p = checkPoint(lon, lat, crs, swapHint);
    if (!p.ok) {
      skipped.push({ row: rec.row, reason: p.reason });
      continue;
    }
    // the attributes as attributes() reads them from the raw record (mapping[f] is header[index[f]])
    const cell = (i: number | undefined) => (i === undefined ? null : textOrNull(rec.cells[i] ?? ''));
    const areaText = cell(index.area);
    const area = areaText === null ? null : parseArea(areaText, cols.areaFactor);
    tally.add(rec.row, areaText, area);
    const { cells } = rec;
    rows.push(
      new TableRow(
        rec.row,
        p.lon,
        p.lat,
        cell(index.name),
        cell(index.category),
        cell(index.id),
        cell(index.address),
        area,
        cells,
        header,
      ),
    );
  }
  onRows?.(total, total);
  const warnings = tally.finish(rows, mapping);
  if (swap)
    warnings.unshift(
      `${where}: the coordinates are northing first (the "${col.lon}" column holds northings); read as easting, northing (judged by their magnitude)`,
    );
  return { rows, skipped, warnings };
}
