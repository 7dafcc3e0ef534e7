/**
 * One parameter set: the defaults are valid, a job file and the command line accept and refuse the
 * same values with the same reason, and the `coverage` options give the same fully parsed job as
 * the equivalent job file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJob, resolveJob } from '../../src/coverage/job.js';
import { checkGrid, PARAMETERS, type ParameterName, readNumber } from '../../src/params/parameters.js';
import { tmp } from '../support/env.js';

const names = Object.keys(PARAMETERS) as ParameterName[];

describe('parameters', () => {
  it('every default is valid and is what an absent value gives', () => {
    for (const n of names) {
      expect(PARAMETERS[n].valid(PARAMETERS[n].default), n).toBe(true);
      expect(readNumber(n, undefined, 'options')).toBe(PARAMETERS[n].default);
      expect(readNumber(n, undefined, { job: 'j.yaml' })).toBe(PARAMETERS[n].default);
    }
  });

  it.each([
    ['passShare', ['0.5', 1], ['0', '1.5', 'abc', true, '']],
    ['corridorM', ['50', 1000], ['0', '1001', '-5']],
    ['resolutionM', ['1', '50', 10], ['0.5', '51', 'x']],
    ['maxSnapM', ['0.1', 5000], ['0', '-1']],
    ['minComponent', ['0', 10], ['-1', 'many']],
    ['clipMarginM', ['0', 2500], ['-1']],
  ] as [ParameterName, unknown[], unknown[]][])(
    '%s: the same values pass and fail from a job file and an option',
    (n, good, bad) => {
      const p = PARAMETERS[n];
      for (const v of good) expect(readNumber(n, v, 'options')).toBe(readNumber(n, v, { job: 'j.yaml' }));
      for (const v of bad) {
        expect(() => readNumber(n, v, 'options'), String(v)).toThrow(`${p.option} ${String(v)}: expected ${p.expect}`);
        expect(() => readNumber(n, v, { job: 'j.yaml' }), String(v)).toThrow(
          `j.yaml: '${p.key}' must be ${p.expect}, got ${JSON.stringify(v)}`,
        );
      }
    },
  );

  it('the grid must be finer than the corridor', () => {
    expect(() => checkGrid(20, 10, 'options')).toThrow('--resolution 20 is coarser than --corridor 10');
    expect(() => checkGrid(20, 10, { job: 'j.yaml' })).toThrow('j.yaml: resolution_m 20 is coarser than corridor_m 10');
    expect(() => checkGrid(10, 10, 'options')).not.toThrow();
  });
});

describe('one fully parsed job', () => {
  it('the coverage options and the equivalent job file give the same job', () => {
    const dir = tmp();
    const job = join(dir, 'job.yaml');
    writeFileSync(
      job,
      [
        `osm: ${join(dir, 'town.osm')}`,
        `output: ${join(dir, 'out')}`,
        'pass_share: 0.8',
        'bands: 5,10min',
        'speed: 5km/h',
        'max_snap_m: 150',
        'lang: en',
        'thresholds: { kindergarten: 400 }',
        `facilities: [{ file: ${join(dir, 'a.csv')}, crs: gcj02 }]`,
      ].join('\n'),
    );
    const fromFile = parseJob(job);
    const fromOptions = resolveJob(
      {
        osm: join(dir, 'town.osm'),
        output: join(dir, 'out'),
        pass_share: '0.8',
        bands: '5,10min',
        speed: '5km/h',
        max_snap_m: '150',
        lang: 'en',
        thresholds: { kindergarten: 400 },
        facilities: [{ file: join(dir, 'a.csv'), crs: 'gcj02', columns: undefined, category: undefined }],
      },
      'options',
      (p) => p as string,
    );
    expect({ ...fromOptions, from: job }).toEqual(fromFile);
    // parsed: the bands in metres, the clip area (none here), the lists' CRS
    expect(fromFile.bands.map((b) => [b.label, Math.round(b.metres)])).toEqual([
      ['5min', 417],
      ['10min', 833],
    ]);
    expect(fromFile.facilities[0].crs).toBe('gcj02');
    expect(fromFile.clip).toBeNull();
  });

  it('a clip in a job file is parsed when the job is read, with its margin', () => {
    const dir = tmp();
    const job = join(dir, 'job.yaml');
    writeFileSync(job, 'osm: town.osm\noutput: out\nclip: 113.0,23.6,113.1,23.7\nclip_margin_m: 250\n');
    const j = parseJob(job);
    expect(j.clip?.label).toBe('113.0,23.6,113.1,23.7');
    expect(j.clip?.marginM).toBe(250);
    writeFileSync(job, 'osm: town.osm\noutput: out\nclip: 113.1,23.6,113.0,23.7\n');
    expect(() => parseJob(job)).toThrow(
      /--clip 113\.1,23\.6,113\.0,23\.7: expected minLon,minLat,maxLon,maxLat with min < max/,
    );
  });
});
