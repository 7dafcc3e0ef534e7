/**
 * Spatial index of every segment of every network edge (Flatbush, in a metric projection around
 * the network's centre), for snapping points to the nearest point on the nearest walkable edge.
 * Built once per network: here, or beside the job's other work on the coverage search thread
 * (search-worker.ts), which builds it on SharedArrayBuffers for adoptEdgeIndex — the same code on
 * the same arrays, so the same index to the bit.
 */
import Flatbush from 'flatbush';
import { LocalProjection } from '../geo/geodesy.js';
import type { WalkNetwork } from '../network/types.js';
import { sharedArray } from '../util/shared-array.js';

export interface EdgeIndex {
  proj: LocalProjection;
  index: Flatbush;
  /** edge of each segment */
  segEdge: Uint32Array;
  /** first vertex (index into geomLon/geomLat) of each segment */
  segVertex: Uint32Array;
}

/** what the index is built from */
export type EdgeGeometry = Pick<WalkNetwork, 'edgeCount' | 'geomOff' | 'geomLon' | 'geomLat'> & {
  bbox: [number, number, number, number];
};

/** an index built elsewhere, in SharedArrayBuffers: Flatbush's data and the segments' columns */
export interface EdgeIndexParts {
  data: SharedArrayBuffer;
  segEdge: Uint32Array;
  segVertex: Uint32Array;
}

const cache = new WeakMap<WalkNetwork, EdgeIndex>();

/** the network's index if something has built it already (snapPoints then uses it), else undefined */
export function builtEdgeIndex(net: WalkNetwork): EdgeIndex | undefined {
  return cache.get(net);
}

export function edgeIndex(net: WalkNetwork): EdgeIndex {
  const hit = cache.get(net);
  if (hit) return hit;
  const ei = buildEdgeIndex({ ...net, bbox: net.meta.bbox }, false);
  cache.set(net, ei);
  return ei;
}

/** the index of `g`'s segments, on SharedArrayBuffers when `shared` (for another thread to adopt) */
export function buildEdgeIndex(g: EdgeGeometry, shared: boolean): EdgeIndex {
  const proj = projectionOf(g.bbox);
  const nSeg = g.geomLon.length - g.edgeCount;
  const index = new Flatbush(Math.max(1, nSeg), 16, Float64Array, shared ? SharedArrayBuffer : ArrayBuffer);
  const segEdge = shared ? sharedArray(Uint32Array, nSeg) : new Uint32Array(nSeg);
  const segVertex = shared ? sharedArray(Uint32Array, nSeg) : new Uint32Array(nSeg);
  const { geomOff, geomLon, geomLat } = g;
  let s = 0;
  for (let e = 0; e < g.edgeCount; e++) {
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
  return { proj, index, segEdge, segVertex };
}

/** takes an index built by buildEdgeIndex(…, true) on another thread as `net`'s (unless it has one) */
export function adoptEdgeIndex(net: WalkNetwork, parts: EdgeIndexParts): void {
  if (cache.has(net)) return;
  const index = Flatbush.from(parts.data as unknown as ArrayBuffer);
  cache.set(net, { proj: projectionOf(net.meta.bbox), index, segEdge: parts.segEdge, segVertex: parts.segVertex });
}

function projectionOf([x0, y0, x1, y1]: [number, number, number, number]): LocalProjection {
  return new LocalProjection((x0 + x1) / 2, (y0 + y1) / 2);
}
