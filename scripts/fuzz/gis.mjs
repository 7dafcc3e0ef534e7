/**
 * Fuzz seeds and mutations for the planners' GIS formats of the input stage (src/inputs): the
 * sample communities and facility list written by GDAL (ogr2ogr) as a GBK Shapefile in EPSG:4547
 * (.shp/.shx/.dbf/.prj/.cpg, and zipped) and as a GeoPackage in EPSG:4490 — then mutated where each
 * format breaks in practice: one side file damaged, missing or replaced (a .prj of another CRS, a
 * .cpg naming an odd encoding), record counts, part and point counts and coordinates in the .shp,
 * the .dbf header and values; in a GeoPackage the bytes, or its tables through SQL (geometry blobs,
 * srs ids and definitions, a second layer, odd attribute values, missing metadata tables).
 * Without ogr2ogr (Debian gdal-bin) these kinds are left out with a notice.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHAPE_EXTS = ['.shp', '.shx', '.dbf', '.prj', '.cpg'];

export const HAS_OGR2OGR = spawnSync('ogr2ogr', ['--version'], { stdio: 'ignore' }).status === 0;

function ogr(args) {
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ogr2ogr ${args.join(' ')}: ${r.stderr}`);
}

/** seed files written once into `dir`: { communitiesShp, facilitiesShp, communitiesGpkg, facilitiesGpkg } as byte maps */
export function gisSeeds(root, dir) {
  if (!HAS_OGR2OGR) return null;
  mkdirSync(dir, { recursive: true });
  const sample = join(root, 'data/sample');
  const comm = join(sample, 'communities.geojson');
  const layer = 'sample communities (synthetic)';
  ogr([
    '-f',
    'ESRI Shapefile',
    join(dir, 'c.shp'),
    comm,
    '-t_srs',
    'EPSG:4547',
    '-lco',
    'ENCODING=GBK',
    '-dialect',
    'sqlite',
    '-sql',
    `SELECT id AS 社区编号, name AS 社区名称, households AS 户数, geometry FROM "${layer}"`,
  ]);
  ogr(['-f', 'GPKG', join(dir, 'c.gpkg'), comm, '-t_srs', 'EPSG:4490', '-nln', 'communities']);
  // the list's GCJ-02 points, labelled WGS-84 as map-service exports are (read with --crs gcj02)
  const csvOpts = ['-oo', 'X_POSSIBLE_NAMES=经度', '-oo', 'Y_POSSIBLE_NAMES=纬度', '-oo', 'KEEP_GEOM_COLUMNS=NO'];
  const list = join(sample, 'facilities.csv');
  ogr(['-f', 'ESRI Shapefile', join(dir, 'f.shp'), list, ...csvOpts, '-a_srs', 'EPSG:4326', '-lco', 'ENCODING=UTF-8']);
  ogr(['-f', 'GPKG', join(dir, 'f.gpkg'), list, ...csvOpts, '-a_srs', 'EPSG:4326', '-nln', 'facilities']);
  const set = (stem) => {
    const out = {};
    for (const e of SHAPE_EXTS) if (existsSync(join(dir, stem + e))) out[e] = readFileSync(join(dir, stem + e));
    return out;
  };
  return {
    communitiesShp: set('c'),
    facilitiesShp: set('f'),
    communitiesGpkg: readFileSync(join(dir, 'c.gpkg')),
    facilitiesGpkg: readFileSync(join(dir, 'f.gpkg')),
  };
}

const ODD_NUMBERS = [0, -1, 1, 2 ** 31 - 1, -(2 ** 31), 0x7fff, 3, 1000000];
const ODD_DOUBLES = [Number.NaN, Number.POSITIVE_INFINITY, -1e308, 1e308, 0, -0, 5e-324, 123456789012345678901, 1e7];
const ODD_PRJ = [
  '',
  'garbage',
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
  'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,2' +
    '98.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAME' +
    'TER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_' +
    '1",0.0],UNIT["Meter",1.0]]',
  'PROJCS["x",GEOGCS["y"',
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["' +
    'CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"' +
    '],PARAMETER["False_Easting",NaN],PARAMETER["Central_Meridian",1e308],UNIT["Meter",1.0]]',
  '\u0000\u00ff\n\r',
];
const ODD_CPG = ['', 'UTF-8', '936', 'ANSI 936', 'BIG5', 'nonsense', '\u0000\u00ff', 'LATIN1', 'UTF-16', '65001\r\n'];

/** one of the Shapefile's files mutated, replaced or missing; returns the new set */
export function mutateShapeSet(set, r, mutateBytes, mutateText) {
  const out = { ...set };
  const which = r.pick(['.shp', '.shp', '.shp', '.shx', '.dbf', '.dbf', '.dbf', '.prj', '.cpg', 'missing']);
  if (which === 'missing') {
    delete out[r.pick(['.shx', '.dbf', '.prj', '.cpg'])];
    return out;
  }
  const b = out[which];
  if (!b) return out;
  if (which === '.prj') {
    out[which] = Buffer.from(r.int(2) ? r.pick(ODD_PRJ) : mutateText(b.toString('utf8'), r));
    return out;
  }
  if (which === '.cpg') {
    out[which] = Buffer.from(r.pick(ODD_CPG), 'latin1');
    return out;
  }
  if (r.int(3) === 0) {
    out[which] = mutateBytes(b, r);
    return out;
  }
  const m = Buffer.from(b);
  if (which === '.shp' && m.length > 160) {
    // a record's shape type, part/point counts, a part index or a coordinate
    const off = 100 + 8;
    switch (r.int(5)) {
      case 0:
        m.writeInt32LE(r.pick([0, 1, 3, 5, 8, 15, 25, 31, 99, -1]), off);
        break;
      case 1:
        m.writeInt32LE(r.pick(ODD_NUMBERS), off + 36); // parts
        break;
      case 2:
        m.writeInt32LE(r.pick(ODD_NUMBERS), off + 40); // points
        break;
      case 3:
        m.writeInt32LE(r.pick(ODD_NUMBERS), off + 44); // first part index
        break;
      default: {
        const at = off + 48 + 8 * r.int(Math.floor((m.length - off - 56) / 8));
        m.writeDoubleLE(r.pick(ODD_DOUBLES), at);
      }
    }
    return { ...out, [which]: m };
  }
  if (which === '.shx' && m.length > 108) {
    const rec = 100 + 8 * r.int(Math.floor((m.length - 100) / 8));
    m.writeInt32BE(r.pick(ODD_NUMBERS), rec + 4 * r.int(2));
    return { ...out, [which]: m };
  }
  if (which === '.dbf' && m.length > 40) {
    switch (r.int(4)) {
      case 0:
        m.writeUInt32LE(r.pick([0, 1, 7, 0xffffffff, 1000000]), 4); // record count
        break;
      case 1:
        m.writeUInt16LE(r.pick([0, 1, 32, 33, 0xffff, 65]), r.pick([8, 10])); // header / record length
        break;
      case 2:
        m[32 + 16 + 32 * r.int(3)] = r.pick([0, 1, 255, 100]); // a field's length
        break;
      default: {
        // a value overwritten: digits beyond a double, stars, bytes that are no text
        const headerLen = m.readUInt16LE(8);
        const at = headerLen + 1 + r.int(Math.max(1, m.length - headerLen - 1));
        const v = r.pick(['123456789012345678901', '**********', '\u00ff\u00fe\u0000', '-', '1e999', '0x10']);
        Buffer.from(v, 'latin1').copy(m, Math.min(at, m.length - 1));
      }
    }
    return { ...out, [which]: m };
  }
  out[which] = mutateBytes(b, r);
  return out;
}

let sqlitePromise = null;
async function sqlite(root) {
  sqlitePromise ??= import(join(root, 'dist/io/sqlite.js')).then((m) => m.loadSqlite());
  return sqlitePromise;
}

/** a GeoPackage mutated: its bytes (a third of the time) or its tables through SQL */
export async function mutateGeoPackage(root, bytes, r, mutateBytes) {
  if (r.int(3) === 0) return mutateBytes(bytes, r);
  const s3 = await sqlite(root);
  const db = new s3.oo1.DB(':memory:', 'c');
  const p = s3.wasm.allocFromTypedArray(new Uint8Array(bytes));
  s3.capi.sqlite3_deserialize(
    db.pointer,
    'main',
    p,
    bytes.length,
    bytes.length,
    s3.capi.SQLITE_DESERIALIZE_FREEONCLOSE | s3.capi.SQLITE_DESERIALIZE_RESIZEABLE,
  );
  try {
    const t = db.selectValue("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' LIMIT 1");
    const g = db.selectValue('SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?', [t]);
    const q = (x) => `"${String(x).replace(/"/g, '""')}"`;
    const cols = db.selectObjects(`PRAGMA table_info(${q(t)})`).map((c) => c.name);
    const attrs = cols.filter((c) => c !== g && c !== 'fid');
    const fids = db.selectValues(`SELECT fid FROM ${q(t)}`);
    const fid = r.pick(fids);
    switch (r.int(12)) {
      case 0: {
        const blob = db.selectValue(`SELECT ${q(g)} FROM ${q(t)} WHERE fid = ?`, [fid]);
        db.exec({
          sql: `UPDATE ${q(t)} SET ${q(g)} = ? WHERE fid = ?`,
          bind: [mutateBytes(Buffer.from(blob), r), fid],
        });
        break;
      }
      case 1: {
        // a coordinate of one geometry replaced by an odd double
        const blob = Buffer.from(db.selectValue(`SELECT ${q(g)} FROM ${q(t)} WHERE fid = ?`, [fid]));
        const at = blob.length - 8 * (1 + r.int(Math.max(1, Math.floor((blob.length - 48) / 8))));
        if (at > 40) blob.writeDoubleLE(r.pick(ODD_DOUBLES), at);
        db.exec({ sql: `UPDATE ${q(t)} SET ${q(g)} = ? WHERE fid = ?`, bind: [blob, fid] });
        break;
      }
      case 2:
        db.exec(`UPDATE gpkg_geometry_columns SET srs_id = ${r.pick([0, -1, 99999, 4547, 3857, 4326, 4214])}`);
        break;
      case 3:
        db.exec({
          sql: 'UPDATE gpkg_spatial_ref_sys SET organization = ?, definition = ? WHERE srs_id > 0',
          bind: [r.pick(['EPSG', 'NONE', '']), r.pick(ODD_PRJ)],
        });
        break;
      case 4:
        db.exec(
          `UPDATE gpkg_spatial_ref_sys SET organization_coordsys_id = ${r.pick([0, -5, 4547, 99999, 3857, 2 ** 40])} WHERE srs_id > 0`,
        );
        break;
      case 5:
        db.exec(r.pick(['DROP TABLE gpkg_contents', 'DELETE FROM gpkg_contents', 'DROP TABLE gpkg_geometry_columns']));
        break;
      case 6:
        db.exec(
          r.pick([
            `UPDATE gpkg_geometry_columns SET column_name = 'nope'`,
            `UPDATE gpkg_contents SET table_name = 'nope'`,
            `UPDATE gpkg_contents SET data_type = 'attributes'`,
          ]),
        );
        break;
      case 7: // a second layer
        db.exec(
          `CREATE TABLE b AS SELECT * FROM ${q(t)}; INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) ` +
            `SELECT 'b', data_type, 'b', srs_id FROM gpkg_contents WHERE table_name = '${t}'; ` +
            `INSERT INTO gpkg_geometry_columns SELECT 'b', column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns WHERE table_name = '${t}'`,
        );
        break;
      case 8: {
        if (!attrs.length) break;
        const v = r.pick([
          null,
          '',
          'x'.repeat(100000),
          '\u0000\n\r',
          2 ** 62,
          -1,
          1.5,
          'NaN',
          new Uint8Array([1, 2, 3]),
        ]);
        db.exec({ sql: `UPDATE ${q(t)} SET ${q(r.pick(attrs))} = ? WHERE fid = ?`, bind: [v, fid] });
        break;
      }
      case 9:
        db.exec(
          r.pick([`DELETE FROM ${q(t)}`, `UPDATE ${q(t)} SET ${q(g)} = NULL`, `UPDATE ${q(t)} SET ${q(g)} = x'00'`]),
        );
        break;
      case 10:
        // a duplicate of a feature (same attributes, so the same community id)
        db.exec(
          `INSERT INTO ${q(t)} (${attrs.concat(g).map(q).join(', ')}) SELECT ${attrs.concat(g).map(q).join(', ')} FROM ${q(t)} WHERE fid = ${fid}`,
        );
        break;
      default:
        // a geometry swapped for another kind (a point where a polygon was, or the reverse)
        db.exec({
          sql: `UPDATE ${q(t)} SET ${q(g)} = ? WHERE fid = ?`,
          bind: [
            r.int(2)
              ? Buffer.from('47500001e61000000101000000000000000000f03f0000000000000040', 'hex')
              : Buffer.from('4750000300000000', 'hex'),
            fid,
          ],
        });
    }
  } catch {
    // a mutation that SQLite refuses leaves the file as it was: still a valid case
  }
  const out = s3.capi.sqlite3_js_db_export(db.pointer);
  db.close();
  return Buffer.from(out);
}

/** the CLI kinds over the GIS seeds */
export function gisKinds(seeds, net, helpers) {
  if (!seeds) return [];
  const { mutateBytes, mutateText, root } = helpers;
  const shapeFiles = (stem, set) => (r) => {
    const m = mutateShapeSet(set, r, mutateBytes, mutateText);
    return Object.fromEntries(Object.entries(m).map(([e, b]) => [stem + e, b]));
  };
  const zipped = (stem, set) => async (r) => {
    const { zipSync } = await import('fflate');
    const files = shapeFiles(stem, set)(r);
    const zip = Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new Uint8Array(v)]))));
    return { [`${stem}.zip`]: r.int(4) === 0 ? mutateBytes(zip, r) : zip };
  };
  const gpkg = (name, bytes) => async (r) => ({ [name]: await mutateGeoPackage(root, bytes, r, mutateBytes) });
  const coverage = (f) => ['coverage', net, '--communities', f, '-o', 'out', '-q'];
  const facilities = (f) => ['facilities', net, '--facilities', f, '--crs', 'gcj02', '-o', 'out/f.geojson', '-q'];
  return [
    {
      kind: 'communities shapefile (coverage)',
      files: shapeFiles('c', seeds.communitiesShp),
      args: () => coverage('c.shp'),
    },
    {
      kind: 'communities shapefile zip (coverage)',
      files: zipped('c', seeds.communitiesShp),
      args: () => coverage('c.zip'),
    },
    {
      kind: 'communities geopackage (coverage)',
      files: gpkg('c.gpkg', seeds.communitiesGpkg),
      args: () => coverage('c.gpkg'),
    },
    {
      kind: 'facility shapefile (facilities)',
      files: shapeFiles('f', seeds.facilitiesShp),
      args: () => facilities('f.shp'),
    },
    {
      kind: 'facility geopackage (facilities)',
      files: gpkg('f.gpkg', seeds.facilitiesGpkg),
      args: () => facilities('f.gpkg'),
    },
  ];
}

/** in-process input-stage cases: [label, files, the file to read, how to read it] */
export async function inputReaderInputs(i, r, seeds, helpers) {
  const { mutateBytes, mutateJson, root } = helpers;
  const geojson = readFileSync(join(root, 'data/sample/communities.geojson'), 'utf8');
  const kinds = [
    () => ['communities geojson', { 'c.geojson': Buffer.from(mutateJson(geojson, r)) }, 'c.geojson', 'communities'],
  ];
  if (seeds)
    kinds.push(
      () => {
        const m = mutateShapeSet(seeds.communitiesShp, r, mutateBytes, helpers.mutateText);
        return [
          'communities shapefile',
          Object.fromEntries(Object.entries(m).map(([e, b]) => [`c${e}`, b])),
          'c.shp',
          'communities',
        ];
      },
      async () => [
        'communities geopackage',
        { 'c.gpkg': await mutateGeoPackage(root, seeds.communitiesGpkg, r, mutateBytes) },
        'c.gpkg',
        'communities',
      ],
      () => {
        const m = mutateShapeSet(seeds.facilitiesShp, r, mutateBytes, helpers.mutateText);
        return [
          'facility shapefile',
          Object.fromEntries(Object.entries(m).map(([e, b]) => [`f${e}`, b])),
          'f.shp',
          'list',
        ];
      },
      async () => [
        'facility geopackage',
        { 'f.gpkg': await mutateGeoPackage(root, seeds.facilitiesGpkg, r, mutateBytes) },
        'f.gpkg',
        'list',
      ],
    );
  return kinds[i % kinds.length]();
}
