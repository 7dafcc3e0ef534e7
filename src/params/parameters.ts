/**
 * Every parameter a planner can set — its default, its limits, its job-file key and command-line
 * option — and the constants the analysis fixes, in one module (light enough for the CLI to read
 * at start-up for its help texts). A job file and the command-line options are checked by the
 * same `readNumber`, so a value refused in one is refused in the other with the same reason.
 */
import { InputError } from '../util/errors.js';
import type { Lang } from '../profiles/types.js';

export interface NumberParameter {
  /** key in a job file */
  key: string;
  /** command-line option */
  option: string;
  default: number;
  valid(n: number): boolean;
  /** what a valid value is, for messages: "must be <expect>" */
  expect: string;
  /** why the limits are what they are, added to the message when a value is refused */
  why?: string;
}

const param = (p: NumberParameter) => p;

export const PARAMETERS = {
  passShare: param({
    key: 'pass_share',
    option: '--pass-share',
    default: 0.9,
    valid: (n) => n > 0 && n <= 1,
    expect: 'a share between 0 and 1',
    why: 'e.g. 0.9: 90 % of the residents within the distance',
  }),
  corridorM: param({
    key: 'corridor_m',
    option: '--corridor',
    default: 50,
    valid: (n) => n > 0 && n <= 1000,
    expect: 'a number of metres up to 1000',
    why: 'a walking corridor is tens of metres wide; the default is 50 m',
  }),
  resolutionM: param({
    key: 'resolution_m',
    option: '--resolution',
    default: 10,
    valid: (n) => n >= 1 && n <= 50,
    expect: 'a number of metres from 1 to 50',
    why: "below 1 m the grid says nothing OSM's accuracy can support; 10 m is the default",
  }),
  maxSnapM: param({
    key: 'max_snap_m',
    option: '--max-snap',
    default: 200,
    valid: (n) => n > 0,
    expect: 'a positive number of metres',
  }),
  minComponent: param({
    key: 'min_component',
    option: '--min-component',
    default: 50,
    valid: (n) => n >= 0,
    expect: 'a number of nodes >= 0',
  }),
  clipMarginM: param({
    key: 'clip_margin_m',
    option: '--clip-margin',
    // the 15-minute life circle's walking distance: see network/clip.ts
    default: 1000,
    valid: (n) => n >= 0,
    expect: 'a number of metres >= 0',
  }),
} as const;

export type ParameterName = keyof typeof PARAMETERS;

/** GB 50180-2018's 5/10/15-minute life circles as walking distances (isochrone/bands.ts) */
export const DEFAULT_BANDS = '300,500,1000m';
export const DEFAULT_SPEED = '4km/h';
/** the longest band: beyond this it is not a walk */
export const MAX_BAND_M = 20_000;
export const DEFAULT_PROFILE = 'complete-community-2020';
export const DEFAULT_LANG: Lang = 'zh';
/** a category with no facility in OSM or any list: not assessed (未评估：无数据, the default) or, as before, fail */
export type MissingData = 'not_assessed' | 'fail';
export const DEFAULT_MISSING_DATA: MissingData = 'not_assessed';

/** `missing_data` / --missing-data: not_assessed or fail */
export function readMissingData(value: unknown, from: ValueSource): MissingData {
  if (value === undefined || value === null) return DEFAULT_MISSING_DATA;
  const s = String(value).replace('-', '_');
  if (s === 'not_assessed' || s === 'fail') return s;
  if (from === 'options')
    throw new InputError(`--missing-data ${String(value)}: expected not_assessed (the default) or fail`);
  throw new InputError(
    `${from.job}: 'missing_data' must be not_assessed (the default) or fail, got ${JSON.stringify(value)}`,
  );
}
/** `suggest:` / the suggest command: k new sites, city or community scope, generated-candidate spacing */
export const SUGGEST_DEFAULTS = { k: 5, scope: 'city' as const, spacingM: 100 };

/** k sites: a whole number > 0 */
export function parseSuggestK(v: unknown, where: string): number {
  const n = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? Number(v) : NaN;
  if (!Number.isInteger(n) || n <= 0)
    throw new InputError(`${where}: k must be a whole number of new sites > 0 (e.g. 5), got ${JSON.stringify(v)}`);
  return n;
}

export function parseSuggestScope(v: unknown, where: string): 'city' | 'community' {
  if (v !== 'city' && v !== 'community')
    throw new InputError(`${where}: scope must be city or community, got ${JSON.stringify(v)}`);
  return v;
}

export function parseSpacing(v: unknown, where: string): number {
  const n = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? Number(v) : NaN;
  if (!(n >= 10 && n <= 2000))
    throw new InputError(
      `${where}: spacing must be 10 to 2000 metres between generated candidate sites, got ${JSON.stringify(v)}`,
    );
  return n;
}

/** 64 M cells ≈ 770 MB of isochrone grids: beyond that the options are wrong, not the city */
export const MAX_GRID_CELLS = 64_000_000;
/** spacing of a community's gap grid (coverage/gaps.ts) */
export const GAP_RESOLUTION_M = 10;
/**
 * a loose end of a planner's road line is joined to the nearest line within this distance (src/roads):
 * digitising gaps in bureau centre-lines are centimetres to a metre; a real dead end this close to
 * another street is rare, and 2 m is well under a street's width
 */
export const ROAD_SNAP_M = 2;
/** spacing of the resident grid of a community without mapped buildings (coverage/residents.ts) */
export const RESIDENT_GRID_SPACING_M = 25;

/** snapping: how far a point may be from a walkable way, and the smallest fragment it may join */
export interface SnapOptions {
  maxSnapM: number;
  minComponent: number;
}

export const DEFAULT_SNAP: SnapOptions = {
  maxSnapM: PARAMETERS.maxSnapM.default,
  minComponent: PARAMETERS.minComponent.default,
};

/** where a value came from, to name it in a message: a job file's key, or a command-line option */
export type ValueSource = { job: string } | 'options';

/**
 * A number parameter from a job file or an option; undefined gives the default. Refused values
 * name the file and key (or the option), what is expected and why.
 */
export function readNumber(name: ParameterName, value: unknown, from: ValueSource): number {
  const p: NumberParameter = PARAMETERS[name];
  if (value === undefined) return p.default;
  const n = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;
  if (Number.isFinite(n) && p.valid(n)) return n;
  const why = p.why ? ` (${p.why})` : '';
  if (from === 'options') throw new InputError(`${p.option} ${String(value)}: expected ${p.expect}${why}`);
  throw new InputError(`${from.job}: '${p.key}' must be ${p.expect}, got ${JSON.stringify(value)}${why}`);
}

/** The isochrone grid must be finer than its corridor (each checked on its own by readNumber). */
export function checkGrid(resolutionM: number, corridorM: number, from: ValueSource): void {
  if (resolutionM <= corridorM) return;
  const [r, c] =
    from === 'options'
      ? [PARAMETERS.resolutionM.option, PARAMETERS.corridorM.option]
      : [PARAMETERS.resolutionM.key, PARAMETERS.corridorM.key];
  throw new InputError(
    `${from === 'options' ? '' : `${from.job}: `}${r} ${resolutionM} is coarser than ${c} ${corridorM}; the grid must be finer than the corridor`,
  );
}
