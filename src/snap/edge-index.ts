/**
 * Spatial index of every segment of every network edge (Flatbush, in a metric projection around
 * the network's centre), for snapping points to the nearest point on the nearest walkable edge.
 */
import Flatbush from 'flatbush';
import { LocalProjection } from '../geo/geodesy.js';
import type { WalkNetwork } from '../network/types.js';

export interface EdgeIndex {
  proj: LocalProjection;
  index: Flatbush;
  /** edge of each segment */
  segEdge: Uint32Array;
  /** first vertex (index into geomLon/geomLat) of each segment */
  segVertex: Uint32Array;
}

const cache = new WeakMap<WalkNetwork, EdgeIndex>();

export function edgeIndex(net: WalkNetwork): EdgeIndex {
  const hit = cache.get(net);
  if (hit) return hit;
  const [x0, y0, x1, y1] = net.meta.bbox;
  const proj = new LocalProjection((x0 + x1) / 2, (y0 + y1) / 2);
  const nSeg = net.geomLon.length - net.edgeCount;
  const index = new Flatbush(Math.max(1, nSeg));
  const segEdge = new Uint32Array(nSeg);
  const segVertex = new Uint32Array(nSeg);
  const { geomOff, geomLon, geomLat } = net;
  let s = 0;
  for (let e = 0; e < net.edgeCount; e++) {
    for (let k = geomOff[e]; k + 1 < geomOff[e + 1]; k++) {
      const ax = proj.x(geomLon[k]);
      const ay = proj.y(geomLat[k]);
      const bx = proj.x(geomLon[k + 1]);
      const by = proj.y(geomLat[k + 1]);
      index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      segEdge[s] = e;
      segVertex[s] = k;
      s++;
    }
  }
  if (nSeg === 0) index.add(0, 0, 0, 0);
  index.finish();
  const ei = { proj, index, segEdge, segVertex };
  cache.set(net, ei);
  return ei;
}
