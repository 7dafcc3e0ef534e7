/**
 * A planner's own profile is checked strictly: each problem is one InputError line naming the file,
 * the field and what is wrong.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, matchCategories, resolveCategory } from '../../src/profiles/index.js';
import { InputError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lc-profiles-'));

const GOOD = `id: my-city
name: { zh: 本市口径, en: Our city }
source: { zh: 本市导则, en: City guideline, issued: 2023 }
tiers:
  - { id: 5min, zh: 5分钟, en: 5 minutes, threshold_m: 300 }
  - { id: 10min, zh: 10分钟, en: 10 minutes, threshold_m: 500 }
categories:
  - id: kindergarten
    zh: 幼儿园
    en: Kindergarten
    tier: 5min
    threshold_m: 300
    required: true
    clause: guideline 3.1
    verified: true
    osm:
      - { amenity: [kindergarten] }
  - id: market
    zh: 菜市场
    en: Market
    tier: 10min
    threshold_m: 500
    required: false
    clause: guideline 3.2
    verified: false
    note: from memory
    aliases: [农贸市场]
    osm:
      - { amenity: [marketplace] }
  - id: pharmacy
    zh: 药店
    en: Pharmacy
    tier: 5min
    threshold_m: 300
    required: false
    clause: guideline 3.3
    verified: true
    osm:
      - { amenity: [pharmacy] }
`;

let n = 0;
function write(text: string): string {
  const f = join(dir, `p${++n}.yaml`);
  writeFileSync(f, text);
  return f;
}

/** the error loadProfile throws for this text; fails the test when it loads */
function errorOf(text: string): { file: string; message: string } {
  const file = write(text);
  try {
    loadProfile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const message = (e as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message.startsWith(`${file}: `), message).toBe(true);
    return { file, message };
  }
  throw new Error('expected the profile to be rejected');
}

describe("a planner's own profile", () => {
  it('loads when valid, with defaults for optional fields', () => {
    const file = write(GOOD);
    const p = loadProfile(file);
    expect(p.builtin).toBe(false);
    expect(p.file).toBe(file);
    expect(p.source.issued).toBe('2023');
    expect(p.categories.map((c) => c.id)).toEqual(['kindergarten', 'market', 'pharmacy']);
    expect(p.categories[0].aliases).toEqual([]);
    expect(p.categories[1].note).toEqual({ zh: 'from memory', en: 'from memory' });
    expect(matchCategories(p, { amenity: 'marketplace' })).toEqual(['market']);
    expect(resolveCategory(p, '农贸市场')).toBe('market');
  });
});

describe('validation errors name the file, the field and the problem', () => {
  it('threshold not a positive number', () => {
    const { message } = errorOf(
      GOOD.replace('clause: guideline 3.3\n', 'clause: guideline 3.3\n').replace(
        /(id: pharmacy[\s\S]*?)threshold_m: 300/,
        '$1threshold_m: abc',
      ),
    );
    expect(message).toMatch(
      /: categories\[2\] \(pharmacy\)\.threshold_m must be a positive number of metres, got "abc" \(line \d+\)$/,
    );
    expect(errorOf(GOOD.replace(/(id: market[\s\S]*?)threshold_m: 500/, '$1threshold_m: -1')).message).toMatch(
      /categories\[1\] \(market\)\.threshold_m must be a positive number of metres, got -1/,
    );
    expect(errorOf(GOOD.replace('threshold_m: 300 }', 'threshold_m: 0 }')).message).toMatch(
      /tiers\[0\] \(5min\)\.threshold_m must be a positive number of metres, got 0/,
    );
  });

  it('the line number points at the field', () => {
    const text = GOOD.replace(/(id: pharmacy[\s\S]*?)threshold_m: 300/, '$1threshold_m: abc');
    const line = text.split('\n').findIndex((l) => l.includes('threshold_m: abc')) + 1;
    expect(errorOf(text).message).toMatch(new RegExp(`\\(line ${line}\\)$`));
  });

  it('unknown keys, with a suggestion for typos', () => {
    expect(
      errorOf(GOOD.replace('    clause: guideline 3.1', '    clause: guideline 3.1\n    treshold: 3')).message,
    ).toMatch(
      /categories\[0\] \(kindergarten\)\.treshold is not a known field; allowed here: id, zh, en, tier, threshold_m/,
    );
    expect(
      errorOf(GOOD.replace('    clause: guideline 3.1', '    clause: guideline 3.1\n    requird: true')).message,
    ).toMatch(/\.requird is not a known field \(did you mean 'required'\?\)/);
    expect(errorOf(`${GOOD}colour: red\n`).message).toMatch(
      /: colour is not a known field; allowed here: version, id, name/,
    );
    expect(errorOf(GOOD.replace('issued: 2023', 'issued: 2023, year: 2023')).message).toMatch(
      /source\.year is not a known field/,
    );
  });

  it('missing fields', () => {
    expect(errorOf(GOOD.replace('    clause: guideline 3.2\n', '')).message).toMatch(
      /categories\[1\] \(market\)\.clause is missing/,
    );
    expect(
      errorOf(GOOD.replace('    verified: true\n    osm:\n      - { amenity: [pharmacy] }\n', '    verified: true\n'))
        .message,
    ).toMatch(/categories\[2\] \(pharmacy\)\.osm is missing/);
    expect(errorOf(GOOD.replace('name: { zh: 本市口径, en: Our city }\n', '')).message).toMatch(/: name is missing/);
    expect(errorOf(GOOD.replace('name: { zh: 本市口径, en: Our city }', 'name: { zh: 本市口径 }')).message).toMatch(
      /name\.en is missing/,
    );
  });

  it('wrong types', () => {
    expect(errorOf(GOOD.replace('    required: true', '    required: yes')).message).toMatch(
      /categories\[0\] \(kindergarten\)\.required must be true or false \(true = required 必配, false = recommended 宜配\), got "yes"/,
    );
    expect(errorOf(GOOD.replace('    verified: false', '    verified: 0')).message).toMatch(
      /categories\[1\] \(market\)\.verified must be true or false/,
    );
    expect(errorOf(GOOD.replace('aliases: [农贸市场]', 'aliases: 农贸市场')).message).toMatch(
      /categories\[1\] \(market\)\.aliases must be a list of names, got "农贸市场"/,
    );
    expect(errorOf(GOOD.replace('zh: 药店', 'zh: 42')).message).toMatch(
      /categories\[2\] \(pharmacy\)\.zh must be a non-empty text, got 42/,
    );
    expect(errorOf(GOOD.replace('id: pharmacy', 'id: Pharmacy')).message).toMatch(
      /categories\[2\] \(Pharmacy\)\.id must be lowercase ascii letters, digits, '_' or '-' \(like kindergarten or 5min\), got "Pharmacy"/,
    );
    expect(errorOf(GOOD.replace(/categories:[\s\S]*/, 'categories: {}\n')).message).toMatch(
      /: categories must be a list of facility categories, got a map/,
    );
    expect(errorOf(GOOD.replace(/categories:[\s\S]*/, 'categories: []\n')).message).toMatch(/: categories is empty/);
  });

  it('duplicate category ids, and names that point to two categories', () => {
    expect(errorOf(GOOD.replace('id: pharmacy', 'id: market')).message).toMatch(
      /categories\[2\] \(market\)\.id 'market' is used twice \(also categories\[1\]\); category ids must be unique/,
    );
    expect(errorOf(GOOD.replace('zh: 药店', 'zh: 农贸市场')).message).toMatch(
      /categories\[2\] \(pharmacy\)\.zh "农贸市场" also names categories\[1\] \(market\)/,
    );
    expect(errorOf(GOOD.replace('aliases: [农贸市场]', 'aliases: [农贸市场, KINDERGARTEN]')).message).toMatch(
      /categories\[1\] \(market\)\.aliases\[1\] "KINDERGARTEN" also names categories\[0\] \(kindergarten\)/,
    );
  });

  it('a tier that is not among the tiers', () => {
    expect(errorOf(GOOD.replace('tier: 10min', 'tier: 15min')).message).toMatch(
      /categories\[1\] \(market\)\.tier is '15min', which is not one of the profile's tiers \(5min, 10min\)/,
    );
    expect(errorOf(GOOD.replace('{ id: 10min', '{ id: 5min')).message).toMatch(
      /tiers\[1\] \(5min\)\.id '5min' is used twice/,
    );
  });

  it('malformed selectors', () => {
    const sel = (s: string) => errorOf(GOOD.replace('- { amenity: [pharmacy] }', s)).message;
    expect(sel('- { amenity: pharmacy }')).toMatch(
      /categories\[2\] \(pharmacy\)\.osm\[0\]\.amenity must be a list of values, '\*', \{ not: \[\.\.\.\] \}, \{ contains: \[\.\.\.\] \} or \{ above: N \}, got "pharmacy" \(write \[pharmacy\] for one value\)/,
    );
    expect(sel('- { amenity: [] }')).toMatch(/osm\[0\]\.amenity lists no values/);
    expect(sel('- {}')).toMatch(/osm\[0\] has no tag conditions/);
    expect(sel('- { access: { not: [private] } }')).toMatch(/osm\[0\] has only \{ not: \[\.\.\.\] \} conditions/);
    expect(sel('- { amenity: { none: [x] } }')).toMatch(
      /osm\[0\]\.amenity must be a list of values, '\*', \{ not: \[\.\.\.\] \}, \{ contains: \[\.\.\.\] \} or \{ above: N \}, got a map with 'none'/,
    );
    expect(sel('- { amenity: [pharmacy], name: { contains: 药 } }')).toMatch(
      /osm\[0\]\.name\.contains must be a list of texts, got "药"/,
    );
    expect(sel('- { amenity: [pharmacy], name: { contains: [] } }')).toMatch(
      /osm\[0\]\.name\.contains lists no values/,
    );
    expect(sel('- { amenity: [pharmacy], name: { contains: [药], except: 中药 } }')).toMatch(
      /osm\[0\]\.name\.except must be a list of texts, got "中药"/,
    );
    expect(sel('- { amenity: [pharmacy], name: { except: [中药] } }')).toMatch(
      /osm\[0\]\.name must be .* got a map with 'except'/,
    );
    expect(sel('- { amenity: [pharmacy, { a: 1 }] }')).toMatch(
      /osm\[0\]\.amenity\[1\] must be a tag value \(text\), got a map/,
    );
    expect(sel('- amenity=pharmacy')).toMatch(
      /osm\[0\] must be a map of tag conditions like \{ amenity: \[kindergarten\] \}, got "amenity=pharmacy"/,
    );
    expect(
      errorOf(GOOD.replace('    osm:\n      - { amenity: [pharmacy] }', '    osm: { amenity: [pharmacy] }')).message,
    ).toMatch(/categories\[2\] \(pharmacy\)\.osm must be a list of selectors/);
  });

  it('selector values written as numbers are read as text', () => {
    const p = loadProfile(
      write(GOOD.replace('- { amenity: [pharmacy] }', "- { amenity: [school], 'isced:level': [1] }")),
    );
    expect(matchCategories(p, { amenity: 'school', 'isced:level': '1' })).toEqual(['pharmacy']);
  });

  it('invalid YAML, an empty file and a wrong version', () => {
    expect(errorOf('id: [unclosed\n').message).toMatch(/: invalid YAML at line \d+/);
    expect(errorOf(`${GOOD}id: again\n`).message).toMatch(/: invalid YAML at line \d+: Map keys must be unique/);
    expect(errorOf('').message).toMatch(/the file is empty/);
    expect(errorOf(`version: 2\n${GOOD}`).message).toMatch(/: version is 2; this lifecircle reads profile version 1/);
    expect(errorOf('- a\n- b\n').message).toMatch(/must be a map like/);
  });
});

describe('finding a profile', () => {
  it('an unknown built-in name lists the available ones', () => {
    expect(() => loadProfile('gb50180')).toThrow(InputError);
    expect(() => loadProfile('gb50180')).toThrow(
      /unknown profile 'gb50180'; built-in profiles: complete-community-2020, gb50180-2018/,
    );
  });

  it('a missing file says so', () => {
    expect(() => loadProfile(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: cannot read the profile \(no such file\)/);
    expect(() => loadProfile('')).toThrow(/no profile given/);
  });
});
