/**
 * One coverage job end to end: network (reused from the output folder's cache when the inputs are
 * unchanged), facilities, communities, analysis, outputs. Shared by `coverage` and `run`.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Facility } from '../facilities/facility.js';
import { collectFacilities } from '../facilities/collect.js';
import { loadCategoryMap } from '../facilities/list-facilities.js';
import { checkOutputFolder, writeFileAtomic } from '../io/atomic.js';
import type { Band } from '../isochrone/bands.js';
import { networkFromOsm } from '../network/build.js';
import { releaseWalkGraph } from '../route/walk-graph.js';
import { loadNetworkFile, serializeNetworkParts } from '../network/network-file.js';
import { loadWalkRules } from '../network/rules.js';
import type { WalkNetwork } from '../network/types.js';
import { probeFile } from '../osm/detect.js';
import { loadProfile, withThresholdOverrides } from '../profiles/load-profile.js';
import type { Profile } from '../profiles/types.js';
import { describeKeys } from '../inputs/keys.js';
import { inputRecord } from '../inputs/read.js';
import { InputError } from '../util/errors.js';
import { VERSION } from '../util/version.js';
import { mark, timingNote } from '../util/timing.js';
import { analyseCoverage, type CategoryStageOutcome, type CoverageResult } from './analysis.js';
import { SearchThread } from './search-thread.js';
import { adoptEdgeIndex } from '../snap/edge-index.js';
import { assessCoverage } from './assess.js';
import { assessQuality } from './quality.js';
import { apportionServiceArea } from './service-shares.js';
import { osmCommunities, readCommunities, type Community } from './communities.js';
import { assignGates, readGates } from './gates.js';
import { gatesRecord, reportGates, warnUnusedGates } from './gates-report.js';
import { GAP_RESOLUTION_M, PARAMETERS } from '../params/parameters.js';
import type { Job } from './job.js';
import { warmOutputWorkers } from '../outputs/warm-workers.js';
import { DEFAULT_OUTPUTS, writeOutputs } from '../outputs/write.js';
import { drawsIsochrones } from '../outputs/formats.js';
import type { CoverageLists, SuggestResult } from '../siting/suggest.js';
import type { PreparedCandidates } from '../siting/run-suggest.js';
import type { PlannedResult } from '../siting/planned.js';
import { inputSha256 } from '../io/read-input.js';
import type { RoadLines } from '../roads/read-roads.js';
import { longestDistance } from '../shard/reach.js';
import {
  checkMergeCommunities,
  checkMergeInputs,
  type JobMode,
  type Merged,
  mergedResult,
  planShard,
  ShardWatch,
  type ShardWritten,
  writeShard,
} from '../shard/run-shard.js';

export interface JobReporter {
  stage(name: string, done: number, total: number): void;
  stageDone(name: string, summary: string): void;
  warn(msg: string): void;
  /** a message that is not a warning (how a list's rows mapped to categories) */
  info?(msg: string): void;
}

export interface JobResult {
  /** set when the run was one shard of a job (--shard): what it wrote */
  shard?: ShardWritten;
  /** set when the run merged shards: how many communities came from them, how many were recomputed */
  merged?: { fromShards: number; recomputed: number };
  profile: Profile;
  result: CoverageResult;
  /** the facility inventory used (OSM + lists, merged) */
  facilities: Facility[];
  files: string[];
  networkCached: boolean;
  bands: Band[];
  warnings: string[];
  suggest: SuggestResult | null;
  planned: PlannedResult | null;
}

/** the network for the job: a network file as given, else cached in <output>/.lifecircle-cache */
async function jobNetwork(
  job: Job,
  rep: JobReporter,
  roads: RoadLines | undefined,
): Promise<{ net: WalkNetwork; cached: boolean }> {
  const probe = probeFile(job.osm);
  if (probe.format === 'network') {
    if (job.roads)
      throw new InputError(
        `${job.from}: roads apply when reading an OSM file; ${job.osm} is a prepared network (prepare it with --roads, or give the OSM file)`,
      );
    return { net: loadNetworkFile(job.osm), cached: true };
  }
  const st = statSync(job.osm);
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        path: resolve(job.osm),
        size: st.size,
        mtime: st.mtimeMs,
        rules: loadWalkRules().hash,
        version: VERSION,
        clip: job.clip?.label ?? null,
        margin: job.clip?.marginM ?? PARAMETERS.clipMarginM.default,
        // the road lines as read (content, CRS, class field, mode) and the class rules
        ...(roads
          ? {
              roads: {
                sha256: inputSha256(roads.spec.file),
                crs: roads.input.crs.id,
                layer: roads.input.layer,
                classField: roads.classField,
                mode: roads.spec.mode,
                classes: roads.classesHash,
              },
            }
          : {}),
      }),
    )
    .digest('hex')
    .slice(0, 16);
  const dir = join(job.output, '.lifecircle-cache');
  const file = join(dir, `network-${key}.lcnet`);
  if (existsSync(file)) {
    try {
      return { net: loadNetworkFile(file), cached: true };
    } catch {
      // a damaged or stale cache is rebuilt
    }
  }
  const net = await networkFromOsm(job.osm, {
    clip: job.clip ?? undefined,
    roads,
    onProgress: (n, t) => rep.stage('reading OSM', n, t),
  });
  writeFileAtomic(file, serializeNetworkParts(net)); // creates the folders (removed again if the run fails)
  return { net, cached: false };
}

/**
 * `mode`: one shard of the job (--shard: its communities on its clip of the network, written for
 * merge), or the merge of shards (their outcomes in place of the analysis); shard/run-shard.ts.
 */
export async function runJob(job: Job, rep: JobReporter, mode?: JobMode): Promise<JobResult> {
  // the search thread is started with the network, before any file is read: whatever fails from
  // there, it is closed here (a live worker would keep the process from ending)
  const threads: { search?: SearchThread | null } = {};
  try {
    return await runJobStages(job, rep, mode, threads);
  } finally {
    await threads.search?.close();
  }
}

async function runJobStages(
  job: Job,
  rep: JobReporter,
  mode: JobMode | undefined,
  threads: { search?: SearchThread | null },
): Promise<JobResult> {
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    rep.warn(m);
  };
  // the job's values were checked when it was read; what needs files is checked before the long work
  const bands = job.bands;
  const speed = job.speed;
  const { walkerByName, walkerNetwork } = await import('../walkers/walkers.js');
  const walker = walkerByName(job.walker, `${job.from}: walker`);
  const baseProfile = loadProfile(job.profile);
  // a walker's distance factor scales the standard's distances (not the ones the job overrides)
  const scaled: Record<string, number> = {};
  if (walker.distanceFactor !== 1)
    for (const c of baseProfile.categories) scaled[c.id] = Math.round(c.threshold_m * walker.distanceFactor);
  const profile = withThresholdOverrides(baseProfile, { ...scaled, ...job.thresholds });
  const categoryMap = job.categoryMap ? loadCategoryMap(job.categoryMap, profile) : undefined;
  // planned lists are read before the long work: an unknown category fails at once
  const plannedStage = job.planned.length ? await import('../siting/planned.js') : null;
  const plannedRead = plannedStage ? await plannedStage.readPlanned(job.planned, profile) : null;
  for (const id of job.suggest?.categories ?? [])
    if (!profile.categories.some((c) => c.id === id))
      throw new InputError(
        `${job.from}: suggest: '${id}' is not a category of profile ${profile.id} (categories: ${profile.categories.map((c) => c.id).join(', ')})`,
      );
  if (!job.useOsmFacilities && job.facilities.length === 0)
    throw new InputError(
      `${job.from}: use_osm_facilities is false and no facility lists are given: there are no facilities to assess`,
    );
  // can it be written, and does it hold no input? (created only when something is written)
  checkOutputFolder(job.output);

  // the communities file is read before the long work: a wrong CRS or a bad file fails at once
  const fileCommunities = job.communities ? await readCommunities(job.communities) : null;
  // merge: every shard is there and covers its part (before anything is printed: a bad merge is one line)
  if (mode?.kind === 'merge') checkMergeCommunities(mode.set, fileCommunities?.communities ?? null);
  if (fileCommunities && job.communities) {
    const r = fileCommunities;
    const l = r.input!;
    rep.stageDone(
      'communities',
      `${r.communities.length} from ${job.communities.file} (${l.format}${l.layer ? ` layer ${l.layer}` : ''}, ` +
        `${l.crs.label}${l.crsSource === 'default' ? ' assumed' : ''}); ${describeKeys(r.keys!)}`,
    );
    if (l.crs.assumption) warn(`${job.communities.file}: ${l.crs.assumption}`);
    for (const s of r.skipped) warn(`${job.communities.file}: feature ${s.feature} (id ${s.id}) ${s.reason}; skipped`);
    for (const w of r.warnings) warn(w);
  }
  // so are the gates, and (with a communities file) which community each belongs to
  const gatesFile = job.gates ? await readGates(job.gates) : null;
  if (gatesFile) {
    const l = gatesFile.input;
    if (l.crs.assumption) warn(`${gatesFile.path}: ${l.crs.assumption}`);
    for (const s of gatesFile.skipped)
      warn(`${gatesFile.path}: feature ${s.feature} (id ${s.id}) ${s.reason}; skipped`);
    for (const w of gatesFile.warnings) warn(w);
  }
  let gateAssignment = gatesFile && fileCommunities ? assignGates(fileCommunities.communities, gatesFile) : null;
  // the road lines too: no lines, or none walkable, fails before the OSM file is read
  const roads = job.roads ? await (await import('../roads/read-roads.js')).readRoads(job.roads) : undefined;
  if (roads) {
    if (roads.input.crs.assumption) warn(`${roads.spec.file}: ${roads.input.crs.assumption}`);
    for (const w of roads.input.warnings) warn(w);
  }
  // a shard: its communities and the clip of the network they need (a network file is read whole)
  const longestM = longestDistance(profile, bands, job.corridorM);
  const plan =
    mode?.kind === 'shard'
      ? planShard(job, mode.spec, fileCommunities?.communities ?? null, longestM, mode.reachM)
      : null;
  const clipShard = plan !== null && probeFile(job.osm).format !== 'network';
  mark('job: setup');
  const { net: fullNet, cached } = await jobNetwork(
    clipShard && plan ? { ...job, clip: plan.area.clip } : job,
    rep,
    roads,
  );
  mark(cached ? 'job: network (cached)' : 'job: network (read OSM + build)');
  // the output stage's workers start now, while the lists are read on one core (outputs/warm-workers.ts)
  warmOutputWorkers(job.outputs ?? DEFAULT_OUTPUTS, fullNet.edgeCount);
  await betweenStages();
  const walkerView = walkerNetwork(fullNet, walker);
  const watch = clipShard && plan ? new ShardWatch(walkerView, plan.area, job, profile) : null;
  // a clipped network's cut components keep their size for snapping (shard/reach.ts)
  const net = watch ? watch.sn.net : walkerView;
  if (walkerView !== fullNet)
    rep.stageDone(
      `walker ${walker.id}`,
      `${net.edgeCount.toLocaleString('en-US')} of ${fullNet.edgeCount.toLocaleString('en-US')} edges usable (without ${walker.exclude.join(', ') || '-'})`,
    );
  if (fullNet.meta.roads) {
    const { roadsReport } = await import('../roads/report.js');
    const r = roadsReport(fullNet.meta.roads);
    rep.stageDone('roads', r.summary.replace(/^roads /, ''));
    for (const w of r.warnings) warn(w);
  }
  rep.stageDone(
    'network',
    `${net.nodeCount.toLocaleString('en-US')} nodes, ${net.edgeCount.toLocaleString('en-US')} edges${cached ? ' (reused from cache)' : ''}`,
  );
  // the analysis's search thread, started now: it builds the snapping index while this thread
  // reads the facility lists and the communities, then renumbers its graph for the searches (a
  // merge analyses only what it recomputes, with threads of its own; null: a small network)
  const searchThread =
    mode?.kind === 'merge' || profile.categories.length < 2 ? undefined : SearchThread.create(net, { edgeIndex: true });
  threads.search = searchThread;

  const fac = await collectFacilities(
    net,
    profile,
    job.facilities.map((f) => ({
      path: f.file,
      crs: f.crs,
      crsSpec: f.crsSpec,
      layer: f.layer,
      columns: f.columns,
      sheet: f.sheet,
      category: f.category,
      categoryMap,
    })),
    job.useOsmFacilities,
    (_path, done, total) => rep.stage('list rows', done, total),
  );
  for (const n of fac.mappingNotes) rep.info?.(n);
  for (const w of fac.warnings) warn(w);
  const facilities = fac.inventory.facilities;
  mark('job: facilities');
  rep.stageDone(
    'facilities',
    `${facilities.length} (${fac.osmCount} from OSM, ${fac.lists.reduce((s, l) => s + l.facilities.length, 0)} from lists, ${fac.inventory.merged} merged)`,
  );
  for (const c of profile.categories)
    if (fac.inventory.counts[c.id].total === 0)
      warn(
        `no ${c.id} (${c.zh}) facilities at all in OSM or the lists: ${
          job.missingData === 'fail'
            ? 'every community fails it (missing_data: fail)'
            : 'not assessed (未评估：无数据) in every community'
        }${c.required ? '' : ' (recommended category)'}; supply a list (lifecircle template ${c.id})`,
      );

  let communities: Community[];
  if (plan) {
    communities = plan.mine;
  } else if (fileCommunities) {
    communities = fileCommunities.communities;
  } else {
    const r = await osmCommunities(net);
    if (r.skipped.length)
      warn(`${r.skipped.length} residential areas in OSM have no name and were not used as communities`);
    communities = r.communities;
    if (!communities.length)
      throw new InputError(
        `${job.osm}: no communities file was given and OSM has no residential areas (landuse=residential or place=neighbourhood polygons); give --communities`,
      );
    const named = communities.filter((c) => c.name).length;
    warn(
      named
        ? `no communities file: using ${communities.length} named residential areas from OSM as communities`
        : `no communities file and no named residential areas in OSM: using ${communities.length} unnamed ones, identified by their OSM ids`,
    );
  }
  if (gatesFile) {
    gateAssignment ??= assignGates(communities, gatesFile);
    reportGates(gatesFile, gateAssignment, communities, rep, warn);
    for (const c of communities) c.gates = gateAssignment.byCommunity.get(c.id);
  }
  for (const c of communities)
    if (c.repairs.length)
      warn(`community ${c.id}${c.name ? ` (${c.name})` : ''}: geometry repaired: ${c.repairs.join('; ')}`);
  await overlaps(communities, warn);
  mark('job: communities');
  await betweenStages();
  // the snapping index from the search thread (when this thread has not built one meanwhile)
  const parts = await searchThread?.indexParts?.catch(() => null);
  if (parts) adoptEdgeIndex(net, parts);
  const snapOpts = { maxSnapM: job.maxSnapM, minComponent: job.minComponent };
  // candidate sites are read (or generated) before the long analysis: a bad file fails at once
  // (a shard sites nothing: suggestions are city-wide, made at merge)
  const siting = job.suggest && !plan ? await import('../siting/run-suggest.js') : null;
  // generated ones on the search thread while this thread snaps the facilities (awaited after the
  // analysis; the lists start early only if they are there by then)
  const candidatesLater =
    job.suggest && siting
      ? siting.candidatesOnThread(net, profile, communities, job.suggest, snapOpts, searchThread)
      : null;
  let candidates =
    job.suggest && siting && !candidatesLater
      ? await siting.prepareCandidates(net, profile, communities, job.suggest, snapOpts, warn)
      : null;
  let candidatesMade = candidates;
  void candidatesLater?.then((c) => (candidatesMade = c)).catch(() => undefined);
  const candidatesDone = (c: PreparedCandidates) => {
    mark('job: candidate sites');
    rep.stageDone('candidate sites', `${c.candidates.length.toLocaleString('en-US')} (${c.record.source})`);
  };
  if (candidates) candidatesDone(candidates);

  const analysisOptions = {
    passShare: job.passShare,
    snap: snapOpts,
    bands,
    corridorM: job.corridorM,
    resolutionM: job.resolutionM,
    gapResolutionM: GAP_RESOLUTION_M,
    progress: (stage: string, d: number, t: number) => rep.stage(stage, d, t),
    // a shard's own files always include its isochrones (shard/run-shard.ts); a merge or a whole
    // run draws them only for the outputs that show them
    isochrones: mode?.kind === 'shard' || drawsIsochrones(job.outputs ?? DEFAULT_OUTPUTS),
  };
  let merged: Merged | null = null;
  if (mode?.kind === 'merge') {
    checkMergeInputs(mode.set, job, fullNet, profile.file);
    merged = await mergedResult(mode.set, net, profile, communities, facilities, analysisOptions, (cs) =>
      analyseCoverage(net, profile, cs, facilities, analysisOptions),
    );
    rep.stageDone(
      'merge',
      `${merged.fromShards} communities from ${mode.set.shards.length} shards` +
        (merged.recomputed ? `, ${merged.recomputed} recomputed on the whole network (beyond a shard's clip)` : ''),
    );
  }
  // the siting's coverage lists are queued on the search thread after its last category search:
  // they run there while this thread does the last categories, the isochrones' wait, the
  // assessment, service shares and quality flags
  let earlyLists: CoverageLists | undefined;
  const suggestSpec = job.suggest;
  const afterSearches =
    suggestSpec && siting && searchThread
      ? (cs: CategoryStageOutcome[]) => {
          if (!candidatesMade) return;
          timingNote('threads', "siting's coverage lists queued after the last category search");
          earlyLists = siting.startSuggestLists(
            net,
            profile,
            { communities: cs },
            candidatesMade,
            suggestSpec,
            searchThread,
          );
        }
      : undefined;
  let result: CoverageResult;
  let suggest: Awaited<ReturnType<NonNullable<typeof siting>['runSuggest']>> | null = null;
  try {
    result =
      merged?.result ??
      (await analyseCoverage(net, profile, communities, facilities, {
        ...analysisOptions,
        ...watch?.options(),
        searchThread,
        afterSearches,
      }));
    mark('job: analysis');
    if (candidatesLater) {
      candidates = await candidatesLater;
      candidatesDone(candidates);
    }
    // kept for the siting's coverage lists only
    if (!(job.suggest && siting && candidates)) await searchThread?.close();
    if (mode?.kind === 'shard' && plan) {
      const shard = writeShard(
        job,
        mode.spec,
        fileCommunities!.communities.length,
        plan,
        net,
        watch,
        result,
        bands,
        profile.file,
      );
      return {
        profile,
        result,
        facilities,
        files: shard.files,
        networkCached: cached,
        bands,
        warnings,
        suggest: null,
        planned: null,
        shard,
      };
    }
    // pass / fail / not assessed: a category with no facility anywhere is no data, not a fail
    assessCoverage(
      result,
      new Map(profile.categories.map((c) => [c.id, fac.inventory.counts[c.id].total])),
      job.missingData,
    );
    // the siting's coverage lists on the search thread, beside the service shares and quality flags
    const lists =
      job.suggest && siting && candidates && searchThread
        ? earlyLists
          ? siting.suggestListsFor(earlyLists, profile, result, job.suggest)
          : siting.startSuggestLists(net, profile, result, candidates, job.suggest, searchThread)
        : undefined;
    // shared service floor area split among the communities it serves (每百户30平方米)
    apportionServiceArea(net, profile, result, facilities, { maxSnapM: job.maxSnapM, minComponent: job.minComponent });
    // where the network is the problem: centroid origins, long legs, detours, missing internal paths
    const off = new Set(result.unsnappedFacilities.map((u) => u.facility.key));
    const points = new Map<string, [number, number][]>();
    for (const f of facilities) {
      if (off.has(f.key)) continue;
      const list = points.get(f.category) ?? [];
      list.push(...f.points);
      points.set(f.category, list);
    }
    assessQuality(net, result, points);
    mark('job: service shares, quality flags');
    if (result.unsnappedFacilities.length)
      warn(
        `${result.unsnappedFacilities.length} facilities are farther than ${job.maxSnapM} m from any walkable way and were not used (listed in run.json)`,
      );
    if (gatesFile) warnUnusedGates(result, warn);
    for (const c of result.communities)
      if (c.status !== 'ok')
        warn(
          `community ${c.community.id}${c.community.name ? ` (${c.community.name})` : ''}: ${c.reason?.en}; it is kept in every output as not assessed`,
        );

    if (job.suggest && siting && candidates) {
      rep.stage('suggest', 0, 1);
      suggest = await siting.runSuggest(net, profile, result, candidates, job.suggest, job.passShare, lists);
      rep.stage('suggest', 1, 1);
      mark('job: suggest');
    }
  } finally {
    await searchThread?.close();
  }

  let planned: PlannedResult | null = null;
  if (plannedStage && plannedRead) {
    planned = plannedStage.assessPlanned(
      net,
      profile,
      result,
      facilities,
      plannedRead.planned,
      plannedRead.duplicates,
      job.passShare,
      snapOpts,
    );
    if (planned.unsnapped.length)
      warn(
        `${planned.unsnapped.length} planned facilities are farther than ${job.maxSnapM} m from any walkable way and were not assessed (listed in run.json)`,
      );
    if (plannedRead.duplicates)
      warn(`${plannedRead.duplicates} planned facilities repeat another (same category and point) and were read once`);
    mark('job: planned');
  }

  // no search runs after this: the graph's memory goes before the outputs' peak
  releaseWalkGraph(net);
  const src = net.meta.source;
  const files = await writeOutputs(
    job.output,
    {
      profile,
      result,
      facilities,
      bands,
      lang: job.lang,
      net,
      run: {
        inputs: {
          job: job.from,
          osm: { path: job.osm, format: src.format, bytes: src.bytes, sha256: src.sha256 },
          communities: job.communities
            ? {
                ...inputRecord(fileCommunities!.input!),
                sha256: inputSha256(job.communities.file),
                keys: fileCommunities!.keys,
              }
            : { source: 'OSM named residential areas' },
          ...(roads && fullNet.meta.roads
            ? {
                roads: {
                  ...inputRecord(roads.input),
                  sha256: inputSha256(roads.spec.file),
                  ...fullNet.meta.roads,
                  path: roads.spec.file,
                },
              }
            : {}),
          ...(gatesFile && gateAssignment
            ? { gates: gatesRecord(gatesFile, gateAssignment, result, inputSha256(gatesFile.path)) }
            : {}),
          profile: { path: profile.file, sha256: inputSha256(profile.file) },
          facilities: fac.lists.map((l) => ({
            path: l.spec.path,
            sha256: inputSha256(l.spec.path),
            crs: l.spec.crsSpec ?? l.spec.crs,
            format: l.list.format,
            encoding: l.list.encoding,
            columns: l.list.columns,
            rows: l.list.placed.length,
            used: l.facilities.length,
            skipped_rows: l.list.skipped,
            mapped_rows: l.mappedRows,
            rows_per_category: l.perCategory,
            unknown_categories: l.unknownCategories,
            no_category: l.noCategory,
            outside_area: l.outside ?? 0,
          })),
          ...(job.categoryMap ? { category_map: { path: job.categoryMap, sha256: inputSha256(job.categoryMap) } } : {}),
          ...(job.planned.length
            ? {
                planned: job.planned.map((f) => ({
                  path: f.file,
                  sha256: inputSha256(f.file),
                  crs: f.crsSpec ?? f.crs,
                })),
              }
            : {}),
          ...(job.suggest?.candidates
            ? { candidates: { path: job.suggest.candidates.file, sha256: inputSha256(job.suggest.candidates.file) } }
            : {}),
        },
        parameters: {
          pass_share: job.passShare,
          missing_data: job.missingData,
          bands: bands.map((b) => b.label),
          speed,
          ...(walker.id !== 'default' ? { walker: walker.id } : {}),
          corridor_m: job.corridorM,
          resolution_m: job.resolutionM,
          gap_resolution_m: GAP_RESOLUTION_M,
          max_snap_m: job.maxSnapM,
          min_component: job.minComponent,
          lang: job.lang,
          use_osm_facilities: job.useOsmFacilities,
          thresholds: job.thresholds,
          clip: job.clip?.label ?? null,
          clip_margin_m: job.clip?.marginM,
          walk_rules_sha256: loadWalkRules().hash,
        },
        warnings,
      },
      suggest: suggest ? { result: suggest.result, record: suggest.record } : undefined,
      planned: planned ?? undefined,
    },
    { formats: job.outputs, browser: job.browser, note: warn },
  );
  mark('job: write outputs');
  return {
    profile,
    result,
    facilities,
    files,
    networkCached: cached,
    bands,
    warnings,
    suggest: suggest?.result ?? null,
    planned,
    ...(merged ? { merged: { fromShards: merged.fromShards, recomputed: merged.recomputed } } : {}),
  };
}

/** lets the event loop run between stages, so a Ctrl-C / SIGTERM that arrived during one is acted on before the next */
function betweenStages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** communities that overlap are analysed independently (residents in the overlap count in each): say so */
async function overlaps(cs: Community[], warn: (m: string) => void): Promise<void> {
  // a loop, not Math.min(...points): spreading 200,000 vertices overflows the stack
  const boxes = cs.map((c) => {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of (c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates).flat(2)) {
      if (p[0] < b[0]) b[0] = p[0];
      if (p[1] < b[1]) b[1] = p[1];
      if (p[0] > b[2]) b[2] = p[0];
      if (p[1] > b[3]) b[3] = p[1];
    }
    return b;
  });
  let turf: typeof import('@turf/turf') | null = null;
  for (let i = 0; i < cs.length; i++)
    for (let j = i + 1; j < cs.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (!(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3])) continue;
      turf ??= await import('@turf/turf');
      const x = turf.intersect(turf.featureCollection([turf.feature(cs[i].geometry), turf.feature(cs[j].geometry)]));
      const area = x ? turf.area(x) : 0;
      if (area > 1)
        warn(
          `communities ${cs[i].id} and ${cs[j].id} overlap by ${Math.round(area)} m²: each is assessed on its own, so residents in the overlap count for both`,
        );
    }
}
