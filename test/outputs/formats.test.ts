/** Choosing the outputs: job key `outputs`, `--outputs`, `--pdf`; unknown formats refused in one line. */
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutputs } from '../../src/outputs/formats.js';
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
