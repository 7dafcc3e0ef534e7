/**
 * Categories from Chinese map services: Amap/Baidu type paths and Amap typecodes mapped by
 * data/map-service-types.yaml, aliases such as 社康站, and the per-category report of a list read.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { mappingNote } from '../../src/facilities/collect.js';
import { listFacilities, rowCategories } from '../../src/facilities/list-facilities.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import { resolveCategory } from '../../src/profiles/names.js';
import { fixture, HAS_REAL, REAL, ROOT } from './helpers.js';

const cc = loadProfile('complete-community-2020');
const gb = loadProfile('gb50180-2018');

describe('map-service type table', () => {
  it('maps Amap types of the issue to complete-community categories', () => {
    expect(rowCategories(cc, '生活服务;美容美发店;美容美发店')).toEqual(['barber']);
    expect(rowCategories(cc, '医疗保健服务;诊所;诊所')).toEqual(['community_health_station']);
    expect(rowCategories(cc, '生活服务;洗衣店;洗衣店')).toEqual(['laundry']);
    expect(rowCategories(cc, '购物服务;超级市场;超市')).toEqual(['supermarket']);
    expect(rowCategories(cc, '科教文化服务;学校;幼儿园')).toEqual(['kindergarten']);
    expect(rowCategories(cc, '交通设施服务;停车场;公共停车场')).toEqual(['parking_charging']);
    expect(rowCategories(cc, '风景名胜;公园广场;公园')).toEqual(['public_green']);
  });

  it('leaves out on purpose what the table says is no category (pets, specialist hospitals)', () => {
    expect(rowCategories(cc, '医疗保健服务;动物医疗场所;宠物诊所')).toEqual([]);
    expect(rowCategories(cc, '医疗保健服务;专科医院;口腔医院')).toEqual([]);
    // complete-community does not count hospitals; GB 50180's health centre does
    expect(rowCategories(cc, '医疗保健服务;综合医院;三级甲等医院')).toEqual([]);
    expect(rowCategories(gb, '医疗保健服务;综合医院;三级甲等医院')).toEqual(['community_health_centre']);
  });

  it('a clinic counts for both GB 50180 health categories, as OSM clinics do', () => {
    expect(rowCategories(gb, '医疗保健服务;诊所;诊所').sort()).toEqual([
      'community_health_centre',
      'community_health_station',
    ]);
  });

  it('several types joined by | count for each', () => {
    expect(rowCategories(cc, '医疗保健服务;医药保健销售店;药房|医疗保健服务;诊所;诊所')).toEqual([
      'pharmacy',
      'community_health_station',
    ]);
    expect(rowCategories(cc, '医疗保健服务;专科医院;口腔医院|医疗保健服务;诊所;诊所')).toEqual([
      'community_health_station',
    ]);
  });

  it('a 小类 column alone, an Amap typecode, and Baidu paths', () => {
    expect(rowCategories(cc, '美容美发店')).toEqual(['barber']);
    expect(rowCategories(cc, '诊所')).toEqual(['community_health_station']);
    expect(rowCategories(cc, '', undefined, '090300')).toEqual(['community_health_station']);
    expect(rowCategories(cc, '', undefined, '141204')).toEqual(['kindergarten']);
    expect(rowCategories(cc, '', undefined, '090700')).toEqual([]);
    expect(rowCategories(cc, '医疗;诊所')).toEqual(['community_health_station']);
    expect(rowCategories(cc, '丽人;美发')).toEqual(['barber']);
    expect(rowCategories(cc, '生活服务;家政服务')).toEqual(['housekeeping']);
  });

  it('aliases: 社康站, 社区健康服务中心 are community health stations; 养老驿站 an elderly station', () => {
    for (const v of ['社康站', '社康中心', '社区健康服务中心', '社区健康服务站']) {
      expect(resolveCategory(cc, v)).toBe('community_health_station');
      expect(resolveCategory(gb, v)).toBe('community_health_station');
    }
    expect(resolveCategory(cc, '养老驿站')).toBe('elderly_service_station');
    expect(resolveCategory(gb, '长者照护之家')).toBe('elderly_day_care');
  });

  it("the planner's own mapping comes first", () => {
    expect(rowCategories(cc, '医疗保健服务;诊所;诊所', { 诊所: 'pharmacy' })).toEqual(['pharmacy']);
    expect(
      rowCategories(cc, '医疗保健服务;专科医院;口腔医院', { '医疗保健服务;专科医院;口腔医院': 'pharmacy' }),
    ).toEqual(['pharmacy']);
  });

  it('every name the table maps to is a category of a built-in profile (no typos), every entry says why', () => {
    const doc = YAML.parse(readFileSync(resolve(ROOT, 'data/map-service-types.yaml'), 'utf8')) as {
      types: { type: string; to: string[]; why: string; typecode?: string }[];
    };
    expect(doc.types.length).toBeGreaterThan(40);
    for (const t of doc.types) {
      expect(t.why, t.type).toBeTruthy();
      for (const n of t.to) expect(resolveCategory(cc, n) ?? resolveCategory(gb, n), `${t.type} → ${n}`).not.toBeNull();
      if (t.typecode !== undefined) expect(String(t.typecode)).toMatch(/^(\d\d){1,3}$/);
    }
    const types = doc.types.map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it('the list read counts rows per category and to none, with the top unmapped types', async () => {
    const p = fixture(
      'amap-mixed.csv',
      'name,type,lon,lat\n' +
        'A,生活服务;美容美发店;美容美发店,113.05,23.67\n' +
        'B,医疗保健服务;诊所;诊所,113.05,23.67\n' +
        'C,医疗保健服务;诊所;诊所,113.05,23.67\n' +
        'D,医疗保健服务;动物医疗场所;宠物诊所,113.05,23.67\n' +
        'E,交通设施服务;公交车站;公交车站相关,113.05,23.67\n' +
        'F,交通设施服务;公交车站;公交车站相关,113.05,23.67\n',
    );
    const r = await listFacilities({ path: p, crs: 'wgs84' }, cc);
    expect(r.mappedRows).toBe(3);
    expect(r.perCategory).toEqual({ barber: 1, community_health_station: 2 });
    expect(r.unknownCategories).toEqual({
      '医疗保健服务;动物医疗场所;宠物诊所': 1,
      '交通设施服务;公交车站;公交车站相关': 2,
    });
    expect(mappingNote(r)).toBe(
      `${p}: 6 rows, 3 (50.0 %) mapped: community_health_station 2, barber 1; 3 (50.0 %) to no category ` +
        "(top unmapped types: '交通设施服务;公交车站;公交车站相关' ×2, '医疗保健服务;动物医疗场所;宠物诊所' ×1)",
    );
  });
});

const run = HAS_REAL ? describe : describe.skip;
if (!HAS_REAL) console.log('notice: ../shared/data/real is absent, so the Amap mapping share test is skipped');

// rows mapped per file; before the table (only level names against aliases): hospital.csv 4 (0.1 %)
// with complete-community-2020, 960 (12.8 %) with gb50180-2018 (scripts/amap-mapping-share.mjs)
run('real data: share of the Shanghai Amap rows mapped', () => {
  const POI = (f: string) => resolve(REAL, 'cn-shanghai-amap-poi', f);
  it.each([
    ['complete-community-2020', 'hospital.csv', 2713, { community_health_station: 2712, pharmacy: 4 }],
    ['complete-community-2020', 'kindergarten.csv', 2284, { kindergarten: 2284 }],
    [
      'gb50180-2018',
      'hospital.csv',
      4900,
      { community_health_centre: 4900, community_health_station: 1771, neighbourhood_shops: 4 },
    ],
    ['gb50180-2018', 'primary_school.csv', 931, { primary_school: 931 }],
    ['gb50180-2018', 'middle_school.csv', 983, { junior_middle_school: 983 }],
    ['complete-community-2020', 'bus_stop.csv', 0, {}],
  ] as const)('%s %s: %i rows mapped', async (profile, file, mapped, per) => {
    const r = await listFacilities({ path: POI(file), crs: 'wgs84' }, loadProfile(profile));
    expect(r.mappedRows).toBe(mapped);
    expect(r.perCategory).toEqual(per);
    // 诊所 rows are health stations; 宠物诊所 never
    if (file === 'hospital.csv') {
      const pets = r.list.rows.filter((x) => x.category === '医疗保健服务;动物医疗场所;宠物诊所').length;
      expect(pets).toBe(377);
      expect(r.unknownCategories['医疗保健服务;动物医疗场所;宠物诊所']).toBe(377);
    }
  });
});
