#!/usr/bin/env node
/**
 * Issue 5: a whole coverage job on a generated city-scale case (>= 200,000 network nodes,
 * 85 communities, 20 categories; bench/make-city.mjs) in <= 30 s and <= 1.5 GB peak RSS.
 *
 * Generates the case into $BENCH_DIR/city when it is missing or was made by another version of
 * make-city.mjs, then runs `lifecircle run job.yaml -q` (LIFECIRCLE_TIMING=1, under /usr/bin/time)
 * twice: with an empty output folder (network built from the OSM file), then again (network
 * reused from <output>/.lifecircle-cache). Markdown goes to stdout; the numbers go to
 * bench/results/coverage-city.json (or --json-out <file>); with --json, stdout gets the JSON only.
 *
 *   node bench/coverage-city.mjs [--json] [--json-out file]
 *   node bench/coverage-city.mjs --province     issue 13: the generated province (CITY_SCALE=3.4,
 *        2,000 communities: >= 2.5 M network nodes) in $BENCH_DIR/province, `outputs: [csv, gpkg]`,
 *        one run (network built from the OSM file), targets <= 30 s and <= 2 GB
 * Env: BENCH_DIR (default /tmp/lifecircle-bench), CITY_SCALE (passed to make-city.mjs, default 1)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = process.env.BENCH_DIR ?? '/tmp/lifecircle-bench';
const argv = process.argv.slice(2);
const PROVINCE = argv.includes('--province');
const CASE = join(DIR, PROVINCE ? 'province' : 'city');
const CLI = join(ROOT, 'bin/lifecircle.js');
const MAKE = join(ROOT, 'bench/make-city.mjs');
const SCALE = PROVINCE ? 3.4 : Number(process.env.CITY_SCALE ?? 1);
const COMMUNITIES = PROVINCE ? 2000 : null;
const TARGET = PROVINCE ? { wallS: 30, rssMB: 2048 } : { wallS: 30, rssMB: 1536 };
const jsonOnly = argv.includes('--json');
const jsonOut = argv.includes('--json-out')
  ? resolve(argv[argv.indexOf('--json-out') + 1])
  : join(ROOT, `bench/results/${PROVINCE ? 'coverage-province' : 'coverage-city'}.json`);
const say = jsonOnly ? (s = '') => process.stderr.write(`${s}\n`) : (s = '') => process.stdout.write(`${s}\n`);

/** wall time (s) and peak RSS (MB) of a command, via /usr/bin/time (as in bench/run.mjs) */
function timed(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 28,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  const rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
  return { wall, rss, stdout: r.stdout, stderr: r.stderr };
}

const fmt = (x, d = 1) => Number(x).toFixed(d);
const int = (x) => Number(x).toLocaleString('en-US');
const load = () => loadavg().map((x) => +x.toFixed(2));

// ---------------------------------------------------------------------------------- the case
function ensureCase() {
  const sha = createHash('sha256').update(readFileSync(MAKE)).digest('hex');
  const infoPath = join(CASE, 'case.json');
  if (existsSync(infoPath)) {
    const info = JSON.parse(readFileSync(infoPath, 'utf8'));
    if (
      info.generatorSha256 === sha &&
      info.scale === SCALE &&
      (!COMMUNITIES || info.communities === COMMUNITIES) &&
      existsSync(join(CASE, info.osmFile)) &&
      existsSync(join(CASE, 'job.yaml'))
    )
      return { info, generatedS: null };
  }
  say(`generating the case into ${CASE} (bench/make-city.mjs, CITY_SCALE=${SCALE}) ...`);
  rmSync(CASE, { recursive: true, force: true });
  const g = timed('node', [MAKE, CASE], {
    CITY_SCALE: String(SCALE),
    ...(COMMUNITIES ? { CITY_COMMUNITIES: String(COMMUNITIES) } : {}),
  });
  // issue 13's province target is for the tables and the GeoPackage
  if (PROVINCE)
    writeFileSync(join(CASE, 'job.yaml'), `${readFileSync(join(CASE, 'job.yaml'), 'utf8')}outputs: [csv, gpkg]\n`);
  return { info: JSON.parse(readFileSync(infoPath, 'utf8')), generatedS: g.wall, generatedRssMB: g.rss };
}

/** `[timing] <stage>: <ms> ms` lines (or `[cpu] ...`: the stage's process CPU time) -> [[stage, ms]] in order */
function stages(stderr, tag = 'timing') {
  const out = [];
  const re = new RegExp(`^\\[${tag}\\] (.+): ([\\d.]+) ms$`);
  for (const line of stderr.split('\n')) {
    const m = re.exec(line);
    if (m) out.push([m[1], Number(m[2])]);
  }
  return out;
}

/**
 * The marks are deltas since the previous mark; the network build marks its own sub-stages
 * (start, read+collect, split, ...) before `job: network (...)`: those are summed into "network".
 */
function grouped(st) {
  const g = {};
  let inNetwork = false;
  for (const [name, ms] of st) {
    let key = name;
    if (name === 'job: setup') inNetwork = true;
    else if (inNetwork && !name.startsWith('job: network')) key = 'job: network';
    if (name.startsWith('job: network')) {
      key = 'job: network';
      inNetwork = false;
    }
    if (name === 'job: analysis') key = 'analysis: rest';
    g[key] = (g[key] ?? 0) + ms;
  }
  return g;
}

function runJob(job, label) {
  const before = load();
  const r = timed('node', [CLI, 'run', job, '-q'], { LIFECIRCLE_TIMING: '1' });
  const st = stages(r.stderr);
  const marked = st.reduce((s, [, v]) => s + v, 0);
  return {
    label,
    wallS: +r.wall.toFixed(3),
    peakRssMB: +r.rss.toFixed(1),
    stages: Object.fromEntries(st.map(([k, v]) => [k, v])),
    stageList: st,
    grouped: grouped(st),
    groupedCpu: grouped(stages(r.stderr, 'cpu')),
    outsideMs: +(r.wall * 1000 - marked).toFixed(1),
    loadBefore: before,
    loadAfter: load(),
  };
}

// ---------------------------------------------------------------------------------- main
const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
const { info, generatedS, generatedRssMB } = ensureCase();
const osm = join(CASE, info.osmFile);
const job = join(CASE, 'job.yaml');
const output = join(CASE, 'output');

const insp = JSON.parse(
  execFileSync('node', [CLI, 'inspect', osm, '--json', '-q'], { encoding: 'utf8', maxBuffer: 1 << 28 }),
);
const communities = JSON.parse(readFileSync(join(CASE, 'communities.geojson'), 'utf8')).features.length;

rmSync(output, { recursive: true, force: true });
say(`running \`lifecircle run ${job} -q\` ${PROVINCE ? 'once' : 'twice'} (load average ${load().join(', ')}) ...`);
const cold = runJob(job, 'run 1: empty output folder (OSM file read, network built and cached)');
if (!existsSync(join(output, '.lifecircle-cache')))
  throw new Error(`run 1 left no network cache in ${output}/.lifecircle-cache`);
// the province: one run (each takes minutes); its table's "run 2" columns repeat run 1
const warm = PROVINCE ? cold : runJob(job, 'run 2: network reused from the cache');
if (!PROVINCE && !('job: network (cached)' in warm.stages)) throw new Error('run 2 did not reuse the cached network');
const runJson = JSON.parse(readFileSync(join(output, 'run.json'), 'utf8'));
const uptimeAfter = execFileSync('uptime', { encoding: 'utf8' }).trim();

const size = {
  osmFile: info.osmFile,
  osmMB: +(insp.source.bytes / 1e6).toFixed(1),
  osm: insp.osm,
  networkNodes: insp.network.nodes,
  networkEdges: insp.network.edges,
  networkKm: Math.round(insp.network.lengthKm),
  components: insp.network.components,
  extentKm: info.grid.extentKm,
  communities,
  categories: runJson.counts.categories,
  facilities: runJson.counts.facilities,
  facilitiesNotOnNetwork: runJson.counts.facilities_not_on_network,
  facilityOsmNodes: Object.entries(info.facilityNodes)
    .filter(([k]) => k !== 'other POIs')
    .reduce((s, [, v]) => s + v, 0),
  facilityListRows: info.listRows,
  parks: info.parks,
  residentialBuildings: insp.features.residentialBuildings,
  buildingsInCommunities: info.communityBuildings,
  taggedPoints: insp.features.taggedPoints,
  taggedAreas: insp.features.taggedAreas,
  failingPairs: runJson.counts.failing_pairs,
  generatedS: generatedS === null ? null : +generatedS.toFixed(1),
  generatedRssMB: generatedRssMB === undefined ? null : +generatedRssMB.toFixed(0),
};
const verdict = (r) => ({ wall: r.wallS <= TARGET.wallS, rss: r.peakRssMB <= TARGET.rssMB });
const results = {
  case: CASE,
  command: `LIFECIRCLE_TIMING=1 /usr/bin/time -f %M node bin/lifecircle.js run ${job} -q`,
  size,
  targets: TARGET,
  runs: (PROVINCE ? [cold] : [cold, warm]).map((r) => ({ ...r, meets: verdict(r) })),
  uptimeBefore,
  uptimeAfter,
  machine: { node: process.version, cpus: execFileSync('nproc', { encoding: 'utf8' }).trim() },
  date: new Date().toISOString().slice(0, 10),
};
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);

// ---------------------------------------------------------------------------------- markdown
say(
  `\n## coverage job, ${PROVINCE ? 'province scale (issue 13)' : 'city scale (issue 5)'} — synthetic, ` +
    `${size.extentKm[0]} × ${size.extentKm[1]} km (bench/make-city.mjs)\n`,
);
say('| case | |\n|---|---|');
say(
  `| OSM file | ${size.osmFile}, ${size.osmMB} MB: ${int(size.osm.nodes)} nodes, ${int(size.osm.ways)} ways, ${int(size.osm.relations)} relations |`,
);
say(
  `| walking network | **${int(size.networkNodes)} nodes**, ${int(size.networkEdges)} edges, ${int(size.networkKm)} km, ${size.components} components |`,
);
say(`| communities | ${size.communities} |`);
say(`| categories | ${size.categories} (GB 50180-2018 subset) |`);
say(
  `| facilities | ${int(size.facilities)} (per category, after merging) from ` +
    `${int(size.facilityOsmNodes)} tagged OSM nodes, ${int(size.parks)} parks (areas) and ` +
    `${size.facilityListRows} list rows in GCJ-02; ${size.facilitiesNotOnNetwork} not on the ` +
    `network |`,
);
say(
  `| residential buildings | ${int(size.residentialBuildings)} (${int(size.buildingsInCommunities)} inside the communities) |`,
);
say(`| result | ${int(size.failingPairs)} failing community × category pairs (gaps, routes traced) |`);
say('\n| run | wall | target | peak RSS | target |\n|---|---|---|---|---|');
for (const r of results.runs)
  say(
    `| ${r.label} | ${fmt(r.wallS)} s ${r.meets.wall ? '✓' : '✗'} | ≤ ${TARGET.wallS} s | ` +
      `${fmt(r.peakRssMB, 0)} MB ${r.meets.rss ? '✓' : '✗'} | ≤ ${fmt(TARGET.rssMB / 1024, 1)} GB |`,
  );
const keys = [...new Set([...Object.keys(cold.grouped), ...Object.keys(warm.grouped)])];
// the province has one run: its columns are that run's (the "run 2" columns repeat it)
const second = PROVINCE ? 'run 1' : 'run 2';
say(
  `\n| stage (LIFECIRCLE_TIMING=1) | run 1 | ${PROVINCE ? '(the same)' : 'run 2 (cached network)'} | ` +
    `${second} CPU (process, all threads) | share of ${second} wall |\n|---|---|---|---|---|`,
);
const ms = (v) => (v === undefined ? '' : `${int(Math.round(v))} ms`);
for (const k of keys)
  say(
    `| ${k} | ${ms(cold.grouped[k])} | ${ms(warm.grouped[k])} | ${ms(warm.groupedCpu[k])} | ` +
      `${warm.grouped[k] === undefined ? '' : `${fmt((100 * warm.grouped[k]) / (warm.wallS * 1000), 0)} %`} |`,
  );
say(
  `| outside the marks (Node start-up, module loading before the first mark, exit) | ` +
    `${int(Math.round(cold.outsideMs))} ms | ${int(Math.round(warm.outsideMs))} ms | ` +
    `${fmt((100 * warm.outsideMs) / (warm.wallS * 1000), 0)} % |`,
);
const net = cold.stageList.filter(
  ([k]) =>
    ['start', 'read+collect', 'split', 'compact+components', 'features', 'buildings'].includes(k) ||
    k.startsWith('job: network'),
);
say(`\nrun 1 network build: ${net.map(([k, v]) => `${k} ${int(Math.round(v))} ms`).join('; ')}`);
say(
  `load average: ${uptimeBefore.replace(/.*load average: /, '')} before, ${uptimeAfter.replace(/.*load average: /, '')} after (${results.machine.cpus} cores)`,
);
say(`(raw numbers in ${jsonOut})`);
if (jsonOnly) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
