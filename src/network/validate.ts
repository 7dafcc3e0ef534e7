/**
 * Structural invariants of a walking network, checked by the tests on every real extract (and
 * available to anyone debugging a network file): geometry offsets, endpoints, lengths, ids.
 */
import { segmentLength } from '../geo/geodesy.js';
import type { WalkNetwork } from './types.js';

export function networkProblems(net: WalkNetwork, max = 10): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (out.length < max) out.push(s);
  };
  const { nodeCount: n, edgeCount: m } = net;
  if (net.geomOff.length !== m + 1) add(`geomOff has ${net.geomOff.length} entries for ${m} edges`);
  if (net.geomOff[m] !== net.geomLon.length)
    add(`geomOff ends at ${net.geomOff[m]} but there are ${net.geomLon.length} vertices`);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(net.nodeLon[i]) || !Number.isFinite(net.nodeLat[i])) add(`node ${i} has no coordinates`);
  for (let i = 1; i < n; i++)
    if (!(net.nodeOsmId[i] > net.nodeOsmId[i - 1])) add(`node ids not strictly increasing at ${i}`);
  for (let e = 0; e < m; e++) {
    const a = net.geomOff[e];
    const b = net.geomOff[e + 1];
    if (b - a < 2) {
      add(`edge ${e} has ${b - a} vertices`);
      continue;
    }
    const u = net.edgeU[e];
    const v = net.edgeV[e];
    if (u >= n || v >= n) {
      add(`edge ${e} refers to node ${Math.max(u, v)} of ${n}`);
      continue;
    }
    if (net.geomLon[a] !== net.nodeLon[u] || net.geomLat[a] !== net.nodeLat[u])
      add(`edge ${e} does not start at its node u`);
    if (net.geomLon[b - 1] !== net.nodeLon[v] || net.geomLat[b - 1] !== net.nodeLat[v])
      add(`edge ${e} does not end at its node v`);
    let len = 0;
    for (let k = a; k + 1 < b; k++) {
      if (!Number.isFinite(net.geomLon[k + 1]) || !Number.isFinite(net.geomLat[k + 1]))
        add(`edge ${e} has a vertex without coordinates`);
      len += segmentLength(net.geomLon[k], net.geomLat[k], net.geomLon[k + 1], net.geomLat[k + 1]);
    }
    if (!(Math.abs(len - net.edgeLen[e]) <= 1e-6 * Math.max(1, len)))
      add(`edge ${e} length ${net.edgeLen[e]} differs from its geometry's ${len}`);
    if (!(net.edgeLen[e] >= 0)) add(`edge ${e} has length ${net.edgeLen[e]}`); // 0 happens: distinct nodes mapped at one spot
  }
  const sizes = net.meta.componentSizes;
  if (sizes.reduce((s, x) => s + x, 0) !== n) add('component sizes do not add up to the node count');
  return out;
}
