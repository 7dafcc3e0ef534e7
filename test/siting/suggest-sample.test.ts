/**
 * Siting on the sample town, in process: each candidate's coverage list equals what coverage's
 * own nearest-facility search says with that site as the only facility (an independent code
 * path: one full multi-source search, not the bounded per-candidate one); the chosen sites equal
 * the exhaustive optimum over a dozen candidates; community scope makes communities pass with the
 * fewest sites its lower bound allows.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseCoverage, type CoverageResult } from '../../src/coverage/analysis.js';
import { readCommunities } from '../../src/coverage/communities.js';
import { NearestFacility } from '../../src/coverage/distance.js';
import { GAP_RESOLUTION_M } from '../../src/params/parameters.js';
import { collectFacilities } from '../../src/facilities/collect.js';
import { parseBands } from '../../src/isochrone/bands.js';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import { type Candidate, generateCandidates, studyBoxes } from '../../src/siting/candidates.js';
import { exhaustiveMaxCover, transposeLists } from '../../src/siting/mclp.js';
import { candidateReach, demandReach, ReachSearcher, reachSearches } from '../../src/siting/reach.js';
import { subInstance } from '../../src/siting/instance.js';
import { listWeights } from '../../src/siting/lagrangian.js';
import { suggestSites } from '../../src/siting/suggest.js';
import { assessPlanned } from '../../src/siting/planned.js';
import type { Facility } from '../../src/facilities/facility.js';
import { ROOT } from '../support/env.js';

const SAMPLE = join(ROOT, 'data/sample');
const profile = loadProfile('complete-community-2020');
const snap = { maxSnapM: 200, minComponent: 50 };
let net: WalkNetwork;
let coverage: CoverageResult;
let candidates: Candidate[];
let existing: Facility[];

beforeAll(async () => {
  net = await networkFromOsm(join(SAMPLE, 'town.osm'));
  const { communities } = await readCommunities(join(SAMPLE, 'communities.geojson'));
  const fac = await collectFacilities(net, profile, [{ path: join(SAMPLE, 'facilities.csv'), crs: 'gcj02' }]);
  existing = fac.inventory.facilities;
  coverage = await analyseCoverage(net, profile, communities, existing, {
    passShare: 0.85,
    snap,
    bands: parseBands('300m', 60),
    corridorM: 50,
    resolutionM: 10,
    gapResolutionM: GAP_RESOLUTION_M,
  });
  candidates = generateCandidates(net, studyBoxes(communities, 500), 100, snap).candidates;
});

const demand = () => coverage.communities.flatMap((c) => c.residentSnaps);

describe('candidate coverage lists', () => {
  it('equal coverage’s nearest-facility distances with the site as the only facility, bit for bit', () => {
    const d = demand();
    const reach = candidateReach(
      net,
      candidates.map((c) => c.snap),
      d,
      500,
    );
    const nearest = new NearestFacility(net);
    let compared = 0;
    for (let c = 0; c < candidates.length; c += 2) {
      nearest.run([{ facility: 0, point: 0, snap: candidates[c].snap }]);
      const listed = new Map<number, number>();
      for (let a = reach.off[c]; a < reach.off[c + 1]; a++) listed.set(reach.idx[a], reach.dist[a]);
      d.forEach((s, i) => {
        const dist = s ? nearest.from(s) : Infinity;
        if (dist <= 500) {
          expect(listed.get(i)).toBe(dist);
          compared++;
        } else expect(listed.has(i)).toBe(false);
      });
    }
    expect(compared).toBeGreaterThan(800);
    // the limits were in play: some searches left out (no seed within its limit)
    const { budget } = reachSearches(
      net,
      candidates.map((c) => c.snap),
      d,
      500,
    );
    expect(budget.filter((b) => b < 0).length).toBeGreaterThan(0);
    expect(budget.every((b) => b === -1 || b === 500)).toBe(true);
  });

  it('the same with and without the per-node limits (reach-limits.ts), which prune where no demand lies', () => {
    const snaps = candidates.map((c) => c.snap);
    // one community's residents only: most of the town is far from every demand point
    const first = coverage.communities[0].residentSnaps.length;
    for (const d of [demand(), demand().map((s, i) => (i < first ? s : null))]) {
      const s = reachSearches(net, snaps, d, 500);
      const unlimited = { ...s, limit: new Float64Array(s.limit.length).fill(Infinity) };
      const got = new ReachSearcher(s).run(0, snaps.length);
      const want = new ReachSearcher(unlimited).run(0, snaps.length);
      expect(got.off).toEqual(want.off);
      expect(got.idx).toEqual(want.idx);
      expect(got.dist).toEqual(want.dist);
      expect(got.idx.length).toBeGreaterThan(100);
    }
    const d = demand().map((s, i) => (i < first ? s : null));
    const { limit } = reachSearches(net, snaps, d, 500);
    // in play: nodes where no label is of use, and nodes where only short ones are
    expect(limit.filter((l) => l < 0).length).toBeGreaterThan(100);
    expect(limit.filter((l) => l >= 0 && l < 400).length).toBeGreaterThan(10);
  });

  it('turned around by the searcher as they are made (the search thread’s way): demandReach of the lists, to the bit', () => {
    const d = demand();
    const snaps = candidates.map((c) => c.snap);
    for (const thresholds of [[500], [300, 500], [100, 250, 300, 500]]) {
      const want = demandReach(candidateReach(net, snaps, d, 500), d.length, thresholds);
      const got = new ReachSearcher(reachSearches(net, snaps, d, 500)).demandReach(thresholds);
      expect(got.off).toEqual(want.off);
      expect(got.cand).toEqual(want.cand);
      expect(got.cand.length).toBeGreaterThan(1000);
    }
  });
});

describe('a category instance from the lists turned around (instance.ts subInstance)', () => {
  it('every candidate eligible (the generated sites): the same instance as through the per-entry test', () => {
    const d = demand();
    const snaps = candidates.map((c) => c.snap);
    const thresholds = [300, 500];
    const dr = demandReach(candidateReach(net, snaps, d, 500), d.length, thresholds);
    const n = snaps.length;
    const weight = Float64Array.from(d, (_, j) => 1 + (j % 7));
    const keep = Uint8Array.from(d, (_, j) => (j % 5 === 0 ? 0 : 1));
    for (const t of thresholds) {
      const all = subInstance(dr, n, t, keep, weight, new Uint8Array(n).fill(1));
      // one more candidate, in no list and not eligible: the per-entry test, the same lists
      const tested = subInstance(
        dr,
        n + 1,
        t,
        keep,
        weight,
        Uint8Array.from({ length: n + 1 }, (_, c) => (c < n ? 1 : 0)),
      );
      expect(all.inst.idx.length).toBeGreaterThan(500);
      expect(Array.from(all.cands)).toEqual(Array.from(tested.cands));
      expect(Array.from(all.demand)).toEqual(Array.from(tested.demand));
      for (const k of ['weight', 'off', 'idx', 'listSums'] as const) expect(all.inst[k]).toEqual(tested.inst[k]);
      // each list's weight as filled: listWeights's sums, to the bit
      expect(all.inst.listSums).toEqual(listWeights({ ...all.inst, listSums: undefined }));
      // the lists by point: each point's candidates, the instance's transposed lists
      const tr = transposeLists(all.inst);
      for (const sub of [all, tested]) {
        const bp = sub.inst.byPoint!;
        for (let p = 0; p < all.demand.length; p++) {
          const got = [...bp.cand.subarray(bp.start[p], bp.end[p])].map((c) => bp.local[c]).filter((c) => c >= 0);
          expect(got.sort((a, b) => a - b)).toEqual([...tr.cand.subarray(tr.start[p], tr.end[p])]);
        }
      }
    }
  });
});

describe('coverage lists on worker threads', () => {
  it('equal the one-thread lists to the bit, in candidate order (threaded path forced: low threshold, small ranges)', async () => {
    // the compiled module: its worker entry (dist/siting/reach-worker.js) exists only beside it
    const { candidateReachThreads } = (await import(
      pathToFileURL(join(ROOT, 'dist/siting/reach-threads.js')).href
    )) as typeof import('../../src/siting/reach-threads.js');
    expect(existsSync(join(ROOT, 'dist/siting/reach-worker.js'))).toBe(true); // else it would stay on one thread
    const d = demand();
    const snaps = candidates.map((c) => c.snap);
    expect(snaps.length).toBeGreaterThan(100); // ranges of 7: dozens, on both threads
    const one = candidateReach(net, snaps, d, 500);
    const threaded = await candidateReachThreads(net, snaps, d, 500, { workers: 1, minCandidates: 1, chunk: 7 });
    const unthreaded = await candidateReachThreads(net, snaps, d, 500, { workers: 0 });
    for (const r of [threaded, unthreaded]) {
      expect(r.off).toEqual(one.off);
      expect(r.idx).toEqual(one.idx);
      expect(Buffer.from(r.dist.buffer).equals(Buffer.from(one.dist.buffer))).toBe(true);
    }
    expect(one.idx.length).toBeGreaterThan(1000);
  });
});

describe('suggest on the sample town', () => {
  it('city scope over a dozen candidates: the chosen pair is the exhaustive optimum', async () => {
    const cat = profile.categories.find((c) => c.id === 'kindergarten')!;
    const ci = profile.categories.indexOf(cat);
    // a dozen candidates spread over the list
    const few = candidates.filter((_, i) => i % Math.floor(candidates.length / 12) === 0).slice(0, 12);
    const res = await suggestSites(net, profile, coverage, few, {
      categories: ['kindergarten'],
      k: 2,
      scope: 'city',
      passShare: 0.85,
    });
    // the instance by enumeration, built independently from coverage's distances
    const d = demand();
    const w: number[] = [];
    const unserved: boolean[] = [];
    for (const c of coverage.communities)
      c.residents.weight.forEach((x, i) => {
        w.push(x);
        unserved.push(!(c.categories[ci].distances[i] <= cat.threshold_m));
      });
    const nearest = new NearestFacility(net);
    const sets: number[][] = few.map((cand) => {
      nearest.run([{ facility: 0, point: 0, snap: cand.snap }]);
      return d.flatMap((s, i) => (unserved[i] && s && nearest.from(s) <= cat.threshold_m ? [i] : []));
    });
    const off = new Uint32Array(sets.length + 1);
    sets.forEach((s, i) => {
      off[i + 1] = off[i] + s.length;
    });
    const opt = exhaustiveMaxCover({ weight: Float64Array.from(w), off, idx: Uint32Array.from(sets.flat()) }, 2);
    const answer = res.answers[0];
    expect(answer.sites).toBe(2);
    expect(answer.value).toBeCloseTo(opt.value, 6);
    expect(res.suggestions.map((s) => few.indexOf(s.candidate)).sort()).toEqual([...opt.chosen].sort());
    expect(answer.bound).toBeGreaterThanOrEqual(opt.value - 1e-6);
  });

  it('community scope: communities that can pass do, with no more sites than needed by the lower bound + slack', async () => {
    const res = await suggestSites(net, profile, coverage, candidates, {
      categories: null,
      k: 4,
      scope: 'community',
      passShare: 0.85,
    });
    expect(res.answers.length).toBeGreaterThan(10);
    for (const a of res.answers) {
      expect(a.sites).toBeLessThanOrEqual(4);
      if (a.passes) expect(a.minSites).toBeLessThanOrEqual(a.sites);
      else expect(a.note).toBeTruthy();
      // the suggestions of this answer carry its share before → after
      const rows = res.suggestions.filter((s) => s.category === a.category && s.forCommunity === a.forCommunity);
      expect(rows).toHaveLength(a.sites);
      const last = rows.at(-1)?.effects.find((e) => e.community === a.forCommunity);
      if (last) expect(last.passesAfter).toBe(a.passes);
    }
    expect(res.answers.filter((a) => a.passes).length).toBeGreaterThan(res.answers.length / 2);
  });

  it('k must be a whole number above 0', async () => {
    await expect(
      suggestSites(net, profile, coverage, candidates, { categories: null, k: 0, scope: 'city', passShare: 0.85 }),
    ).rejects.toThrow(/k must be a whole number/);
  });
});

describe('self-consistency: suggestions fed back as a plan', () => {
  it('reproduce exactly the residents, and so the households, that suggest said they gain (city and community scope)', async () => {
    for (const scope of ['city', 'community'] as const) {
      const res = await suggestSites(net, profile, coverage, candidates, {
        categories: null,
        k: 3,
        scope,
        passShare: 0.85,
      });
      expect(res.suggestions.length).toBeGreaterThan(5);
      for (const cat of res.categories) {
        // one plan per answer: (community scope: the sites for one community)
        const groups = new Map<number | null, typeof res.suggestions>();
        for (const s of res.suggestions.filter((x) => x.category.id === cat))
          groups.set(s.forCommunity, [...(groups.get(s.forCommunity) ?? []), s]);
        for (const [forCommunity, sites] of groups) {
          const planned: Facility[] = sites.map((s, i) => ({
            key: `planned:t:${i}:${cat}`,
            category: cat,
            source: 'planned',
            sourceId: s.candidate.id,
            name: null,
            points: [[s.candidate.lon, s.candidate.lat]],
            pointKind: 'point',
            floorAreaM2: null,
            merged: [],
          }));
          const p = assessPlanned(net, profile, coverage, existing, planned, 0, 0.85, snap);
          // households gained per community: the sum of the suggestions' effects, exactly the same residents
          const expected = new Map<number, number>();
          for (const s of sites)
            for (const e of s.effects) expected.set(e.community, (expected.get(e.community) ?? 0) + e.gained);
          for (const row of p.rows) {
            if (forCommunity !== null && row.community !== forCommunity) continue;
            const want = expected.get(row.community) ?? 0;
            expect(Math.abs(row.gained - want), `${scope} ${cat} ${row.community}`).toBeLessThan(
              1e-9 * Math.max(1, want),
            );
            const last = sites.filter((s) => s.effects.some((e) => e.community === row.community)).at(-1);
            const eff = last?.effects.find((e) => e.community === row.community);
            if (eff) {
              expect(row.after.pass).toBe(eff.passesAfter);
              expect(Math.abs(row.after.share - eff.shareAfter)).toBeLessThan(1e-12);
            }
          }
        }
      }
    }
  });
});
