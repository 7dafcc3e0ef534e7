#!/usr/bin/env node
/**
 * Issue 12: the job's MCLP stage alone (this thread's part once the lists are in: per category
 * subInstance, chooseSites and the records) on the city case's dumped inputs (node
 * bench/suggest-inprocess.mjs dump first): the lists made once, then suggestSites REPEAT times with
 * them, each category's Lagrangian bound deferred until the loop is done (as the search thread
 * sums it beside the loop in the job). Prints the CPU of the categories' marks (one thread here),
 * the first run cold as in the job, and the hash of every suggestion and answer
 * (bench/suggest-inprocess.mjs's).
 *
 *   node bench/suggest-mclp.mjs [REPEAT=3]      Env: BENCH_DIR (default /tmp/lifecircle-bench)
 */
import { createHash } from 'node:crypto';
import { cpu, loadSuggestDump, R } from './suggest-dump.mjs';
const repeat = Number(process.argv[2] ?? 3);
process.env.LIFECIRCLE_TIMING = '1';
const marks = [];
process.stderr.write = (chunk) => {
  for (const m of String(chunk).matchAll(/^\[cpu\] (.+): ([\d.]+) ms$/gm)) marks.push([m[1], Number(m[2])]);
  return true;
};
const { prepareCandidates } = await import(`${R}/siting/run-suggest.js`);
const { suggestSites, startCoverageLists } = await import(`${R}/siting/suggest.js`);
const { lagrangianBound } = await import(`${R}/siting/lagrangian.js`);
const { mark } = await import(`${R}/util/timing.js`);
const { d, net, communities, snap, options: o, coverage } = await loadSuggestDump();
const prepared = await prepareCandidates(net, d.profile, communities, d.job.suggest, snap, () => {});
let dr = null;
// a stand-in for the search thread: the lists made below, the bounds summed after the loop
const fake = {
  reach: (_inputs, thresholds) => Promise.resolve({ ...dr, thresholds }),
  lagrangian: (inst, k, lower, rowSums, chosen) =>
    new Promise((r) => setImmediate(() => r(lagrangianBound(inst, k, lower, undefined, undefined, rowSums, chosen)))),
};
// the lists once, on this thread (the same lists as the worker's: test/siting)
{
  const l = startCoverageLists(net, d.profile, coverage, prepared.candidates, d.job.suggest.categories);
  dr = await l.byDemand;
}
for (let i = 0; i < repeat; i++) {
  const lists = startCoverageLists(net, d.profile, coverage, prepared.candidates, o.categories, fake);
  await new Promise((r) => setTimeout(r, 50));
  mark('harness: before');
  marks.length = 0;
  const c0 = cpu();
  const r = await suggestSites(net, d.profile, coverage, prepared.candidates, o, lists);
  const all = cpu() - c0;
  const cats = marks
    .filter(([k]) => k.startsWith('suggest: ') && !k.includes('waiting'))
    .reduce((a, [, v]) => a + v, 0);
  const bounds = marks.filter(([k]) => k.startsWith('suggest: bounds')).reduce((a, [, v]) => a + v, 0);
  const h = createHash('sha256');
  for (const s of r.suggestions)
    h.update(`${s.category.id} ${s.rank} ${s.candidate.id} ${s.gained} ${JSON.stringify(s.effects)}\n`);
  for (const a of r.answers) h.update(`${JSON.stringify({ ...a, category: a.category.id })}\n`);
  console.log(
    `run ${i + 1}: MCLPs (this thread) ${cats.toFixed(0)} ms CPU, bounds ${bounds.toFixed(0)} ms, ` +
      `all ${all.toFixed(0)} ms; answers ${h.digest('hex').slice(0, 16)}`,
  );
}
