#!/usr/bin/env node
/**
 * Issue 12: the siting stage alone, in one process, on the city case's own inputs (profile and
 * repeat it without the 20 s coverage run around it). `dump` runs the suggest job of
 * bench/suggest-city.mjs once (run that first) and stores, V8-serialised in $BENCH_DIR/city, what
 * suggestSites reads of the analysis; the default mode loads the cached network and that dump,
 * generates the candidate sites, then runs the siting REPEAT times (CPU per stage marks with
 * LIFECIRCLE_TIMING=1) and prints a SHA-256 of every suggestion and answer, so two builds can be
 * compared for identical answers.
 *
 *   node bench/suggest-inprocess.mjs dump      node bench/suggest-inprocess.mjs [REPEAT=3]
 *   Env: BENCH_DIR (default /tmp/lifecircle-bench); THREAD=alternate: odd runs on this thread, even
 *   runs with a coverage search thread (made per run, its start-up left out: the job's happens
 *   during the analysis) making the coverage lists; CPU counts every thread.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { CITY, cpu, DUMP, loadSuggestDump, R } from './suggest-dump.mjs';

// the stage marks' CPU lines, read back: lists = the coverage lists' mark, MCLPs = the categories' marks
const verbose = process.env.LIFECIRCLE_TIMING === '1';
process.env.LIFECIRCLE_TIMING = '1';
const cpuMarks = [];
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => {
  for (const m of String(chunk).matchAll(/^\[cpu\] (.+): ([\d.]+) ms$/gm)) cpuMarks.push([m[1], Number(m[2])]);
  return verbose ? write(chunk, ...rest) : true;
};
const JOB = `${CITY}/job-bench-suggest.yaml`;

if (process.argv[2] === 'dump') {
  const { parseJob } = await import(`${R}/coverage/job.js`);
  const { runJob } = await import(`${R}/coverage/run-job.js`);
  const job = parseJob(JOB);
  job.outputs = ['csv'];
  const quiet = { stage() {}, stageDone() {}, warn() {}, info() {} };
  const r = await runJob(job, quiet);
  const communities = r.result.communities.map((c) => ({
    status: c.status,
    residents: { unit: c.residents?.unit, total: c.residents?.total, weight: c.residents?.weight },
    residentSnaps: c.residentSnaps,
    categories: (c.categories ?? []).map((x) => ({ pass: x.pass, distances: x.distances })),
  }));
  writeFileSync(DUMP, serialize({ communities, profile: r.profile, job }));
  process.stdout.write(`wrote ${DUMP}\n`);
  process.exit(0);
}

const { prepareCandidates } = await import(`${R}/siting/run-suggest.js`);
const { suggestSites } = await import(`${R}/siting/suggest.js`);
const { mark } = await import(`${R}/util/timing.js`);
const { SearchThread } = await import(`${R}/coverage/search-thread.js`);
const { startCoverageLists } = await import(`${R}/siting/suggest.js`);
const alternate = process.env.THREAD === 'alternate';
const { d, net, communities, snap, options: o, coverage } = await loadSuggestDump();
let c0 = cpu();
cpuMarks.length = 0;
const prepared = await prepareCandidates(net, d.profile, communities, d.job.suggest, snap, () => {});
const candMs = cpu() - c0;
mark('bench: candidate sites');
const repeat = Number(process.argv[2] ?? 3);
let hash = '';
for (let i = 0; i < repeat; i++) {
  process.env.LIFECIRCLE_SEARCH_THREAD = '1';
  const thread = alternate && i % 2 === 1 ? SearchThread.create(net) : null;
  if (thread) await new Promise((r) => setTimeout(r, 1500)); // its renumbering, left out
  c0 = cpu();
  const w0 = performance.now();
  const lists = thread
    ? startCoverageLists(net, d.profile, coverage, prepared.candidates, o.categories, thread)
    : undefined;
  const r = await suggestSites(net, d.profile, coverage, prepared.candidates, o, lists);
  const ms = cpu() - c0;
  const wall = performance.now() - w0;
  await thread?.close();
  const marks = cpuMarks.splice(0);
  const listsCpu = marks.filter(([k]) => k.startsWith('suggest: coverage lists')).reduce((a, [, v]) => a + v, 0);
  const mclpCpu = marks.filter(([k]) => k.startsWith('suggest: ')).reduce((a, [, v]) => a + v, 0) - listsCpu;
  const h = createHash('sha256');
  for (const s of r.suggestions)
    h.update(`${s.category.id} ${s.rank} ${s.candidate.id} ${s.gained} ${JSON.stringify(s.effects)}\n`);
  for (const a of r.answers) h.update(`${JSON.stringify({ ...a, category: a.category.id })}\n`);
  hash = h.digest('hex').slice(0, 16);
  process.stdout.write(
    `run ${i + 1}${alternate ? (i % 2 ? ' (search thread)' : ' (this thread)') : ''}: ` +
      `suggestSites ${ms.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall: lists ${listsCpu.toFixed(0)}, MCLPs ${mclpCpu.toFixed(0)} ` +
      `(wall ${r.timings.reachMs.toFixed(0)}, ${r.timings.solveMs.toFixed(0)} ms), answers ${hash}\n`,
  );
}
process.stdout.write(`candidates ${prepared.candidates.length}: ${candMs.toFixed(0)} ms CPU\n`);
