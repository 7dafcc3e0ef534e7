/**
 * The two ends of a sharded job inside runJob (coverage/run-job.ts): a shard analyses its part of
 * the communities on its clip of the network and writes them with its manifest; merge reads the
 * parts back (recomputing on the whole network any community a shard could not compute exactly)
 * and hands runJob the CoverageResult an unsharded run would have made, so every city-wide table,
 * ranking, report and suggestion after it is computed the same way, byte for byte.
 */
import { join } from 'node:path';
import type { CommunityOutcome, CoverageOptions, CoverageResult } from '../coverage/analysis.js';
import type { Community } from '../coverage/communities.js';
import type { Job } from '../coverage/job.js';
import { snapFacilities } from '../coverage/facility-snaps.js';
import { categoryReason, noNetworkReason } from '../coverage/reasons.js';
import type { Facility } from '../facilities/facility.js';
import { OutputSet } from '../io/atomic.js';
import type { Band } from '../isochrone/bands.js';
import type { WalkNetwork } from '../network/types.js';
import { geojsonBytes } from '../outputs/geojson.js';
import { materialize } from '../outputs/schema.js';
import { isochroneRows, isochronesTable } from '../outputs/tables/isochrones.js';
import type { Profile } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import { VERSION } from '../util/version.js';
import {
  checkComplete,
  jobInputHashes,
  jobParametersHash,
  readResults,
  SHARD_MANIFEST,
  SHARD_RESULTS,
  sha256,
  short,
  type ShardManifest,
  type ShardSet,
} from './manifest.js';
import { partition } from './partition.js';
import { CheckedNearest, type ShardArea, shardArea, type ShardNetwork, shardNetwork, snapExact } from './reach.js';
import { decodeResults, encodeResults, rehydrate } from './results.js';
import type { ShardSpec } from './spec.js';

export type JobMode =
  | {
      kind: 'shard';
      spec: ShardSpec /** --shard-reach: exact distances up to this (default twice the longest) */;
      reachM?: number;
    }
  | { kind: 'merge'; set: ShardSet };

/** merge: the job the shards ran, writing into `output` */
export function mergeJob(set: ShardSet, output: string): Job {
  return { ...set.first.job.resolved, output };
}

/** the folder a shard writes into: <output>/shard-<i>-of-<n> */
export const shardDir = (output: string, s: { index: number; count: number }) =>
  join(output, `shard-${s.index}-of-${s.count}`);

export interface ShardPlan {
  mine: Community[];
  area: ShardArea;
}

/** before the network is read: which communities this shard runs, and the clip they need */
export function planShard(
  job: Job,
  spec: ShardSpec,
  all: Community[] | null,
  longestM: number,
  reachM?: number,
): ShardPlan {
  if (!all)
    throw new InputError(
      `${job.from}: --shard needs a communities file (communities: in the job); OSM residential areas are only known after reading the whole network`,
    );
  if (all.length < spec.count)
    throw new InputError(
      `--shard ${spec.index}/${spec.count}: the job has only ${all.length} communities; use at most ${all.length} shards`,
    );
  if (reachM !== undefined && reachM < longestM)
    throw new InputError(
      `--shard-reach ${reachM}: below the job's longest distance (${longestM} m, a threshold or a band plus the corridor); give at least ${longestM}`,
    );
  const mine = partition(all, spec.count)[spec.index - 1].map((i) => all[i]);
  return { mine, area: shardArea(mine, longestM, job.maxSnapM, `shard ${spec.index}/${spec.count}`, reachM) };
}

/** merge, before the network is read: every shard is there and covers exactly its part */
export function checkMergeCommunities(set: ShardSet, all: Community[] | null): void {
  if (!all) throw new InputError('merge: the job has no communities file, so it cannot have been sharded');
  checkComplete(
    set,
    partition(all, set.count).map((p) => p.map((i) => all[i].id)),
  );
}

/** what the shard's analysis checks as it goes: one doubt flag per community, and the categories it found no facility of */
export class ShardWatch {
  readonly sn: ShardNetwork;
  readonly nearest: CheckedNearest;
  private doubt: boolean[] = [];
  private none: Set<string>[] = [];

  constructor(
    clipped: WalkNetwork,
    area: ShardArea,
    job: Job,
    private readonly profile: Profile,
  ) {
    this.sn = shardNetwork(clipped, area, job.minComponent, job.maxSnapM);
    this.nearest = new CheckedNearest(this.sn);
  }

  options(): Pick<CoverageOptions, 'nearest' | 'afterOutcome'> {
    return {
      nearest: this.nearest,
      afterOutcome: (k, ci, hadFacilities) => {
        if (this.nearest.doubt) this.doubt[k] = true;
        this.nearest.doubt = false;
        if (!hadFacilities) {
          this.none[k] ??= new Set();
          this.none[k].add(this.profile.categories[ci].id);
        }
      },
    };
  }

  /** the outcome is exact (shard/reach.ts), and the categories it relies on having no facility anywhere */
  verdict(k: number, o: CommunityOutcome): { exact: boolean; noFacilityIn: string[] } {
    const snaps = [...o.residentSnaps, ...o.origins.map((p) => p.snap)];
    const exact =
      !this.sn.tooSmall &&
      !this.nearest.facilityDoubt &&
      !this.doubt[k] &&
      snaps.every((s) => s === null || snapExact(this.sn, s));
    return { exact, noFacilityIn: [...(this.none[k] ?? [])] };
  }
}

export interface ShardWritten {
  dir: string;
  files: string[];
  communities: number;
  recompute: string[];
  /** the longest walk beyond the reach (0: none): a --shard-reach of at least this leaves merge less to do */
  longestBeyondM: number;
}

export function writeShard(
  job: Job,
  spec: ShardSpec,
  all: number,
  plan: ShardPlan,
  net: WalkNetwork,
  watch: ShardWatch | null,
  result: CoverageResult,
  bands: Band[],
  profileFile: string,
): ShardWritten {
  const entries = result.communities.map((o, k) => ({
    outcome: o,
    ...(watch ? watch.verdict(k, o) : { exact: true, noFacilityIn: [] }),
  }));
  const bytes = encodeResults(net, entries);
  const dir = job.output;
  const manifest: ShardManifest = {
    format: 'lifecircle-shard',
    format_version: 1,
    tool_version: VERSION,
    node: process.versions.node,
    job: { from: job.from, resolved: { ...job, output: '' } },
    shard: { index: spec.index, count: spec.count },
    inputs: jobInputHashes(job, net.meta.source.sha256, profileFile),
    parameters_sha256: jobParametersHash(job),
    lang: job.lang,
    outputs: [...job.outputs],
    browser: job.browser,
    communities: plan.mine.map((c) => c.id),
    communities_total: all,
    recompute: entries.filter((e) => !e.exact).map((e) => e.outcome.community.id),
    network: {
      clip_bbox: watch ? plan.area.bbox : null,
      margin_m: watch ? plan.area.clip.marginM : null,
      exact_within_m: watch ? plan.area.reachM : null,
      longest_walk_beyond_m: watch ? Math.ceil(watch.nearest.farthest) : 0,
      nodes: net.nodeCount,
      edges: net.edgeCount,
    },
    results_sha256: sha256(bytes),
  };
  const out = new OutputSet(dir);
  out.stage(join(dir, SHARD_RESULTS), bytes);
  // the shard's own per-community layer (isochrones need nothing city-wide); the rest is merged
  out.stage(
    join(dir, 'isochrones.geojson'),
    geojsonBytes(materialize(isochronesTable(bands), isochroneRows(result.communities, bands), job.lang)),
  );
  out.stage(join(dir, SHARD_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    dir,
    files: out.commit(),
    communities: entries.length,
    recompute: manifest.recompute,
    longestBeyondM: manifest.network.longest_walk_beyond_m,
  };
}

/** merge: the inputs the job reads now are those the shards ran */
export function checkMergeInputs(set: ShardSet, job: Job, net: WalkNetwork, profileFile: string): void {
  const now = jobInputHashes(job, net.meta.source.sha256, profileFile);
  const was = set.first.inputs;
  for (const k of new Set([...Object.keys(now), ...Object.keys(was)]))
    if (now[k] !== was[k])
      throw new InputError(
        `merge: ${k} has SHA-256 ${short(now[k])} now but the shards ran ${short(was[k])}; run the shards again or restore the file`,
      );
  if (jobParametersHash(job) !== set.first.parameters_sha256)
    throw new InputError(
      `merge: ${job.from} now gives other parameters than the shards ran with; run the shards again`,
    );
}

export interface Merged {
  result: CoverageResult;
  fromShards: number;
  recomputed: number;
}

/** the CoverageResult of the whole job from the shards' outcomes (and the whole network for what they could not do) */
export async function mergedResult(
  set: ShardSet,
  net: WalkNetwork,
  profile: Profile,
  communities: Community[],
  facilities: Facility[],
  options: CoverageOptions,
  analyse: (cs: Community[]) => Promise<CoverageResult>,
): Promise<Merged> {
  const snapped = snapFacilities(net, facilities, options.snap);
  const byId = new Map(communities.map((c) => [c.id, c]));
  const byKey = new Map(facilities.map((f) => [f.key, f]));
  const outcomes = new Map<string, CommunityOutcome>();
  const redo = new Set<string>();
  for (const s of set.shards) {
    const where = join(s.dir, SHARD_RESULTS);
    const stored = decodeResults(readResults(s.dir, s.manifest), where);
    const back = rehydrate(stored, where, net, byId, byKey, profile);
    for (const sc of stored.communities) {
      const o = back.get(sc.id);
      // a category the shard saw no facility of: exact only if the whole network has none either
      if (!o || sc.noFacilityIn.some((c) => (snapped.byCategory.get(c)?.length ?? 0) > 0)) {
        redo.add(sc.id);
        continue;
      }
      for (const c of o.categories)
        if (sc.noFacilityIn.includes(c.category.id))
          c.reason = categoryReason({
            category: c.category,
            nearest: null,
            facilities,
            passShare: options.passShare,
            maxSnapM: options.snap.maxSnapM,
            anySnapped: o.residentsSnapped > 0,
            share: c.share,
            meets: c.share >= options.passShare - 1e-9,
          });
      // the reason names the network's extent: the whole network's
      if (o.status !== 'ok') o.reason = noNetworkReason(net, o.community, options.snap.maxSnapM);
      outcomes.set(sc.id, o);
    }
  }
  if (redo.size) {
    const again = await analyse(communities.filter((c) => redo.has(c.id)));
    for (const o of again.communities) outcomes.set(o.community.id, o);
  }
  return {
    result: {
      communities: communities.map((c) => outcomes.get(c.id)!),
      unsnappedFacilities: snapped.unsnapped,
      facilitiesUsed: facilities.length - snapped.unsnapped.length,
    },
    fromShards: outcomes.size - redo.size,
    recomputed: redo.size,
  };
}
