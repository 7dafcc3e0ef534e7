/**
 * Coverage stage 4: each community's isochrones from its origins, through the same worker pool as
 * the `isochrones` command (workers only for runs large enough to pay their warm-up; results do
 * not depend on the thread that computed them).
 */
import type { Band } from '../isochrone/bands.js';
import type { BandResult } from '../isochrone/engine.js';
import { defaultIsochroneWorkers, type IsochroneJob, IsochronePool } from '../isochrone/pool.js';
import type { WalkNetwork } from '../network/types.js';
import { walkGraph } from '../route/walk-graph.js';
import { sourceSeeds } from '../snap/snapped-point.js';
import type { CommunityContext } from './community-context.js';

export interface IsochroneSettings {
  bands: Band[];
  corridorM: number;
  resolutionM: number;
}

/**
 * From this many communities the isochrones run on worker threads beside the categories stage
 * (city case, 85 communities: the main thread's ~1 s of isochrones overlap its category work);
 * below, a worker's start-up and JIT warm-up cost more than that.
 */
export const MIN_COMMUNITIES_FOR_BACKGROUND = 16;

/** a pool for `communities` communities, started early so its workers warm up during the analysis */
export function isochronePoolFor(communities: number, o: IsochroneSettings): IsochronePool {
  const warm = { corridorM: o.corridorM, resolutionM: o.resolutionM };
  return new IsochronePool(communities >= MIN_COMMUNITIES_FOR_BACKGROUND ? defaultIsochroneWorkers() : 0, warm);
}

function jobsOf(net: WalkNetwork, contexts: CommunityContext[]): { jobs: IsochroneJob[]; communityOf: number[] } {
  const jobs: IsochroneJob[] = [];
  const communityOf: number[] = [];
  contexts.forEach((c, k) => {
    if (!c.origins.length) return;
    communityOf.push(k);
    jobs.push({ points: c.origins, seeds: c.origins.flatMap((q) => sourceSeeds(net, q.snap)) });
  });
  return { jobs, communityOf };
}

/**
 * Starts the communities' isochrones on the pool's workers, to be collected by
 * communityIsochrones; null when the pool has none (they are then computed there, on this thread).
 */
export function startCommunityIsochrones(
  net: WalkNetwork,
  contexts: CommunityContext[],
  o: IsochroneSettings,
  pool: IsochronePool,
): Promise<BandResult[][]> | null {
  const { jobs } = jobsOf(net, contexts);
  return pool.runInBackground(
    net,
    walkGraph(net).forward,
    { budgets: o.bands.map((b) => b.metres), corridorM: o.corridorM, resolutionM: o.resolutionM },
    jobs,
  );
}

/** per community: its bands' polygons, or null when none of its origins is on the network */
export async function communityIsochrones(
  net: WalkNetwork,
  contexts: CommunityContext[],
  o: IsochroneSettings,
  pool: IsochronePool,
  progress: (done: number, total: number) => void,
  started: Promise<BandResult[][]> | null = null,
): Promise<(BandResult[] | null)[]> {
  const { jobs, communityOf } = jobsOf(net, contexts);
  const results: (BandResult[] | null)[] = contexts.map(() => null);
  let done = contexts.length - jobs.length;
  progress(done, contexts.length);
  if (started) {
    (await started).forEach((r, j) => {
      results[communityOf[j]] = r;
    });
    progress(contexts.length, contexts.length);
    return results;
  }
  await pool.run(
    net,
    walkGraph(net).forward,
    { budgets: o.bands.map((b) => b.metres), corridorM: o.corridorM, resolutionM: o.resolutionM },
    jobs,
    (j, r) => {
      results[communityOf[j]] = r;
      progress(++done, contexts.length);
    },
  );
  return results;
}
