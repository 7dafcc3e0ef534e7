/**
 * Walkers (data/walkers.yaml): the rules' flags (numeric incline, alternatives), the wheelchair
 * network of Monaco has no step edge, and on the sample town the elderly and wheelchair coverage
 * differ from the default walker's exactly where the default walk uses the steps.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCoverage, type CoverageResult } from '../../src/coverage/analysis.js';
import { readCommunities } from '../../src/coverage/communities.js';
import { NearestFacility, type FacilitySnap } from '../../src/coverage/distance.js';
import { GAP_RESOLUTION_M } from '../../src/params/parameters.js';
import { collectFacilities } from '../../src/facilities/collect.js';
import type { Facility } from '../../src/facilities/facility.js';
import { parseBands } from '../../src/isochrone/bands.js';
import { networkFromOsm } from '../../src/network/build.js';
import { parseWalkRules } from '../../src/network/rules.js';
import { EDGE_ROUGH, EDGE_STEEP, EDGE_STEPS, EDGE_WHEELCHAIR_NO, type WalkNetwork } from '../../src/network/types.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import { snapPoint } from '../../src/snap/snap.js';
import { loadWalkers, walkerByName, walkerNetwork } from '../../src/walkers/walkers.js';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cli, HAS_SHARED, real, ROOT, tmp } from '../support/env.js';
import { at, type Fixture, writeFixture } from '../support/osm-fixture.js';
import type { Polygon } from 'geojson';
import type { Community } from '../../src/coverage/communities.js';

const SAMPLE = join(ROOT, 'data/sample');
const profile = loadProfile('complete-community-2020');

describe('walk-rules flags for walkers', () => {
  const rules = parseWalkRules(
    `rules:\n  - if: { highway: '*' }\n    walk: true\nflags:\n  steps: { highway: [steps] }\n  wheelchair_no: { wheelchair: ['no'] }\n` +
      `  rough:\n    - { smoothness: [bad] }\n    - { surface: [gravel] }\n  steep: { incline: { above: 8.33 } }\n`,
    'test.yaml',
  );
  const flags = (t: Record<string, string>) => rules.evaluate({ highway: 'footway', ...t })?.flags ?? -1;
  it('sets each flag from its conditions, alternatives and numeric inclines', () => {
    expect(flags({})).toBe(0);
    expect(rules.evaluate({ highway: 'steps' })?.flags).toBe(EDGE_STEPS);
    expect(flags({ wheelchair: 'no' })).toBe(EDGE_WHEELCHAIR_NO);
    expect(flags({ smoothness: 'bad' })).toBe(EDGE_ROUGH);
    expect(flags({ surface: 'gravel' })).toBe(EDGE_ROUGH);
    expect(flags({ surface: 'asphalt', smoothness: 'good' })).toBe(0);
    expect(flags({ incline: '10%' })).toBe(EDGE_STEEP);
    expect(flags({ incline: '-12 %' })).toBe(EDGE_STEEP);
    expect(flags({ incline: '8%' })).toBe(0);
    expect(flags({ incline: '6°' })).toBe(EDGE_STEEP); // tan 6° = 10.5 %
    expect(flags({ incline: 'up' })).toBe(0);
  });
  it('an unknown flag or walker is refused, naming the known ones', () => {
    expect(() => parseWalkRules('rules: []\nflags:\n  stairs: { highway: [steps] }\n', 't.yaml')).toThrow(
      /unknown flag 'stairs' \(known: steps, /,
    );
    expect(() => walkerByName('granny')).toThrow(
      /--walker granny: no such walker \(known: default, elderly, child, wheelchair/,
    );
    expect([...loadWalkers().keys()]).toEqual(['default', 'elderly', 'child', 'wheelchair']);
  });
});

async function walkerRuns(net: WalkNetwork, communities: Community[], facilities: Facility[]) {
  const results = new Map<string, CoverageResult>();
  for (const w of ['default', 'elderly', 'wheelchair'])
    results.set(
      w,
      await analyseCoverage(walkerNetwork(net, walkerByName(w)), profile, communities, facilities, {
        passShare: 0.85,
        snap: { maxSnapM: 200, minComponent: 1 },
        bands: parseBands('300m', 60),
        corridorM: 50,
        resolutionM: 10,
        gapResolutionM: GAP_RESOLUTION_M,
      }),
    );
  return results;
}

/**
 * Every resident × category: a walker's distance differs from the default walker's only where the
 * default nearest walk takes steps — and, for the walkers in `exact`, wherever it does (an elderly
 * walker keeps a flight of steps when the way round is more than 3x longer, or when the resident's
 * own nearest way is the steps, so on a real town "only where" is what holds for them).
 */
function checkStepsOnly(
  net: WalkNetwork,
  facilities: Facility[],
  results: Map<string, CoverageResult>,
  exact: string[] = ['elderly', 'wheelchair'],
) {
  const base = results.get('default')!;
  const nearest = new NearestFacility(net);
  let viaSteps = 0;
  const changed: Record<string, number> = { elderly: 0, wheelchair: 0 };
  profile.categories.forEach((cat, ci) => {
    const targets: FacilitySnap[] = [];
    facilities.forEach((f, i) => {
      if (f.category !== cat.id) return;
      f.points.forEach((p, j) => {
        const s = snapPoint(net, p[0], p[1], { maxSnapM: 200, minComponent: 1 });
        if (s.ok) targets.push({ facility: i, point: j, snap: s.snap });
      });
    });
    if (!targets.length) return;
    nearest.run(targets);
    base.communities.forEach((c, k) => {
      c.residentSnaps.forEach((s, i) => {
        if (!s) return;
        const d0 = c.categories[ci].distances[i];
        if (!Number.isFinite(d0)) return;
        const path = nearest.path(s);
        const steps = !!path && path.pieces.some(([e, a, b]) => net.edgeFlags[e] & EDGE_STEPS && a !== b);
        if (steps) viaSteps++;
        for (const w of ['elderly', 'wheelchair']) {
          const d = results.get(w)!.communities[k].categories[ci].distances[i];
          // a walk without steps is one the other walkers can take too, so theirs is no shorter (a
          // resident or facility whose nearest way is the steps is placed on another way for them)
          if (!steps) expect(d, `${w} ${c.community.id} ${cat.id} ${i}`).toBeGreaterThanOrEqual(d0 - 1e-9);
          if (Math.abs(d - d0) > 1e-6) {
            changed[w]++;
            expect(steps, `${w} ${c.community.id} ${cat.id} resident ${i}: changed without steps`).toBe(true);
          } else if (exact.includes(w))
            expect(steps, `${w} ${c.community.id} ${cat.id} resident ${i}: steps but unchanged`).toBe(false);
        }
      });
    });
  });
  return { viaSteps, changed };
}

describe('steps: elderly and wheelchair coverage differ from default exactly where the steps are', () => {
  it('the sample town: the 维港梯道 stairway is a short cut; wheelchair distances change for exactly the residents whose walk takes it, elderly ones only for such residents', async () => {
    const net = await networkFromOsm(join(SAMPLE, 'town.osm'));
    const { communities } = await readCommunities(join(SAMPLE, 'communities.geojson'));
    const facilities = (await collectFacilities(net, profile, [{ path: join(SAMPLE, 'facilities.csv'), crs: 'gcj02' }]))
      .inventory.facilities;
    const steps = (n: WalkNetwork) => Array.from(n.edgeFlags).filter((f) => f & EDGE_STEPS).length;
    expect(steps(net)).toBeGreaterThan(0);
    expect(steps(walkerNetwork(net, walkerByName('wheelchair')))).toBe(0);
    const elderly = walkerNetwork(net, walkerByName('elderly'));
    expect(steps(elderly)).toBe(steps(net));
    expect(elderly.edgeCost).toBeDefined();
    const runs = await walkerRuns(net, communities, facilities);
    const r = checkStepsOnly(net, facilities, runs, ['wheelchair']);
    // not vacuous: residents of 维港社区 walk the steps, and both walkers see it
    expect(r.viaSteps).toBeGreaterThan(20);
    expect(r.changed.wheelchair).toBe(r.viaSteps);
    expect(r.changed.elderly).toBeGreaterThan(0);
    expect(r.changed.elderly).toBeLessThanOrEqual(r.viaSteps);
    // and it shows in the coverage itself: some share of 维港社区 is lower for wheelchair users
    const k = communities.findIndex((c) => c.id === 'QC-003');
    const shares = (w: string) => runs.get(w)!.communities[k].categories.map((o) => o.share);
    expect(shares('wheelchair').some((s, i) => s < shares('default')[i] - 1e-9)).toBe(true);
    // every other community is untouched: the steps are in 维港社区 alone
    runs.get('default')!.communities.forEach((c, i) => {
      if (i === k) return;
      expect(
        runs.get('wheelchair')!.communities[i].categories.map((o) => o.share),
        c.community.id,
      ).toEqual(c.categories.map((o) => o.share));
    });
  });

  it('a block with a flight of steps as the short cut: exactly the residents who take the steps walk farther', async () => {
    // streets y = 0 and y = 200 (x 0..400) joined at x = 0 and x = 400; steps at x = 200 between them
    const fixture: Fixture = {
      nodes: [
        [1, ...at(0, 0)],
        [2, ...at(200, 0)],
        [3, ...at(400, 0)],
        [4, ...at(0, 200)],
        [5, ...at(200, 200)],
        [6, ...at(400, 200)],
      ],
      ways: [
        [10, [1, 2, 3], { highway: 'residential' }],
        [11, [4, 5, 6], { highway: 'residential' }],
        [12, [1, 4], { highway: 'residential' }],
        [13, [3, 6], { highway: 'residential' }],
        [14, [2, 5], { highway: 'steps' }],
      ],
    };
    const net = await networkFromOsm(writeFixture(fixture));
    const kg = (x: number, y: number, id: string): Facility => ({
      key: `list:t:${id}:kindergarten`,
      category: 'kindergarten',
      source: 'list',
      sourceId: id,
      name: id,
      points: [at(x, y)],
      pointKind: 'point',
      floorAreaM2: null,
      merged: [],
    });
    const community = (id: string, g: Polygon): Community => ({
      id,
      name: id,
      households: 100,
      population: null,
      geometry: g,
      source: 'file',
      feature: 1,
      repairs: [],
    });
    const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
      type: 'Polygon',
      coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]],
    });
    // one community south of the steps, one beside the x = 0 street (its walk north never takes the steps)
    const communities = [community('S', rect(150, -60, 250, -10)), community('W', rect(-60, 120, -10, 180))];
    const facilities = [kg(200, 200, 'north')];
    const runs = await walkerRuns(net, communities, facilities);
    const r = checkStepsOnly(net, facilities, runs);
    expect(r.viaSteps).toBeGreaterThan(0);
    expect(r.changed).toEqual({ elderly: r.viaSteps, wheelchair: r.viaSteps });
    const share = (w: string, k: number) =>
      runs.get(w)!.communities[k].categories.find((o) => o.category.id === 'kindergarten')!.share;
    expect(share('default', 0)).toBe(1); // ~250 m up the steps
    expect(share('wheelchair', 0)).toBe(0); // ~650 m round the block
    expect(share('elderly', 0)).toBe(0); // steps count 4x: the way round is taken
    expect(share('wheelchair', 1)).toBe(share('default', 1));
  });
});

describe.skipIf(!HAS_SHARED)('Monaco (many steps)', () => {
  it('the wheelchair network has no step edge, and keeps most of the network', async () => {
    const net = await networkFromOsm(real('ext-monaco-pbf/monaco.osm.pbf'));
    const steps = Array.from(net.edgeFlags).filter((f) => f & EDGE_STEPS).length;
    expect(steps).toBeGreaterThan(100);
    const w = walkerNetwork(net, walkerByName('wheelchair'));
    expect(Array.from(w.edgeFlags).filter((f) => f & EDGE_STEPS).length).toBe(0);
    expect(w.edgeCount).toBeLessThan(net.edgeCount - steps + 1);
    expect(w.edgeCount).toBeGreaterThan(0.6 * net.edgeCount);
  });
});

describe('--walker on the command line', () => {
  it('an unknown walker: one line, exit 2, the known ones listed', () => {
    const r = cli([
      'route',
      join(SAMPLE, 'town.osm'),
      '--from',
      '113.05,23.68',
      '--to',
      '113.051,23.681',
      '--walker',
      'granny',
    ]);
    expect(r.status).toBe(2);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('error:'));
    expect(lines).toEqual([
      'error: --walker granny: no such walker (known: default, elderly, child, wheelchair; see data/walkers.yaml)',
    ]);
  });
});

describe('walkers: in a job, side by side', () => {
  it('one folder per walker and walkers.csv with each share and the barrier-free share', () => {
    const dir = tmp();
    for (const f of ['town.osm', 'communities.geojson', 'facilities.csv']) copyFileSync(join(SAMPLE, f), join(dir, f));
    writeFileSync(
      join(dir, 'job.yaml'),
      'osm: town.osm\ncommunities: communities.geojson\nfacilities:\n  - file: facilities.csv\n    crs: gcj02\nlang: en\noutput: out\nwalkers: [default, wheelchair]\n',
    );
    const r = cli(['run', join(dir, 'job.yaml')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/walker wheelchair: \d+ of \d+ edges usable/);
    expect(existsSync(join(dir, 'out/default/coverage.csv'))).toBe(true);
    expect(existsSync(join(dir, 'out/wheelchair/coverage.csv'))).toBe(true);
    const text = readFileSync(join(dir, 'out/walkers.csv'), 'utf8');
    const [head, ...rows] = text.slice(1).trim().split('\r\n');
    expect(head).toBe(
      '"community_id","community_name","category","category_name","required","threshold_m","share_default","result_default","share_wheelchair","result_wheelchair","barrier_free_share"',
    );
    expect(rows.length).toBe(6 * 16);
    expect(JSON.parse(readFileSync(join(dir, 'out/wheelchair/run.json'), 'utf8')).parameters.walker).toBe('wheelchair');
  });
});
