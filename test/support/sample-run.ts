/** The sample job run once per test file, into a fresh folder (for tests that read its outputs). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmp } from './env.js';

const runs = new Map<string, string>();

/** runs `lifecircle run` (the sample job) with extra arguments and returns the output folder */
export function sampleOutputs(args: string[] = []): string {
  const key = args.join(' ');
  const done = runs.get(key);
  if (done) return done;
  const cwd = tmp('lc-sample-');
  const r = cli(['run', '-q', ...args], { cwd });
  if (r.status !== 0) throw new Error(`sample job failed (${r.status}): ${r.stderr}`);
  const out = join(cwd, 'lifecircle-sample-output');
  runs.set(key, out);
  return out;
}

/** GDAL's GeoPackage validator, shipped with Debian's python3-gdal */
export const VALIDATE_GPKG = [
  '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py',
  '/usr/share/doc/python3-gdal/examples/validate_gpkg.py',
].find((p) => existsSync(p));
