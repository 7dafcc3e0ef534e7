/** Choosing the outputs: job key `outputs`, `--outputs`, `--pdf`; unknown formats refused in one line. */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawsIsochrones, parseOutputs } from '../../src/outputs/formats.js';
import { cli, ROOT, tmp } from '../support/env.js';

function job(extra: string): { dir: string; file: string } {
  const dir = tmp('lc-formats-');
  for (const f of ['town.osm', 'communities.geojson', 'facilities.csv'])
    copyFileSync(join(ROOT, 'data/sample', f), join(dir, f));
  const file = join(dir, 'job.yaml');
  writeFileSync(
    file,
    `osm: town.osm\ncommunities: communities.geojson\nfacilities:\n  - file: facilities.csv\n    crs: gcj02\noutput: out\n${extra}`,
  );
  return { dir, file };
}

describe('output selection', () => {
  it('parses lists and comma strings, refuses unknown names', () => {
    expect(parseOutputs(['csv', 'GPKG', 'csv'])).toEqual({ formats: ['csv', 'gpkg'] });
    expect(parseOutputs('xlsx, report')).toEqual({ formats: ['xlsx', 'report'] });
    expect(parseOutputs('csv,shp')).toEqual({ bad: 'shp' });
    expect(parseOutputs([])).toEqual({ bad: '' });
  });

  it('outputs: [csv] writes the CSVs and the run record only', () => {
    const { dir, file } = job('outputs: [csv]\n');
    const r = cli(['run', file, '-q']);
    expect(r.status, r.stderr).toBe(0);
    expect(
      readdirSync(join(dir, 'out'))
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(
      [
        'LICENSE.txt',
        'README.txt',
        'categories.csv',
        'categories.csvt',
        'communities.csv',
        'communities.csvt',
        'coverage.csv',
        'coverage.csvt',
        'data_quality.csv',
        'data_quality.csvt',
        'facilities.csv',
        'facilities.csvt',
        'facilities.prj',
        'gaps.csv',
        'gaps.csvt',
        'no_data_template.csv',
        'run.json',
      ].sort(),
    );
  });

  it('the isochrones are drawn only for an output that shows them; the CSVs are the same either way', () => {
    expect(drawsIsochrones(['csv', 'xlsx'])).toBe(false);
    for (const f of ['gpkg', 'geojson', 'report', 'pdf'] as const) expect(drawsIsochrones(['csv', f])).toBe(true);
    const runs = ['outputs: [csv]\n', 'outputs: [csv, geojson]\n'].map((extra) => {
      const { dir, file } = job(extra);
      const r = cli(['run', file]);
      expect(r.status, r.stderr).toBe(0);
      return { dir, stderr: r.stderr };
    });
    // the progress line of the communities' isochrones (coverage.ts: 'isochrones per community')
    expect(runs[0].stderr).not.toContain('isochrones per community');
    expect(runs[1].stderr).toContain('isochrones per community');
    expect(readdirSync(join(runs[1].dir, 'out'))).toContain('isochrones.geojson');
    const csvs = readdirSync(join(runs[0].dir, 'out')).filter((f) => /\.csvt?$/.test(f));
    expect(csvs.length).toBeGreaterThan(5);
    for (const f of csvs)
      expect(readFileSync(join(runs[0].dir, 'out', f)).equals(readFileSync(join(runs[1].dir, 'out', f))), f).toBe(true);
  });

  it('an unknown format in the job or on the command line is one line, exit 2', () => {
    const { file } = job('outputs: [csv, shapefile]\n');
    const r = cli(['run', file]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /job\.yaml: 'outputs' must list formats from csv, xlsx, gpkg, report, geojson, pdf, got "shapefile"$/,
    );
    const o = cli(['run', job('').file, '--outputs', 'csv,kml']);
    expect(o.status).toBe(2);
    expect(o.stderr.trim()).toMatch(
      /--outputs csv,kml: expected a comma-separated list of csv, xlsx, gpkg, report, geojson, pdf$/,
    );
  });
});
