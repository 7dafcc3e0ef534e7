/**
 * Thresholds: distance bands (300,500,1000m) or time bands (5,10,15min at a walking speed).
 * The default follows GB 50180-2018's life circles: 5 minutes ≈ 300 m, 10 minutes ≈ 500 m,
 * 15 minutes ≈ 1000 m of walking (docs/profiles.md says which of these distances are verified).
 * The defaults and the longest band are in params/parameters.ts.
 */
import { MAX_BAND_M } from '../params/parameters.js';
import { InputError } from '../util/errors.js';

export interface Band {
  /** label written to outputs, e.g. "300m" or "10min" */
  label: string;
  /** the threshold as given */
  threshold: number;
  unit: 'm' | 'min';
  /** walking distance in metres */
  metres: number;
}

const DIST_UNITS: Record<string, number> = { m: 1, km: 1000 };
const TIME_UNITS: Record<string, number> = { min: 1, h: 60, s: 1 / 60 };

/** Walking speed in metres per minute from "5km/h", "1.3m/s", "80m/min" or a bare number (km/h). */
export function parseSpeed(spec: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(km\/h|kmh|m\/s|m\/min)?\s*$/i.exec(spec);
  if (!m) throw new InputError(`--speed ${spec}: expected a walking speed such as 4km/h, 1.1m/s or 67m/min`);
  const v = Number(m[1]);
  const unit = (m[2] ?? 'km/h').toLowerCase();
  const mPerMin = unit === 'm/s' ? v * 60 : unit === 'm/min' ? v : (v * 1000) / 60;
  if (!(mPerMin > 0)) throw new InputError(`--speed ${spec}: the speed must be greater than zero`);
  if (mPerMin > 500)
    throw new InputError(`--speed ${spec}: ${(mPerMin * 0.06).toFixed(1)} km/h is not a walking speed`);
  return mPerMin;
}

/**
 * "300,500,1000m", "300m,500m", "0.3,0.5km", "5,10,15min" (a unit on the last value applies to
 * all values without one). Bands come back sorted ascending.
 */
export function parseBands(spec: string, speedMPerMin: number): Band[] {
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0)
    throw new InputError(`--bands '${spec}': no thresholds given; e.g. --bands 300,500,1000m or --bands 5,10,15min`);
  const parsed = parts.map((p) => {
    const m = /^(-?[0-9]*\.?[0-9]+)\s*([a-zA-Z]*)$/.exec(p);
    if (!m) throw new InputError(`--bands: '${p}' is not a number with an optional unit (m, km, min, h)`);
    return { value: Number(m[1]), unit: m[2].toLowerCase() };
  });
  const lastUnit = parsed[parsed.length - 1].unit || 'm';
  const bands = parsed.map(({ value, unit }) => {
    const u = unit || lastUnit;
    if (!(u in DIST_UNITS) && !(u in TIME_UNITS))
      throw new InputError(`--bands: unknown unit '${u}' (use m, km, min or h)`);
    if (!(value > 0)) throw new InputError(`--bands: thresholds must be greater than zero (got ${value}${u})`);
    if (u in DIST_UNITS) {
      const metres = value * DIST_UNITS[u];
      return { label: `${fmt(value)}${u}`, threshold: metres, unit: 'm' as const, metres };
    }
    const minutes = value * TIME_UNITS[u];
    return { label: `${fmt(value)}${u}`, threshold: minutes, unit: 'min' as const, metres: minutes * speedMPerMin };
  });
  const kinds = new Set(bands.map((b) => b.unit));
  if (kinds.size > 1) throw new InputError(`--bands '${spec}': mix of distance and time thresholds; use one kind`);
  bands.sort((a, b) => a.metres - b.metres);
  for (let i = 1; i < bands.length; i++)
    if (bands[i].metres === bands[i - 1].metres)
      throw new InputError(`--bands '${spec}': threshold ${bands[i].label} is given twice`);
  if (bands[bands.length - 1].metres > MAX_BAND_M)
    throw new InputError(
      `--bands '${spec}': ${Math.round(bands[bands.length - 1].metres)} m is beyond a walk (max ${MAX_BAND_M / 1000} km)`,
    );
  return bands;
}

function fmt(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}
