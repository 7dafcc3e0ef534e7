/**
 * Where to build (补短板): from a finished coverage analysis, up to k new sites per category that
 * bring the most households within the standard's walking distance, existing facilities counted
 * as already serving.
 *
 * - city scope: one MCLP per category over every resident not yet served, in every community
 *   (one site may serve several communities); k sites per category.
 * - community scope: per failing community × category, the fewest sites (at most k) that make
 *   the community pass, greedy until its pass share is reached, with a lower bound on the number
 *   any choice needs.
 *
 * Every answer carries the bound of mclp.ts: "at least X % of the best possible".
 */
import type { CategoryStageOutcome, CommunityOutcome, CoverageResult } from '../coverage/analysis.js';
import type { WalkNetwork } from '../network/types.js';
import type { Category, Profile } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import type { Candidate } from './candidates.js';
import { type ChosenSites, chooseSites, maxCover, minSitesLowerBound, withBound } from './mclp.js';
import { lagrangianBound } from './lagrangian.js';
import { type DemandReach, demandReach, reachInputs } from './reach.js';
import type { SearchThread } from '../coverage/search-thread.js';
import type { SnappedPoint } from '../snap/snapped-point.js';
import { candidateReachThreads } from './reach-threads.js';
import { restrictByCommunity, type Sub, subInstance } from './instance.js';
import { mark } from '../util/timing.js';

export type SuggestScope = 'city' | 'community';

export interface SuggestOptions {
  /** category ids to site; null: every required category that fails somewhere */
  categories: string[] | null;
  k: number;
  scope: SuggestScope;
  passShare: number;
}

export interface CommunityEffect {
  community: number;
  /** residents' weight this site newly brings within the distance (given the sites ranked before it) */
  gained: number;
  shareBefore: number;
  /** with this site and those ranked before it */
  shareAfter: number;
  passedBefore: boolean;
  passesAfter: boolean;
}

export interface Suggestion {
  category: Category;
  /** 1-based within the category (city) or within the community × category (community) */
  rank: number;
  candidate: Candidate;
  /** total newly covered over all communities (in `unit`) */
  gained: number;
  effects: CommunityEffect[];
  /** community scope: the community it is for */
  forCommunity: number | null;
}

export interface SitingAnswer {
  category: Category;
  scope: SuggestScope;
  forCommunity: number | null;
  sites: number;
  /** weight newly covered by the chosen sites */
  value: number;
  /** OPT <= bound (same units) */
  bound: number;
  /** value / bound: at least this share of the best possible */
  guaranteed: number;
  greedyBound: number;
  /** residents' weight not served before, in the communities concerned */
  unserved: number;
  candidatesUseful: number;
  evaluations: number;
  swaps: number;
  /** community scope: sites needed at least (any choice), and whether the community then passes */
  minSites?: number;
  passes?: boolean;
  note: string | null;
}

export interface SuggestResult {
  suggestions: Suggestion[];
  answers: SitingAnswer[];
  /** what the weights count: 'households' when every community gives households */
  unit: string;
  candidates: number;
  categories: string[];
  timings: { reachMs: number; solveMs: number };
}

/** the categories to site: explicit (checked), else the required ones failing in an assessed community */
/** the analysis's outcomes the lists read: a finished CoverageResult, or its state after the categories */
type Outcomes = { communities: CategoryStageOutcome[] };

export function sitingCategories(profile: Profile, coverage: Outcomes, wanted: string[] | null): Category[] {
  if (wanted) {
    const out: Category[] = [];
    for (const id of wanted) {
      const c = profile.categories.find((x) => x.id === id);
      if (!c)
        throw new InputError(
          `suggest: '${id}' is not a category of profile ${profile.id} (categories: ${profile.categories.map((x) => x.id).join(', ')})`,
        );
      out.push(c);
    }
    return out;
  }
  return profile.categories.filter(
    // a category not done yet (lists started early, run-job.ts) may fail: it is kept
    (c, ci) =>
      c.required &&
      coverage.communities.some(
        (o) => o.status === 'ok' && (o.categories[ci] === undefined || o.categories[ci].pass === false),
      ),
  );
}

/** the common weight unit, or shares of each community when the communities mix units */
function weightScale(cs: CommunityOutcome[]): { unit: string; scale: number[] } {
  const units = new Set(cs.filter((c) => c.status === 'ok').map((c) => c.residents.unit));
  if (units.size <= 1) return { unit: [...units][0] ?? 'households', scale: cs.map(() => 1) };
  return {
    unit: 'share of community',
    scale: cs.map((c) => (c.residents.total > 0 ? 1 / c.residents.total : 0)),
  };
}

/** every resident of the assessed communities as one demand array, and the sited categories */
interface SitingDemand {
  cats: Category[];
  comm: number[];
  local: number[];
  snaps: (SnappedPoint | null)[];
}

function sitingDemand(profile: Profile, coverage: Outcomes, wanted: string[] | null): SitingDemand {
  const cats = sitingCategories(profile, coverage, wanted);
  const comm: number[] = [];
  const local: number[] = [];
  const snaps: (SnappedPoint | null)[] = [];
  coverage.communities.forEach((c, k) => {
    if (c.status !== 'ok') return;
    c.residentSnaps.forEach((s, i) => {
      comm.push(k);
      local.push(i);
      snaps.push(s);
    });
  });
  return { cats, comm, local, snaps };
}

/** the coverage lists of a siting, made or under way (startCoverageLists) */
export interface CoverageLists {
  demand: SitingDemand;
  byDemand: Promise<DemandReach>;
  /** on the coverage search thread, beside this thread's work since they were started */
  onThread: boolean;
  /** that thread: it also sums the city scope's Lagrangian bounds */
  thread: SearchThread | null;
}

/**
 * Starts the coverage lists: one bounded search per candidate to the largest threshold of the
 * sited categories, from every resident not served in all of them, turned around by demand point
 * (demandReach). With the coverage analysis's search thread they run there, on its renumbered
 * graph, while this thread goes on; without it (LIFECIRCLE_SEARCH_THREAD=0, small networks, a
 * merge) they run here (or on LIFECIRCLE_WORKERS workers: reach-threads.ts) — the same lists.
 */
export function startCoverageLists(
  net: WalkNetwork,
  profile: Profile,
  coverage: Outcomes,
  candidates: Candidate[],
  wanted: string[] | null,
  thread: SearchThread | null = null,
): CoverageLists {
  const demand = sitingDemand(profile, coverage, wanted);
  const { cats, comm, local, snaps } = demand;
  const comms = coverage.communities;
  const maxT = Math.max(0, ...cats.map((c) => c.threshold_m));
  // residents served in every category sited never count: they are left out of the searches
  const catIdx = cats.map((c) => profile.categories.indexOf(c));
  const searchSnaps = snaps.map((s, j) => {
    if (!s) return null;
    const o = comms[comm[j]];
    // (not served where a category is not done yet)
    return catIdx.some((ci, x) => !(o.categories[ci]?.distances[local[j]] <= cats[x].threshold_m)) ? s : null;
  });
  const thresholds = [...new Set(cats.map((c) => c.threshold_m))].sort((a, b) => a - b);
  const sites = candidates.map((c) => c.snap);
  const byDemand = thread
    ? thread.reach(reachInputs(net, sites, searchSnaps, maxT), thresholds)
    : candidateReachThreads(net, sites, searchSnaps, maxT).then((r) => demandReach(r, snaps.length, thresholds));
  byDemand.catch(() => undefined); // a failure is thrown where the lists are awaited
  return { demand, byDemand, onThread: thread !== null, thread };
}

/**
 * Lists started before the analysis was finished (coverage/run-job.ts: once the search thread has
 * its last category search, the categories not done yet missing from each community's outcomes)
 * for the finished analysis: the same demand points; the categories to site as it says. A missing
 * category counts as failing and its residents as unserved, and assessCoverage can only take
 * categories away (no data), so the lists' residents and distance classes are a superset's, from
 * which subInstance reads the same candidates.
 */
export function listsFor(
  lists: CoverageLists,
  profile: Profile,
  coverage: CoverageResult,
  wanted: string[] | null,
): CoverageLists {
  return { ...lists, demand: sitingDemand(profile, coverage, wanted) };
}

export async function suggestSites(
  net: WalkNetwork,
  profile: Profile,
  coverage: CoverageResult,
  candidates: Candidate[],
  o: SuggestOptions,
  lists?: CoverageLists,
): Promise<SuggestResult> {
  if (!(Number.isInteger(o.k) && o.k > 0))
    throw new InputError(`suggest: k must be a whole number of sites > 0, got ${o.k}`);
  const t0 = performance.now();
  const started = lists ?? startCoverageLists(net, profile, coverage, candidates, o.categories);
  const { cats, comm: demandComm, local: demandLocal, snaps: demandSnaps } = started.demand;
  const comms = coverage.communities;
  const { unit, scale } = weightScale(comms);
  const byDemand = await started.byDemand;
  mark(
    started.onThread
      ? 'suggest: coverage lists (waiting for the search thread)'
      : 'suggest: coverage lists (one bounded search per candidate)',
  );
  const reachMs = performance.now() - t0;
  const t1 = performance.now();
  const suggestions: Suggestion[] = [];
  const answers: SitingAnswer[] = [];
  const catIndex = new Map(profile.categories.map((c, i) => [c.id, i]));
  const totals = comms.map((c) => c.residents.weight.reduce((s, v) => s + v, 0));
  // generated sites (and a file without a category column) may take any category
  const anyCategory = candidates.every((c) => c.categories === null) ? new Uint8Array(candidates.length).fill(1) : null;
  // the city scope's answers wait for their Lagrangian bounds (summed on the search thread)
  const pendingBounds: {
    at: number;
    base: Omit<SitingAnswer, 'bound' | 'guaranteed' | 'greedyBound'>;
    sites: ChosenSites;
    lagrangian: number | Promise<number>;
  }[] = [];
  for (const cat of cats) {
    const ci = catIndex.get(cat.id) as number;
    const eligible =
      anyCategory ??
      Uint8Array.from(candidates, (c) => (c.categories === null || c.categories.includes(cat.id) ? 1 : 0));
    // which demand points are unserved for this category, and their weights
    const unserved = new Uint8Array(demandSnaps.length);
    const weight = new Float64Array(demandSnaps.length);
    demandColumns(comms, ci, cat.threshold_m, scale, demandComm, demandLocal, unserved, weight);
    // a community's weight within the distance before any new site
    const within = comms.map((c) => {
      if (c.status !== 'ok') return 0;
      let s = 0;
      const d = c.categories[ci].distances;
      for (let i = 0; i < d.length; i++) if (d[i] <= cat.threshold_m) s += c.residents.weight[i];
      return s;
    });
    const share = (k: number, w: number) => (totals[k] > 0 ? w / totals[k] : 0);
    const passes = (k: number, w: number) => share(k, w) >= o.passShare - 1e-9;

    const full = subInstance(byDemand, candidates.length, cat.threshold_m, unserved, weight, eligible);
    const record = (chosen: number[], gains: number[], inst: Sub, forCommunity: number | null) => {
      // cumulative effect per community, in rank order
      const gainedSoFar = comms.map(() => 0);
      const covered = new Uint8Array(inst.inst.weight.length);
      chosen.forEach((local, r) => {
        const cand = inst.cands[local];
        const per = new Map<number, number>();
        for (let a = inst.inst.off[local]; a < inst.inst.off[local + 1]; a++) {
          const p = inst.inst.idx[a];
          if (covered[p]) continue;
          covered[p] = 1;
          const j = inst.demand[p];
          const k = demandComm[j];
          per.set(k, (per.get(k) ?? 0) + comms[k].residents.weight[demandLocal[j]]);
        }
        const effects: CommunityEffect[] = [...per.keys()]
          .sort((a, b) => a - b)
          .map((k) => {
            const before = within[k] + gainedSoFar[k];
            gainedSoFar[k] += per.get(k) as number;
            return {
              community: k,
              gained: per.get(k) as number,
              shareBefore: share(k, within[k]),
              shareAfter: share(k, within[k] + gainedSoFar[k]),
              passedBefore: passes(k, within[k]),
              passesAfter: passes(k, before + (per.get(k) as number)),
            };
          });
        suggestions.push({
          category: cat,
          rank: r + 1,
          candidate: candidates[cand],
          gained: gains[r],
          effects,
          forCommunity,
        });
      });
      return gainedSoFar;
    };

    if (o.scope === 'city') {
      const inst = full;
      const sites = chooseSites(inst.inst, o.k);
      record(sites.chosen, sites.gains, inst, null);
      const base = {
        category: cat,
        scope: 'city' as const,
        forCommunity: null,
        sites: sites.chosen.length,
        value: sites.value,
        unserved: sumUnserved(unserved, weight),
        candidatesUseful: inst.cands.length,
        evaluations: sites.evaluations,
        swaps: sites.swaps,
        note: sites.chosen.length === 0 ? 'no candidate site reaches an unserved resident' : null,
      };
      // the Lagrangian bound on the search thread when there is one, beside this thread's next
      // category (it moves the instance's arrays there: nothing here reads them any more)
      const k = Math.max(o.k, 1);
      const lagrangian = started.thread
        ? started.thread.lagrangian(inst.inst, k, sites.value, sites.rowSums, sites.chosen)
        : lagrangianBound(inst.inst, k, sites.value, undefined, undefined, sites.rowSums, sites.chosen);
      // (until then its data bound alone, a valid but looser one)
      pendingBounds.push({ at: answers.length, base, sites, lagrangian });
      answers.push(cityAnswer(base, withBound(sites, Infinity)));
      mark(`suggest: ${cat.id}`);
      continue;
    }
    // community scope: each failing community on its own
    const byCommunity = restrictByCommunity(full, (j) => demandComm[j]);
    comms.forEach((c, k) => {
      if (c.status !== 'ok' || c.categories[ci].pass !== false) return;
      const need = (o.passShare - 1e-9) * totals[k] - within[k];
      const inst = byCommunity(k);
      const ans = maxCover(inst.inst, o.k, { target: need * scale[k] });
      const gained = record(ans.chosen, ans.gains, inst, k)[k];
      const ok = passes(k, within[k] + gained);
      const minSites = minSitesLowerBound(inst.inst, need * scale[k]);
      let unservedK = 0;
      for (let j = 0; j < demandSnaps.length; j++) if (unserved[j] && demandComm[j] === k) unservedK += weight[j];
      answers.push({
        category: cat,
        scope: 'community',
        forCommunity: k,
        sites: ans.chosen.length,
        value: ans.value,
        bound: ans.bound,
        guaranteed: ans.bound > 0 ? Math.min(1, ans.value / ans.bound) : 1,
        greedyBound: ans.greedyBound,
        unserved: unservedK,
        candidatesUseful: inst.cands.length,
        evaluations: ans.evaluations,
        swaps: ans.swaps,
        minSites,
        passes: ok,
        note: ok
          ? null
          : minSites === Infinity
            ? 'no set of candidate sites makes it pass'
            : `does not pass with ${o.k} sites (k); at least ${minSites} are needed`,
      });
    });
  }
  for (const p of pendingBounds) answers[p.at] = cityAnswer(p.base, withBound(p.sites, await p.lagrangian));
  if (pendingBounds.length && started.thread) mark('suggest: bounds (waiting for the search thread)');
  return {
    suggestions,
    answers,
    unit,
    candidates: candidates.length,
    categories: cats.map((c) => c.id),
    timings: { reachMs, solveMs: performance.now() - t1 },
  };
}

/** a city-scope answer from its sites and their bound */
function cityAnswer(
  base: Omit<SitingAnswer, 'bound' | 'guaranteed' | 'greedyBound'>,
  ans: { bound: number; greedyBound: number },
): SitingAnswer {
  const { category, scope, forCommunity, sites, value, unserved, candidatesUseful, evaluations, swaps, note } = base;
  return {
    category,
    scope,
    forCommunity,
    sites,
    value,
    bound: ans.bound,
    guaranteed: ans.bound > 0 ? value / ans.bound : 1,
    greedyBound: ans.greedyBound,
    unserved,
    candidatesUseful,
    evaluations,
    swaps,
    note,
  };
}

/**
 * each demand point's weight and whether it is unserved in category ci (beyond the threshold,
 * weight > 0), reading each community's columns once for its run of demand points
 */
function demandColumns(
  comms: CommunityOutcome[],
  ci: number,
  threshold: number,
  scale: number[],
  demandComm: number[],
  demandLocal: number[],
  unserved: Uint8Array,
  weight: Float64Array,
): void {
  for (let j = 0; j < weight.length; ) {
    const k = demandComm[j];
    const co = comms[k];
    const dist = co.categories[ci].distances;
    const w = co.residents.weight;
    const sc = scale[k];
    for (; j < weight.length && demandComm[j] === k; j++) {
      const i = demandLocal[j];
      weight[j] = w[i] * sc;
      if (!(dist[i] <= threshold) && weight[j] > 0) unserved[j] = 1;
    }
  }
}

function sumUnserved(unserved: Uint8Array, weight: Float64Array): number {
  let s = 0;
  for (let j = 0; j < unserved.length; j++) if (unserved[j]) s += weight[j];
  return s;
}
