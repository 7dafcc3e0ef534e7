#!/usr/bin/env node
/**
 * Issue 12: the siting coverage lists on one thread vs this thread + 1 worker (src/siting/reach-threads.ts),
 * alone in one process on the city case's cached network (run bench/suggest-city.mjs first): n candidates
 * every 150 m, demand = points every 40 m along the streets of the communities, searches to 1,000 m;
 * one, threads, one, threads per n.   node bench/suggest-reach-threads.mjs [n,n,...]   Env: BENCH_DIR
 */
import { readdirSync } from 'node:fs';
const R = new URL('../dist', import.meta.url).pathname;
const CITY = `${process.env.BENCH_DIR ?? '/tmp/lifecircle-bench'}/city`;
const { loadNetworkFile } = await import(`${R}/network/network-file.js`);
const { readCommunities } = await import(`${R}/coverage/communities.js`);
const { generateCandidates, studyBoxes } = await import(`${R}/siting/candidates.js`);
const { candidateReachThreads } = await import(`${R}/siting/reach-threads.js`);
const { walkGraph } = await import(`${R}/route/walk-graph.js`);
const dir = `${CITY}/output-siting/.lifecircle-cache`;
const f = readdirSync(dir).find((x) => x.endsWith('.lcnet'));
const net = loadNetworkFile(`${dir}/${f}`);
const { communities } = await readCommunities(`${CITY}/communities.geojson`);
const boxes = studyBoxes(communities, 0);
const snap = { maxSnapM: 200, minComponent: 50 };
const demand = generateCandidates(net, boxes, 40, snap).candidates.map((c) => c.snap);
const cands = generateCandidates(net, studyBoxes(communities, 1000), 150, snap).candidates.map((c) => c.snap);
walkGraph(net);
process.stdout.write(`demand ${demand.length}, candidates ${cands.length}\n`);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (const n of (process.argv[2] ?? '128,256,512,1024,2048').split(',').map(Number)) {
  const sub = cands.filter((_, i) => i % Math.max(1, Math.floor(cands.length / n)) === 0).slice(0, n);
  const row = [];
  for (const w of [0, 1, 0, 1]) {
    const t0 = performance.now();
    const c0 = cpu();
    await candidateReachThreads(net, sub, demand, 1000, { workers: w, minCandidates: 1 });
    row.push(
      `${w ? 'threads' : 'one'} ${(performance.now() - t0).toFixed(0)} ms wall / ${(cpu() - c0).toFixed(0)} cpu`,
    );
  }
  process.stdout.write(`n=${sub.length}: ${row.join(' | ')}\n`);
}
