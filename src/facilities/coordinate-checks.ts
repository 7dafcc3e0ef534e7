/**
 * Checking one point's coordinates and converting it to WGS-84. Each refusal is a sentence the
 * planner can act on; the caller adds the row number. The usual faults in hand-made lists: empty
 * cells, text in a number column, latitude and longitude swapped, (0, 0) from a failed geocode,
 * projected metres instead of degrees, and a --crs that does not match the file.
 */
import { CRS_LABEL, inChina, toWgs84 } from './china-crs.js';
import type { Crs } from './types.js';

export type PointCheck = { ok: true; lon: number; lat: number } | { ok: false; reason: string };

const fmt = (v: number) => String(Math.round(v * 1e7) / 1e7);

/** Validate (lon, lat) as given in `crs` and convert it to WGS-84. `swapHint` says how to fix a swap. */
export function checkPoint(lon: number, lat: number, crs: Crs, swapHint: string): PointCheck {
  // the usual case first, without building any message (a million-row list spends its time here)
  if (
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    (lon !== 0 || lat !== 0) &&
    Math.abs(lon) <= 180 &&
    Math.abs(lat) <= 72
  ) {
    if (crs === 'wgs84') return { ok: true, lon, lat };
    const w = toWgs84(lon, lat, crs);
    if (w) return { ok: true, lon: w[0], lat: w[1] };
  }
  const at = `(${fmt(lon)}, ${fmt(lat)})`;
  if (!Number.isFinite(lon) || !Number.isFinite(lat))
    return { ok: false, reason: `coordinates ${at} are not finite numbers` };
  if (lon === 0 && lat === 0)
    return {
      ok: false,
      reason:
        'coordinates (0, 0) are not a location (a failed geocode?); fill in the real coordinates or delete the row',
    };
  const swapped = `longitude ${fmt(lon)} and latitude ${fmt(lat)} look swapped (the latitude is in the longitude column); ${swapHint}`;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    if (Math.abs(lon) > 1000 && Math.abs(lat) > 1000)
      return {
        ok: false,
        reason: `coordinates ${at} look like metres (Baidu BD09MC or Web Mercator), not degrees; convert the list to longitude/latitude first`,
      };
    if (Math.abs(lat) <= 180 && Math.abs(lon) <= 90) return { ok: false, reason: swapped };
    return { ok: false, reason: `coordinates ${at} are out of range (longitude −180…180, latitude −90…90)` };
  }
  // in range but in the Arctic while the swapped point is in China: a swapped western-China point
  if (Math.abs(lat) > 72 && inChina(lat, lon)) return { ok: false, reason: swapped };
  if (crs === 'wgs84') return { ok: true, lon, lat };
  const w = toWgs84(lon, lat, crs);
  if (!w) {
    if (inChina(lat, lon)) return { ok: false, reason: swapped };
    return {
      ok: false,
      reason: `coordinates ${at} are outside China: ${CRS_LABEL[crs]} conversion is undefined there; is the --crs right?`,
    };
  }
  return { ok: true, lon: w[0], lat: w[1] };
}
