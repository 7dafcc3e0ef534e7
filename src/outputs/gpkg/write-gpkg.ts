/**
 * results.gpkg: every layer of the run and its tables in one GeoPackage 1.2 that GDAL validates,
 * with an R*Tree spatial index per layer, the attribution as dataset metadata, and a QGIS style
 * per layer in `layer_styles`, so dragging the file into QGIS shows a finished map.
 *
 * Byte-identical reruns: every timestamp is fixed (gpkg_contents.last_change, layer_styles
 * .update_time, gpkg_metadata_reference.timestamp), and the database is built by the same
 * statements in the same order every time (each R*Tree packed in one pass: gpkg/rtree.ts), each
 * layer's rows written as table b-tree pages of our own in the datasets' order (appendRows below:
 * io/sqlite-btree.ts: half the CPU of SQLite's INSERTs on its worker for a city), with
 * nothing deleted, so its pages depend only on its content. (A
 * VACUUM before export used to guarantee that; it cost a second at city scale and changed nothing
 * a reader sees.)
 * The R*Tree triggers call ST_* functions that only GDAL/QGIS define; SQLite accepts them at
 * CREATE TRIGGER time, so they are created after the rows and the index are written.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import { newDatabase } from '../../io/sqlite.js';
import { rtreeTables } from './rtree.js';
import type { Worker } from 'node:worker_threads';
import { workerFor } from '../worker-ahead.js';
import { timingNote } from '../../util/timing.js';
import { type Dataset, type FieldType, type GeometryKind, geometryOf, rowCount, rowOf, type Value } from '../schema.js';
import { type Cast, type EncodedRows, RowEncoder, writeRecords } from './encoded-rows.js';
import { appendTables, type TableRows } from '../../io/sqlite-btree.js';
import { type Affinity, affinityOf } from '../../io/sqlite-record.js';
import { blobEnvelope, blobSize, writeBlob } from './geometry-blob.js';

/** fixed so that reruns are byte-identical (and no clock leaks into results) */
export const FIXED_TIME = '2000-01-01T00:00:00.000Z';

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,' +
  'AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;

const SQL_TYPE = { text: 'TEXT', label: 'TEXT', integer: 'INTEGER', real: 'REAL', boolean: 'BOOLEAN' } as const;

export interface GpkgLayer {
  data: Dataset;
  /** identifier and description in gpkg_contents (people's language) */
  title: string;
  description: string;
  /** QGIS style (QML) for a map layer */
  qml?: string;
  styleName?: string;
}

export interface GpkgMeta {
  /** key/value pairs shown by GDAL as the dataset's metadata (attribution, tool, profile) */
  items: Record<string, string>;
}

const BASE_SCHEMA = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL,
  min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, max_y DOUBLE NOT NULL,
  CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, matrix_width INTEGER NOT NULL,
  matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, tile_height INTEGER NOT NULL,
  pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL,
  CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level),
  CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
  md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
  timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT CURRENT_TIMESTAMP);
`;

function rtreeTriggers(t: string, c: string): string {
  const r = `rtree_${t}_${c}`;
  const [T, C, R, I] = [q(t), q(c), q(r), 'fid'];
  const put = `INSERT OR REPLACE INTO ${R} VALUES (NEW.${I}, ST_MinX(NEW.${C}), ST_MaxX(NEW.${C}), ST_MinY(NEW.${C}), ST_MaxY(NEW.${C}));`;
  // the GeoPackage 1.2 spec's triggers (Annex F.3), which GDAL's validator checks for by name
  return `
CREATE TRIGGER ${q(`${r}_insert`)} AFTER INSERT ON ${T} WHEN (new.${C} NOT NULL AND NOT ST_IsEmpty(NEW.${C}))
BEGIN ${put} END;
CREATE TRIGGER ${q(`${r}_update1`)} AFTER UPDATE OF ${C} ON ${T}
WHEN OLD.${I} = NEW.${I} AND (NEW.${C} NOTNULL AND NOT ST_IsEmpty(NEW.${C}))
BEGIN ${put} END;
CREATE TRIGGER ${q(`${r}_update2`)} AFTER UPDATE OF ${C} ON ${T}
WHEN OLD.${I} = NEW.${I} AND (NEW.${C} ISNULL OR ST_IsEmpty(NEW.${C}))
BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; END;
CREATE TRIGGER ${q(`${r}_update3`)} AFTER UPDATE ON ${T}
WHEN OLD.${I} != NEW.${I} AND (NEW.${C} NOTNULL AND NOT ST_IsEmpty(NEW.${C}))
BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; ${put} END;
CREATE TRIGGER ${q(`${r}_update4`)} AFTER UPDATE ON ${T}
WHEN OLD.${I} != NEW.${I} AND (NEW.${C} ISNULL OR ST_IsEmpty(NEW.${C}))
BEGIN DELETE FROM ${R} WHERE id IN (OLD.${I}, NEW.${I}); END;
CREATE TRIGGER ${q(`${r}_delete`)} AFTER DELETE ON ${T} WHEN old.${C} NOT NULL
BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; END;
`;
}

function xmlEscape(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** a value as GIS formats store it (schema.ts gisValue), bound without a boxed copy */
function bindValue(w: RowEncoder, boolean: boolean, v: Value): void {
  if (v === null) w.null();
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) w.null();
    else if (boolean) w.int(v ? 1 : 0);
    else if (Number.isSafeInteger(v)) w.int(v);
    else w.real(v);
  } else if (typeof v === 'boolean' || boolean) w.int(v ? 1 : 0);
  else w.text(v);
}

/** a layer with its rows encoded (encoded-rows.ts): what the SQLite side needs, all of it transferable */
export interface EncodedLayer {
  name: string;
  kind: GeometryKind | null;
  fields: { key: string; type: FieldType }[];
  title: string;
  description: string;
  qml?: string;
  styleName?: string;
  rows: EncodedRows;
  /** the R*Tree's entries: fids and boxes (minx, maxx, miny, maxy) of the rows with a geometry */
  ids: Float64Array;
  boxes: Float64Array;
  /** min x, min y, max x, max y of every geometry (Infinity when none) */
  extent: [number, number, number, number];
}

/*
 * A layer is encoded in two passes, each its own small function: the rows with room kept for each
 * geometry blob (encodeRows), then the blobs written into that room (writeBlobs). In one loop,
 * every layer's new geometry shapes and row layouts made V8 throw away and recompile the whole
 * loop with all it had inlined, ~45 ms of compile each time on its threads (BENCHMARKS.md, issue 11).
 */

/** the rows of `d`, a blob of `sizes[i]` bytes reserved for row i's geometry; where each blob goes, in `at` */
function encodeRows(d: Dataset, sizes: Uint32Array, at: Uint32Array): RowEncoder {
  const spatial = d.geometryKind !== null;
  const n = rowCount(d);
  const enc = new RowEncoder((spatial ? 1 : 0) + d.fields.length);
  const bool = new Uint8Array(d.fields.length);
  for (let f = 0; f < bool.length; f++) bool[f] = d.fields[f].type === 'boolean' ? 1 : 0;
  const nf = bool.length;
  // a row of a layer whose rows are not kept is evaluated into this one (schema.ts rowOf)
  const into = new Array<Value>(nf).fill(null);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const row = rowOf(d, i, into);
    let bytes = 0;
    for (let f = 0; f < nf; f++) {
      const v = row[f];
      if (typeof v === 'string') bytes += 3 * v.length;
    }
    enc.row(bytes + sizes[i]);
    if (sizes[i]) at[m++] = enc.blobAt(sizes[i]);
    else if (spatial) enc.null();
    for (let f = 0; f < nf; f++) bindValue(enc, bool[f] === 1, row[f]);
    enc.end();
  }
  return enc;
}

/**
 * The geometries' blobs written at `at` in `view` (in row order, rows without one skipped), each
 * one's fid and box kept for the R*Tree; returns the layer's extent (min x, min y, max x, max y)
 */
function writeBlobs(
  d: Dataset,
  view: DataView,
  at: Uint32Array,
  ids: Float64Array,
  boxes: Float64Array,
): [number, number, number, number] {
  const kind = d.geometryKind!;
  const n = rowCount(d);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0, m = 0; i < n; i++) {
    const g = geometryOf(d, i);
    if (!g) continue;
    writeBlob(view, at[m], g, kind);
    ids[m] = i + 1;
    boxes.set(blobEnvelope, m * 4);
    m++;
    x0 = Math.min(x0, blobEnvelope[0]);
    x1 = Math.max(x1, blobEnvelope[1]);
    y0 = Math.min(y0, blobEnvelope[2]);
    y1 = Math.max(y1, blobEnvelope[3]);
  }
  return [x0, y0, x1, y1];
}

/** each row's geometry blob size into `sizes` (0: none); returns how many rows have one */
function blobSizes(d: Dataset, sizes: Uint32Array): number {
  if (d.geometryKind === null) return 0;
  const kind = d.geometryKind;
  let m = 0;
  for (let i = 0; i < sizes.length; i++) {
    const g = geometryOf(d, i);
    if (g) {
      sizes[i] = blobSize(g, kind);
      m++;
    }
  }
  return m;
}

/** the layer's rows encoded, their geometry blobs written and their boxes gathered */
export function encodeLayer(L: GpkgLayer): EncodedLayer {
  const d = L.data;
  const sizes = new Uint32Array(rowCount(d));
  const m = blobSizes(d, sizes);
  const at = new Uint32Array(m);
  const enc = encodeRows(d, sizes, at);
  const rows = enc.finish();
  const ids = new Float64Array(m);
  const boxes = new Float64Array(m * 4);
  const extent: [number, number, number, number] = m
    ? writeBlobs(d, enc.view(), at, ids, boxes)
    : [Infinity, Infinity, -Infinity, -Infinity];
  return {
    name: d.name,
    kind: d.geometryKind,
    fields: d.fields.map((f) => ({ key: f.key, type: f.type })),
    title: L.title,
    description: L.description,
    qml: L.qml,
    styleName: L.styleName,
    rows,
    ids,
    boxes,
    extent,
  };
}

/** what a layer's tables are written with: the database, its file and SQLite's conversions */
interface Target {
  db: Database;
  fd: number;
  cast: Cast;
}

function writeLayer(g: Target, L: EncodedLayer): void {
  const { db } = g;
  const t = L.name;
  const kind = L.kind;
  const spatial = kind !== null;
  const cols = L.fields.map((f) => `${q(f.key)} ${SQL_TYPE[f.type]}`);
  db.exec(
    `CREATE TABLE ${q(t)} (${['fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL', ...(spatial ? [`geom ${kind}`] : []), ...cols].join(', ')});`,
  );
  const rtree = `rtree_${t}_geom`;
  if (spatial) db.exec(`CREATE VIRTUAL TABLE ${q(rtree)} USING rtree(id, minx, maxx, miny, maxy)`);
  // the geometry column holds blobs (never converted); the others as their declared types
  const affinity: Affinity[] = [
    ...(spatial ? ['blob' as const] : []),
    ...L.fields.map((f) => affinityOf(SQL_TYPE[f.type])),
  ];
  // the rows and the R*Tree's shadow tables as pages of our own (io/sqlite-btree.ts appendTables)
  const tables: TableRows[] = [];
  if (L.rows.n) tables.push({ name: t, fill: (w) => writeRecords(L.rows, affinity, w, g.cast) });
  if (spatial) {
    const nodeSize = Number(db.selectValue(`SELECT length(data) FROM ${q(`${rtree}_node`)} WHERE nodeno = 1`));
    tables.push(...rtreeTables(rtree, nodeSize, L.ids, L.boxes));
  }
  if (tables.length) appendTables(db, g.fd, tables);
  // the row an INSERT would have given the AUTOINCREMENT fid
  if (L.rows.n) db.exec({ sql: 'INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', bind: [t, L.rows.n] });
  const [x0, y0, x1, y1] = L.extent;
  const hasExtent = spatial && Number.isFinite(x0);
  db.exec({
    sql: `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    bind: [
      t,
      spatial ? 'features' : 'attributes',
      L.title,
      L.description,
      FIXED_TIME,
      hasExtent ? x0 : null,
      hasExtent ? y0 : null,
      hasExtent ? x1 : null,
      hasExtent ? y1 : null,
      spatial ? 4326 : null,
    ],
  });
  if (!spatial) return;
  db.exec({
    sql: `INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)`,
    bind: [t, kind],
  });
  db.exec({
    sql: `INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
    bind: [t],
  });
  db.exec(rtreeTriggers(t, 'geom'));
  if (L.qml)
    db.exec({
      sql: `INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD,
              useAsDefault, description, owner, ui, update_time) VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', NULL, ?)`,
      bind: [t, L.styleName ?? t, L.qml, `lifecircle style for ${t}`, FIXED_TIME],
    });
}

const PAGE_SIZE = 4096;

/**
 * SQLite's own conversion of a value that a column's affinity changes: a number written into a
 * TEXT column becomes SQLite's text of it, a text in a numeric column the number it spells (or
 * stays a text). The layers' values seldom need it (their fields are typed), so it is one
 * statement per value, on a temporary table that never touches the file.
 */
function sqliteCast(db: Database): Cast {
  const made = new Set<string>();
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return (aff, real, num, text) => {
    if (aff === 'text') {
      const sql = real ? 'SELECT CAST(CAST(?1 AS REAL) AS TEXT)' : 'SELECT CAST(?1 AS TEXT)';
      return enc.encode(String(db.selectValue(sql, [num])));
    }
    const type = aff === 'integer' ? 'INTEGER' : aff === 'real' ? 'REAL' : 'NUMERIC';
    const tmp = `temp.lc_cast_${type}`;
    if (!made.has(type)) {
      db.exec(`CREATE TEMP TABLE lc_cast_${type} (v ${type})`);
      made.add(type);
    }
    db.exec({ sql: `INSERT INTO ${tmp} (v) VALUES (?)`, bind: [dec.decode(text)] });
    const row = db.selectArray(`SELECT v, typeof(v) FROM ${tmp}`) as unknown as [unknown, string];
    db.exec(`DELETE FROM ${tmp}`);
    return row[1] === 'text' ? text : Number(row[0]);
  };
}

/** SQLite's worker (beside this file, as in the bundle: scripts/bundle.mjs) */
export const GPKG_WORKER = new URL('./gpkg-worker.js', import.meta.url);

/**
 * Below this many bytes of encoded rows SQLite's WASM runs as V8's baseline compiler makes it (io/sqlite.ts
 * loadSqlite): a city's results.gpkg is ~35 MB of them, and the optimised code paid for its compile only
 * from ~6 times that (BENCHMARKS.md, issue 11).
 */
export const BASELINE_BELOW = 96 << 20;

/** the GeoPackage written here into the open file `fd` (its database lives in the file) */
export async function gpkgToFile(layers: GpkgLayer[], meta: GpkgMeta, fd: number): Promise<void> {
  await gpkgFromEncoded(layers.map(encodeLayer), meta, fd);
}

/** the worker's messages when the layers come one by one (a province) */
export type GpkgStreamMessage =
  | { stream: 'open'; fd: number }
  | { stream: 'layer'; layer: EncodedLayer }
  | { stream: 'end'; meta: GpkgMeta };

/** encoded GeoPackage rows per network edge: ~120 bytes at city scale (35 MB for 300,000 edges) */
const ROW_BYTES_PER_EDGE = 120;

/**
 * A GeoPackage of a network this large (a province, from ~800,000 edges) has more encoded rows than
 * SQLite's baseline code suits (BASELINE_BELOW), and its layers go to the worker one by one.
 * `LIFECIRCLE_LARGE_GPKG=1` takes that path at any size (the same bytes: a test compares them).
 */
export function largeGpkg(edges: number): boolean {
  return edges * ROW_BYTES_PER_EDGE >= BASELINE_BELOW || process.env.LIFECIRCLE_LARGE_GPKG === '1';
}

const transfers = (L: EncodedLayer) => [L.rows.data.buffer, L.ids.buffer, L.boxes.buffer] as ArrayBuffer[];

/**
 * The same bytes written to the open file `fd`, the rows encoded here and inserted by SQLite on a
 * worker thread (gpkg-worker.ts) while the caller goes on with the other formats: SQLite's part
 * (inserts, R*Trees, export) was ~2/3 of the GeoPackage's time (BENCHMARKS.md, issue 11). The
 * worker writes the pages to the file itself (descriptors are the process's), so the database is
 * never held whole outside SQLite. With `stream` (a province) each layer goes as it is encoded and
 * the next is encoded while SQLite inserts it: at most two layers' rows are held, not all of them
 * (at city scale both threads allocating at once cost more than that saved: BENCHMARKS.md, issue 13).
 * Where no worker can start, written here.
 */
export function gpkgToFileAsync(
  layers: GpkgLayer[],
  meta: GpkgMeta,
  fd: number,
  o: { stream?: boolean } = {},
): Promise<void> {
  if (o.stream) {
    let w: Worker;
    try {
      // the first message (or a new worker's workerData): open the file
      w = workerFor(GPKG_WORKER, { stream: 'open', fd } satisfies GpkgStreamMessage, []);
    } catch {
      return gpkgFromEncoded(layers.map(encodeLayer), meta, fd);
    }
    timingNote('threads', "results.gpkg's layers sent to SQLite's worker one by one");
    // a failure here (a layer that cannot be encoded) must not leave the worker waiting for the next one
    return streamLayers(w, layers, meta).catch(async (e) => {
      await w.terminate();
      throw e;
    });
  }
  const encoded = layers.map(encodeLayer);
  const transferList = [...new Set(encoded.flatMap(transfers))];
  let w: Worker;
  try {
    w = workerFor(GPKG_WORKER, { encoded, meta, fd }, transferList);
  } catch {
    return gpkgFromEncoded(encoded, meta, fd);
  }
  return new Promise((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the GeoPackage worker stopped (exit ${code})`)));
  });
}

/** each layer posted once the one before is in SQLite, encoded meanwhile; resolves when the file is written */
async function streamLayers(w: Worker, layers: GpkgLayer[], meta: GpkgMeta): Promise<void> {
  let failed: Error | null = null;
  const waiting: (() => void)[] = [];
  const fail = (e: Error) => {
    failed ??= e;
    for (const f of waiting.splice(0)) f();
  };
  w.on('message', () => waiting.shift()?.());
  w.once('error', fail);
  w.once('exit', (code) => fail(new Error(`the GeoPackage worker stopped (exit ${code})`)));
  // the worker's next reply (or its failure, at once if it failed already)
  const reply = () =>
    new Promise<void>((resolve) => {
      if (failed) resolve();
      else waiting.push(resolve);
    });
  const post = (m: GpkgStreamMessage, transferList: ArrayBuffer[] = []) => {
    if (failed) throw failed;
    w.postMessage(m, transferList);
  };
  let inserted: Promise<void> = Promise.resolve();
  for (const L of layers) {
    const layer = encodeLayer(L);
    await inserted;
    if (failed) throw failed;
    inserted = reply();
    post({ stream: 'layer', layer }, [...new Set(transfers(layer))]);
  }
  await inserted;
  const done = reply();
  post({ stream: 'end', meta });
  await done;
  if (failed) throw failed;
}

const EMPTY_ROWS: EncodedRows = { n: 0, columns: 0, data: new Uint8Array(0) };

/**
 * The database from encoded layers (on whichever thread), in the open file `fd` (it is complete
 * there once closed, below). Each layer's buffers are released once its rows are in SQLite.
 */
export async function gpkgFromEncoded(layers: EncodedLayer[], meta: GpkgMeta, fd: number): Promise<void> {
  const g = await GpkgBuilder.open(fd);
  try {
    for (const L of layers) g.add(L);
    g.finish(meta);
  } finally {
    g.close();
  }
}

/**
 * A GeoPackage built layer by layer in the open file `fd`: the same statements in the same order
 * whether the layers come all at once (gpkgFromEncoded) or one by one (a streamed worker).
 */
export class GpkgBuilder {
  private constructor(private readonly target: Target) {}

  private get db(): Database {
    return this.target.db;
  }

  static async open(fd: number): Promise<GpkgBuilder> {
    const db = await newDatabase(fd);
    try {
      db.exec(`PRAGMA page_size = ${PAGE_SIZE}; PRAGMA application_id = 1196444487; PRAGMA user_version = 10200;`);
      db.exec('BEGIN');
      db.exec(BASE_SCHEMA);
      db.exec({
        sql: 'INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)',
        bind: [
          'Undefined cartesian SRS',
          -1,
          'NONE',
          -1,
          'undefined',
          'undefined cartesian coordinate reference system',
          'Undefined geographic SRS',
          0,
          'NONE',
          0,
          'undefined',
          'undefined geographic coordinate reference system',
          'WGS 84 geodetic',
          4326,
          'EPSG',
          4326,
          WGS84_WKT,
          'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
        ],
      });
      return new GpkgBuilder({
        db,
        fd,
        cast: sqliteCast(db),
      });
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** the layer's table, rows, R*Tree and registration; its buffers are let go once in SQLite */
  add(L: EncodedLayer): void {
    writeLayer(this.target, L);
    // the layer's encoded rows are in SQLite now (up to ~40 MB at city scale)
    L.rows = EMPTY_ROWS;
    L.ids = L.boxes = new Float64Array(0);
  }

  /** the dataset's metadata after the layers, and the commit */
  finish(meta: GpkgMeta): void {
    const { db } = this;
    // the attribution and run facts as GDAL-style dataset metadata (ogrinfo shows them)
    const mdi = Object.entries(meta.items)
      .map(([k, v]) => `<MDI key="${xmlEscape(k)}">${xmlEscape(v)}</MDI>`)
      .join('');
    db.exec({
      sql: `INSERT INTO gpkg_metadata VALUES (1, 'dataset', 'http://gdal.org', 'text/xml', ?)`,
      bind: [`<GDALMultiDomainMetadata><Metadata>${mdi}</Metadata></GDALMultiDomainMetadata>`],
    });
    db.exec({
      sql: `INSERT INTO gpkg_metadata_reference VALUES ('geopackage', NULL, NULL, NULL, ?, 1, NULL)`,
      bind: [FIXED_TIME],
    });
    db.exec(`INSERT INTO gpkg_extensions VALUES
      ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write'),
      ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')`);
    db.exec({
      sql: `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
            VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles', ?)`,
      bind: [FIXED_TIME],
    });
    db.exec('COMMIT');
  }

  close(): void {
    this.db.close();
  }
}
