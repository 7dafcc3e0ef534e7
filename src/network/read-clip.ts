/**
 * `--clip` while reading: walkable ways and residential buildings that the clip would drop after
 * the read are dropped as they arrive, so the split, the compaction and the buildings layer only
 * see the clipped area, and their references are never stored.
 *
 * The result is the network the after-read clip (build.ts clipMask, the buildings' centroid test)
 * gives, to the byte:
 *  - a walkable way is dropped only when none of its nodes is inside the area plus the margin, so
 *    none of its edges would have been kept; what it adds to node usage (a node it shares with a
 *    kept way splits that way there) is kept in one byte per node, with its missing references
 *    and whether it was degenerate, for the split's counts (split.ts `DroppedWays`);
 *  - a building is dropped only when its centroid, computed as it arrives (features.ts
 *    `BuildingShape`, the buildings layer's rule), is outside; one whose nodes come later, or that
 *    the layer skips, is kept and counted there as before.
 *
 * This needs every node of a way to be read before the way — true of sorted files (PBF from
 * Geofabrik or osmium, openstreetmap.org and osmium XML exports). Nodes cannot be dropped this way:
 * a kept edge needs its vertices just outside the margin, and in PBF order nodes come before the
 * ways that say which are needed (a second pass over the node blocks would, at the cost of
 * reading them twice; BENCHMARKS.md). When a node arrives after a decision was taken (an unsorted
 * file, Overpass `out qt`, locations on ways), `ReadClipRestart` is thrown and the build reads the
 * file again without dropping anything: slower, never different.
 */
import type { NodeStore } from './node-store.js';
import { addRunUsage, type DroppedWays, nextRun } from './split.js';

/** thrown when the file's order makes dropping while reading unsafe: read again without it */
export class ReadClipRestart extends Error {
  constructor(why: string) {
    super(`--clip while reading: ${why}; reading again without it`);
  }
}

export class ReadClip implements DroppedWays {
  usage = new Uint8Array(0);
  missingRefs = 0;
  degenerateWays = 0;
  droppedWays = 0;
  droppedBuildings = 0;
  /** a way or building was dropped: from here on nodes must not arrive */
  private decided = false;
  private idx = new Int32Array(1024);
  private readonly span = new Int32Array(2);

  constructor(
    private readonly inArea: (lon: number, lat: number) => boolean,
    private readonly store: NodeStore,
  ) {}

  /** before a block's objects are collected: nodes after a decision, or locations on ways, end it */
  checkBlock(nodeCount: number, locationsOnWays: boolean): void {
    if (!this.decided) return;
    if (nodeCount > 0) throw new ReadClipRestart('nodes come after ways in this file');
    if (locationsOnWays) throw new ReadClipRestart('the file carries node locations on its ways');
  }

  /** after a block: a store no longer sorted cannot answer lookups while reading */
  checkStore(sorted: boolean): void {
    if (this.decided && !sorted) throw new ReadClipRestart('node ids are not sorted');
  }

  /** true: the walkable way is needed; false: dropped here, its node usage recorded */
  keepWay(refs: Float64Array): boolean {
    const store = this.store;
    if (!store.isSorted) return true;
    if (this.idx.length < refs.length) this.idx = new Int32Array(refs.length * 2);
    const idx = this.idx;
    for (let k = 0; k < refs.length; k++) {
      const j = store.indexOf(refs[k]);
      if (j >= 0 && this.inArea(store.lonAt(j) / 1e7, store.latAt(j) / 1e7)) return true;
      idx[k] = j;
    }
    this.decided = true;
    this.droppedWays++;
    if (this.usage.length < store.n) this.growUsage(store.n);
    let missing = 0;
    for (let k = 0; k < refs.length; k++) if (idx[k] < 0) missing++;
    this.missingRefs += missing;
    let runs = 0;
    for (let k = 0; nextRun(idx, k, refs.length, this.span); k = this.span[1]) {
      addRunUsage(this.usage, idx, this.span[0], this.span[1]);
      runs++;
    }
    if (runs === 0) this.degenerateWays++;
    return false;
  }

  /**
   * true: a building whose centroid was computed as it arrived is needed. Its nodes were all read,
   * so the answer holds whatever comes later in the file (no restart needed).
   */
  keepBuilding(lon: number, lat: number): boolean {
    if (this.inArea(lon, lat)) return true;
    this.droppedBuildings++;
    return false;
  }

  private growUsage(n: number): void {
    const u = new Uint8Array(Math.max(n, this.usage.length * 2));
    u.set(this.usage);
    this.usage = u;
  }
}
