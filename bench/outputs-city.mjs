#!/usr/bin/env node
/**
 * Issue 11: what writing the outputs costs in a whole run of the city-scale case (bench/make-city.mjs:
 * >= 200,000 network nodes, 85 communities, 20 categories) — target: at most 25 % of the run.
 *
 * Uses the case in $BENCH_DIR/city (made by bench/coverage-city.mjs / make-city.mjs; generated here
 * when missing), copies its inputs into its own folder, and runs `lifecircle run job.yaml -q` with
 * LIFECIRCLE_TIMING=1: once with an empty output folder (OSM read, network built), once with the
 * network reused, then once more with --pdf where a Chromium is installed. The output stage's share
 * is the sum of its `outputs: …` marks (tables, csv, xlsx, gpkg, report, geojson, pdf) and the
 * final staging/rename (`job: write outputs`) over the run's wall time. Also checks that a rerun
 * gives byte-identical files. Markdown on stdout, numbers in bench/results/outputs-city.json.
 *
 *   node bench/outputs-city.mjs
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = process.env.BENCH_DIR ?? '/tmp/lifecircle-bench';
const CASE = join(DIR, 'city');
const WORK = join(DIR, 'outputs-city');
const CLI = join(ROOT, 'bin/lifecircle.js');
const load = () => loadavg().map((x) => +x.toFixed(2));

if (!existsSync(join(CASE, 'case.json')))
  execFileSync('node', [join(ROOT, 'bench/make-city.mjs'), CASE], { stdio: 'inherit' });
const info = JSON.parse(readFileSync(join(CASE, 'case.json'), 'utf8'));
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
for (const f of [info.osmFile, 'communities.geojson', 'city-profile.yaml', 'facilities-gcj02.csv', 'job.yaml'])
  copyFileSync(join(CASE, f), join(WORK, f));
const job = join(WORK, 'job.yaml');

function run(args, label) {
  const before = load();
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'node', CLI, 'run', job, '-q', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFECIRCLE_TIMING: '1' },
    maxBuffer: 1 << 28,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`run failed (${r.status}): ${r.stderr}`);
  const [user, sys, rssKB] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const pick = (tag) =>
    [...r.stderr.matchAll(new RegExp(`^\\[${tag}\\] (.+): ([\\d.]+) ms$`, 'gm'))]
      .map((m) => [m[1], Number(m[2])])
      .filter(([k]) => k.startsWith('outputs: ') || k === 'job: write outputs');
  const out = pick('timing');
  const outCpu = pick('cpu');
  const outMs = out.reduce((s, [, v]) => s + v, 0);
  const outCpuMs = outCpu.reduce((s, [, v]) => s + v, 0);
  const cpuMs = (user + sys) * 1000;
  return {
    label,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    peakRssMB: Math.round(rssKB / 1024),
    outputsMs: Math.round(outMs),
    outputsCpuMs: Math.round(outCpuMs),
    share: +(outMs / wallMs).toFixed(3),
    // on a loaded machine the CPU share is the comparable one (the process's CPU time, all threads)
    cpuShare: +(outCpuMs / cpuMs).toFixed(3),
    parts: Object.fromEntries(out.map(([k, v]) => [k, Math.round(v)])),
    cpuParts: Object.fromEntries(outCpu.map(([k, v]) => [k, Math.round(v)])),
    loadBefore: before,
    loadAfter: load(),
  };
}

const files = () => {
  const dir = join(WORK, 'output');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => !f.startsWith('.'))
      .map((f) => [f, readFileSync(join(dir, f))]),
  );
};

const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
const cold = run([], 'run 1: network built from the OSM file');
const warm = run([], 'run 2: network reused from the cache');
const first = files();
const again = run([], 'run 3: rerun (byte-identical check)');
const second = files();
const identical =
  Object.keys(first).every((f) => second[f]?.equals(first[f])) &&
  Object.keys(first).length === Object.keys(second).length;
const hasBrowser =
  spawnSync('sh', ['-c', 'command -v chromium || command -v google-chrome'], { encoding: 'utf8' }).status === 0;
// BENCH_PDF=0 leaves out the PDF run (85 pages in Chromium: minutes on a loaded machine)
const pdf = hasBrowser && process.env.BENCH_PDF !== '0' ? run(['--pdf'], 'run 4: with --pdf (network cached)') : null;
const sizes = Object.fromEntries(
  Object.keys(second)
    .filter((f) => /\.(gpkg|xlsx|html|pdf|geojson)$/.test(f) || f === 'coverage.csv')
    .map((f) => [f, Math.round(statSync(join(WORK, 'output', f)).size / 1024)]),
);
if (pdf) sizes['report.pdf'] = Math.round(statSync(join(WORK, 'output', 'report.pdf')).size / 1024);

const result = {
  case: { nodes: info.expectedNetworkNodes, communities: info.communities, categories: info.categories },
  uptime,
  cold,
  warm,
  again,
  pdf,
  identical,
  sizesKB: sizes,
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/outputs-city.json'), `${JSON.stringify(result, null, 2)}\n`);

const pct = (x) => `${(x * 100).toFixed(1)} %`;
console.log('## Outputs, city scale (issue 11) — `npm run bench -- outputs`\n');
console.log(`machine: ${uptime}\n`);
console.log(
  '| run | wall | CPU | peak RSS | output stage wall / CPU | share of the run: wall / CPU | load average before → after |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of [cold, warm, again, pdf].filter(Boolean))
  console.log(
    `| ${r.label} | ${(r.wallMs / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${r.peakRssMB} MB | ` +
      `${(r.outputsMs / 1000).toFixed(2)} s / ${(r.outputsCpuMs / 1000).toFixed(2)} s | ${pct(r.share)} / ${pct(r.cpuShare)} | ` +
      `${r.loadBefore[0]} → ${r.loadAfter[0]} |`,
  );
console.log(
  `\nparts (run 2, CPU ms): ${Object.entries(warm.cpuParts)
    .map(([k, v]) => `${k.replace('outputs: ', '')} ${v}`)
    .join(', ')}`,
);
console.log(
  `parts (run 2, wall ms): ${Object.entries(warm.parts)
    .map(([k, v]) => `${k.replace('outputs: ', '')} ${v}`)
    .join(', ')}`,
);
if (pdf)
  console.log(
    `parts (run 4, ms): ${Object.entries(pdf.parts)
      .map(([k, v]) => `${k.replace('outputs: ', '')} ${v}`)
      .join(', ')}`,
  );
console.log(
  `\nsizes (KB): ${Object.entries(sizes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`rerun byte-identical (every file, results.gpkg and results.xlsx included): ${identical ? 'yes' : 'NO'}`);
