/**
 * Rows of a CSV or XLSX table → facility rows in WGS-84. A row that cannot be placed is skipped
 * and reported with its row number and the reason; the other rows are kept. Rows whose every cell
 * is empty are not facilities (Excel leaves ",,,," lines behind) and are passed over.
 */
import { parseArea, parseDegrees, parseLocation } from './cell-values.js';
import { type DetectedColumns, oneLine } from './columns.js';
import { checkPoint } from './coordinate-checks.js';
import { type PlacedRows, TableRows, textOrNull } from './placed-rows.js';
import type { Records } from './records.js';
import type { Crs, FacilityRow, ListProjection, SkippedRow } from './types.js';

/** up to 200 (x, y) pairs of the table, to judge the axis order of projected coordinates */
function sampleNumbers(table: Table, cols: DetectedColumns): [number, number][] {
  const out: [number, number][] = [];
  const { records } = table;
  for (let r = 0; r < records.length; r++) {
    if (out.length >= 200) break;
    if (records.row(r) <= table.headerRow) continue;
    if (cols.index.location !== undefined) {
      const p = parseLocation(records.cell(r, cols.index.location).trim());
      if (p) out.push(p);
      continue;
    }
    const x = parseDegrees(records.cell(r, cols.index.lon ?? -1).trim());
    const y = parseDegrees(records.cell(r, cols.index.lat ?? -1).trim());
    if (x !== null && y !== null) out.push([x, y]);
  }
  return out;
}

/** a table below its header: the records whose row is past the header's are its rows */
export interface Table {
  /** unique, non-empty column names */
  header: string[];
  records: Records;
  /** the header's line or sheet row */
  headerRow: number;
  /** structural faults found while reading, by record number (e.g. more fields than the header) */
  problems: Map<number, string>;
  /** how rows are called in messages: "line" in CSV, "row" in a sheet */
  rowLabel: 'line' | 'row';
  /** records past the header (blank ones too) */
  count: number;
}

export interface RowsResult {
  rows: PlacedRows;
  skipped: SkippedRow[];
  warnings: string[];
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

  /** drops the areas (`clear`) when the column turned out not to hold any; returns warnings */
  finish(clear: () => void, mapping: DetectedColumns['mapping']): string[] {
    if (this.column === undefined || this.bad.length === 0) return [];
    const first = this.bad[0];
    if (this.read === 0 && !this.explicit) {
      delete mapping.area;
      clear();
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

function grow<T extends Int32Array | Float64Array>(a: T, Ctor: new (n: number) => T): T {
  const b = new Ctor(a.length * 2);
  b.set(a);
  return b;
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
  const skipped: SkippedRow[] = [];
  const { header, records, headerRow } = table;
  // the placed rows' record numbers, coordinates and areas (NaN: none), grown as they are found
  let rec = new Int32Array(1024);
  let lons = new Float64Array(1024);
  let lats = new Float64Array(1024);
  let areas = new Float64Array(1024);
  let n = 0;
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

  const total = table.count;
  // progress only where it is worth a line: lists of tens of thousands of rows
  if (total < 50_000) onRows = undefined;
  let seen = 0;
  for (let r = 0; r < records.length; r++) {
    const row = records.row(r);
    if (row <= headerRow) continue;
    if (onRows && ++seen % 50_000 === 0 && seen < total) onRows(seen, total);
    if (records.blank(r)) continue;
    const problem = table.problems.get(r);
    if (problem !== undefined) {
      skipped.push({ row, reason: problem });
      continue;
    }

    let lon: number | null;
    let lat: number | null;
    if (index.location !== undefined) {
      const cell = records.cell(r, index.location).trim();
      if (cell === '') {
        skipped.push({ row, reason: `no coordinates: the "${col.location}" cell is empty` });
        continue;
      }
      const p = parseLocation(cell);
      if (!p) {
        skipped.push({ row, reason: `"${oneLine(cell)}" in column "${col.location}" is not "lng,lat"` });
        continue;
      }
      [lon, lat] = p;
    } else {
      const lonCell = records.cell(r, index.lon ?? -1).trim();
      const latCell = records.cell(r, index.lat ?? -1).trim();
      if (lonCell === '' || latCell === '') {
        const which =
          lonCell === '' && latCell === ''
            ? `the "${col.lon}" and "${col.lat}" cells are empty`
            : `the ${lonCell === '' ? `"${col.lon}"` : `"${col.lat}"`} cell is empty`;
        skipped.push({ row, reason: `no coordinates: ${which}` });
        continue;
      }
      lon = parseDegrees(lonCell);
      lat = parseDegrees(latCell);
      if (lon === null || lat === null) {
        const bad =
          lon === null
            ? `longitude "${oneLine(lonCell)}" (column "${col.lon}")`
            : `latitude "${oneLine(latCell)}" (column "${col.lat}")`;
        skipped.push({ row, reason: `${bad} is not a number` });
        continue;
      }
    }
    if (project) {
      const w = swap ? project.toWgs84(lat, lon) : project.toWgs84(lon, lat);
      if (!w) {
        skipped.push({
          row,
          reason: `coordinates (${lon}, ${lat}) cannot be in ${project.label}; check --crs`,
        });
        continue;
      }
      [lon, lat] = w;
    }
    const p = checkPoint(lon, lat, crs, swapHint);
    if (!p.ok) {
      skipped.push({ row, reason: p.reason });
      continue;
    }
    // the area as attributes() reads it from the raw record (mapping.area is header[index.area])
    const areaText = index.area === undefined ? null : textOrNull(records.cell(r, index.area));
    const area = areaText === null ? null : parseArea(areaText, cols.areaFactor);
    tally.add(row, areaText, area);
    if (n === rec.length) {
      rec = grow(rec, Int32Array);
      lons = grow(lons, Float64Array);
      lats = grow(lats, Float64Array);
      areas = grow(areas, Float64Array);
    }
    rec[n] = r;
    lons[n] = p.lon;
    lats[n] = p.lat;
    areas[n] = area ?? Number.NaN;
    n++;
  }
  onRows?.(total, total);
  const rows = new TableRows(
    records,
    header,
    index,
    rec.slice(0, n),
    lons.slice(0, n),
    lats.slice(0, n),
    areas.slice(0, n),
  );
  const warnings = tally.finish(() => rows.clearAreas(), mapping);
  if (swap)
    warnings.unshift(
      `${where}: the coordinates are northing first (the "${col.lon}" column holds northings); read as easting, northing (judged by their magnitude)`,
    );
  return { rows, skipped, warnings };
}
