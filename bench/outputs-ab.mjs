/**
 * The output stage of two builds or settings, alternately (issue 11): `node bench/outputs-ab.mjs N
 * 'dirA[|K=V,…]' 'dirB[|K=V,…]' …` runs `lifecircle run <job> -q` of each build folder N times, the
 * order reversed every round, with LIFECIRCLE_TIMING=1 and the variables given, and prints the
 * medians: the output stage's wall and CPU (the `outputs:` marks and `job: write outputs`), the
 * command thread's own CPU in it (its critical path: `[cpu this thread]`), its main marks, the
 * run's wall and CPU, the output stage's share of the run, peak RSS (MB).
 * The job: $JOB, else the one `npm run bench -- outputs` made ($BENCH_DIR/outputs-city/job.yaml).
 * E.g. the workers' priority: `node bench/outputs-ab.mjs 8 '.|LIFECIRCLE_WORKER_NICE=0' .`
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const [N, ...variants] = process.argv.slice(2);
if (!(Number(N) > 0) || !variants.length) {
  console.error("usage: node bench/outputs-ab.mjs N 'dir[|K=V,...]' ...");
  process.exit(2);
}
const job = process.env.JOB ?? join(process.env.BENCH_DIR ?? '/tmp/lifecircle-bench', 'outputs-city/job.yaml');
if (!existsSync(job)) {
  console.error(`${job} missing: run \`BENCH_PDF=0 npm run bench -- outputs\` first, or set JOB`);
  process.exit(2);
}
const res = Object.fromEntries(variants.map((v) => [v, []]));
const sumOf = (text, tag) =>
  [...text.matchAll(new RegExp(`^\\[${tag}\\] (.+): ([\\d.]+) ms$`, 'gm'))]
    .filter((x) => x[1].startsWith('outputs: ') || x[1] === 'job: write outputs')
    .reduce((a, x) => a + Number(x[2]), 0);
const markOf = (text, name) =>
  Number(text.match(new RegExp(`^\\[timing\\] outputs: ${name}: ([\\d.]+) ms$`, 'm'))?.[1]);
for (let i = 0; i < Number(N); i++)
  for (const v of i % 2 ? [...variants].reverse() : variants) {
    const [dir, vars] = v.split('|');
    const env = { ...process.env, LIFECIRCLE_TIMING: '1' };
    for (const kv of (vars ?? '').split(',').filter(Boolean))
      env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', '%U %S %M', process.execPath, join(resolve(dir), 'bin/lifecircle.js'), 'run', job, '-q'],
      { encoding: 'utf8', env, cwd: dirname(job) },
    );
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${v}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
    const [u, s, m] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    res[v].push({
      out: sumOf(r.stderr, 'timing'),
      outCpu: sumOf(r.stderr, 'cpu'),
      outThread: sumOf(r.stderr, 'cpu this thread'),
      gpkg: markOf(r.stderr, 'gpkg'),
      report: markOf(r.stderr, 'report'),
      staged: markOf(r.stderr, 'staged the files at hand'),
      wall,
      cpu: (u + s) * 1000,
      share: 0,
      rss: m / 1024,
    });
    res[v].at(-1).share = (100 * res[v].at(-1).out) / wall;
  }
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const v of variants) {
  const f = (k, d = 0) => median(res[v].map((x) => x[k])).toFixed(d);
  console.log(
    `${v}: output stage ${f('out')} ms wall / ${f('outCpu')} ms CPU / ${f('outThread')} ms the command thread's (gpkg ${f('gpkg')}, report ${f('report')}, ` +
      `staged ${f('staged')}), run ${f('wall')} ms wall / ${f('cpu')} ms CPU, share ${f('share', 1)} %, peak ${f('rss')} MB`,
  );
}
