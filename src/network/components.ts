import { sharedArray } from '../util/shared-array.js';

/** Connected components (undirected) by union-find; component 0 is the largest. */
export function labelComponents(
  nodeCount: number,
  edgeU: Uint32Array,
  edgeV: Uint32Array,
): { nodeComp: Uint32Array; sizes: number[] } {
  const parent = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < edgeU.length; e++) {
    const a = find(edgeU[e]);
    const b = find(edgeV[e]);
    if (a !== b) {
      if (a < b) parent[b] = a;
      else parent[a] = b;
    }
  }
  const rootSize = new Uint32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) rootSize[find(i)]++;
  // order components by size (desc), then by smallest node index, for stable ids
  const roots: number[] = [];
  for (let i = 0; i < nodeCount; i++) if (parent[i] === i) roots.push(i);
  roots.sort((a, b) => rootSize[b] - rootSize[a] || a - b);
  const compOfRoot = new Uint32Array(nodeCount);
  for (let k = 0; k < roots.length; k++) compOfRoot[roots[k]!] = k;
  const nodeComp = sharedArray(Uint32Array, nodeCount); // shared: read by the coverage search thread
  for (let i = 0; i < nodeCount; i++) nodeComp[i] = compOfRoot[find(i)];
  return { nodeComp, sizes: roots.map((r) => rootSize[r]) };
}
