/**
 * The built-in profiles load, their selectors compile and match what a planner expects, planner
 * names resolve to categories, and thresholds can be overridden.
 */
import { describe, expect, it } from 'vitest';
import { loadFeatureRules } from '../../src/network/feature-rules.js';
import {
  builtinProfileNames,
  compileSelectors,
  formatSelectors,
  listProfiles,
  loadProfile,
  matchCategories,
  resolveCategory,
  selectorKeys,
  withThresholdOverrides,
  type OsmSelector,
  type Profile,
} from '../../src/profiles/index.js';
import { InputError } from '../../src/util/errors.js';

const BUILTIN = ['complete-community-2020', 'gb50180-2018'];

describe('built-in profiles', () => {
  it('lists both profiles with their names and files', () => {
    expect(builtinProfileNames()).toEqual(BUILTIN);
    const list = listProfiles();
    expect(list.map((l) => l.id)).toEqual(BUILTIN);
    for (const l of list) {
      expect(l.name.zh).not.toBe('');
      expect(l.name.en).not.toBe('');
      expect(l.file).toMatch(new RegExp(`data/profiles/${l.id}\\.yaml$`));
    }
  });

  it.each(BUILTIN)('%s loads, its id matches its file, and every category is consistent', (name) => {
    const p = loadProfile(name);
    expect(p.id).toBe(name);
    expect(p.builtin).toBe(true);
    expect(p.categories.length).toBeGreaterThan(10);
    const tierIds = new Set(p.tiers.map((t) => t.id));
    for (const c of p.categories) {
      expect(tierIds.has(c.tier), `${c.id}.tier`).toBe(true);
      expect(c.threshold_m, c.id).toBeGreaterThan(0);
      expect(c.clause, c.id).not.toBe('');
      // an unverified figure or an empty selector list must be explained
      if (!c.verified || c.osm.length === 0) expect(c.note?.zh && c.note.en, `${c.id} needs a note`).toBeTruthy();
    }
    expect(loadProfile(name)).toBe(p); // cached
  });

  it.each(BUILTIN)("%s: every category's selectors compile, and only housekeeping lacks OSM tags", (name) => {
    const p = loadProfile(name);
    for (const c of p.categories) {
      const f = compileSelectors(c);
      expect(typeof f).toBe('function');
      expect(f({}), `${c.id} must not match an untagged object`).toBe(false);
      if (c.osm.length === 0) expect(c.id).toBe('housekeeping');
    }
  });

  it.each(BUILTIN)('%s: every selector can match an object that `prepare` keeps (data/features.yaml)', (name) => {
    const rules = loadFeatureRules();
    const p = loadProfile(name);
    for (const c of p.categories) {
      for (const sel of c.osm) {
        const tags = exampleTags(sel);
        expect(compileSelectors({ osm: [sel] })(tags), `${c.id}: example ${JSON.stringify(tags)}`).toBe(true);
        expect(rules.keep(tags), `${c.id}: prepare drops objects tagged ${JSON.stringify(tags)}`).toBe(true);
      }
    }
  });

  it('the five-minute threshold is 300 m and the supermarket 500 m in the complete-community profile', () => {
    const p = loadProfile('complete-community-2020');
    const byId = new Map(p.categories.map((c) => [c.id, c]));
    expect(byId.get('kindergarten')).toMatchObject({
      threshold_m: 300,
      tier: '5min',
      required: true,
      verified: true,
      floor_area_min_m2: 2200,
      land_area_min_m2: 3500,
    });
    expect(byId.get('supermarket')).toMatchObject({ threshold_m: 500, tier: '10min', floor_area_min_m2: 300 });
    expect(byId.get('housekeeping')?.osm).toEqual([]);
    expect([...byId.keys()]).toEqual(
      expect.arrayContaining([
        'community_service_station',
        'nursery',
        'elderly_service_station',
        'community_health_station',
        'parcel_post',
        'barber',
        'laundry',
        'pharmacy',
        'repair',
        'canteen',
        'public_activity_ground',
        'public_green',
        'parking_charging',
      ]),
    );
  });

  it('GB 50180 has the four tiers and the corroborated school radii', () => {
    const p = loadProfile('gb50180-2018');
    expect(p.tiers.map((t) => [t.id, t.threshold_m])).toEqual([
      ['15min', 1000],
      ['10min', 500],
      ['5min', 300],
      ['block', 300],
    ]);
    const byId = new Map(p.categories.map((c) => [c.id, c]));
    expect(byId.get('junior_middle_school')).toMatchObject({ tier: '15min', threshold_m: 1000, verified: true });
    expect(byId.get('primary_school')).toMatchObject({ tier: '10min', threshold_m: 500, verified: true });
    expect(byId.get('community_health_centre')).toMatchObject({ threshold_m: 1000, verified: false });
    expect(byId.get('refuse_collection_point')).toMatchObject({ tier: 'block', threshold_m: 70, verified: false });
  });
});

describe('matching OSM tags', () => {
  const cc = () => loadProfile('complete-community-2020');
  const gb = () => loadProfile('gb50180-2018');

  it('a kindergarten node matches the kindergarten category only', () => {
    expect(matchCategories(cc(), { amenity: 'kindergarten', name: '阳光幼儿园' })).toEqual(['kindergarten']);
    expect(matchCategories(gb(), { amenity: 'kindergarten' })).toEqual(['kindergarten']);
  });

  it('a kindergarten with nursery=yes also serves as a nursery', () => {
    expect(matchCategories(cc(), { amenity: 'kindergarten', nursery: 'yes' })).toEqual(['kindergarten', 'nursery']);
    expect(matchCategories(cc(), { amenity: 'kindergarten', nursery: 'no' })).toEqual(['kindergarten']);
  });

  it('schools match by isced:level, and an untagged school matches no school category', () => {
    expect(matchCategories(gb(), { amenity: 'school', 'isced:level': '1' })).toEqual(['primary_school']);
    expect(matchCategories(gb(), { amenity: 'school', 'isced:level': '1;2' })).toEqual([
      'junior_middle_school',
      'primary_school',
    ]);
    expect(matchCategories(gb(), { amenity: 'school' })).toEqual([]);
  });

  it('Chinese school names tell the stage when isced:level is missing (names from the real extracts)', () => {
    const school = (name: string) => matchCategories(gb(), { amenity: 'school', name });
    expect(school('清华附小')).toEqual(['primary_school']);
    expect(school('海淀区第一实验小学')).toEqual(['primary_school']);
    for (const n of [
      '清华附中',
      '中关村中学分校',
      '上海大学附属中学',
      '贵溪五中',
      '贵溪市第九中学',
      '北京市第八十中学',
    ])
      expect(school(n), n).toEqual(['junior_middle_school']);
    expect(school('某某九年一贯制学校')).toEqual(['junior_middle_school', 'primary_school']);
    expect(school('清华大学洁华幼儿园')).toEqual(['kindergarten']);
    expect(matchCategories(cc(), { amenity: 'school', name: '清华大学洁华幼儿园' })).toEqual(['kindergarten']);
    // senior-only, vocational and names that do not tell the stage stay unmatched
    for (const n of ['北京市第一高级中学', '龙岗高中', '某某职业中学', '龙岗外国语学校', '诗雅艺术学校'])
      expect(school(n), n).toEqual([]);
    // the name alone is not enough: it must be a school
    expect(matchCategories(gb(), { amenity: 'university', name: '某某中学' })).toEqual([]);
  });

  it('{ not: [...] } conditions exclude private parks and post partners', () => {
    expect(matchCategories(cc(), { leisure: 'park' })).toEqual(['public_green']);
    expect(matchCategories(cc(), { leisure: 'park', access: 'private' })).toEqual([]);
    expect(matchCategories(gb(), { amenity: 'post_office' })).toEqual(['telecom_post_office', 'parcel_delivery']);
    expect(matchCategories(gb(), { amenity: 'post_office', post_office: 'post_partner' })).toEqual(['parcel_delivery']);
  });

  it("'*' conditions: any shop that repairs", () => {
    expect(matchCategories(cc(), { shop: 'bicycle', repair: 'yes' })).toEqual(['repair']);
    expect(matchCategories(cc(), { repair: 'yes' })).toEqual([]);
  });

  it('non-matching tag sets match nothing', () => {
    expect(matchCategories(cc(), { highway: 'residential', name: '人民路' })).toEqual([]);
    expect(matchCategories(cc(), { amenity: 'post_depot' })).toEqual([]);
    expect(matchCategories(gb(), { building: 'yes' })).toEqual([]);
    expect(matchCategories(cc(), {})).toEqual([]);
  });

  it('selectorKeys and formatSelectors describe the selectors', () => {
    const keys = selectorKeys(cc());
    expect(keys.has('amenity')).toBe(true);
    expect(keys.has('isced:level')).toBe(true);
    const kg = cc().categories.find((c) => c.id === 'kindergarten')!;
    expect(formatSelectors(kg.osm)).toBe(
      'amenity=kindergarten | amenity=childcare + isced:level=0 | building=kindergarten | amenity=school + name~幼儿园',
    );
    expect(formatSelectors([{ leisure: ['park'], access: { not: ['private', 'no'] } }, { shop: '*' }])).toBe(
      'leisure=park + access!=private,no | shop=*',
    );
    expect(
      formatSelectors([
        { amenity: ['school'], name: { contains: ['中学', '附中'], except: ['高中'] } },
        { name: { contains: ['小学'] } },
      ]),
    ).toBe('amenity=school + name~中学,附中!~高中 | name~小学');
    expect(formatSelectors([])).toBe('(none)');
  });
});

describe('resolveCategory', () => {
  const cc = () => loadProfile('complete-community-2020');

  it('resolves ids, Chinese and English names and aliases', () => {
    expect(resolveCategory(cc(), 'kindergarten')).toBe('kindergarten');
    expect(resolveCategory(cc(), '幼儿园')).toBe('kindergarten');
    expect(resolveCategory(cc(), 'Kindergarten')).toBe('kindergarten');
    expect(resolveCategory(cc(), '幼稚园')).toBe('kindergarten');
    expect(resolveCategory(cc(), '菜鸟驿站')).toBe('parcel_post');
    expect(resolveCategory(cc(), 'Community Health Station')).toBe('community_health_station');
    expect(resolveCategory(cc(), '长者饭堂')).toBe('canteen');
  });

  it('ignores surrounding and inner spaces (half- and full-width), latin case and full-width forms', () => {
    expect(resolveCategory(cc(), '  社区卫生服务站 ')).toBe('community_health_station');
    expect(resolveCategory(cc(), '社区\u3000卫生服务站')).toBe('community_health_station');
    expect(resolveCategory(cc(), 'PHARMACY')).toBe('pharmacy');
    expect(resolveCategory(cc(), 'ｐｈａｒｍａｃｙ')).toBe('pharmacy');
    expect(resolveCategory(cc(), 'Parcel  locker')).toBe('parcel_post');
  });

  it('returns null for unknown or empty values', () => {
    expect(resolveCategory(cc(), '加油站')).toBeNull();
    expect(resolveCategory(cc(), '   ')).toBeNull();
  });

  it('GB 50180 keeps the service centre and the service station apart', () => {
    const gb = loadProfile('gb50180-2018');
    expect(resolveCategory(gb, '社区服务中心')).toBe('subdistrict_service_centre');
    expect(resolveCategory(gb, '居委会')).toBe('community_service_station');
    expect(resolveCategory(gb, '社区卫生服务中心')).toBe('community_health_centre');
    expect(resolveCategory(gb, '卫生站')).toBe('community_health_station');
  });
});

describe('withThresholdOverrides', () => {
  it('replaces the named thresholds, keeps the original, and leaves the loaded profile unchanged', () => {
    const p = loadProfile('complete-community-2020');
    const q: Profile = withThresholdOverrides(p, { supermarket: 800, kindergarten: 500 });
    const get = (pr: Profile, id: string) => pr.categories.find((c) => c.id === id)!;
    expect(get(q, 'supermarket')).toMatchObject({ threshold_m: 800, original_threshold_m: 500 });
    expect(get(q, 'kindergarten')).toMatchObject({ threshold_m: 500, original_threshold_m: 300 });
    expect(get(q, 'nursery')).toBe(get(p, 'nursery'));
    expect(get(p, 'supermarket').threshold_m).toBe(500);
    expect(get(p, 'supermarket').original_threshold_m).toBeUndefined();
    // overriding twice keeps the profile's own value as the original
    expect(get(withThresholdOverrides(q, { supermarket: 600 }), 'supermarket')).toMatchObject({
      threshold_m: 600,
      original_threshold_m: 500,
    });
    // matching still works on the new profile
    expect(matchCategories(q, { shop: 'supermarket' })).toEqual(['supermarket']);
  });

  it('rejects an unknown category, listing the known ids', () => {
    const p = loadProfile('complete-community-2020');
    expect(() => withThresholdOverrides(p, { supermarkt: 500 })).toThrow(InputError);
    expect(() => withThresholdOverrides(p, { supermarkt: 500 })).toThrow(
      /'supermarkt'.*known categories: .*kindergarten.*supermarket/,
    );
  });

  it('rejects a threshold that is not a positive number', () => {
    const p = loadProfile('complete-community-2020');
    expect(() => withThresholdOverrides(p, { pharmacy: -5 })).toThrow(
      /'pharmacy' must be a positive number of metres, got -5/,
    );
    expect(() => withThresholdOverrides(p, { pharmacy: Number.NaN })).toThrow(/positive number/);
  });

  it('profiles are frozen', () => {
    const p = loadProfile('gb50180-2018');
    expect(() => {
      (p.categories[0] as { threshold_m: number }).threshold_m = 1;
    }).toThrow(TypeError);
  });
});

/** Tags that satisfy a selector: the first listed value, 'yes' for '*', nothing for { not }. */
function exampleTags(sel: OsmSelector): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [k, c] of Object.entries(sel)) {
    if (c === '*') tags[k] = 'yes';
    else if (Array.isArray(c)) tags[k] = c[0];
    else if ('contains' in c) tags[k] = `某${c.contains[0]}`;
  }
  return tags;
}
