#!/usr/bin/env node
/**
 * Issue 9 (planner road networks): how noding scales, and what --roads costs in `prepare`.
 *
 * 1. nodeLines (dist/roads/noding.js) on generated grids of n × n crossing streets (each street
 *    drawn with a vertex every 10 m, slightly jittered): time per segment as n grows (near-linear:
 *    flat), against the same crossings found by testing all pairs of segments (the O(n²) reference,
 *    run up to the sizes it finishes in seconds).
 * 2. prepare on real extracts: OSM only vs the same ways exported by GDAL's OSM driver and read back
 *    with --roads (replace and add), CPU time (user + sys, /usr/bin/time) and network length.
 *
 *   node bench/roads.mjs [--json-out file]        (npm run build first; needs ogr2ogr and ../shared for 2)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REAL = resolve(ROOT, '../shared/data/real');
const DIR = process.env.BENCH_DIR ?? '/tmp/lifecircle-bench';
const CLI = join(ROOT, 'bin/lifecircle.js');
mkdirSync(DIR, { recursive: true });
const jsonOut = process.argv.includes('--json-out') ? process.argv[process.argv.indexOf('--json-out') + 1] : null;
const { nodeLines } = await import(join(ROOT, 'dist/roads/noding.js'));

/** n east-west and n north-south streets 100 m apart, a vertex every 10 m, jittered by up to 0.5 m */
function grid(n) {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const kx = 1e7 / 102000;
  const ky = 1e7 / 110760;
  const x0 = 113.05e7;
  const y0 = 23.68e7;
  const off = [0];
  const lon7 = [];
  const lat7 = [];
  const span = n * 100;
  for (let dir = 0; dir < 2; dir++)
    for (let i = 0; i < n; i++) {
      for (let s = -5; s <= span + 5; s += 10) {
        const a = i * 100 + 50 + rnd();
        const b = s + rnd();
        const [e, no] = dir === 0 ? [b, a] : [a, b];
        lon7.push(Math.round(x0 + e * kx));
        lat7.push(Math.round(y0 + no * ky));
      }
      off.push(lon7.length);
    }
  const lines = 2 * n;
  return {
    lineCount: lines,
    off: Uint32Array.from(off),
    lon7: Int32Array.from(lon7),
    lat7: Int32Array.from(lat7),
    level: new Int32Array(lines),
    fixed: new Uint8Array(lines),
    nodeId: new Float64Array(lon7.length).fill(Number.NaN),
    snapM: 2,
  };
}

/** the O(n²) reference: every pair of segments of different lines tested for a proper crossing */
function allPairs(g) {
  const segs = [];
  for (let i = 0; i < g.lineCount; i++) for (let k = g.off[i]; k + 1 < g.off[i + 1]; k++) segs.push([i, k]);
  let crossings = 0;
  const X = (k) => g.lon7[k];
  const Y = (k) => g.lat7[k];
  for (let a = 0; a < segs.length; a++)
    for (let b = a + 1; b < segs.length; b++) {
      if (segs[a][0] === segs[b][0]) continue;
      const p = segs[a][1];
      const q = segs[b][1];
      const d1x = X(p + 1) - X(p);
      const d1y = Y(p + 1) - Y(p);
      const d2x = X(q + 1) - X(q);
      const d2y = Y(q + 1) - Y(q);
      const den = d1x * d2y - d1y * d2x;
      if (den === 0) continue;
      const ta = ((X(q) - X(p)) * d2y - (Y(q) - Y(p)) * d2x) / den;
      const tb = ((X(q) - X(p)) * d1y - (Y(q) - Y(p)) * d1x) / den;
      if (ta > 0 && ta < 1 && tb > 0 && tb < 1) crossings++;
    }
  return crossings;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f, runs = 3) => {
  const ts = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const t = process.cpuUsage();
    out = f();
    const u = process.cpuUsage(t);
    ts.push((u.user + u.system) / 1000);
  }
  return { ms: median(ts), out };
};

const results = { scaling: [], prepare: [] };
console.log('## Road noding: scaling (CPU ms, median of 3)\n');
console.log('| streets | segments | crossings | nodeLines ms | µs / segment | all pairs ms | all pairs / nodeLines |');
console.log('|---|---|---|---|---|---|---|');
for (const n of [25, 50, 100, 200, 400]) {
  const g = grid(n);
  const segs = g.off[g.lineCount] - g.lineCount;
  const idx = time(() => nodeLines(g));
  const ref = n <= 50 ? time(() => allPairs(g), 1) : null;
  const row = {
    streets: 2 * n,
    segments: segs,
    crossings: idx.out.stats.crossings,
    ms: Math.round(idx.ms),
    us_per_segment: Math.round((idx.ms * 1000) / segs) / 1,
    all_pairs_ms: ref ? Math.round(ref.ms) : null,
    all_pairs_crossings: ref ? ref.out : null,
  };
  results.scaling.push(row);
  console.log(
    `| ${row.streets} | ${segs} | ${row.crossings} | ${row.ms} | ${row.us_per_segment} | ` +
      `${row.all_pairs_ms ?? '—'} | ${ref ? (ref.ms / idx.ms).toFixed(0) : '—'} |`,
  );
}

const ogr = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).status === 0;
if (!existsSync(REAL) || !ogr) console.log('\n(prepare with --roads skipped: needs ../shared/data/real and ogr2ogr)');
else {
  console.log('\n## prepare: OSM only vs its ways read back with --roads (CPU s = user + sys)\n');
  console.log('| extract | OSM km | OSM CPU s | replace km | replace CPU s | add km | add CPU s |');
  console.log('|---|---|---|---|---|---|---|');
  for (const rel of ['cn-beijing-bupt/map.osm', 'cn-beijing-tsinghua-pku/map.osm', 'ext-andorra/andorra.osm.pbf']) {
    const osm = join(REAL, rel);
    if (!existsSync(osm)) continue;
    const gpkg = join(DIR, `${rel.split('/')[0]}-walk.gpkg`);
    if (!existsSync(gpkg)) {
      execFileSync('ogr2ogr', [
        '-f',
        'GPKG',
        '-nlt',
        'MULTILINESTRING',
        gpkg,
        osm,
        'lines',
        '-where',
        'highway IS NOT NULL',
      ]);
      execFileSync('ogr2ogr', [
        '-append',
        '-nln',
        'lines',
        '-nlt',
        'MULTILINESTRING',
        gpkg,
        osm,
        'multipolygons',
        '-where',
        `other_tags LIKE '%"highway"=>%'`,
      ]);
    }
    const run = (extra) => {
      const r = spawnSync(
        '/usr/bin/time',
        [
          '-f',
          '%U %S',
          process.execPath,
          CLI,
          'prepare',
          osm,
          '-o',
          join(DIR, 'roads-bench.lcnet'),
          '--json',
          '-q',
          ...extra,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, LIFECIRCLE_WORKERS: '0' },
        },
      );
      if (r.status !== 0) throw new Error(r.stderr);
      const [u, s] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
      return { km: JSON.parse(r.stdout).network.lengthKm, cpu: Math.round((u + s) * 100) / 100 };
    };
    const a = run([]);
    const b = run(['--roads', gpkg]);
    const c = run(['--roads', gpkg, '--roads-mode', 'add']);
    results.prepare.push({ extract: rel, osm: a, replace: b, add: c });
    console.log(`| ${rel} | ${a.km} | ${a.cpu} | ${b.km} | ${b.cpu} | ${c.km} | ${c.cpu} |`);
  }
}
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
else {
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/roads.json'), `${JSON.stringify(results, null, 2)}\n`);
}
