/**
 * The worker-thread paths (PBF decoding, large isochrone runs) give byte-identical results to the
 * single-threaded ones. They are off by default at these sizes (BENCHMARKS.md), so they are
 * switched on here with LIFECIRCLE_WORKERS.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, HAS_SHARED, ROOT, real, tmp } from '../support/env.js';
import { TOWN, townLonLat } from '../support/sample-town.js';

describe('worker threads', () => {
  it('isochrones for 300 origins: the pool (main thread + worker) writes the same bytes as one thread', () => {
    const dir = tmp();
    const origins = join(dir, 'o.geojson');
    const feats = [];
    for (let i = 0; i < 300; i++) {
      const x = 100 + (i % 20) * 120;
      const y = 100 + Math.floor(i / 20) * 120;
      feats.push({
        type: 'Feature',
        properties: { id: `p${i}` },
        geometry: { type: 'Point', coordinates: townLonLat(x, y) },
      });
    }
    writeFileSync(origins, JSON.stringify({ type: 'FeatureCollection', features: feats }));
    const a = cli(
      [
        'isochrones',
        TOWN,
        '--origins',
        origins,
        '--bands',
        '300m',
        '-o',
        join(dir, 'a.geojson'),
        '-q',
        '--max-snap',
        '400',
      ],
      { env: { LIFECIRCLE_WORKERS: '0' } },
    );
    const b = cli(
      [
        'isochrones',
        TOWN,
        '--origins',
        origins,
        '--bands',
        '300m',
        '-o',
        join(dir, 'b.geojson'),
        '-q',
        '--max-snap',
        '400',
      ],
      { env: { LIFECIRCLE_WORKERS: '1' } },
    );
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(join(dir, 'b.geojson')).equals(readFileSync(join(dir, 'a.geojson')))).toBe(true);
  });
});

(HAS_SHARED ? describe : describe.skip)('PBF decoding on worker threads', () => {
  it('gives the same network file as decoding on the main thread', () => {
    const dir = tmp();
    for (const [w, name] of [
      ['0', 'a.lcnet'],
      ['2', 'b.lcnet'],
    ]) {
      const r = cli(['prepare', real('ext-liechtenstein/liechtenstein.osm.pbf'), '-o', join(dir, name), '-q'], {
        env: { LIFECIRCLE_WORKERS: w },
      });
      expect(r.status, r.stderr).toBe(0);
    }
    const a = readFileSync(join(dir, 'a.lcnet'));
    const b = readFileSync(join(dir, 'b.lcnet'));
    expect(b.equals(a)).toBe(true);
  });

  it('reports a corrupted blob with its byte offset', () => {
    const dir = tmp();
    const buf = Buffer.from(readFileSync(real('ext-andorra/andorra.osm.pbf')));
    for (let i = 0; i < 64; i++) buf[buf.length - 5000 + i] ^= 0x5a;
    writeFileSync(join(dir, 'bad.osm.pbf'), buf);
    const r = cli(['prepare', join(dir, 'bad.osm.pbf'), '-o', join(dir, 'x.lcnet')], {
      env: { LIFECIRCLE_WORKERS: '2' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error: .*bad\.osm\.pbf: bad PBF data blob at byte \d+: /);
  });
});

describe('nearest-facility searches on the search thread (coverage/search-thread.ts)', () => {
  it('the sample job with the thread forced on writes the golden outputs byte for byte', () => {
    const cwd = tmp('lc-search-thread-');
    const r = cli(['run', '-q'], { cwd, env: { LIFECIRCLE_SEARCH_THREAD: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = join(cwd, 'lifecircle-sample-output');
    const golden = join(ROOT, 'test/golden/sample-job');
    const names = readdirSync(golden).sort();
    expect(
      readdirSync(out)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    ).toEqual(names);
    for (const n of names) {
      let got = readFileSync(join(out, n));
      if (n === 'run.json') got = Buffer.from(got.toString('utf8').split(ROOT).join('<repo>'));
      expect(got.equals(readFileSync(join(golden, n))), `${n} differs from the golden one`).toBe(true);
    }
  });
});

describe('the search thread with walkers and suggestions', () => {
  it('walkers [default, elderly, wheelchair] and city-wide suggest: the same files with the thread on and off', () => {
    const dir = tmp('lc-search-thread-walkers-');
    cpSync(join(ROOT, 'data/sample'), dir, { recursive: true });
    const job = readFileSync(join(dir, 'job.yaml'), 'utf8');
    const outs: string[] = [];
    for (const t of ['0', '1']) {
      const yaml = `${job.replace(/^output: .*$/m, `output: out${t}`)}walkers: [default, elderly, wheelchair]\nsuggest: {k: 2, scope: city}\n`;
      writeFileSync(join(dir, `job${t}.yaml`), yaml);
      const r = cli(['run', `job${t}.yaml`, '-q'], { cwd: dir, env: { LIFECIRCLE_SEARCH_THREAD: t } });
      expect(r.status, r.stderr).toBe(0);
      outs.push(join(dir, `out${t}`));
    }
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? e.path, e.name).slice(d.length + 1))
        .sort();
    expect(files(outs[1])).toEqual(files(outs[0]));
    expect(files(outs[0]).length).toBeGreaterThan(60);
    for (const f of files(outs[0])) {
      const norm = (d: string, t: string) =>
        f.endsWith('run.json')
          ? readFileSync(join(d, f), 'utf8')
              // only the run's own names: a checkout's path may hold "out1" too (/work/wt/out13)
              .split(join(dir, `out${t}`))
              .join(join(dir, 'out'))
              .split(`"out${t}`)
              .join('"out')
              .split(`job${t}.yaml`)
              .join('job.yaml')
          : readFileSync(join(d, f)).toString('base64');
      expect(norm(outs[1], '1') === norm(outs[0], '0'), `${f} differs`).toBe(true);
    }
  });
});
