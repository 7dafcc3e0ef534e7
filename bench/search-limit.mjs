#!/usr/bin/env node
/**
 * Issue 13: the hardware limit of the coverage analysis, as "what one search over the network
 * costs × the searches the job needs". On a network file (e.g. the city case's cache in
 * <output>/.lifecircle-cache), in process: one full multi-source Dijkstra on the reversed graph
 * from `sources` random nodes (what each category's nearest-facility search is), and one search
 * bounded at `bound` metres from a single node (what a community's facilities-in-reach search and
 * a siting candidate's coverage list are). Medians of RUNS runs, CPU time of this thread.
 *
 *   npm run build && node bench/search-limit.mjs <network.lcnet> [sources=1000] [bound=1000]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { loadNetworkFile } = await import(join(ROOT, 'dist/network/network-file.js'));
const { walkGraph } = await import(join(ROOT, 'dist/route/walk-graph.js'));
const { Dijkstra } = await import(join(ROOT, 'dist/route/dijkstra.js'));

const [file, sourcesArg = '1000', boundArg = '1000'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/search-limit.mjs <network.lcnet> [sources] [bound]');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 7);
const net = loadNetworkFile(file);
const rev = walkGraph(net).reverse;
const d = new Dijkstra(rev, net.nodeCount);
let seed = 12345;
const rnd = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const cpu = (f) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const seeds = Array.from({ length: Number(sourcesArg) }, () => ({ node: Math.floor(rnd() * net.nodeCount), cost: 0 }));
const full = [];
for (let r = 0; r < RUNS; r++) full.push(cpu(() => d.run(seeds)));
const fullTouched = d.touchedCount;
const bounded = [];
let touched = 0;
for (let r = 0; r < RUNS; r++) {
  const starts = Array.from({ length: 100 }, () => [{ node: Math.floor(rnd() * net.nodeCount), cost: 0 }]);
  bounded.push(
    cpu(() => {
      for (const s of starts) {
        d.run(s, Number(boundArg));
        touched += d.touchedCount;
      }
    }) / 100,
  );
}
console.log(
  JSON.stringify({
    nodes: net.nodeCount,
    edges: net.edgeCount,
    fullSearchMs: +median(full).toFixed(1),
    fullSearchNodes: fullTouched,
    boundedM: Number(boundArg),
    boundedSearchMs: +median(bounded).toFixed(3),
    boundedSearchNodes: Math.round(touched / (RUNS * 100)),
  }),
);
