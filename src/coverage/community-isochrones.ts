/**
 * Coverage stage 4: each community's isochrones from its origins, through the same worker pool as
 * the `isochrones` command (workers only for runs large enough to pay their warm-up; results do
 * not depend on the thread that computed them).
 */
import type { Band } from '../isochrone/bands.js';
import type { BandResult } from '../isochrone/engine.js';
import { defaultIsochroneWorkers, type IsochroneJob, IsochronePool, MIN_JOBS_FOR_WORKERS } from '../isochrone/pool.js';
import type { WalkNetwork } from '../network/types.js';
import { walkGraph } from '../route/walk-graph.js';
import { sourceSeeds } from '../snap/snapped-point.js';
import type { CommunityContext } from './community-context.js';

export interface IsochroneSettings {
  bands: Band[];
  corridorM: number;
  resolutionM: number;
}

/** a pool for `communities` communities, started early so its workers warm up during the analysis */
export function isochronePoolFor(communities: number, o: IsochroneSettings): IsochronePool {
  const warm = { corridorM: o.corridorM, resolutionM: o.resolutionM };
  return new IsochronePool(communities >= MIN_JOBS_FOR_WORKERS ? defaultIsochroneWorkers() : 0, warm);
}

/** per community: its bands' polygons, or null when none of its origins is on the network */
export async function communityIsochrones(
  net: WalkNetwork,
  contexts: CommunityContext[],
  o: IsochroneSettings,
  pool: IsochronePool,
  progress: (done: number, total: number) => void,
): Promise<(BandResult[] | null)[]> {
  const jobs: IsochroneJob[] = [];
  const communityOf: number[] = [];
  contexts.forEach((c, k) => {
    if (!c.origins.length) return;
    communityOf.push(k);
    jobs.push({ points: c.origins, seeds: c.origins.flatMap((q) => sourceSeeds(net, q.snap)) });
  });
  const results: (BandResult[] | null)[] = contexts.map(() => null);
  let done = contexts.length - jobs.length;
  progress(done, contexts.length);
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
