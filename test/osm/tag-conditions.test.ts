/**
 * The one tag-condition language of the data files, checked once here and through each of its
 * users: the walking rules, the feature rules and the profiles' selectors.
 */
import { describe, expect, it } from 'vitest';
import { loadFeatureRules, parseFeatureRules } from '../../src/network/feature-rules.js';
import { parseWalkRules } from '../../src/network/rules.js';
import {
  compileAnyOf,
  compileSelector,
  conditionKeys,
  formatSelector,
  parseSelector,
  type TagSelector,
} from '../../src/osm/tag-conditions.js';
import { compileSelectors } from '../../src/profiles/selectors.js';

const fail = (path: readonly (string | number)[], message: string): never => {
  throw new Error(`${path.join('.')}: ${message}`);
};
const sel = (raw: unknown) => parseSelector(raw, [], fail);

describe('tag conditions', () => {
  it.each([
    [{ highway: '*' }, { highway: 'footway' }, true],
    [{ highway: '*' }, {}, false],
    [{ highway: ['footway', 'path'] }, { highway: 'path' }, true],
    [{ highway: ['footway', 'path'] }, { highway: 'steps' }, false],
    [{ foot: { not: ['no'] } }, {}, true], // absent counts as "another value"
    [{ foot: { not: ['no'] } }, { foot: 'yes' }, true],
    [{ foot: { not: ['no'] } }, { foot: 'no' }, false],
    [{ name: { contains: ['小学'] } }, { name: '清城第一小学' }, true],
    [{ name: { contains: ['小学'], except: ['中小学'] } }, { name: '实验中小学' }, false],
    [{ name: { contains: ['小学'] } }, {}, false],
    [{ amenity: ['school'], 'isced:level': ['1'] }, { amenity: 'school', 'isced:level': '1' }, true],
    [{ amenity: ['school'], 'isced:level': ['1'] }, { amenity: 'school' }, false], // all conditions hold (AND)
  ])('%o on %o: %s', (raw, tags, expected) => {
    expect(compileSelector(sel(raw))(tags)).toBe(expected);
  });

  it('a list of selectors holds alternatives (OR); an empty list matches nothing', () => {
    const any = compileAnyOf([sel({ entrance: '*' }), sel({ barrier: ['gate'] })]);
    expect([any({ entrance: 'main' }), any({ barrier: 'gate' }), any({ barrier: 'fence' })]).toEqual([
      true,
      true,
      false,
    ]);
    expect(compileAnyOf([])({ amenity: 'school' })).toBe(false);
    expect([...conditionKeys([sel({ a: '*', b: ['x'] }), sel({ c: '*' })])].sort()).toEqual(['a', 'b', 'c']);
  });

  it('numbers read from YAML become text values; malformed conditions name where they are', () => {
    expect(sel({ 'isced:level': [1, 2] })).toEqual({ 'isced:level': ['1', '2'] });
    expect(() => sel({ highway: 'footway' })).toThrow(
      'highway: must be a list of values, \'*\', { not: [...] }, { contains: [...] } or { above: N }, got "footway" (write [footway] for one value)',
    );
    expect(() => sel({ highway: [] })).toThrow(/highway: lists no values/);
    expect(() => sel({})).toThrow(/has no tag conditions/);
    expect(() => sel({ highway: { only: ['x'] } })).toThrow(/got a map with 'only'/);
  });

  it('{ above: N } holds for a slope beyond N % either way, never for a word or a missing tag', () => {
    const steep = compileSelector(sel({ incline: { above: 8.33 } }));
    for (const v of ['10%', '-12 %', '0.1', '5°', '9']) expect(steep({ incline: v }), v).toBe(true);
    for (const v of ['8%', '-8.33%', '0.05', '4°', 'up', 'down', 'steep', ''])
      expect(steep({ incline: v }), v).toBe(false);
    expect(steep({ highway: 'footway' })).toBe(false);
    expect(formatSelector(sel({ incline: { above: 8.33 } }))).toBe('|incline|>8.33');
    expect(() => sel({ incline: { above: 'steep' } })).toThrow(
      'incline.above: must be a number >= 0 (a slope in %), got "steep"',
    );
  });

  it('formats as one line', () => {
    expect(
      formatSelector(
        sel({ amenity: ['school'], access: { not: ['private'] }, name: { contains: ['小学'], except: ['中小学'] } }),
      ),
    ).toBe('amenity=school + access!=private + name~小学!~中小学');
  });
});

describe('every data file speaks it', () => {
  it('walking rules: a rule may use any condition form, and a malformed one is one line naming the rule and key', () => {
    const rules = parseWalkRules(
      'rules:\n  - if: { highway: [footway], name: { contains: [施工] } }\n    walk: false\n  - if: { highway: "*" }\n    walk: true\n',
      'r.yaml',
    );
    expect(rules.evaluate({ highway: 'footway', name: '施工便道' })).toBeNull();
    expect(rules.evaluate({ highway: 'footway', name: '滨江步道' })).not.toBeNull();
    expect(rules.keys.has('name')).toBe(true);
    expect(() => parseWalkRules('rules:\n  - if: { highway: footway }\n    walk: true\n', 'r.yaml')).toThrow(
      /^r\.yaml: rule 1: if: 'highway' must be a list of values/,
    );
    expect(() => parseWalkRules('rules: []\nflags:\n  steps: { highway: steps }\n', 'r.yaml')).toThrow(
      /^r\.yaml: flags: steps: 'highway' must be a list of values/,
    );
  });

  it('feature rules: entrances and residential areas are selectors in data/features.yaml', () => {
    const f = loadFeatureRules();
    expect([
      f.isEntrance({ entrance: 'main' }),
      f.isEntrance({ barrier: 'gate' }),
      f.isEntrance({ barrier: 'fence' }),
    ]).toEqual([true, true, false]);
    expect([
      f.isResidentialArea({ landuse: 'residential' }),
      f.isResidentialArea({ place: 'neighbourhood' }),
      f.isResidentialArea({ landuse: 'commercial' }),
    ]).toEqual([true, true, false]);
    const text =
      'keys: [amenity]\ntags: {}\nentrances: [{ barrier: gate }]\nresidential_areas: [{ landuse: [residential] }]\nresidential_buildings: [yes]\n';
    expect(() => parseFeatureRules(text, 'f.yaml')).toThrow(
      /^f\.yaml: entrances\[0\]: 'barrier' must be a list of values/,
    );
  });

  it('profiles: category selectors compile through the same compiler', () => {
    const osm: TagSelector[] = [sel({ amenity: ['kindergarten'] }), sel({ name: { contains: ['幼儿园'] } })];
    const f = compileSelectors({ osm });
    expect([f({ amenity: 'kindergarten' }), f({ name: '阳光幼儿园' }), f({ amenity: 'school' })]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
