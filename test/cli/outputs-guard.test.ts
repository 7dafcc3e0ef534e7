/**
 * Issue 14, classes 5 and 7 and the small defects about output paths: no output may replace an
 * input (same path, a symlink, the CSV written beside a GeoJSON, a job's output folder), stale
 * temporary files are cleaned wherever the tool writes, every command creates its output folder
 * the same way, a failed run leaves no folder behind, a read-only file system is named as such;
 * `--sheet` works on the command line; `profiles` says 类别数.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tmp } from '../support/env.js';
import { xlsx } from '../facilities/helpers.js';

const SAMPLE = join(ROOT, 'data/sample');
let net = '';
beforeAll(() => {
  net = join(tmp(), 'town.lcnet');
  const r = cli(['prepare', join(SAMPLE, 'town.osm'), '-o', net, '-q']);
  expect(r.status, r.stderr).toBe(0);
});

function oneError(r: { status: number; stderr: string }, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('error:'));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** a folder with copies of the sample job's inputs */
function sampleCopy(): string {
  const d = tmp();
  for (const f of ['town.osm', 'communities.geojson', 'facilities.csv']) copyFileSync(join(SAMPLE, f), join(d, f));
  return d;
}

describe('class 5: an output never replaces an input', () => {
  it('job output: . with communities.geojson in it is refused before any work', () => {
    const d = sampleCopy();
    const before = readFileSync(join(d, 'communities.geojson'));
    writeFileSync(
      join(d, 'job.yaml'),
      'osm: town.osm\ncommunities: communities.geojson\nfacilities:\n  - file: facilities.csv\n    crs: gcj02\noutput: .\n',
    );
    oneError(
      cli(['run', join(d, 'job.yaml')]),
      /refusing to write the outputs into .*: it holds the input .*(town\.osm|communities\.geojson|job\.yaml)/,
    );
    expect(readFileSync(join(d, 'communities.geojson')).equals(before)).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['communities.geojson', 'facilities.csv', 'job.yaml', 'town.osm']);
  });

  it('facilities --facilities list.csv -o list.geojson (the CSV beside) is refused', () => {
    const d = sampleCopy();
    const before = readFileSync(join(d, 'facilities.csv'));
    oneError(
      cli([
        'facilities',
        net,
        '--facilities',
        join(d, 'facilities.csv'),
        '--crs',
        'gcj02',
        '-o',
        join(d, 'facilities.geojson'),
      ]),
      /refusing to write .*facilities\.csv: it is the input .*facilities\.csv/,
    );
    expect(readFileSync(join(d, 'facilities.csv')).equals(before)).toBe(true);
  });

  it('prepare x.osm -o x.osm, through a symlink too', () => {
    const d = sampleCopy();
    const osm = join(d, 'town.osm');
    const before = readFileSync(osm);
    oneError(cli(['prepare', osm, '-o', osm]), /refusing to write .*town\.osm: it is the input/);
    symlinkSync(osm, join(d, 'link.osm'));
    oneError(
      cli(['prepare', osm, '-o', join(d, 'link.osm')]),
      /refusing to write .*link\.osm: it is the input .*town\.osm \(the same file\)/,
    );
    expect(readFileSync(osm).equals(before)).toBe(true);
  });

  it('isochrones --origins o.geojson -o o.geojson and route net -o net', () => {
    const d = sampleCopy();
    const o = join(d, 'communities.geojson');
    oneError(
      cli(['isochrones', net, '--origins', o, '-o', o]),
      /refusing to write .*communities\.geojson: it is the input/,
    );
    const copy = join(d, 'n.lcnet');
    copyFileSync(net, copy);
    const before = readFileSync(copy);
    oneError(
      cli(['route', copy, '--from', '113.04,23.67', '--to', '113.05,23.68', '-o', copy]),
      /refusing to write .*n\.lcnet: it is the input/,
    );
    expect(readFileSync(copy).equals(before)).toBe(true);
  });
});

describe('class 7 and output folders', () => {
  const stale = (dir: string, name: string) => {
    mkdirSync(dir, { recursive: true });
    const p = join(dir, `.${name}.999999999.abc123.tmp`); // a pid that cannot be alive
    writeFileSync(p, 'left by a killed run');
    return p;
  };

  it('a stale temp beside a prepare output and in .lifecircle-cache is removed by the next write', () => {
    const d = sampleCopy();
    const t1 = stale(join(d, 'out'), 'town.lcnet');
    expect(cli(['prepare', join(d, 'town.osm'), '-o', join(d, 'out/town.lcnet'), '-q']).status).toBe(0);
    expect(existsSync(t1)).toBe(false);
    const t2 = stale(join(d, 'res/.lifecircle-cache'), 'network-0123456789abcdef.lcnet');
    writeFileSync(
      join(d, 'job.yaml'),
      'osm: town.osm\ncommunities: communities.geojson\nfacilities:\n  - file: facilities.csv\n    crs: gcj02\noutput: res\n',
    );
    const r = cli(['run', join(d, 'job.yaml'), '-q']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(t2)).toBe(false);
  });

  it('facilities -o fac/facilities.geojson creates fac/ like coverage does', () => {
    const d = tmp();
    const r = cli(['facilities', net, '-o', join(d, 'fac/sub/facilities.geojson'), '-q']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(d, 'fac/sub'))).toEqual(expect.arrayContaining(['facilities.csv', 'facilities.geojson']));
  });

  it('a failed run leaves no output folder behind (nor its cache)', () => {
    const d = sampleCopy();
    writeFileSync(join(d, 'bad.geojson'), '{"type": "FeatureCollection", "features": [{"type": "Feature"}]');
    writeFileSync(join(d, 'job.yaml'), 'osm: town.osm\ncommunities: bad.geojson\noutput: new/results\n');
    const r = cli(['run', join(d, 'job.yaml')]);
    expect(r.status).toBe(2);
    expect(existsSync(join(d, 'new'))).toBe(false);
  });

  const canUnshare = spawnSync('unshare', ['-m', 'true']).status === 0;
  (canUnshare ? it : it.skip)('a read-only file system is named as such (not ENOENT)', () => {
    const d = tmp();
    const ro = join(d, 'ro');
    mkdirSync(ro);
    const cmd = `mount -t tmpfs -o ro tmpfs ${ro} && NO_COLOR=1 ${process.execPath} ${join(ROOT, 'bin/lifecircle.js')} prepare ${join(SAMPLE, 'town.osm')} -o ${ro}/a/b/x.lcnet`;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', cmd], { encoding: 'utf8' });
    oneError({ status: r.status ?? -1, stderr: r.stderr }, /cannot write .*: the file system there is read-only/);
  });
});

describe('small defects', () => {
  it('--sheet is accepted by facilities and coverage', () => {
    const d = tmp();
    const book = join(d, 'list.xlsx');
    writeFileSync(
      book,
      xlsx([
        { name: '说明', rows: [['这一页不是名录']] },
        {
          name: '幼儿园',
          rows: [
            ['名称', '经度', '纬度'],
            ['东城幼儿园', 113.0523, 23.6738],
          ],
        },
      ]),
    );
    const r = cli([
      'facilities',
      net,
      '--no-osm',
      '--facilities',
      book,
      '--sheet',
      '幼儿园',
      '--category',
      'kindergarten',
      '-o',
      join(d, 'f.geojson'),
      '--json',
      '-q',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).facilities).toBe(1);
    const c = cli(['coverage', net, '--no-osm', '--facilities', book, '--sheet', '无此页', '-o', join(d, 'cov')]);
    expect(c.status).toBe(2);
    expect(c.stderr).not.toMatch(/unknown option/);
    expect(c.stderr).toMatch(/无此页/);
  });

  it('profiles shows 类别数 and no API name in the notes', () => {
    const r = cli(['profiles']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/类别数/);
    expect(r.stdout).not.toMatch(/类设施/);
    for (const lang of ['zh', 'en']) {
      const p = cli(['profiles', 'complete-community-2020', '--lang', lang]);
      expect(p.stdout).not.toMatch(/withThresholdOverrides/);
      expect(p.stdout).toMatch(/--threshold/);
    }
  });
});
