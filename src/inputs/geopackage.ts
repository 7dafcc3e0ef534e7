/**
 * GeoPackage features (any layer; `--layer` picks one when there are several), read with SQLite
 * WASM (src/io/sqlite.ts). The layer's CRS comes from gpkg_spatial_ref_sys: an EPSG code from the
 * table, else its WKT. Geometry blobs are "GP" + flags + envelope + WKB (GeoPackage 1.x §2.1.3).
 */
import type { Geometry } from 'geojson';
import { openDatabaseBytes } from '../io/sqlite.js';
import { InputError } from '../util/errors.js';
import { crsFromEpsg, crsFromWkt, type InputCrs } from './crs.js';
import type { RawFeature, RawLayer } from './types.js';
import { parseWkb, WkbError } from './wkb.js';

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

export function gpkgGeometry(blob: Uint8Array): Geometry | null {
  if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50)
    throw new WkbError('not a GeoPackage geometry (no "GP" header)');
  const flags = blob[3];
  if (flags & 0x10) return null; // empty geometry
  const env = ENVELOPE_BYTES[(flags >> 1) & 7];
  if (env === undefined) throw new WkbError(`bad envelope code ${(flags >> 1) & 7}`);
  return parseWkb(blob, 8 + env);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function readGeoPackage(path: string, bytes: Uint8Array, layer: string | undefined): Promise<RawLayer> {
  let db: Awaited<ReturnType<typeof openDatabaseBytes>>;
  try {
    db = await openDatabaseBytes(bytes);
    db.selectValue('SELECT count(*) FROM sqlite_master');
  } catch (e) {
    throw new InputError(
      `${path}: not a readable GeoPackage (${(e as Error).message.split('\n')[0]}); export it again from QGIS or GDAL`,
    );
  }
  try {
    let layers: { table_name: string; srs_id: number | null }[];
    try {
      layers = db.selectObjects(
        'SELECT c.table_name AS table_name, g.srs_id AS srs_id FROM gpkg_contents c ' +
          "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name",
      ) as { table_name: string; srs_id: number | null }[];
    } catch {
      throw new InputError(
        `${path}: an SQLite file without GeoPackage tables (gpkg_contents); save the layer as a GeoPackage from QGIS or GDAL`,
      );
    }
    if (layers.length === 0) throw new InputError(`${path}: the GeoPackage has no feature layers`);
    const names = layers.map((l) => l.table_name);
    let chosen = layers[0];
    if (layer !== undefined) {
      const l = layers.find((x) => x.table_name === layer);
      if (!l) throw new InputError(`${path}: there is no layer "${layer}"; the layers are: ${names.join(', ')}`);
      chosen = l;
    } else if (layers.length > 1) {
      throw new InputError(
        `${path}: the GeoPackage has ${layers.length} layers (${names.join(', ')}); choose one with --layer (or layer: in the job)`,
      );
    }
    const geomCol = db.selectValue('SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?', [
      chosen.table_name,
    ]) as string;
    const crs = gpkgCrs(db, chosen.srs_id, `${path} (layer ${chosen.table_name})`);
    const cols = db.selectObjects(`PRAGMA table_info(${quote(chosen.table_name)})`) as {
      name: string;
      pk: number;
      type: string;
    }[];
    const pk = cols.find((c) => c.pk === 1 && /INT/i.test(c.type))?.name ?? null;
    const features: RawFeature[] = [];
    const bad: { feature: number; reason: string }[] = [];
    let n = 0;
    db.exec({
      sql: `SELECT * FROM ${quote(chosen.table_name)} ORDER BY ${pk ? quote(pk) : 'rowid'}`,
      rowMode: 'object',
      callback: (row: Record<string, unknown>) => {
        n++;
        const props: Record<string, unknown> = {};
        for (const c of cols) {
          if (c.name === geomCol || c.name === pk) continue;
          const v = row[c.name];
          props[c.name] =
            typeof v === 'bigint'
              ? Number.isSafeInteger(Number(v))
                ? Number(v)
                : String(v)
              : v instanceof Uint8Array
                ? null
                : v;
        }
        const blob = row[geomCol];
        let geometry: Geometry | null = null;
        if (blob instanceof Uint8Array) {
          try {
            geometry = gpkgGeometry(blob);
          } catch (e) {
            bad.push({ feature: n, reason: `geometry unreadable (${(e as Error).message})` });
          }
        }
        const fid = pk ? row[pk] : null;
        features.push({
          index: n,
          id: fid === null || fid === undefined ? null : String(fid),
          properties: props,
          geometry,
          problem: bad.at(-1)?.feature === n ? bad.at(-1)!.reason : undefined,
        });
      },
    });
    return { format: 'geopackage', layer: chosen.table_name, fileCrs: crs, encoding: null, features, warnings: [] };
  } catch (e) {
    // damage SQLite only meets on the pages a query reads (the first query passed)
    if (e instanceof Error && e.name === 'SQLite3Error') {
      const why = e.message.replace(/^SQLITE_\w+: sqlite3 result code \d+: /, '').split('\n')[0];
      throw new InputError(`${path}: the GeoPackage is damaged (${why}); export it again from QGIS or GDAL`);
    }
    throw e;
  } finally {
    db.close();
  }
}

function gpkgCrs(
  db: Awaited<ReturnType<typeof openDatabaseBytes>>,
  srsId: number | null,
  where: string,
): InputCrs | null {
  if (srsId === null || srsId === 0 || srsId === -1) return null;
  const r = db.selectObject(
    'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
    [srsId],
  ) as { organization: string; organization_coordsys_id: number; definition: string } | undefined;
  if (!r)
    throw new InputError(
      `${where}: its srs_id ${srsId} is not in gpkg_spatial_ref_sys; the GeoPackage is damaged: export it again`,
    );
  if (String(r.organization).toUpperCase() === 'EPSG') {
    try {
      return crsFromEpsg(Number(r.organization_coordsys_id), where);
    } catch (e) {
      if (!r.definition || r.definition === 'undefined') throw e;
    }
  }
  return crsFromWkt(String(r.definition), where);
}
