/**
 * The suggest stage of a job: candidate sites (read or generated) before the long analysis, so a
 * bad candidate file fails in seconds; then the siting itself on the finished coverage analysis.
 */
import { type CategoryStageOutcome, type CoverageResult, SMALL_INLINING_EDGES } from '../coverage/analysis.js';
import type { Community } from '../coverage/communities.js';
import type { SuggestSpec } from '../coverage/job.js';
import type { WalkNetwork } from '../network/types.js';
import type { Profile } from '../profiles/types.js';
import { edgeIndex } from '../snap/edge-index.js';
import type { SnapOptions } from '../snap/snap.js';
import { withSmallInlining } from '../util/compile-budget.js';
import { mark } from '../util/timing.js';
import { InputError } from '../util/errors.js';
import {
  type Candidate,
  type GeneratedCandidates,
  generateCandidates,
  readCandidateFile,
  studyBoxes,
} from './candidates.js';
import { waterAreas } from './street-candidates.js';
import { suggestRecord } from '../outputs/tables/suggestions.js';
import { type CoverageLists, listsFor, startCoverageLists, type SuggestResult, suggestSites } from './suggest.js';
import type { SearchThread } from '../coverage/search-thread.js';

export interface PreparedCandidates {
  candidates: Candidate[];
  record: Record<string, unknown>;
}

/** the sited categories checked, and the boxes candidates may lie in: the communities, widened by the longest distance */
function studyArea(profile: Profile, communities: Community[], spec: SuggestSpec): [number, number, number, number][] {
  const ids = new Set(profile.categories.map((c) => c.id));
  for (const id of spec.categories ?? [])
    if (!ids.has(id))
      throw new InputError(
        `suggest: '${id}' is not a category of profile ${profile.id} (categories: ${[...ids].join(', ')})`,
      );
  const cats = spec.categories
    ? profile.categories.filter((c) => spec.categories!.includes(c.id))
    : profile.categories.filter((c) => c.required);
  const margin = Math.max(0, ...cats.map((c) => c.threshold_m));
  return studyBoxes(communities, margin);
}

/** checks the categories, then reads or generates the candidate sites */
export async function prepareCandidates(
  net: WalkNetwork,
  profile: Profile,
  communities: Community[],
  spec: SuggestSpec,
  snap: SnapOptions,
  warn: (m: string) => void,
): Promise<PreparedCandidates> {
  const boxes = studyArea(profile, communities, spec);
  // the snapping index is the analysis's too (built once per network, whoever asks first): a
  // stage of its own, so the siting stages' timings count only what siting adds
  edgeIndex(net);
  mark('job: edge index (for snapping; the analysis uses it too)');
  if (spec.candidates) {
    const r = await readCandidateFile(net, spec.candidates, profile, boxes, snap);
    if (r.outside)
      warn(
        `${spec.candidates.file}: ${r.outside} of ${r.rows} candidate sites lie outside the study area and were not used`,
      );
    if (r.unsnapped)
      warn(`${spec.candidates.file}: ${r.unsnapped} candidate sites are too far from a walkable way and were not used`);
    const unknown = Object.entries(r.unknownCategories);
    if (unknown.length)
      warn(
        `${spec.candidates.file}: ${unknown.reduce((s, [, n]) => s + n, 0)} candidate sites name a category that is not in profile ${profile.id} ` +
          `(${unknown.map(([v, n]) => `'${v}' ×${n}`).join(', ')}) and were not used`,
      );
    return {
      candidates: r.candidates,
      record: {
        source: 'file',
        file: spec.candidates.file,
        rows: r.rows,
        used: r.candidates.length,
        outside: r.outside,
        unsnapped: r.unsnapped,
        unknown_categories: r.unknownCategories,
      },
    };
  }
  return generated(generateCandidates(net, boxes, spec.spacingM, snap, { parcels: spec.parcels }), spec);
}

/**
 * Generated candidate sites (no candidate file, no parcels) made on the coverage analysis's search
 * thread, idle while this thread snaps the facilities (SearchThread.streetCandidates): the same
 * candidates as prepareCandidates's. The categories are checked now; null where they are made
 * here (no thread, or one without a snapping index of its own), and where the thread fails. None
 * at all (no street to place them on) is thrown where it is awaited, after the analysis.
 */
export function candidatesOnThread(
  net: WalkNetwork,
  profile: Profile,
  communities: Community[],
  spec: SuggestSpec,
  snap: SnapOptions,
  thread: SearchThread | null | undefined,
): Promise<PreparedCandidates> | null {
  if (!thread || spec.candidates || spec.parcels) return null;
  const boxes = studyArea(profile, communities, spec);
  const g = thread.streetCandidates(waterAreas(net), boxes, spec.spacingM, snap);
  if (!g) return null;
  // (the thread failing: made here after all)
  const p = g.then(
    (r) => generated(r, spec),
    () => prepareCandidates(net, profile, communities, spec, snap, () => undefined),
  );
  p.catch(() => undefined); // seen where it is awaited
  return p;
}

/** generated candidates and their record; none at all is an input error */
function generated(g: GeneratedCandidates, spec: SuggestSpec): PreparedCandidates {
  if (!g.candidates.length)
    throw new InputError(
      'suggest: no walkable street in or near the communities to place candidate sites on; give a candidate file (candidates:)',
    );
  return {
    candidates: g.candidates,
    record: {
      source: spec.parcels ? 'generated along walkable streets + OSM parcels' : 'generated along walkable streets',
      spacing_m: spec.spacingM,
      used: g.candidates.length,
      parcels: g.candidates.filter((c) => c.source === 'parcel').length,
      skipped_on_water: g.skipped.water,
      skipped_unsnapped: g.skipped.unsnapped,
    },
  };
}

/**
 * starts the coverage lists on the analysis's search thread, while the job goes on (suggest.ts):
 * from the finished analysis, or from its outcomes once the categories are done (then listsFor
 * the finished one)
 */
export function startSuggestLists(
  net: WalkNetwork,
  profile: Profile,
  coverage: { communities: CategoryStageOutcome[] },
  prepared: PreparedCandidates,
  spec: SuggestSpec,
  thread: SearchThread,
): CoverageLists {
  return startCoverageLists(net, profile, coverage, prepared.candidates, spec.categories, thread);
}

/** lists started once the categories were done, for the finished analysis (suggest.ts listsFor) */
export function suggestListsFor(
  lists: CoverageLists,
  profile: Profile,
  coverage: CoverageResult,
  spec: SuggestSpec,
): CoverageLists {
  return listsFor(lists, profile, coverage, spec.categories);
}

export async function runSuggest(
  net: WalkNetwork,
  profile: Profile,
  coverage: CoverageResult,
  prepared: PreparedCandidates,
  spec: SuggestSpec,
  passShare: number,
  lists?: CoverageLists,
): Promise<{ result: SuggestResult; record: Record<string, unknown> }> {
  const options = { categories: spec.categories, k: spec.k, scope: spec.scope, passShare };
  // the analysis's inlining budget (analysis.ts SMALL_INLINING_EDGES): the siting's instances, solver
  // passes and bounds are many loops run once each, cold (BENCHMARKS.md issue 12 round 14)
  const result = await withSmallInlining(net.edgeCount < SMALL_INLINING_EDGES, () =>
    suggestSites(net, profile, coverage, prepared.candidates, options, lists),
  );
  return {
    result,
    record: {
      scope: spec.scope,
      k: spec.k,
      candidate_sites: prepared.record,
      ...suggestRecord(result, coverage.communities),
    },
  };
}
