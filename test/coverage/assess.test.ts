/**
 * Verdicts, coverage index, city totals and gap ranking on a hand-built street whose answers are
 * worked out on paper.
 *
 * One street along y = 0 from x = −100 to 1500 m. Kindergarten (300 m) at x = 0, supermarket
 * (500 m) at x = 1000. Buildings 20 m × 20 m at y = 20..40 (their centres 30 m off the street);
 * a building's weight is footprint × levels, so within a community weights go as the levels:
 *   A (100 households): x 0 (1 floor)  → kg 30 ✓, super 1030 ✗ ; x 200 (3) → kg 230 ✓, super 830 ✗
 *   B (400 households): x 260 (1)      → kg 290 ✓, super 770 ✗ ; x 400 (3) → kg 430 ✗, super 630 ✗
 *   C (300 households): x 560 (1)      → kg 590 ✗, super 470 ✓ ; x 800 (2) → kg 830 ✗, super 230 ✓
 * Shares: A kg 1, super 0; B kg 1/4, super 0; C kg 0, super 1.
 * Every other required category has no facility: not assessed (no data), so the index averages
 * two categories: A (1 + 0)/2 = 0.5, B (0.25 + 0)/2 = 0.125, C (0 + 1)/2 = 0.5.
 * Households beyond: A super 100; B kg 300, super 400; C kg 300.
 * City: kg (100·1 + 400·0.25 + 300·0) / 800 = 0.25; super 300 / 800 = 0.375.
 */
import { describe, expect, it } from 'vitest';
import { analyseCoverage } from '../../src/coverage/analysis.js';
import { assessCoverage, categoryTotals, householdsAffected, rankGaps } from '../../src/coverage/assess.js';
import { networkFromOsm } from '../../src/network/build.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import { community, handOptions, listFacility, rect } from '../support/coverage-fixture.js';
import { at, writeFixture, type Fixture } from '../support/osm-fixture.js';

const profile = loadProfile('complete-community-2020');
const opts = handOptions();
const facility = (category: string, x: number, id: string) => listFacility(category, x, 0, id);

// buildings centred on x (so ±10 m), 20 m deep
const BUILDINGS: [x: number, levels: number][] = [
  [0, 1],
  [200, 3],
  [260, 1],
  [400, 3],
  [560, 1],
  [800, 2],
];
function fixture(): Fixture {
  const nodes: Fixture['nodes'] = [
    [1, ...at(-100, 0)],
    [2, ...at(1500, 0)],
  ];
  const ways: Fixture['ways'] = [[10, [1, 2], { highway: 'residential' }]];
  BUILDINGS.forEach(([x, levels], k) => {
    const n = 100 + k * 4;
    nodes.push(
      [n, ...at(x - 10, 20)],
      [n + 1, ...at(x + 10, 20)],
      [n + 2, ...at(x + 10, 40)],
      [n + 3, ...at(x - 10, 40)],
    );
    ways.push([200 + k, [n, n + 1, n + 2, n + 3, n], { building: 'apartments', 'building:levels': String(levels) }]);
  });
  return { nodes, ways };
}

async function analysed(missing: 'not_assessed' | 'fail' = 'not_assessed') {
  const net = await networkFromOsm(writeFixture(fixture()));
  const communities = [
    community('A', rect(-30, 10, 230, 50), 100),
    community('B', rect(240, 10, 430, 50), 400),
    community('C', rect(540, 10, 830, 50), 300),
  ];
  const facilities = [facility('kindergarten', 0, 'K'), facility('supermarket', 1000, 'S')];
  const res = await analyseCoverage(net, profile, communities, facilities, opts);
  const counts = new Map(profile.categories.map((c) => [c.id, facilities.filter((f) => f.category === c.id).length]));
  assessCoverage(res, counts, missing);
  return res;
}
const cat = (res: Awaited<ReturnType<typeof analysed>>, k: number, id: string) =>
  res.communities[k].categories.find((o) => o.category.id === id)!;

describe('three verdicts, the coverage index and gaps by households (hand case of three communities)', () => {
  it('shares per community and category are the hand figures', async () => {
    const res = await analysed();
    expect(cat(res, 0, 'kindergarten').share).toBeCloseTo(1, 9);
    expect(cat(res, 0, 'supermarket').share).toBe(0);
    expect(cat(res, 1, 'kindergarten').share).toBeCloseTo(0.25, 9);
    expect(cat(res, 1, 'supermarket').share).toBe(0);
    expect(cat(res, 2, 'kindergarten').share).toBe(0);
    expect(cat(res, 2, 'supermarket').share).toBeCloseTo(1, 9);
  });

  it('categories with no facility are not assessed (no data), not failed, and out of required met', async () => {
    const res = await analysed();
    const required = profile.categories.filter((c) => c.required).length; // 10
    for (const c of res.communities) {
      const noData = c.categories.filter((o) => o.noData);
      expect(noData.length).toBe(profile.categories.length - 2);
      for (const o of noData) {
        expect(o.pass).toBeNull();
        expect(o.reason?.zh).toMatch(/^未评估：无数据/);
        expect(o.gap).toBeNull();
      }
      expect(c.requiredTotal).toBe(required);
      expect(c.requiredAssessed).toBe(2);
    }
    expect(res.communities.map((c) => c.requiredMet)).toEqual([1, 0, 1]);
  });

  it('missing_data: fail restores the old verdicts', async () => {
    const res = await analysed('fail');
    for (const c of res.communities) {
      expect(c.requiredAssessed).toBe(c.requiredTotal);
      for (const o of c.categories) if (o.noData) expect(o.pass).toBe(false);
    }
  });

  it('the coverage index is the mean share over assessed required categories: 0.5, 0.125, 0.5', async () => {
    const res = await analysed();
    expect(res.communities[0].coverageIndex).toBeCloseTo(0.5, 9);
    expect(res.communities[1].coverageIndex).toBeCloseTo(0.125, 9);
    expect(res.communities[2].coverageIndex).toBeCloseTo(0.5, 9);
  });

  it('city totals per category: households covered 200/800 and 300/800', async () => {
    const res = await analysed();
    const t = categoryTotals(res);
    const kg = t.find((x) => x.categoryId === 'kindergarten')!;
    const sm = t.find((x) => x.categoryId === 'supermarket')!;
    expect(kg.householdsCounted).toBe(800);
    expect(kg.householdsCovered).toBeCloseTo(200, 6);
    expect(kg.shareCovered).toBeCloseTo(0.25, 9);
    expect([kg.pass, kg.fail, kg.notAssessed]).toEqual([1, 2, 0]);
    expect(sm.shareCovered).toBeCloseTo(0.375, 9);
    expect([sm.pass, sm.fail, sm.notAssessed]).toEqual([1, 2, 0]);
    const nursery = t.find((x) => x.categoryId === 'nursery')!;
    expect([nursery.pass, nursery.fail, nursery.notAssessed, nursery.noData]).toEqual([0, 0, 3, true]);
  });

  it('gaps rank by households affected: B supermarket 400, C kindergarten 300, B kindergarten 300, A supermarket 100', async () => {
    const res = await analysed();
    const all = res.communities.flatMap((c) => c.categories.map((o) => ({ c, o })));
    const ranked = rankGaps(all);
    expect(ranked.map((g) => `${g.c.community.id} ${g.o.category.id}`)).toEqual([
      'B supermarket',
      'C kindergarten', // 300 households, share 0
      'B kindergarten', // 300 households, share 0.25
      'A supermarket',
    ]);
    expect(ranked.map((g) => householdsAffected(g.c, g.o))).toEqual([400, 300, 300, 100]);
    // every gap polygon exists for these, none for the no-data categories
    for (const g of ranked) expect(g.o.gap).not.toBeNull();
  });
});
