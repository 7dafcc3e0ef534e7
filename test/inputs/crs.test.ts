/** Reprojection checked against PROJ's cs2cs for every code of the generated table. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { crsFromEpsg, crsFromWkt, epsgTable, looksSwapped, parseCrsSpec, sameCrs } from '../../src/inputs/crs.js';
import { guessCrs, guessText } from '../../src/inputs/crs-guess.js';
import { hasTool } from '../support/env.js';
import { testPoints } from '../../scripts/crs-test-points.mjs';

const HAS_CS2CS = hasTool('cs2cs', ['EPSG:4326', 'EPSG:4547', '/dev/null']);

/** every 10th code of the table plus the common ones: `node scripts/check-crs-table.mjs` checks all of them */
const COMMON = [
  '4490',
  '4526',
  '4547',
  '4499',
  '4509',
  '4610',
  '2362',
  '2383',
  '4214',
  '2414',
  '2435',
  '4555',
  '3857',
  '32650',
  '32749',
];

(HAS_CS2CS ? describe : describe.skip)('the EPSG table against cs2cs', () => {
  const table = epsgTable();
  const families = [...new Set(Object.values(table).map((e) => e.family))];

  it('covers CGCS2000 (4490 and every 3°/6° Gauss–Krüger zone, with and without zone prefix), Xian 1980, Beijing 1954, New Beijing, Web Mercator, UTM', () => {
    expect(families.sort()).toEqual(['Beijing 1954', 'CGCS2000', 'New Beijing', 'WGS 84', 'Xian 1980']);
    for (const c of [
      4490, 4513, 4526, 4533, 4534, 4547, 4554, 4491, 4501, 4502, 4512, 4610, 2327, 2349, 2370, 4214, 21413, 2401, 2422,
      4555, 3857, 32650, 32750,
    ])
      expect(table[String(c)], `EPSG:${c}`).toBeDefined();
  });

  it.each(families)('%s: codes convert to WGS-84 as cs2cs does (within 1e-8°)', (family) => {
    let checked = 0;
    const codes = Object.keys(table);
    for (const [code, e] of Object.entries(table)) {
      if (e.family !== family || !(COMMON.includes(code) || codes.indexOf(code) % 10 === 0)) continue;
      const pts = testPoints(e.proj4);
      // cs2cs takes and gives coordinates in the authority's axis order: lat/lon for EPSG:4326,
      // northing/easting for most Gauss–Krüger codes; the pair is matched by magnitude below
      const r = spawnSync('cs2cs', ['-f', '%.6f', 'EPSG:4326', `EPSG:${code}`], {
        input: pts.map(([lon, lat]) => `${lat} ${lon}`).join('\n'),
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const crs = crsFromEpsg(Number(code), 'test');
      r.stdout
        .trim()
        .split('\n')
        .forEach((line, i) => {
          const [a, b] = line.split(/\s+/).map(Number);
          const [lon, lat] = pts[i];
          const back = [crs.toWgs84(a, b), crs.toWgs84(b, a)]
            .filter((p): p is [number, number] => p !== null)
            .map((p) => (crs.geographic ? crs.toWgs84(b, a)! : p))
            .map((p) => Math.max(Math.abs(p[0] - lon), Math.abs(p[1] - lat)));
          expect(Math.min(...back), `EPSG:${code} ${e.name} at (${lon}, ${lat}): ${line}`).toBeLessThan(1e-8);
        });
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('CRS specs', () => {
  it('names, codes, WKT; unknown codes and contradictions are refused', () => {
    expect(parseCrsSpec('高德', 'x').id).toBe('gcj02');
    expect(parseCrsSpec('bd09', 'x').id).toBe('bd09');
    expect(parseCrsSpec('EPSG:4326', 'x').id).toBe('wgs84');
    expect(parseCrsSpec('4547', 'x').id).toBe('EPSG:4547');
    expect(parseCrsSpec('cgcs2000', 'x').id).toBe('EPSG:4490');
    expect(() => parseCrsSpec('EPSG:9999', 'f.shp')).toThrow(/f\.shp: EPSG:9999 is not in lifecircle's table/);
    expect(() => parseCrsSpec('mars', 'f.shp')).toThrow(/unknown coordinate system 'mars'/);
    // GDAL's ESRI .prj for EPSG:4547 has no authority: recognised by its parameters
    const esri =
      'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
      'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
      'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
      'PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const w = crsFromWkt(esri, 'a.prj');
    expect(w.id).toBe('EPSG:4547');
    expect(w.assumption).toMatch(/CGCS2000 taken as WGS-84/);
    expect(sameCrs(w, crsFromEpsg(4547, 'x'))).toBe(true);
    expect(sameCrs(w, crsFromEpsg(4526, 'x'))).toBe(false);
    expect(sameCrs(parseCrsSpec('gcj02', 'x'), crsFromEpsg(4490, 'x'))).toBe(true); // a file can't say GCJ-02
    expect(() => crsFromWkt('PROJCS["Local grid",PROJECTION["Weird"]]', 'b.prj')).toThrow(
      /b\.prj: cannot read the coordinate system "Local grid"; pass it explicitly, e.g. --crs EPSG:4547/,
    );
    expect(crsFromEpsg(2435, 'x').assumption).toMatch(/Beijing 1954 converted to WGS-84 without a datum shift/);
  });

  it('axis order by magnitude: northing-first Gauss–Krüger pairs are recognised, easting-first ones are not', () => {
    const c = crsFromEpsg(4547, 'x');
    expect(looksSwapped(c, [[402168, 2619108]])).toBe(false);
    expect(looksSwapped(c, [[2619108, 402168]])).toBe(true);
    const z = crsFromEpsg(4526, 'x');
    expect(looksSwapped(z, [[2619108, 38402168]])).toBe(true);
  });

  it('names the likely CRS of metres read as degrees', () => {
    expect(guessText(guessCrs(38402168, 2619108)!)).toMatch(/Gauss–Krüger metres, 3° zone 38: pass --crs EPSG:4526/);
    expect(guessText(guessCrs(19402168, 2619108)!)).toMatch(/6° zone 19: pass --crs EPSG:4497/);
    expect(guessText(guessCrs(402168, 2619108, [113.05, 23.68])!)).toMatch(/pass --crs EPSG:4547/);
    expect(guessText(guessCrs(402168, 2619108)!)).toMatch(/central meridian, e\.g\. EPSG:4547/);
    expect(guessText(guessCrs(12584000, 2715000)!)).toMatch(/Web Mercator metres: pass --crs EPSG:3857/);
    expect(guessCrs(113, 23)).toBeNull();
  });
});
