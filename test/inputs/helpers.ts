/** Fixtures for the input-stage tests: the sample communities re-encoded with GDAL (ogr2ogr). */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoordImport from 'gcoord';
import { hasTool, ROOT } from '../support/env.js';

export const HAS_OGR2OGR = hasTool('ogr2ogr', ['--version']);
export const HAS_CS2CS = hasTool('cs2cs', ['--version']) || spawnSync('cs2cs', [], { input: '' }).status !== null;
export const SAMPLE = join(ROOT, 'data/sample');
export const SAMPLE_COMMUNITIES = join(SAMPLE, 'communities.geojson');
const gcoord = ((gcoordImport as unknown as { default?: unknown }).default ??
  gcoordImport) as typeof gcoordImport.default;

export function ogr(args: string[]): void {
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ogr2ogr ${args.join(' ')}: ${r.stderr}`);
}

/** The sample communities as a GBK Shapefile in EPSG:4547 with Chinese field names (社区编号, 社区名称, 户数). */
export function shapefile4547(dir: string, name = 'com_4547'): string {
  const out = join(dir, `${name}.shp`);
  ogr([
    '-f',
    'ESRI Shapefile',
    out,
    SAMPLE_COMMUNITIES,
    '-t_srs',
    'EPSG:4547',
    '-lco',
    'ENCODING=GBK',
    '-dialect',
    'sqlite',
    '-sql',
    'SELECT id AS 社区编号, name AS 社区名称, households AS 户数, geometry FROM "sample communities (synthetic)"',
  ]);
  return out;
}

export function geopackage4490(dir: string): string {
  const out = join(dir, 'com_4490.gpkg');
  ogr(['-f', 'GPKG', out, SAMPLE_COMMUNITIES, '-t_srs', 'EPSG:4490', '-nln', 'communities']);
  return out;
}

/** the sample communities shifted to GCJ-02 (as if drawn on Amap) */
export function gcj02GeoJson(dir: string): string {
  const d = JSON.parse(readFileSync(SAMPLE_COMMUNITIES, 'utf8'));
  for (const f of d.features)
    f.geometry.coordinates = f.geometry.coordinates.map((r: number[][]) =>
      r.map((c) => gcoord.transform(c as [number, number], gcoord.WGS84, gcoord.GCJ02)),
    );
  const out = join(dir, 'com_gcj02.geojson');
  writeFileSync(out, JSON.stringify(d));
  return out;
}

/** a FeatureCollection file from features */
export function writeFc(path: string, features: unknown[], extra: Record<string, unknown> = {}): string {
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', ...extra, features }));
  return path;
}

export function square(lon: number, lat: number, d = 0.002): number[][][] {
  return [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ];
}
