#!/usr/bin/env node
/**
 * lifecircle benchmarks, each against the reference tool on the same data in the same run
 * (these machines are noisy: compare ratios, not absolute times). Results go to stdout as
 * markdown and to bench/results/latest.json; BENCHMARKS.md records them with this command.
 *
 *   npm run bench                 all suites
 *   npm run bench -- prepare      issue 2: prepare vs osmium fileinfo -e on a >= 15 MB PBF, RSS, XML MB/s, load vs parse
 *   npm run bench -- bzip2        issue 13: .osm.bz2 read with the spawned lbzip2/bzip2 and the JS fallback vs `bzip2 -dc`
 *   npm run bench -- isochrones   issue 3: end to end vs Valhalla (tile build + isochrones), per-origin cost, IoU
 *   npm run bench -- outputs      issue 11: the output stage's share of a whole city-scale run (<= 25 %), reruns
 *                                 byte-identical (bench/outputs-city.mjs)
 *   npm run bench -- coverage     issue 5: a whole `run` job on a generated city (bench/make-city.mjs: >= 200,000
 *                                 network nodes, 85 communities, 20 categories), built and cached network, vs
 *                                 <= 30 s and <= 1.5 GB, stage split (bench/coverage-city.mjs; no reference tool)
 *   npm run bench -- suggest      issue 12: city-wide suggest on the same case (>= 5,000 generated candidates): the wall
 *                                 and CPU the job with suggest: adds to the same job without it, pairs run
 *                                 alternately (target <= 10 % of the coverage run), ratio to the bound
 *                                 (bench/suggest-city.mjs)
 *   npm run bench -- province     issue 13: the generated province (2.56 M network nodes, 2,000 communities),
 *                                 `outputs: [csv, gpkg]`, targets <= 30 s, <= 2 GB (bench/coverage-city.mjs
 *                                 --province; not in the default run: ~10 minutes)
 *   npm run bench -- roads        issue 9: road-line noding vs all pairs of segments (scaling), prepare with --roads
 *                                 (replace / add) vs OSM only on real extracts (bench/roads.mjs)
 *   npm run bench -- lists        issue 14: a 1,000,000-row facility list (generated): our CSV splitter vs csv-parse,
 *                                 the reader and the whole facilities command, time and peak RSS
 *                                 (bench/facility-list-1m.mjs)
 *
 * Needs: osmium-tool (apt), ../shared/data/real; for `isochrones`, Valhalla from npm
 * (@valhallajs/valhallajs@3.6.1, installed into /tmp/peers/valhalla on first use) and python3.
 * Env: RUNS (default 5), BENCH_DIR (default /tmp/lifecircle-bench).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REAL = resolve(ROOT, '../shared/data/real');
const PEERS = resolve(ROOT, '../shared/peers');
const DIR = process.env.BENCH_DIR ?? '/tmp/lifecircle-bench';
const RUNS = Number(process.env.RUNS ?? 5);
const CLI = join(ROOT, 'bin/lifecircle.js');
const VALHALLA = process.env.VALHALLA_PKG ?? '/tmp/peers/valhalla';
mkdirSync(DIR, { recursive: true });

const results = { machine: machine(), runs: RUNS };
const suites = process.argv.slice(2);
const want = (s) => suites.length === 0 || suites.includes(s);

function machine() {
  let cpu = '';
  try {
    cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? '';
  } catch {}
  return {
    node: process.version,
    cpus: (() => {
      try {
        return execFileSync('nproc', { encoding: 'utf8' }).trim();
      } catch {
        return '?';
      }
    })(),
    cpu,
    date: new Date().toISOString().slice(0, 10),
  };
}

function need(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) {
    console.error(`bench: '${cmd}' is not available (install it: apt-get install osmium-tool / python3); skipping`);
    return false;
  }
  return true;
}

/** wall time (s), peak RSS (MB, the `Maximum resident set size` of `/usr/bin/time -v`) and CPU time (s, user + sys) of a command, via /usr/bin/time */
function timed(cmd, args, env = {}, cwd = undefined) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    cwd,
    maxBuffer: 1 << 28,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const [kb, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, rss: kb / 1024, cpu: user + sys, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 3) => Number(x).toFixed(d);

/** alternate A and B runs (so drift hits both), return medians */
function compare(label, a, b, runs = RUNS) {
  const ta = [];
  const tb = [];
  const ca = [];
  const cb = [];
  const ra = [];
  a();
  b(); // warm file caches
  for (let i = 0; i < runs; i++) {
    const x = a();
    ta.push(x.wall);
    ra.push(x.rss);
    ca.push(x.cpu ?? NaN);
    const y = b();
    tb.push(y.wall);
    cb.push(y.cpu ?? NaN);
  }
  const r = {
    label,
    oursS: median(ta),
    theirsS: median(tb),
    oursMinS: Math.min(...ta),
    oursMaxS: Math.max(...ta),
    theirsMinS: Math.min(...tb),
    theirsMaxS: Math.max(...tb),
    oursPeakRssMB: Math.max(...ra),
    oursCpuS: median(ca),
    theirsCpuS: median(cb),
  };
  r.ratio = r.oursS / r.theirsS;
  r.cpuRatio = r.oursCpuS / r.theirsCpuS;
  return r;
}

// ---------------------------------------------------------------------------------------------
// issue 2: ingest

/**
 * The real PBF extracts, each renumbered into its own id range (`osmium renumber`), merged
 * (`osmium merge`), `reps` times over, cached under BENCH_DIR: 4 reps give the 18.6 MB file,
 * 22 reps the >= 100 MB one of issue 13.
 */
function mixPbf(reps, minBytes) {
  const out = join(DIR, `real-mix-x${reps}.osm.pbf`);
  if (existsSync(out) && statSync(out).size >= minBytes) return out;
  const srcs = [
    'ext-andorra/andorra.osm.pbf',
    'ext-monaco-pbf/monaco.osm.pbf',
    'ext-liechtenstein/liechtenstein.osm.pbf',
    'ext-porto-alegre/poa_osm.pbf',
    'ext-sao-paulo/spo_osm.pbf',
  ];
  const parts = [];
  let i = 0;
  for (let rep = 0; rep < reps; rep++)
    for (const s of srcs) {
      const p = join(DIR, `part${i}.osm.pbf`);
      if (!existsSync(p))
        execFileSync('osmium', [
          'renumber',
          '-s',
          `${i * 1e9 + 1},${i * 1e8 + 1},${i * 1e6 + 1}`,
          join(REAL, s),
          '-o',
          p,
          '--overwrite',
        ]);
      parts.push(p);
      i++;
    }
  execFileSync('osmium', ['merge', ...parts, '-o', out, '--overwrite']);
  if (statSync(out).size < minBytes)
    throw new Error(`bench: ${out} is ${statSync(out).size} bytes, expected >= ${minBytes}; add repetitions`);
  return out;
}

function suitePrepare() {
  if (!need('osmium')) return;
  const pbf = mixPbf(4, 15e6);
  const mb = statSync(pbf).size / 1e6;
  const net = join(DIR, 'big.lcnet');
  const cmp = compare(
    'prepare vs osmium fileinfo -e',
    () => timed('node', [CLI, 'prepare', pbf, '-o', net, '-q']),
    () => timed('osmium', ['fileinfo', '-e', pbf]),
  );
  const count = JSON.parse(execFileSync('osmium', ['fileinfo', '-e', '-j', pbf], { encoding: 'utf8' })).data.count;
  // stage split of one prepare run
  const stages = timed('node', [CLI, 'prepare', pbf, '-o', net, '-q'], { LIFECIRCLE_TIMING: '1' })
    .stderr.split('\n')
    .filter((l) => l.startsWith('[timing]'))
    .map((l) => l.slice(9));
  // XML throughput and load-vs-parse, in process
  const xml = join(DIR, 'monaco.osm');
  if (!existsSync(xml))
    execFileSync('osmium', ['cat', join(REAL, 'ext-monaco-pbf/monaco.osm.pbf'), '-o', xml, '-f', 'osm', '--overwrite']);
  const inproc = JSON.parse(
    execFileSync('node', [join(ROOT, 'bench/ingest-inprocess.mjs'), xml, pbf, net, String(RUNS)], { encoding: 'utf8' }),
  );
  results.prepare = { file: { path: pbf, MB: +mb.toFixed(1), ...count }, ...cmp, stages, ...inproc };
  console.log(
    `\n## prepare (issue 2) — ${fmt(mb, 1)} MB PBF (${count.nodes.toLocaleString('en-US')} ` +
      `nodes, ${count.ways.toLocaleString('en-US')} ways), ${RUNS} runs, medians\n`,
  );
  console.log('| measure | lifecircle | reference | ratio | target |\n|---|---|---|---|---|');
  console.log(
    `| prepare wall vs \`osmium fileinfo -e\` | ${fmt(cmp.oursS)} s ` +
      `(${fmt(cmp.oursMinS)}–${fmt(cmp.oursMaxS)}) | ${fmt(cmp.theirsS)} s ` +
      `(${fmt(cmp.theirsMinS)}–${fmt(cmp.theirsMaxS)}) | ${fmt(cmp.ratio, 2)}× | ≤ 2× |`,
  );
  console.log(`| prepare peak RSS | ${fmt(cmp.oursPeakRssMB, 0)} MB | | | ≤ 400 MB |`);
  console.log(
    `| XML reading (monaco.osm, ${fmt(inproc.xmlMB, 1)} MB, in process) | ${fmt(inproc.xmlMBps, 1)} MB/s | | | ≥ 30 MB/s |`,
  );
  console.log(
    `| load network file vs parse PBF (in process) | ${fmt(inproc.loadMs, 1)} ms | ` +
      `${fmt(inproc.parseMs, 0)} ms | ${fmt(inproc.parseMs / inproc.loadMs, 0)}× faster | ≥ 10× |`,
  );
  console.log(`\nprepare stages (LIFECIRCLE_TIMING=1): ${stages.join('; ')}`);
  prepareLarge();
}

/**
 * issue 13: the >= 100 MB file (22 repetitions of the extracts), prepare vs osmium, peak RSS, and
 * `--clip` of Monaco's area (every repetition has its own copy of Monaco, renumbered: the clip
 * keeps 22 Monacos and drops the other four extracts' 22 copies each).
 */
function prepareLarge() {
  const pbf = mixPbf(22, 100e6);
  const mb = statSync(pbf).size / 1e6;
  const net = join(DIR, 'large.lcnet');
  const runs = Math.min(RUNS, 3);
  const cmp = compare(
    'prepare (100 MB) vs osmium fileinfo -e',
    () => timed('node', [CLI, 'prepare', pbf, '-o', net, '-q']),
    () => timed('osmium', ['fileinfo', '-e', pbf]),
    runs,
  );
  const clipped = compare(
    'prepare --clip Monaco (100 MB) vs osmium fileinfo -e',
    () => timed('node', [CLI, 'prepare', pbf, '-o', net, '-q', '--clip', MONACO_CLIP]),
    () => timed('osmium', ['fileinfo', '-e', pbf]),
    runs,
  );
  const stages = timed('node', [CLI, 'prepare', pbf, '-o', net, '-q'], { LIFECIRCLE_TIMING: '1' })
    .stderr.split('\n')
    .filter((l) => l.startsWith('[timing]') || l.startsWith('[rss]'))
    .map((l) => l.slice(l.indexOf(']') + 2));
  const count = JSON.parse(execFileSync('osmium', ['fileinfo', '-e', '-j', pbf], { encoding: 'utf8' })).data.count;
  results.prepareLarge = { file: { path: pbf, MB: +mb.toFixed(1), ...count }, ...cmp, clipped, stages };
  console.log(
    `\n## prepare, large (issue 13) — ${fmt(mb, 1)} MB PBF (${count.nodes.toLocaleString('en-US')} ` +
      `nodes, ${count.ways.toLocaleString('en-US')} ways), ${runs} runs, medians\n`,
  );
  console.log('| measure | lifecircle | `osmium fileinfo -e` | ratio | target |\n|---|---|---|---|---|');
  for (const [name, c] of [
    ['prepare', cmp],
    [`prepare --clip ${MONACO_CLIP}`, clipped],
  ]) {
    console.log(
      `| ${name}: wall | ${fmt(c.oursS)} s (${fmt(c.oursMinS)}–${fmt(c.oursMaxS)}) | ${fmt(c.theirsS)} s ` +
        `(${fmt(c.theirsMinS)}–${fmt(c.theirsMaxS)}) | ${fmt(c.ratio, 2)}× | ≤ 2× |`,
    );
    console.log(
      `| ${name}: CPU (user + sys) | ${fmt(c.oursCpuS)} s | ${fmt(c.theirsCpuS)} s | ${fmt(c.cpuRatio, 2)}× | |`,
    );
    console.log(`| ${name}: peak RSS | ${fmt(c.oursPeakRssMB, 0)} MB | | | ≤ 500 MB |`);
  }
  console.log(`\nprepare stages (LIFECIRCLE_TIMING=1): ${stages.join('; ')}`);
}

/** Monaco with a little room: the clip of the large prepare run */
const MONACO_CLIP = '7.405,43.723,7.44,43.752';

/** issue 13: bzip2 input at the speed of `bzip2 -dc` (spawned lbzip2/bzip2; the JavaScript fallback beside) */
function suiteBzip2() {
  if (!need('osmium') || !need('bzip2', ['--help'])) return;
  const xml = join(DIR, 'monaco.osm');
  if (!existsSync(xml))
    execFileSync('osmium', ['cat', join(REAL, 'ext-monaco-pbf/monaco.osm.pbf'), '-o', xml, '-f', 'osm', '--overwrite']);
  const bz = join(DIR, 'monaco.osm.bz2');
  if (!existsSync(bz)) writeFileSync(bz, execFileSync('bzip2', ['-c', xml], { maxBuffer: 1 << 28 }));
  const inspect = (env) => () => timed('node', [CLI, 'inspect', bz], env);
  const dc = () => timed('bzip2', ['-dc', bz]);
  const spawned = compare('inspect .osm.bz2 (system decoder) vs bzip2 -dc', inspect({}), dc);
  const js = compare('inspect .osm.bz2 (JavaScript decoder) vs bzip2 -dc', inspect({ LIFECIRCLE_BZIP2: 'js' }), dc);
  const plain = compare('inspect .osm (no compression) vs bzip2 -dc', () => timed('node', [CLI, 'inspect', xml]), dc);
  results.bzip2 = { spawned, js, plain };
  console.log(
    `\n## bzip2 input (issue 13) — monaco.osm.bz2 (${fmt(statSync(bz).size / 1e6, 1)} MB), ${RUNS} runs, medians\n`,
  );
  console.log('| `lifecircle inspect` | wall | `bzip2 -dc` alone | ratio | target |\n|---|---|---|---|---|');
  for (const [name, c] of [
    ['.osm.bz2, system decoder (lbzip2/bzip2 spawned)', spawned],
    ['.osm.bz2, JavaScript decoder (LIFECIRCLE_BZIP2=js)', js],
    ['the same XML uncompressed', plain],
  ])
    console.log(`| ${name} | ${fmt(c.oursS)} s | ${fmt(c.theirsS)} s | ${fmt(c.ratio, 2)}× | ≈ 1× + parsing |`);
}

// ---------------------------------------------------------------------------------------------
// issue 3: isochrones vs Valhalla

function ensureValhalla() {
  const bin = join(VALHALLA, 'node_modules/@valhallajs/valhallajs/linux/x64/valhalla_build_tiles');
  if (existsSync(bin)) return true;
  console.error(`bench: installing @valhallajs/valhallajs@3.6.1 into ${VALHALLA}`);
  mkdirSync(VALHALLA, { recursive: true });
  if (!existsSync(join(VALHALLA, 'package.json'))) writeFileSync(join(VALHALLA, 'package.json'), '{"private":true}');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '@valhallajs/valhallajs@3.6.1'], {
    cwd: VALHALLA,
    stdio: 'inherit',
  });
  return r.status === 0 && existsSync(bin);
}

function suiteIsochrones() {
  if (!need('/usr/bin/python3') || !ensureValhalla()) return;
  results.isochrones = [];
  console.log(`\n## isochrones (issue 3) — 85 origins × bands 5,10,15 min at 5 km/h, ${RUNS} runs, medians\n`);
  console.log(
    '| extract | lifecircle: OSM file → 255 polygons written | Valhalla: tile build + 255 ' +
      'isochrones | ratio (Valhalla / lifecircle) | target |\n|---|---|---|---|---|',
  );
  for (const [name, rel] of [
    ['Monaco', 'ext-monaco-pbf'],
    ['Liechtenstein', 'ext-liechtenstein'],
  ]) {
    const pbf = join(REAL, rel, rel === 'ext-monaco-pbf' ? 'monaco.osm.pbf' : 'liechtenstein.osm.pbf');
    const origins = join(REAL, rel, 'origins85.geojson');
    const ours = join(DIR, `${rel}-lifecircle.geojson`);
    const theirs = join(DIR, `${rel}-valhalla.geojson`);
    const work = join(DIR, `valhalla-${rel}`);
    const env = { VALHALLA_PKG: VALHALLA };
    const valhallaPerOrigin = []; // iso.mjs's own in-process figure: its 85 isochrone calls / 85
    const cmp = compare(
      `${name} end to end`,
      () =>
        timed('node', [
          CLI,
          'isochrones',
          pbf,
          '--origins',
          origins,
          '--bands',
          '5,10,15min',
          '--speed',
          '5km/h',
          '-o',
          ours,
          '-q',
        ]),
      () => {
        const b = timed(join(PEERS, 'valhalla/build.sh'), [pbf, work], env, DIR); // Valhalla drops duplicateways.txt in its cwd
        const q = timed(
          'node',
          [join(PEERS, 'valhalla/iso.mjs'), join(work, 'config.json'), origins, theirs, '5,10,15', '5'],
          env,
        );
        const per = /\(([\d.]+) ms\/origin/.exec(q.stderr);
        if (per) valhallaPerOrigin.push(Number(per[1]));
        return { wall: b.wall + q.wall, rss: Math.max(b.rss, q.rss) };
      },
    );
    const iou = JSON.parse(
      execFileSync('node', [join(ROOT, 'bench/iou.mjs'), ours, theirs, '15'], { encoding: 'utf8' }),
    );
    const per = JSON.parse(
      execFileSync('node', [join(ROOT, 'bench/isochrones-inprocess.mjs'), pbf, origins], { encoding: 'utf8' }),
    );
    const valhallaMs = valhallaPerOrigin.length ? median(valhallaPerOrigin) : NaN;
    results.isochrones.push({ name, ...cmp, iou15: iou, perOrigin: per, valhallaPerOriginMs: valhallaMs });
    console.log(`| ${name} | ${fmt(cmp.oursS)} s | ${fmt(cmp.theirsS)} s | ${fmt(1 / cmp.ratio, 2)}× | ≥ 3× |`);
  }
  console.log(
    '\n| extract | in process, 3 bands of one origin (Dijkstra + 10 m polygons): median warm / ' +
      'cold first pass | Valhalla in process: one request with 3 contours (its 85 calls / 85, median of ' +
      'the runs) | 15-min IoU vs Valhalla: median (p10–p90) | area ratio lifecircle / ' +
      'Valhalla (median) |\n|---|---|---|---|---|',
  );
  for (const r of results.isochrones)
    console.log(
      `| ${r.name} | ${fmt(r.perOrigin.medianMs, 2)} ms / ${fmt(r.perOrigin.coldMeanMs, 2)} ms | ` +
        `${fmt(r.valhallaPerOriginMs, 2)} ms | ` +
        `${fmt(r.iou15.median, 3)} (${fmt(r.iou15.p10, 3)}–${fmt(r.iou15.p90, 3)}) | ` +
        `${fmt(r.iou15.areaRatioMedian, 2)} |`,
    );
}

// ---------------------------------------------------------------------------------------------
// issue 5: a whole coverage job at city scale (absolute targets, no reference tool)

function suiteCoverage() {
  const out = join(DIR, 'coverage-city.json');
  const r = spawnSync('node', [join(ROOT, 'bench/coverage-city.mjs'), '--json-out', out], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_DIR: DIR },
  });
  if (r.status !== 0) {
    console.error(`bench: coverage suite failed (exit ${r.status})`);
    return;
  }
  results.coverage = JSON.parse(readFileSync(out, 'utf8'));
}

// issue 12: what city-wide suggestions add to the coverage run (wall, CPU), and the ratio to the bound
function suiteSuggest() {
  const out = join(DIR, 'suggest-city.json');
  const r = spawnSync('node', [join(ROOT, 'bench/suggest-city.mjs'), '--json-out', out], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_DIR: DIR },
  });
  if (r.status !== 0) {
    console.error(`bench: suggest suite failed (exit ${r.status})`);
    return;
  }
  results.suggest = JSON.parse(readFileSync(out, 'utf8'));
}

if (want('prepare')) suitePrepare();
if (want('bzip2')) suiteBzip2();
if (want('isochrones')) suiteIsochrones();
if (want('coverage')) suiteCoverage();
if (want('outputs')) {
  // issue 11: the output stage at city scale (absolute target: <= 25 % of the run)
  const r = spawnSync('node', [join(ROOT, 'bench/outputs-city.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) console.error(`bench: outputs suite failed (exit ${r.status})`);
  else results.outputs = JSON.parse(readFileSync(join(ROOT, 'bench/results/outputs-city.json'), 'utf8'));
}
if (want('suggest')) suiteSuggest();
// issue 13: the province (minutes: generating the case and one run), only when asked for by name
if (suites.includes('province')) {
  const out = join(DIR, 'coverage-province.json');
  const r = spawnSync('node', [join(ROOT, 'bench/coverage-city.mjs'), '--province', '--json-out', out], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_DIR: DIR },
  });
  if (r.status !== 0) console.error(`bench: province suite failed (exit ${r.status})`);
  else results.province = JSON.parse(readFileSync(out, 'utf8'));
}
if (want('roads')) {
  const out = join(DIR, 'roads.json');
  const r = spawnSync('node', [join(ROOT, 'bench/roads.mjs'), '--json-out', out], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`bench: roads suite failed (exit ${r.status})`);
  else results.roads = JSON.parse(readFileSync(out, 'utf8'));
}
if (want('lists')) {
  const out = join(DIR, 'facility-list-1m.json');
  const r = spawnSync('node', [join(ROOT, 'bench/facility-list-1m.mjs'), '--json-out', out], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_DIR: DIR },
  });
  if (r.status !== 0) console.error(`bench: lists suite failed (exit ${r.status})`);
  else results.lists = JSON.parse(readFileSync(out, 'utf8'));
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `\n(machine: ${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}; raw numbers in bench/results/latest.json)`,
);
