#!/usr/bin/env node
/**
 * Point-to-point routes (issue 8): our typed-array Dijkstra with path reconstruction (what
 * `lifecircle route` uses, src/route/route.ts) vs ngraph.path's A* over an ngraph object graph of
 * the network built once (what it used before, when it rebuilt that graph on every call). The
 * same random pairs of snapped points for both; the distances must agree.
 *
 *   npm run build && node bench/route-inprocess.mjs <osm-or-network-file> [pairs=50]
 * Prints one JSON line: graph build times, per-route medians, and the old per-call cost.
 */
import createGraph from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import { metresPerDegree } from '../dist/geo/geodesy.js';
import { buildCsr } from '../dist/network/csr.js';
import { networkFromOsm } from '../dist/network/build.js';
import { loadNetworkFile } from '../dist/network/network-file.js';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY } from '../dist/network/types.js';
import { probeFile } from '../dist/osm/detect.js';
import { Dijkstra } from '../dist/route/dijkstra.js';
import { shortestPieces } from '../dist/route/route.js';
import { snapPoint } from '../dist/snap/snap.js';

const [file, pairsArg] = process.argv.slice(2);
const PAIRS = Number(pairsArg ?? 50);
const net =
  probeFile(file).format === 'network' ? loadNetworkFile(file) : await networkFromOsm(file, { features: false });

// random pairs of points near random nodes (seeded), snapped
let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed / 4294967296);
const pick = () => {
  for (;;) {
    const i = Math.floor(rnd() * net.nodeCount);
    const s = snapPoint(net, net.nodeLon[i] + (rnd() - 0.5) * 4e-4, net.nodeLat[i] + (rnd() - 0.5) * 4e-4);
    if (s.ok) return s.snap;
  }
};
const pairs = Array.from({ length: PAIRS }, () => [pick(), pick()]);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- ours: CSR once, one Dijkstra reused, early exit at the target
let t0 = process.hrtime.bigint();
const csr = buildCsr(net);
const oursBuildMs = ms(t0);
const dj = new Dijkstra(csr, net.nodeCount);
const ours = [];
const oursM = [];
for (const [a, b] of pairs) {
  t0 = process.hrtime.bigint();
  const r = shortestPieces(net, a, b, dj);
  ours.push(ms(t0));
  oursM.push(r ? r.networkM : Infinity);
}

// ---- ngraph.path: the object graph built once, virtual nodes for the two points per query
t0 = process.hrtime.bigint();
const g = createGraph({ multigraph: true });
for (let i = 0; i < net.nodeCount; i++) g.addNode(i);
for (let e = 0; e < net.edgeCount; e++) {
  const L = net.edgeLen[e];
  const f = net.edgeFlags[e];
  if (!(f & EDGE_BACKWARD_ONLY)) g.addLink(net.edgeU[e], net.edgeV[e], { w: L });
  if (!(f & EDGE_FORWARD_ONLY)) g.addLink(net.edgeV[e], net.edgeU[e], { w: L });
}
const ngraphBuildMs = ms(t0);
function ngraphRoute(fs, ts) {
  const fwd = (e) => !(net.edgeFlags[e] & EDGE_BACKWARD_ONLY);
  const back = (e) => !(net.edgeFlags[e] & EDGE_FORWARD_ONLY);
  const L = (e) => net.edgeLen[e];
  if (back(fs.edge)) g.addLink('from', net.edgeU[fs.edge], { w: fs.along });
  if (fwd(fs.edge)) g.addLink('from', net.edgeV[fs.edge], { w: L(fs.edge) - fs.along });
  if (fwd(ts.edge)) g.addLink(net.edgeU[ts.edge], 'to', { w: ts.along });
  if (back(ts.edge)) g.addLink(net.edgeV[ts.edge], 'to', { w: L(ts.edge) - ts.along });
  if (fs.edge === ts.edge && (ts.along >= fs.along ? fwd(fs.edge) : back(fs.edge)))
    g.addLink('from', 'to', { w: Math.abs(ts.along - fs.along) });
  try {
    const { kx, ky } = metresPerDegree(ts.lat);
    const pos = (id) =>
      id === 'from' ? [fs.lon, fs.lat] : id === 'to' ? [ts.lon, ts.lat] : [net.nodeLon[id], net.nodeLat[id]];
    const finder = ngraphPath.aStar(g, {
      oriented: true,
      distance: (_a, _b, link) => link.data.w,
      heuristic: (a, b) => {
        const p = pos(a.id);
        const q = pos(b.id);
        return 0.99 * Math.hypot((p[0] - q[0]) * kx, (p[1] - q[1]) * ky);
      },
    });
    const path = finder.find('from', 'to');
    if (!path.length) return Infinity;
    const ids = path.map((n) => n.id).reverse();
    let total = 0;
    for (let i = 0; i + 1 < ids.length; i++) {
      let best = Infinity;
      g.forEachLinkedNode(
        ids[i],
        (_n, link) => {
          if (link.fromId === ids[i] && link.toId === ids[i + 1] && link.data.w < best) best = link.data.w;
        },
        true,
      );
      total += best;
    }
    return total;
  } finally {
    g.removeNode('from');
    g.removeNode('to');
  }
}
const theirs = [];
let worst = 0;
pairs.forEach(([a, b], k) => {
  t0 = process.hrtime.bigint();
  const d = ngraphRoute(a, b);
  theirs.push(ms(t0));
  if (d !== oursM[k] && !(Math.abs(d - oursM[k]) <= 1e-6 * Math.max(1, d)))
    throw new Error(`pair ${k}: ngraph.path ${d} m, ours ${oursM[k]} m`);
  if (Number.isFinite(d)) worst = Math.max(worst, Math.abs(d - oursM[k]));
});

const r = {
  file,
  nodes: net.nodeCount,
  edges: net.edgeCount,
  pairs: PAIRS,
  reachablePairs: oursM.filter(Number.isFinite).length,
  oursCsrBuildMs: +oursBuildMs.toFixed(1),
  oursRouteMedianMs: +median(ours).toFixed(2),
  ngraphBuildMs: +ngraphBuildMs.toFixed(1),
  ngraphRouteMedianMs: +median(theirs).toFixed(2),
  // what `route` did before: build the object graph, then one A* query
  ngraphPerCallMs: +(ngraphBuildMs + median(theirs)).toFixed(1),
  oursPerCallMs: +(oursBuildMs + median(ours)).toFixed(1),
  maxDifferenceM: worst,
};
process.stdout.write(`${JSON.stringify(r)}\n`);
