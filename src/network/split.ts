/**
 * Second half of the network build: ways -> graph. A way is split at every node shared with
 * another walkable way (or visited twice by itself) and at its ends; each piece is one edge with
 * its full geometry and geodesic length. Graph nodes are numbered in OSM-id order and edges in
 * way-id order, so the same data in any file format gives the identical network.
 */
import { segmentLength } from '../geo/geodesy.js';
import type { NodeCoords, NodeStore } from './node-store.js';
import { Rank } from './rank.js';
import { sharedArray } from '../util/shared-array.js';

export interface WayInput {
  count: number;
  ids: Float64Array;
  refOff: Uint32Array;
  /** the references as store indexes (resolveRefs), -1 for a node missing from the file */
  idx: Int32Array;
  /** how many of them are missing */
  missingRefs: number;
  flags: Uint8Array;
  highway: Uint8Array;
  /** the walk rule that admitted the way (0: none) */
  rule: Uint8Array;
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
  edgeRule: Uint8Array;
  edgeWay: Float64Array;
  geomOff: Uint32Array;
  /** store index of each geometry vertex */
  geomIdx: Uint32Array;
  missingRefs: number;
  degenerateWays: number;
}

/** What the ways dropped while reading (network/read-clip.ts) leave behind for the split */
export interface DroppedWays {
  /** per store index, as the split's own usage below */
  usage: Uint8Array;
  missingRefs: number;
  degenerateWays: number;
}

/**
 * The walkable ways' references as store indexes (-1: a node missing from the file), before the
 * split: the caller lets the ids go (8 bytes a reference) before the split's own arrays exist.
 */
export function resolveRefs(refs: Float64Array, store: NodeStore): { idx: Int32Array; missingRefs: number } {
  const idx = new Int32Array(refs.length);
  let missingRefs = 0;
  for (let k = 0; k < refs.length; k++) {
    const j = store.indexOf(refs[k]);
    idx[k] = j;
    if (j < 0) missingRefs++;
  }
  return { idx, missingRefs };
}

export function splitWays(ways: WayInput, store: NodeCoords, dropped?: DroppedWays): EdgeArrays {
  // canonical order: by way id (files sorted by type then id already are)
  const order = new Uint32Array(ways.count);
  for (let i = 0; i < ways.count; i++) order[i] = i;
  order.sort((a, b) => ways.ids[a] - ways.ids[b] || a - b);

  const idx = ways.idx;
  const missingRefs = ways.missingRefs + (dropped?.missingRefs ?? 0);

  // runs of resolved references, computed once: [from, to, way] triples
  const runs = findRuns(ways, idx, order);
  const nRuns = runs.length / 3;
  const degenerateWays = countDegenerate(ways.count, runs) + (dropped?.degenerateWays ?? 0);

  // usage: a node is a graph node if it ends a run or is used twice or more (the ways `--clip`
  // dropped while reading count here too: a node they share with a kept way still splits it)
  const usage = new Uint8Array(store.n);
  if (dropped) usage.set(dropped.usage.subarray(0, store.n));
  for (let r = 0; r < nRuns; r++) addRunUsage(usage, idx, runs[3 * r], runs[3 * r + 1]);

  // graph nodes in store (= OSM id) order
  let nodeCount = 0;
  for (let j = 0; j < store.n; j++) if (usage[j] >= 2) nodeCount++;
  const nodeStoreIdx = new Uint32Array(nodeCount);
  for (let j = 0, g = 0; j < store.n; j++) if (usage[j] >= 2) nodeStoreIdx[g++] = j;
  const graphIdx = Rank.ofBytes(usage, store.n, 2);

  // edges and vertices counted first, so the arrays are allocated at their size (one per resolved
  // reference would be 4x too large on a city, ~150 MB more at the peak of a 100 MB file)
  const { edges: cap, vertices: vcap } = countEdges(runs, idx, graphIdx);
  // shared, as a network file's sections are: without a clip these become the network's arrays,
  // which the coverage search thread then reads without copies (util/shared-array.ts)
  const eu = sharedArray(Uint32Array, cap);
  const ev = sharedArray(Uint32Array, cap);
  const el = sharedArray(Float64Array, cap);
  const ef = sharedArray(Uint8Array, cap);
  const eh = sharedArray(Uint8Array, cap);
  const er = sharedArray(Uint8Array, cap);
  const ew = sharedArray(Float64Array, cap);
  const gOff = sharedArray(Uint32Array, cap + 1);
  // an edge's vertices include both ends, so a vertex shared by two edges is stored twice
  const gIdx = new Uint32Array(vcap);
  let ne = 0;
  let ng = 0;
  for (let r = 0; r < nRuns; r++) {
    const from = runs[3 * r];
    const to = runs[3 * r + 1];
    const w = runs[3 * r + 2];
    let start = from;
    let len = 0;
    let prev = idx[from];
    gOff[ne] = ng;
    gIdx[ng++] = prev;
    for (let k = from + 1; k < to; k++) {
      const j = idx[k];
      if (j === prev) continue; // repeated node
      len += segmentLength(
        store.lonAt(prev) / 1e7,
        store.latAt(prev) / 1e7,
        store.lonAt(j) / 1e7,
        store.latAt(j) / 1e7,
      );
      gIdx[ng++] = j;
      prev = j;
      const g = graphIdx.of(j);
      if (g >= 0) {
        eu[ne] = graphIdx.of(idx[start]);
        ev[ne] = g;
        el[ne] = len;
        ef[ne] = ways.flags[w];
        eh[ne] = ways.highway[w];
        er[ne] = ways.rule[w];
        ew[ne] = ways.ids[w];
        ne++;
        gOff[ne] = ng;
        gIdx[ng++] = j; // the next edge starts at this vertex
        start = k;
        len = 0;
      }
    }
    // the run ended on an edge end (its last node is a graph node), so the edge opened there holds
    // only its start vertex (or a trailing repeat of it): drop it
    ng = gOff[ne];
  }
  gOff[ne] = ng;

  return {
    nodeCount,
    edgeCount: ne,
    nodeStoreIdx,
    edgeU: eu,
    edgeV: ev,
    edgeLen: el,
    edgeFlags: ef,
    edgeHighway: eh,
    edgeRule: er,
    edgeWay: ew,
    geomOff: gOff,
    geomIdx: gIdx.subarray(0, ng),
    missingRefs,
    degenerateWays,
  };
}

/** the edges and edge vertices the split below makes (the same walk, without the geometry) */
function countEdges(runs: Uint32Array, idx: Int32Array, graphIdx: Rank): { edges: number; vertices: number } {
  let ne = 0;
  let ng = 0;
  let peak = 0; // a run's trailing vertices are written, then dropped
  for (let r = 0; r < runs.length; r += 3) {
    const from = runs[r];
    const to = runs[r + 1];
    let prev = idx[from];
    let open = ng; // vertices before the edge being built
    ng++;
    for (let k = from + 1; k < to; k++) {
      const j = idx[k];
      if (j === prev) continue;
      ng++;
      prev = j;
      if (graphIdx.of(j) >= 0) {
        ne++;
        open = ng;
        ng++;
      }
    }
    if (ng > peak) peak = ng;
    ng = open;
  }
  return { edges: ne, vertices: peak };
}

/**
 * Maximal runs of resolved references (>= 2 distinct nodes) of each way, as [from, to, way]
 * triples; a reference to a node missing from the file ends a run (clipped extracts).
 */
function findRuns(ways: WayInput, idx: Int32Array, order: Uint32Array): Uint32Array {
  const span = new Int32Array(2);
  let n = 0; // counted first: a number[] of them all was ~40 MB of JS heap on a 100 MB file
  for (const w of order) {
    const b = ways.refOff[w + 1];
    for (let k = ways.refOff[w]; nextRun(idx, k, b, span); k = span[1]) n++;
  }
  const out = new Uint32Array(3 * n);
  let o = 0;
  for (const w of order) {
    const b = ways.refOff[w + 1];
    for (let k = ways.refOff[w]; nextRun(idx, k, b, span); k = span[1]) {
      out[o++] = span[0];
      out[o++] = span[1];
      out[o++] = w;
    }
  }
  return out;
}

/**
 * The next maximal run of resolved references (idx >= 0) in idx[k, b) that holds >= 2 distinct
 * nodes, as [from, to) in `span`; false when there is none. A missing node ends a run.
 */
export function nextRun(idx: Int32Array, k: number, b: number, span: Int32Array): boolean {
  while (k < b) {
    while (k < b && idx[k] < 0) k++;
    const s = k;
    while (k < b && idx[k] >= 0) k++;
    if (k - s >= 2) {
      let distinct = false;
      for (let q = s + 1; q < k && !distinct; q++) distinct = idx[q] !== idx[s];
      if (distinct) {
        span[0] = s;
        span[1] = k;
        return true;
      }
    }
  }
  return false;
}

/** One run's share of node usage: +2 for its ends, +1 for each interior visit (saturating at 255) */
export function addRunUsage(usage: Uint8Array, idx: Int32Array, from: number, to: number): void {
  usage[idx[from]] = Math.min(255, usage[idx[from]] + 2);
  usage[idx[to - 1]] = Math.min(255, usage[idx[to - 1]] + 2);
  let prev = idx[from];
  for (let k = from + 1; k < to - 1; k++) {
    const j = idx[k];
    if (j !== prev && usage[j] < 255) usage[j]++;
    prev = j;
  }
}

function countDegenerate(wayCount: number, runs: Uint32Array): number {
  const has = new Uint8Array(wayCount);
  for (let r = 2; r < runs.length; r += 3) has[runs[r]] = 1;
  let n = 0;
  for (let w = 0; w < wayCount; w++) if (!has[w]) n++;
  return n;
}
