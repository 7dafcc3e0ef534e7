/**
 * A province's results.gpkg path (write-gpkg.ts largeGpkg): the layers sent to SQLite's worker one
 * by one, each encoded while the one before is inserted. Forced on the sample town with
 * LIFECIRCLE_LARGE_GPKG=1, it must give the same file to the byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmp } from '../support/env.js';

function sampleGpkg(env: Record<string, string>): { gpkg: Buffer; stderr: string } {
  const cwd = tmp('lc-gpkg-large-');
  const r = cli(['run', '-q', '--lang', 'en'], { cwd, env: { LIFECIRCLE_TIMING: '1', ...env } });
  expect(r.status, r.stderr).toBe(0);
  return { gpkg: readFileSync(join(cwd, 'lifecircle-sample-output', 'results.gpkg')), stderr: r.stderr };
}
const STREAM = "results.gpkg's layers sent to SQLite's worker one by one";

describe("a province's GeoPackage path", () => {
  it('writes the same bytes as the city path', () => {
    const city = sampleGpkg({});
    expect(city.stderr).not.toContain(STREAM);
    const province = sampleGpkg({ LIFECIRCLE_LARGE_GPKG: '1' });
    // the province's path was taken
    expect(province.stderr).toContain(STREAM);
    expect(province.gpkg.length).toBeGreaterThan(100_000);
    expect(province.gpkg.equals(city.gpkg)).toBe(true);
  });
});
