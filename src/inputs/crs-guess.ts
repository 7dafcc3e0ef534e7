/**
 * Naming the likely CRS of coordinates that cannot be degrees, so the error says what to pass.
 * Gauss–Krüger eastings with the zone number in front (38 512 345 = 3° zone 38) name their zone;
 * eastings near 500 000 do not, and the study area (the network's centre, when known) picks the
 * central meridian. CGCS2000 is named first: it has been the national standard since 2008.
 */
import { crsFromEpsg, epsgTable, type InputCrs } from './crs.js';

export interface CrsGuess {
  /** "Gauss–Krüger metres, 3° zone 38" */
  what: string;
  /** EPSG codes to suggest, best first */
  codes: number[];
  /** the zone cannot be told from the numbers: explain how to pick the central meridian */
  centralMeridian?: boolean;
}

const degreesOk = (x: number, y: number) => Math.abs(x) <= 180 && Math.abs(y) <= 90;

function lands(c: InputCrs, x: number, y: number, near?: [number, number]): boolean {
  const p = c.toWgs84(x, y);
  if (!p) return false;
  if (near) return Math.abs(p[0] - near[0]) < 1 && Math.abs(p[1] - near[1]) < 1;
  return p[0] > 72 && p[0] < 136 && p[1] > 0 && p[1] < 56;
}

export function guessCrs(x: number, y: number, near?: [number, number]): CrsGuess | null {
  if (degreesOk(x, y)) return null;
  // northing first (X = 北 in Chinese tables): judge by magnitude
  const [e, n] = Math.abs(x) < Math.abs(y) && Math.abs(y) >= 1e7 ? [y, x] : [x, y];
  const swapped = e !== x;
  const note = swapped ? ' (northing first)' : '';
  const zone = Math.floor(e / 1e6);
  if (e >= 1e7 && e < 1e8 && n > 0 && n < 1e7) {
    if (zone >= 25 && zone <= 45)
      return {
        what: `Gauss–Krüger metres, 3° zone ${zone}${note}`,
        codes: [4513 + zone - 25, 2349 + zone - 25, 2401 + zone - 25],
      };
    if (zone >= 13 && zone <= 23) {
      const gk = {
        what: `Gauss–Krüger metres, 6° zone ${zone}${note}`,
        codes: [4491 + zone - 13, 2327 + zone - 13, 21413 + zone - 13],
      };
      if (lands(crsFromEpsg(3857, ''), x, y, near) && !lands(crsFromEpsg(gk.codes[0], ''), e, n, near))
        return { what: 'Web Mercator metres', codes: [3857] };
      return gk;
    }
  }
  if (
    Math.abs(e) <= 20_037_509 &&
    Math.abs(n) <= 20_037_509 &&
    e > 8e6 &&
    n > 3e5 &&
    lands(crsFromEpsg(3857, ''), e, n, near)
  )
    return { what: `Web Mercator metres${note}`, codes: [3857] };
  if (e > 1e5 && e < 1e6 && n > 0 && n < 1e7) {
    // no zone in the easting: Gauss–Krüger with the central meridian only, or UTM
    const codes: number[] = [];
    if (near) {
      const cm3 = Math.round(near[0] / 3) * 3;
      const cm6 = Math.floor(near[0] / 6) * 6 + 3;
      const c3 = 4534 + (cm3 - 75) / 3;
      const c6 = 4502 + (cm6 - 75) / 6;
      const utm = 32600 + Math.floor((near[0] + 180) / 6) + 1;
      for (const c of [c3, c6, utm]) if (epsgTable()[String(c)] && lands(crsFromEpsg(c, ''), e, n, near)) codes.push(c);
      if (codes.length)
        return { what: `projected metres without a zone number (Gauss–Krüger CM ${cm3}E or UTM)${note}`, codes };
    }
    return {
      what: `projected metres without a zone number (Gauss–Krüger or UTM)${note}`,
      codes: [],
      centralMeridian: true,
    };
  }
  return null;
}

export function guessText(g: CrsGuess): string {
  const t = epsgTable();
  if (g.centralMeridian)
    return (
      `these look like ${g.what}: pass --crs with the zone's central meridian, e.g. EPSG:4547 for CGCS2000 3° ` +
      'Gauss–Krüger CM 114E (CM 75E…135E in 3° steps are EPSG:4534…4554; 6° zones CM 75E…135E are EPSG:4502…4512), or the .prj'
    );
  const first = g.codes[0];
  const name = t[String(first)]?.name ?? (first === 3857 ? 'Web Mercator' : '');
  const others = g.codes.slice(1).filter((c) => t[String(c)]);
  return (
    `these look like ${g.what}: pass --crs EPSG:${first} (${name})` +
    (others.length
      ? `, or ${others.map((c) => `EPSG:${c} (${t[String(c)].family})`).join(' / ')} if the file is in that datum`
      : '')
  );
}
