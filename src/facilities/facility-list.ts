/**
 * Reading a planner's own facility list — an Amap/Tencent (GCJ-02) or Baidu (BD-09) export, or a
 * bureau roster — from CSV, XLSX or GeoJSON in any encoding Chinese offices produce, into WGS-84
 * rows. Rows that cannot be placed are returned in `skipped` with their row number and reason;
 * only a list with no usable row at all is an error.
 */
import { extname } from 'node:path';
import { InputError } from '../util/errors.js';
import { parseDegrees } from './cell-values.js';
import { crsHintWarning, type DetectedColumns, detectColumns, listColumns, oneLine } from './columns.js';
import { markExtraFields, parseCsvRecords, uniqueHeader } from './csv-table.js';
import { geojsonFeatures, geojsonRows } from './geojson-points.js';
import { decodeText } from './text-encoding.js';
import type { Records } from './records.js';
import { rowsFromTable, type RowsResult, type Table } from './table-rows.js';
import type { Crs, FacilityList, ListFormat, ReadFacilityOptions, SkippedRow } from './types.js';
import { readInput } from '../io/read-input.js';

/** A title such as "XX区养老机构名录" may sit above the header; look this far down for it. */
const HEADER_SEARCH_ROWS = 20;

export function rowLabel(format: ListFormat): 'line' | 'row' | 'feature' {
  return format === 'csv' ? 'line' : format === 'xlsx' ? 'row' : 'feature';
}

function readBytes(path: string): Buffer {
  try {
    return readInput(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${(e as Error).message})`}; give the facility list as a CSV, XLSX or GeoJSON file`,
    );
  }
}

/** Format from the content first (people rename files), then the extension. */
function sniffFormat(buf: Buffer, path: string): 'xlsx' | 'text' | 'gis' {
  const ext = extname(path).toLowerCase();
  // GeoPackage (SQLite header), Shapefile (file code 9994) and its side files: the input stage reads them
  if (buf.subarray(0, 15).toString('latin1') === 'SQLite format 3') return 'gis';
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0x27 && buf[3] === 0x0a) return 'gis';
  if (['.shp', '.shx', '.dbf', '.gpkg'].includes(ext)) return 'gis';
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    if (ext === '.zip') return 'gis';
    return 'xlsx';
  }
  if (buf.length >= 4 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    throw new InputError(
      `${path}: is an old-style Excel .xls (or an encrypted) workbook; open it in Excel or WPS and save it as .xlsx or as CSV UTF-8`,
    );
  }
  if (ext === '.xlsx' || ext === '.xlsm')
    throw new InputError(
      `${path}: is not an .xlsx workbook (no zip signature); save it again from Excel or WPS as .xlsx, or as CSV UTF-8`,
    );
  if (['.kml', '.kmz'].includes(ext)) {
    throw new InputError(
      `${path}: ${ext} files are not read; export the layer as GeoJSON, Shapefile, GeoPackage or CSV with longitude/latitude columns`,
    );
  }
  return 'text';
}

export async function readFacilityList(path: string, opts: ReadFacilityOptions): Promise<FacilityList> {
  const buf = readBytes(path);
  if (buf.length === 0)
    throw new InputError(
      `${path}: the file is empty; give a facility list with a header line and one row per facility`,
    );

  let format = sniffFormat(buf, path);
  if (opts.crsSpec && !opts.project) {
    // a projected CRS: tables are converted row by row; GeoJSON goes through the input stage
    const { parseCrsSpec, looksSwapped } = await import('../inputs/crs.js');
    const c = parseCrsSpec(opts.crsSpec, path);
    opts = {
      ...opts,
      crs: 'wgs84',
      project: { label: c.label, toWgs84: c.toWgs84, axisSwapped: (s) => looksSwapped(c, s) },
    };
    if (format === 'text' && isGeoJsonText(buf, path)) format = 'gis';
  } else if (
    format === 'text' &&
    isGeoJsonText(buf, path) &&
    /"crs"\s*:/.test(buf.subarray(0, 4096).toString('latin1'))
  )
    format = 'gis';
  if (format === 'gis') return fromInputStage(path, opts);
  if (format === 'xlsx') {
    const where = opts.sheet === undefined ? path : `${path} (sheet ${opts.sheet})`;
    const { readXlsxRecords } = await import('./xlsx-table.js'); // read-excel-file loads only for XLSX
    const records = await readXlsxRecords(buf, path, opts.sheet);
    return fromRecords(records, { ...opts, where, format: 'xlsx', encoding: null, delimiter: null });
  }

  const { text, encoding } = decodeText(buf, path);
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''))?.[0];
  if (first === undefined)
    throw new InputError(
      `${path}: the file holds only blank space; give a facility list with a header line and one row per facility`,
    );
  const ext = extname(path).toLowerCase();
  if (first === '{' || ext === '.geojson' || ext === '.json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new InputError(
        `${path}: not valid JSON (${(e as Error).message}); give GeoJSON Point features, or a CSV/XLSX list`,
      );
    }
    const features = geojsonFeatures(doc, path);
    const r = geojsonRows(features, { crs: opts.crs, columns: opts.columns, where: path });
    return finish(path, opts.crs, 'geojson', r, r.cols, features.length, { encoding, delimiter: null, warnings: [] });
  }

  const { records, delimiter } = parseCsvRecords(text, path);
  return fromRecords(records, { ...opts, where: path, format: 'csv', encoding, delimiter });
}

function isGeoJsonText(buf: Buffer, path: string): boolean {
  const ext = extname(path).toLowerCase();
  return (
    ext === '.geojson' ||
    ext === '.json' ||
    /^\s*\{/.test(
      buf
        .subarray(0, 64)
        .toString('latin1')
        .replace(/^\uFEFF|^\xEF\xBB\xBF/, ''),
    )
  );
}

/** Shapefile, GeoPackage and GeoJSON with a CRS: read and reprojected by the input stage, then taken as GeoJSON points */
async function fromInputStage(path: string, opts: ReadFacilityOptions): Promise<FacilityList> {
  const { readInput: readPlannerFile } = await import('../inputs/read.js');
  const layer = await readPlannerFile({
    file: path,
    crs: opts.crsSpec ?? (opts.crs === 'wgs84' ? undefined : opts.crs),
    layer: opts.layer,
    what: 'facility list',
  });
  const features = layer.features.map((f) => ({
    type: 'Feature' as const,
    ...(f.id !== null ? { id: f.id } : {}),
    properties: f.properties,
    geometry: f.geometry!,
  }));
  const r = geojsonRows(features, { crs: 'wgs84', columns: opts.columns, where: path });
  r.skipped.push(...layer.skipped.map((s) => ({ row: s.feature, reason: s.reason })));
  r.skipped.sort((a, b) => a.row - b.row);
  r.warnings.unshift(...layer.warnings);
  const total = layer.features.length + layer.skipped.length;
  const format = layer.format === 'shapefile' || layer.format === 'geopackage' ? layer.format : 'geojson';
  return finish(path, opts.crs, format, r, r.cols, total, { encoding: null, delimiter: null, warnings: [] });
}

interface TableContext extends ReadFacilityOptions {
  where: string;
  format: 'csv' | 'xlsx';
  encoding: FacilityList['encoding'];
  delimiter: string | null;
}

function fromRecords(records: Records, ctx: TableContext): FacilityList {
  const label = ctx.format === 'csv' ? 'line' : 'row';
  // the first non-blank records, where the header is looked for
  const nonBlank: number[] = [];
  for (let r = 0; r < records.length && nonBlank.length < HEADER_SEARCH_ROWS; r++)
    if (!records.blank(r)) nonBlank.push(r);
  if (nonBlank.length === 0)
    throw new InputError(`${ctx.where}: has no rows; give a header line and one row per facility`);
  const cellsOf = (r: number) => Array.from({ length: records.size(r) }, (_, c) => records.cell(r, c));

  // the header is the first row whose names give coordinates; a title row above it is tolerated
  let headerAt = 0;
  let cols: DetectedColumns | null = null;
  for (let i = 0; i < nonBlank.length && !cols; i++) {
    try {
      cols = detectColumns(uniqueHeader(cellsOf(nonBlank[i])), {
        crs: ctx.crs,
        explicit: ctx.columns,
        needCoordinates: true,
        where: ctx.where,
      });
      headerAt = i;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  const headerRec = nonBlank[headerAt];
  const headerRow = records.row(headerRec);
  const header = uniqueHeader(cellsOf(headerRec));
  if (!cols) {
    const numeric = header.filter((c) => parseDegrees(c) !== null);
    if (numeric.length >= 2) {
      throw new InputError(
        `${ctx.where}: ${label} ${headerRow} looks like data (${numeric
          .slice(0, 3)
          .map((c) => oneLine(c))
          .join(', ')}), not a header; add a header ${label} naming the columns, e.g. name,lon,lat`,
      );
    }
    // repeat on the first row to throw its message (columns listed, how to pass --columns)
    detectColumns(header, { crs: ctx.crs, explicit: ctx.columns, needCoordinates: true, where: ctx.where });
    throw new InputError(`${ctx.where}: cannot find the coordinate columns among: ${listColumns(header)}`);
  }

  const warnings: string[] = [];
  if (headerAt > 0) {
    const above = nonBlank.slice(0, headerAt);
    const first = records.row(above[0]);
    const rows =
      above.length === 1 ? `${label} ${first}` : `${label}s ${first}–${records.row(above[above.length - 1])}`;
    warnings.push(
      `${ctx.where}: ${rows} above the header (${label} ${headerRow}) ignored: ` +
        `"${oneLine(
          cellsOf(above[0])
            .filter((c) => c.trim() !== '')
            .join(' '),
          60,
        )}"`,
    );
  }
  let count = 0;
  let dataRows = 0;
  for (let r = 0; r < records.length; r++)
    if (records.row(r) > headerRow) {
      count++;
      if (!records.blank(r)) dataRows++;
    }
  const table: Table = { header, records, headerRow, problems: new Map(), rowLabel: label, count };
  if (ctx.format === 'csv' && ctx.delimiter) markExtraFields(table, ctx.delimiter);
  if (dataRows === 0)
    throw new InputError(
      `${ctx.where}: has a header (${label} ${headerRow}) but no rows below it; add one row per facility`,
    );
  const r = rowsFromTable(table, cols, ctx.crs, ctx.where, ctx.columns?.area !== undefined, ctx.project, ctx.onRows);
  return finish(ctx.where, ctx.crs, ctx.format, r, cols, dataRows, {
    encoding: ctx.encoding,
    delimiter: ctx.delimiter,
    warnings,
  });
}

function finish(
  where: string,
  crs: Crs,
  format: ListFormat,
  r: RowsResult,
  cols: DetectedColumns,
  total: number,
  extra: Pick<FacilityList, 'encoding' | 'delimiter' | 'warnings'>,
): FacilityList {
  if (r.rows.length === 0) {
    const label = rowLabel(format);
    const first = r.skipped
      .slice(0, 3)
      .map((s: SkippedRow) => `${label} ${s.row}: ${s.reason}`)
      .join(' | ');
    throw new InputError(
      `${where}: no usable facility: all ${total} ${label}s were skipped (${first}${r.skipped.length > 3 ? ' | …' : ''})`,
    );
  }
  const warnings = [...extra.warnings, ...r.warnings];
  const hint = crsHintWarning(where, cols, crs);
  if (hint) warnings.push(hint);
  const placed = r.rows;
  return {
    get rows() {
      return placed.objects();
    },
    placed,
    skipped: r.skipped,
    encoding: extra.encoding,
    format,
    columns: cols.mapping,
    delimiter: extra.delimiter,
    warnings,
  };
}
