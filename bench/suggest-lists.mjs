#!/usr/bin/env node
/**
 * Issue 12: the siting's coverage lists alone, as the coverage search thread makes them (searchesOn +
 * ReachSearcher.demandReach on the reversed graph in Hilbert order), here on this thread, on the
 * city case's dumped inputs (node bench/suggest-inprocess.mjs dump first). Per round: CPU of the
 * inputs (this thread's part in the job, reachInputs), searchesOn and the searches, and a hash of
 * the turned-around lists (off, cand, thresholds): two builds must print the same one.
 *
 *   node bench/suggest-lists.mjs [ROUNDS=3]      Env: BENCH_DIR (default /tmp/lifecircle-bench)
 */
import { createHash } from 'node:crypto';
import { cpu, loadSuggestDump, R } from './suggest-dump.mjs';
const rounds = Number(process.argv[2] ?? 3);
const { prepareCandidates } = await import(`${R}/siting/run-suggest.js`);
const { startCoverageLists } = await import(`${R}/siting/suggest.js`);
const reach = await import(`${R}/siting/reach.js`);
const { walkGraph } = await import(`${R}/route/walk-graph.js`);
const { hilbertOrder } = await import(`${R}/geo/hilbert.js`);
const { permuteCsr } = await import(`${R}/network/csr.js`);
const { d, net, communities, snap, coverage } = await loadSuggestDump();
const prepared = await prepareCandidates(net, d.profile, communities, d.job.suggest, snap, () => {});
// the search thread's graph: the reversed graph in Hilbert order
const order = hilbertOrder(net.nodeLon, net.nodeLat);
const p = permuteCsr(walkGraph(net).reverse, order);
const frame = reach.hilbertFrame(p.csr, order, p.rank, net.nodeLon, net.nodeLat);
let inputs = null,
  thresholds = null;
// a stand-in for the search thread that keeps the inputs it is sent
const fake = {
  reach(i, t) {
    inputs = i;
    thresholds = t;
    return new Promise(() => {});
  },
};
for (let r = 0; r < rounds; r++) {
  const c0 = cpu();
  startCoverageLists(net, d.profile, coverage, prepared.candidates, d.job.suggest.categories, fake);
  const c1 = cpu();
  const s = reach.searchesOn(frame, inputs);
  const c2 = cpu();
  const dr = new reach.ReachSearcher(s).demandReach(thresholds);
  const c3 = cpu();
  const h = createHash('sha256')
    .update(new Uint8Array(dr.off.buffer))
    .update(new Uint8Array(dr.cand.buffer))
    .update(JSON.stringify(thresholds))
    .digest('hex')
    .slice(0, 12);
  console.log(
    `round ${r + 1}: inputs (this thread) ${(c1 - c0).toFixed(0)} ms, searchesOn ${(c2 - c1).toFixed(0)} ms, ` +
      `demandReach ${(c3 - c2).toFixed(0)} ms; entries ${dr.cand.length}, hash ${h}`,
  );
}
