/**
 * The real Amap POI lists of Shanghai (../shared/data/real/cn-shanghai-amap-poi, SOURCES.md §D):
 * UTF-8 CSVs with columns name,address,adname,pname,type,lat,lon, already WGS-84.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { fixture, gbk, HAS_REAL, REAL } from './helpers.js';

const run = HAS_REAL ? describe : describe.skip;
if (!HAS_REAL) console.log('notice: ../shared/data/real is absent, so the real Amap POI tests are skipped');

const POI = (f: string) => resolve(REAL, 'cn-shanghai-amap-poi', f);

// rows and bbox from SOURCES.md §D
const FILES: [string, number, [number, number, number, number]][] = [
  ['kindergarten.csv', 2284, [120.9209, 30.7171, 121.90661, 31.83158]],
  ['primary_school.csv', 931, [120.9199, 30.71109, 121.91689, 31.83152]],
  ['middle_school.csv', 983, [120.92134, 30.71063, 121.91709, 31.81973]],
  ['hospital.csv', 7513, [120.90778, 30.71347, 121.91974, 31.83216]],
  ['metro_station.csv', 449, [121.01509, 30.90961, 121.92549, 31.40996]],
  ['bus_stop.csv', 10186, [120.86369, 30.70595, 121.8829, 31.84133]],
];

run('real data: Shanghai Amap POI CSVs', () => {
  it.each(FILES)('%s: every row loads, inside the published bbox', async (file, n, [x0, y0, x1, y1]) => {
    const r = await readFacilityList(POI(file), { crs: 'wgs84' });
    expect(r.rows).toHaveLength(n);
    expect(r.skipped).toEqual([]);
    expect(r.format).toBe('csv');
    expect(r.encoding).toBe('utf-8');
    expect(r.columns).toEqual({ lon: 'lon', lat: 'lat', name: 'name', category: 'type', address: 'address' });
    const lons = r.rows.map((x) => x.lon);
    const lats = r.rows.map((x) => x.lat);
    expect(Math.min(...lons)).toBeCloseTo(x0, 4);
    expect(Math.max(...lons)).toBeCloseTo(x1, 4);
    expect(Math.min(...lats)).toBeCloseTo(y0, 4);
    expect(Math.max(...lats)).toBeCloseTo(y1, 4);
    // the last row sits on the file's last line (header = line 1, no quoted newlines in these files)
    expect(r.rows[r.rows.length - 1].row).toBe(n + 1);
  });

  it('kindergarten.csv: Chinese names, categories and full-precision coordinates intact', async () => {
    const r = await readFacilityList(POI('kindergarten.csv'), { crs: 'wgs84' });
    // a table row's raw record is built when read (table-rows.ts)
    expect({ ...r.rows[0], raw: r.rows[0].raw }).toEqual({
      row: 2,
      lon: 121.46165730586875,
      lat: 31.218570925094642,
      name: '思南路幼儿园',
      category: '科教文化服务;学校;幼儿园',
      sourceId: null,
      address: '皋兰路11号',
      floorAreaM2: null,
      raw: {
        name: '思南路幼儿园',
        address: '皋兰路11号',
        adname: '黄浦区',
        pname: '上海市',
        type: '科教文化服务;学校;幼儿园',
        lat: '31.218570925094642',
        lon: '121.46165730586875',
      },
    });
    // every name as in the file, character for character
    const names = readFileSync(POI('kindergarten.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(r.rows.map((x) => x.name ?? '')).toEqual(names);
    expect(r.rows.filter((x) => /幼儿园|托儿所|幼稚园/.test(x.name ?? '')).length).toBeGreaterThan(2000);
    expect(r.rows.every((x) => x.raw.pname === '上海市')).toBe(true);
  });

  it('kindergarten.csv re-encoded as GBK (as WPS would save it) reads identically', async () => {
    const utf8 = readFileSync(POI('kindergarten.csv'), 'utf8');
    const { bytes } = gbk(utf8); // every name of this file is in GBK
    expect(iconv.decode(bytes, 'gbk')).toBe(utf8);
    const a = await readFacilityList(POI('kindergarten.csv'), { crs: 'wgs84' });
    const b = await readFacilityList(fixture('kindergarten-gbk.csv', bytes), { crs: 'wgs84' });
    expect(b.encoding).toBe('gb18030');
    expect(b.rows).toEqual(a.rows);
  });

  it('metro_station.csv read as GCJ-02 moves every station by the Shanghai offset (~500 m)', async () => {
    const wgs = await readFacilityList(POI('metro_station.csv'), { crs: 'wgs84' });
    const gcj = await readFacilityList(POI('metro_station.csv'), { crs: 'gcj02' });
    const d = wgs.rows.map((p, i) => Math.hypot((p.lon - gcj.rows[i].lon) * 95000, (p.lat - gcj.rows[i].lat) * 110900));
    expect(Math.min(...d)).toBeGreaterThan(400);
    expect(Math.max(...d)).toBeLessThan(650);
  });
});
