#!/usr/bin/env node
/**
 * Issue 11: the report alone, in one process, on the city case's own run (profile and repeat it
 * without the rest of the output stage around it). Runs the city job of bench/outputs-city.mjs
 * (`outputs: [csv]`, network from its cache: run that bench first) in this process, then
 * reportHtml REPEAT times on the run's results and prints each one's wall and CPU time, the time
 * to write it to $BENCH_DIR/report-inprocess/report.html, its size and SHA-256, so two builds can
 * be compared for identical bytes. The run record in the method section is left empty here (the
 * same in every build). Run 1 is the one a run pays (cold code); the later ones the steady state.
 *
 *   node bench/report-inprocess.mjs [REPEAT=5]      Env: BENCH_DIR (default /tmp/lifecircle-bench)
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const R = new URL('../dist', import.meta.url).pathname;
const DIR = process.env.BENCH_DIR ?? '/tmp/lifecircle-bench';
const SRC = join(DIR, 'outputs-city');
const WORK = join(DIR, 'report-inprocess');
const REPEAT = Number(process.argv[2] ?? 5);
const cache = join(SRC, 'output/.lifecircle-cache');
if (!existsSync(cache)) throw new Error(`${cache} missing: node bench/outputs-city.mjs first`);
rmSync(WORK, { recursive: true, force: true });
mkdirSync(join(WORK, 'output'), { recursive: true });
for (const f of readdirSync(SRC)) if (f !== 'output') cpSync(join(SRC, f), join(WORK, f));
cpSync(cache, join(WORK, 'output/.lifecircle-cache'), { recursive: true });

const { parseJob } = await import(`${R}/coverage/job.js`);
const { runJob } = await import(`${R}/coverage/run-job.js`);
const { loadNetworkFile } = await import(`${R}/network/network-file.js`);
const { buildDatasets } = await import(`${R}/outputs/datasets.js`);
const { reportHtml } = await import(`${R}/outputs/report/html.js`);
const job = parseJob(join(WORK, 'job.yaml'));
job.outputs = ['csv'];
const quiet = { stage() {}, stageDone() {}, warn() {}, info() {} };
const r = await runJob(job, quiet);
const lcnet = join(WORK, 'output/.lifecircle-cache', readdirSync(join(WORK, 'output/.lifecircle-cache'))[0]);
const inp = {
  profile: r.profile,
  result: r.result,
  facilities: r.facilities,
  bands: r.bands,
  lang: job.lang,
  net: loadNetworkFile(lcnet),
  run: { inputs: {}, parameters: {}, warnings: [] },
};
const ds = buildDatasets(inp);
// the run has built the edge index already (snapping); built here before the clock starts
const { edgeIndex } = await import(`${R}/snap/edge-index.js`);
edgeIndex(inp.net);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// this thread alone (utime + stime in clock ticks of 10 ms): the rest of the process's CPU is GC
// and compiler threads
const threadCpu = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
// the report as written: a string (before), one buffer or a list of chunks (io/atomic.ts writes each)
const chunks = (html) => (Array.isArray(html) ? html : [html]);
const writeChunks = (file, html) => {
  const fd = openSync(file, 'w');
  for (const c of chunks(html)) writeSync(fd, c);
  closeSync(fd);
};
for (let i = 0; i < REPEAT; i++) {
  const t0 = performance.now();
  const c0 = cpu();
  const th0 = threadCpu();
  const html = reportHtml(ds, inp);
  const ms = performance.now() - t0;
  const cms = cpu() - c0;
  const thms = threadCpu() - th0;
  // what staging then pays for it: flattened, encoded and written (as io/atomic.ts writes it)
  const w0 = performance.now();
  const wc0 = cpu();
  writeChunks(join(WORK, 'report.html'), html);
  const wms = performance.now() - w0;
  const wcms = cpu() - wc0;
  const sha = chunks(html)
    .reduce((h, c) => h.update(c), createHash('sha256'))
    .digest('hex')
    .slice(0, 16);
  console.log(
    `report ${i + 1}: ${ms.toFixed(0)} ms wall, ${cms.toFixed(0)} ms CPU (${thms} on this thread); written in ${wms.toFixed(0)} ms wall, ` +
      `${wcms.toFixed(0)} ms CPU; ${chunks(html).reduce((s, c) => s + Buffer.byteLength(c), 0)} bytes, sha256 ${sha}`,
  );
}
