#!/usr/bin/env node
/**
 * Issue 13: the hardware limit of the coverage analysis, as "what one search over the network
 * costs × the searches the job needs". On a network file (e.g. the city case's cache in
 * <output>/.lifecircle-cache), in process: one full multi-source Dijkstra on the reversed graph
 * from `sources` random nodes (what each category's nearest-facility search is), and one search
 * bounded at `bound` metres from a single node (what a community's facilities-in-reach search and
 * a siting candidate's coverage list are). Medians of RUNS runs, CPU time of this thread. Beside
 * them, the full search as the coverage stage's search thread runs it (coverage/search-worker.ts):
 * the heap on the graph renumbered along a Hilbert curve, and distances on Dial's buckets there
 * (with a check that all three give the same distances to the bit).
 *
 *   npm run build && node bench/search-limit.mjs <network.lcnet> [sources=1000] [bound=1000]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { loadNetworkFile } = await import(join(ROOT, 'dist/network/network-file.js'));
const { walkGraph } = await import(join(ROOT, 'dist/route/walk-graph.js'));
const { Dijkstra, bucketSearch } = await import(join(ROOT, 'dist/route/dijkstra.js'));
const { hilbertOrder } = await import(join(ROOT, 'dist/geo/hilbert.js'));
const { permuteCsr } = await import(join(ROOT, 'dist/network/csr.js'));

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
// the search thread's forms: the same seeds on the Hilbert-numbered graph, heap and buckets
const { csr: hcsr, rank } = permuteCsr(rev, hilbertOrder(net.nodeLon, net.nodeLat));
const hseeds = seeds.map((s) => ({ node: rank[s.node], cost: s.cost }));
const hd = new Dijkstra(hcsr, net.nodeCount);
const hilbertHeap = [];
for (let r = 0; r < RUNS; r++) hilbertHeap.push(cpu(() => hd.run(hseeds)));
const bdist = new Float64Array(net.nodeCount).fill(Infinity);
const buckets = bucketSearch(hcsr, bdist, 2 * hseeds.length + 64, 4e7);
const bucketRuns = [];
let same = true;
for (let r = 0; r < RUNS; r++) {
  bdist.fill(Infinity);
  let out = null;
  bucketRuns.push(cpu(() => (out = buckets.run(hseeds, 4e7))));
  if (!out) throw new Error('bucket search overflowed');
}
d.run(seeds);
for (let i = 0; i < net.nodeCount; i++)
  if (d.dist[i] !== hd.dist[rank[i]] || d.dist[i] !== bdist[rank[i]]) same = false;
console.log(
  JSON.stringify({
    nodes: net.nodeCount,
    edges: net.edgeCount,
    fullSearchMs: +median(full).toFixed(1),
    fullSearchNodes: fullTouched,
    boundedM: Number(boundArg),
    boundedSearchMs: +median(bounded).toFixed(3),
    boundedSearchNodes: Math.round(touched / (RUNS * 100)),
    fullSearchHilbertMs: +median(hilbertHeap).toFixed(1),
    fullSearchHilbertBucketsMs: +median(bucketRuns).toFixed(1),
    sameDistances: same,
  }),
);
