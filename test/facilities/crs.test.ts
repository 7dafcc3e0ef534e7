/**
 * CRS conversion through the reader: BD-09 and GCJ-02 round trips, the --crs option, and the real
 * Shenzhen district outlines (DataV GCJ-02 against a WGS-84 file, ../shared/data/real SOURCES.md §C).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromWgs84, parseCrs, toWgs84 } from '../../src/facilities/china-crs.js';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { InputError } from '../../src/util/errors.js';
import { fixture, HAS_REAL, metres, REAL } from './helpers.js';

/** a deterministic spread of WGS-84 points over Guangdong and beyond (Qingyuan to Shenzhen, Beijing, Urumqi) */
const WGS: [string, number, number][] = [
  ['清城区政府', 113.0627, 23.6983],
  ['英德市', 113.4155, 24.1866],
  ['连州市', 112.3774, 24.7807],
  ['深圳福田', 114.0553, 22.5218],
  ['广州塔', 113.319, 23.109],
  ['北京天安门', 116.3912, 39.9067],
  ['乌鲁木齐', 87.6168, 43.8256],
];

describe('CRS conversion', () => {
  it('BD-09 → WGS-84 round trip through the reader is within 1 m', async () => {
    const lines = WGS.map(([n, lon, lat]) => {
      const [x, y] = fromWgs84(lon, lat, 'bd09')!;
      return `${n},${x},${y}`;
    });
    const r = await readFacilityList(fixture('bd09.csv', `名称,bd_lng,bd_lat\n${lines.join('\n')}\n`), { crs: 'bd09' });
    expect(r.rows).toHaveLength(WGS.length);
    expect(r.warnings).toEqual([]); // bd_ columns agree with --crs bd09
    const errors = r.rows.map((row, i) => metres(row.lon, row.lat, WGS[i][1], WGS[i][2]));
    for (const e of errors) expect(e).toBeLessThan(1);
    // and the offset being undone is real: BD-09 lies ~1 km or more from WGS-84 in Guangdong
    const shift = WGS.slice(0, 5).map(([, lon, lat]) => {
      const [x, y] = fromWgs84(lon, lat, 'bd09')!;
      return metres(x, y, lon, lat);
    });
    for (const s of shift) expect(s).toBeGreaterThan(900);
  });

  it('GCJ-02 → WGS-84 round trip is within 1 m; the GCJ-02 offset in Guangdong is ~500–600 m', () => {
    for (const [, lon, lat] of WGS) {
      const g = fromWgs84(lon, lat, 'gcj02')!;
      const w = toWgs84(g[0], g[1], 'gcj02')!;
      expect(metres(w[0], w[1], lon, lat)).toBeLessThan(1);
    }
    const [, lon, lat] = WGS[0];
    const g = fromWgs84(lon, lat, 'gcj02')!;
    expect(metres(g[0], g[1], lon, lat)).toBeGreaterThan(450);
    expect(metres(g[0], g[1], lon, lat)).toBeLessThan(700);
    expect(g[0]).toBeGreaterThan(lon); // east
    expect(g[1]).toBeLessThan(lat); // south
  });

  it('toWgs84 refuses points outside China instead of passing them through', () => {
    expect(toWgs84(2.2945, 48.8584, 'gcj02')).toBeNull();
    expect(toWgs84(151.2, -33.9, 'bd09')).toBeNull();
    expect(toWgs84(2.2945, 48.8584, 'wgs84')).toEqual([2.2945, 48.8584]);
  });

  it('parseCrs accepts the names planners use and refuses the rest', () => {
    expect(['wgs84', 'WGS-84', 'EPSG:4326', 'gps'].map(parseCrs)).toEqual(['wgs84', 'wgs84', 'wgs84', 'wgs84']);
    expect(['gcj02', 'GCJ-02', 'amap', '高德', '腾讯'].map(parseCrs)).toEqual(Array(5).fill('gcj02'));
    expect(['bd09', 'BD-09', 'baidu', '百度', 'bd09ll'].map(parseCrs)).toEqual(Array(5).fill('bd09'));
    expect(() => parseCrs('bd09mc')).toThrow(InputError);
    expect(() => parseCrs('cgcs')).toThrow(
      '--crs cgcs: unknown coordinate system; use wgs84 (GPS, OpenStreetMap), gcj02 (Amap/高德, Tencent/腾讯) or bd09 (Baidu/百度)',
    );
  });
});

const run = HAS_REAL ? describe : describe.skip;
if (!HAS_REAL) console.log('notice: ../shared/data/real is absent, so the Shenzhen outline test is skipped');

run('real data: Shenzhen district outlines (DataV GCJ-02 vs transbigdata WGS-84)', () => {
  type Geo = { features: { geometry: { type: string; coordinates: unknown } }[] };
  const vertices = (path: string): [number, number][] => {
    const out: [number, number][] = [];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') out.push([c[0] as number, c[1] as number]);
      else if (Array.isArray(c)) c.forEach(walk);
    };
    for (const f of (JSON.parse(readFileSync(path, 'utf8')) as Geo).features) walk(f.geometry.coordinates);
    return out;
  };

  it('converted to WGS-84 by the reader, the GCJ-02 vertices land on the WGS-84 outline', async () => {
    const gcj = vertices(resolve(REAL, 'cn-admin-datav-gcj02/440300_shenzhen.json'));
    const wgs = vertices(resolve(REAL, 'cn-shenzhen-districts/sz_districts_wgs84.json'));
    // as an Amap-style export: one "lng,lat" location column
    const csv = `name,location\n${gcj.map(([x, y], i) => `v${i},"${x},${y}"`).join('\n')}\n`;
    const path = fixture('shenzhen-gcj02.csv', csv);
    const asGcj = await readFacilityList(path, { crs: 'gcj02' });
    const asWgs = await readFacilityList(path, { crs: 'wgs84' });
    expect(asGcj.rows).toHaveLength(gcj.length);
    expect(asGcj.skipped).toEqual([]);

    // nearest vertex through 0.01° (~1 km) grid buckets: a 5×5-cell window is exact below ~1 km
    const nearestIn = (set: [number, number][]) => {
      const grid = new Map<string, [number, number][]>();
      for (const p of set) {
        const k = `${Math.floor(p[0] * 100)},${Math.floor(p[1] * 100)}`;
        if (!grid.has(k)) grid.set(k, []);
        grid.get(k)!.push(p);
      }
      return (lon: number, lat: number) => {
        let best = Infinity;
        const cx = Math.floor(lon * 100);
        const cy = Math.floor(lat * 100);
        for (let i = cx - 2; i <= cx + 2; i++)
          for (let j = cy - 2; j <= cy + 2; j++)
            for (const p of grid.get(`${i},${j}`) ?? []) best = Math.min(best, metres(lon, lat, p[0], p[1]));
        return best;
      };
    };
    const meanTo = (from: [number, number][], to: [number, number][]) => {
      const nearest = nearestIn(to);
      return from.reduce((s, p) => s + nearest(p[0], p[1]), 0) / from.length;
    };
    const given = asWgs.rows.map((p): [number, number] => [p.lon, p.lat]);
    const converted = asGcj.rows.map((p): [number, number] => [p.lon, p.lat]);
    // DataV vertex → nearest WGS-84 vertex: the WGS-84 file was evidently made from the same outline
    const before = meanTo(given, wgs);
    const after = meanTo(converted, wgs);
    // WGS-84 vertex → nearest DataV vertex (the direction of SOURCES.md's 367 m / 67 m): what remains is generalisation
    const beforeRev = meanTo(wgs, given);
    const afterRev = meanTo(wgs, converted);
    console.log(
      `Shenzhen outline, ${gcj.length} DataV vertices, ${wgs.length} WGS-84 vertices. ` +
        `DataV→nearest WGS-84 vertex: ${before.toFixed(1)} m as given (GCJ-02), ${after.toFixed(1)} ` +
        `m converted. WGS-84→nearest DataV vertex: ${beforeRev.toFixed(1)} m as given, ` +
        `${afterRev.toFixed(1)} m converted`,
    );
    expect(before).toBeGreaterThan(300);
    expect(after).toBeLessThan(10);
    expect(beforeRev).toBeGreaterThan(300);
    expect(afterRev).toBeLessThan(100);
  });
});
