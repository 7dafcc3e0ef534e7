/**
 * Second half of the network build: ways -> graph. A way is split at every node shared with
 * another walkable way (or visited twice by itself) and at its ends; each piece is one edge with
 * its full geometry and geodesic length. Graph nodes are numbered in OSM-id order and edges in
 * way-id order, so the same data in any file format gives the identical network.
 */
import { segmentLength } from '../geo/geodesy.js';
import type { NodeStore } from './node-store.js';

export interface WayInput {
  count: number;
  ids: Float64Array;
  refOff: Uint32Array;
  refs: Float64Array;
  flags: Uint8Array;
  highway: Uint8Array;
}

export interface EdgeArrays {
  nodeCount: number;
  edgeCount: number;
  /** store index of each graph node */
  nodeStoreIdx: Uint32Array;
  edgeU: Uint32Array;
  edgeV: Uint32Array;
  edgeLen: Float64Array;
  edgeFlags: Uint8Array;
  edgeHighway: Uint8Array;
  edgeWay: Float64Array;
  geomOff: Uint32Array;
  /** store index of each geometry vertex */
  geomIdx: Uint32Array;
  missingRefs: number;
  degenerateWays: number;
}

export function splitWays(ways: WayInput, store: NodeStore): EdgeArrays {
  // canonical order: by way id (files sorted by type then id already are)
  const order = new Uint32Array(ways.count);
  for (let i = 0; i < ways.count; i++) order[i] = i;
  order.sort((a, b) => ways.ids[a] - ways.ids[b] || a - b);

  // resolve references to store indices; -1 = node missing from the file
  const idx = new Int32Array(ways.refs.length);
  let missingRefs = 0;
  for (let k = 0; k < ways.refs.length; k++) {
    const j = store.indexOf(ways.refs[k]);
    idx[k] = j;
    if (j < 0) missingRefs++;
  }

  // usage: a node is a graph node if it ends a run or is used twice or more
  const usage = new Uint8Array(store.n);
  const bump = (j: number, by: number) => {
    const u = usage[j] + by;
    usage[j] = u > 255 ? 255 : u;
  };
  let degenerateWays = 0;
  forEachRun(ways, idx, order, (from, to) => {
    bump(idx[from], 2);
    bump(idx[to - 1], 2);
    let prev = idx[from];
    for (let k = from + 1; k < to - 1; k++) {
      if (idx[k] !== prev) bump(idx[k], 1);
      prev = idx[k];
    }
  }, () => degenerateWays++);

  // graph nodes in store (= OSM id) order
  let nodeCount = 0;
  for (let j = 0; j < store.n; j++) if (usage[j] >= 2) nodeCount++;
  const nodeStoreIdx = new Uint32Array(nodeCount);
  const graphIdx = new Int32Array(store.n).fill(-1);
  for (let j = 0, g = 0; j < store.n; j++) {
    if (usage[j] >= 2) {
      graphIdx[j] = g;
      nodeStoreIdx[g++] = j;
    }
  }

  const eu: number[] = [];
  const ev: number[] = [];
  const el: number[] = [];
  const ef: number[] = [];
  const eh: number[] = [];
  const ew: number[] = [];
  const gOff: number[] = [0];
  const gIdx: number[] = [];
  const lon = store.lon;
  const lat = store.lat;
  let way = 0;
  forEachRun(ways, idx, order, (from, to, w) => {
    way = w;
    let start = from;
    let len = 0;
    let prev = idx[from];
    gIdx.push(prev);
    for (let k = from + 1; k < to; k++) {
      const j = idx[k];
      if (j === prev) continue; // repeated node
      len += segmentLength(lon[prev] / 1e7, lat[prev] / 1e7, lon[j] / 1e7, lat[j] / 1e7);
      gIdx.push(j);
      prev = j;
      if (graphIdx[j] >= 0 || k === to - 1) {
        eu.push(graphIdx[idx[start]]);
        ev.push(graphIdx[j]);
        el.push(len);
        ef.push(ways.flags[way]);
        eh.push(ways.highway[way]);
        ew.push(ways.ids[way]);
        gOff.push(gIdx.length);
        gIdx.push(j); // next edge starts at this vertex
        start = k;
        len = 0;
      }
    }
    gIdx.pop(); // the dangling start vertex after the last edge
  }, () => undefined);

  return {
    nodeCount,
    edgeCount: eu.length,
    nodeStoreIdx,
    edgeU: Uint32Array.from(eu),
    edgeV: Uint32Array.from(ev),
    edgeLen: Float64Array.from(el),
    edgeFlags: Uint8Array.from(ef),
    edgeHighway: Uint8Array.from(eh),
    edgeWay: Float64Array.from(ew),
    geomOff: Uint32Array.from(gOff),
    geomIdx: Uint32Array.from(gIdx),
    missingRefs,
    degenerateWays,
  };
}

/**
 * Calls fn(from, to, way) for each maximal run of resolved references (>= 2 distinct nodes) of each
 * way; a reference to a node missing from the file ends a run (clipped extracts).
 */
function forEachRun(ways: WayInput, idx: Int32Array, order: Uint32Array, fn: (from: number, to: number, way: number) => void, degenerate: () => void): void {
  for (const w of order) {
    const a = ways.refOff[w];
    const b = ways.refOff[w + 1];
    let any = false;
    let k = a;
    while (k < b) {
      while (k < b && idx[k] < 0) k++;
      const s = k;
      while (k < b && idx[k] >= 0) k++;
      if (k - s >= 2) {
        // at least two distinct nodes?
        let distinct = false;
        for (let q = s + 1; q < k; q++) if (idx[q] !== idx[s]) distinct = true;
        if (distinct) {
          fn(s, k, w);
          any = true;
        }
      }
    }
    if (!any) degenerate();
  }
}
