/**
 * A coverage job: everything one run needs, from a YAML job file (`lifecircle run job.yaml`) or
 * from the `coverage` command's options — both go through `resolveJob`, which checks every value
 * against params/parameters.ts and returns the job fully parsed (bands, clip area, lists), so
 * `runJob` parses nothing again. Keys are checked strictly: a misspelled key is named, with the
 * allowed ones, instead of being ignored. Paths in a job file are relative to it.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import { COLUMN_FIELDS, parseColumnsOption } from '../facilities/columns.js';
import { FIELD_KEYS, parseFileSpec } from '../inputs/file-spec.js';
import { listCrs } from '../inputs/list-crs.js';
import type { CommunitySpec } from './communities.js';
import type { GatesSpec } from './gates.js';
import type { ColumnMapping, Crs } from '../facilities/types.js';
import { parseBands, parseSpeed, type Band } from '../isochrone/bands.js';
import { type ClipArea, parseClip } from '../network/clip.js';
import {
  checkGrid,
  DEFAULT_BANDS,
  DEFAULT_LANG,
  DEFAULT_PROFILE,
  DEFAULT_SPEED,
  type MissingData,
  parseSpacing,
  parseSuggestK,
  parseSuggestScope,
  readMissingData,
  readNumber,
  SUGGEST_DEFAULTS,
  type ValueSource,
} from '../params/parameters.js';
import type { Lang } from '../profiles/types.js';
import { DEFAULT_OUTPUTS, OUTPUT_FORMATS, parseOutputs, type OutputFormat } from '../outputs/formats.js';
import { InputError } from '../util/errors.js';
import { walkerByName } from '../walkers/walkers.js';
import { parseRoadsMode, type RoadsSpec } from '../roads/read-roads.js';

export interface JobFacilityList {
  file: string;
  crs: Crs;
  /** a projected CRS as given (EPSG:<code>, .prj); `crs` is then wgs84 */
  crsSpec?: string;
  /** GeoPackage layer / zipped Shapefile */
  layer?: string;
  columns?: ColumnMapping;
  category?: string;
  sheet?: string;
}

/** `suggest:` in a job (or the suggest command): where to build new facilities */
export interface SuggestSpec {
  /** category ids; null: every required category that fails in some community */
  categories: string[] | null;
  k: number;
  scope: 'city' | 'community';
  /** a planner's file of candidate sites; null: generated along the streets */
  candidates: JobFacilityList | null;
  spacingM: number;
  /** also OSM brownfield/greenfield/construction parcels */
  parcels: boolean;
}

const SUGGEST_KEYS = ['categories', 'k', 'scope', 'candidates', 'spacing_m', 'parcels'];

export interface Job {
  /** where the job came from (a job file, or "command line") */
  from: string;
  osm: string;
  communities: CommunitySpec | null;
  /** gates of closed compounds (coverage/gates.ts), or null */
  gates: GatesSpec | null;
  profile: string;
  facilities: JobFacilityList[];
  categoryMap: string | null;
  useOsmFacilities: boolean;
  thresholds: Record<string, number>;
  output: string;
  lang: Lang;
  passShare: number;
  /** a category with no facility in OSM or any list: not assessed (default) or fail */
  missingData: MissingData;
  /** the isochrone bands, parsed (time bands converted to metres at `speed`) */
  bands: Band[];
  /** the walking speed as given, for the record */
  speed: string;
  corridorM: number;
  resolutionM: number;
  maxSnapM: number;
  minComponent: number;
  /** a planner's road lines (`roads:` / --roads) and how they join OSM's ways, or null */
  roads: RoadsSpec | null;
  /** the area the OSM data is clipped to (with its margin), or null */
  clip: ClipArea | null;
  suggest: SuggestSpec | null;
  /** planned facilities (`planned:` / --planned): the run reports every metric before and after them */
  planned: JobFacilityList[];
  /** the output formats to write (job key outputs, --outputs, --pdf) */
  outputs: OutputFormat[];
  /** the browser that prints report.pdf (else looked up on PATH and the usual places) */
  browser: string | null;
  /** who walks (data/walkers.yaml) */
  walker: string;
  /** `walkers: [default, wheelchair]`: the job once per walker, side by side (walkers.csv) */
  walkers: string[] | null;
}

/** a job's values by job-file key, as a job file or the coverage command's options give them */
export type JobValues = Record<string, unknown>;

const KEYS: Record<string, string> = {
  osm: 'OSM file (.osm.pbf, .osm, .osm.gz, .osm.bz2, Overpass .json) or network file',
  communities:
    'community polygons (GeoJSON, Shapefile, GeoPackage): a path or { file, crs, layer, id_field, name_field, ' +
    'households_field, population_field, towgs84 }; leave out to use named residential areas from OSM',
  gates:
    'gates of closed compounds (points: GeoJSON, Shapefile, GeoPackage, CSV/XLSX): a path or { file, crs, layer, ' +
    'id_field, name_field, towgs84 }; a community with gates on its boundary is left and entered only through them',
  profile: 'standards profile name or file',
  facilities: 'list of facility lists: { file, crs, layer, columns, category, sheet }',
  category_map: 'YAML file mapping list category values to profile category ids',
  use_osm_facilities: 'true (default) or false',
  thresholds: 'category id: metres, overriding the profile',
  output: 'output folder',
  lang: 'zh or en (every output: headers, names, report)',
  pass_share: 'share of residents that must be within the distance (0-1, default 0.9)',
  missing_data:
    'not_assessed (default: a category with no facility in OSM or any list is not assessed, 未评估：无数据) or fail',
  bands: 'isochrone bands, e.g. 300,500,1000m or 5,10,15min',
  speed: 'walking speed for time bands, e.g. 4km/h',
  corridor_m: 'isochrone corridor half-width',
  resolution_m: 'isochrone grid resolution',
  max_snap_m: 'maximum distance from a point to the network',
  min_component: 'minimum network fragment size for snapping',
  roads:
    "a planner's road centre-lines (GeoJSON, Shapefile, GeoPackage lines): a path or { file, crs, layer, towgs84, class_field }",
  roads_mode: "replace (default: the road lines instead of OSM's walkable ways) or add (merged with them)",
  clip: 'minLon,minLat,maxLon,maxLat or area GeoJSON to clip the OSM data to',
  clip_margin_m: 'margin kept around the clip area',
  suggest: 'where to build: { categories, k, scope: city|community, candidates, spacing_m, parcels }',
  planned: 'list of planned facility lists, like facilities: (every metric before and after them)',
  outputs: `formats to write, a list of ${OUTPUT_FORMATS.join(', ')} (default: all but pdf)`,
  browser: 'Chromium or Chrome that prints report.pdf (default: found on PATH)',
  walker: 'who walks: default, elderly, child, wheelchair (data/walkers.yaml)',
  walkers: 'several walkers side by side, e.g. [default, elderly, wheelchair] (one output folder each + walkers.csv)',
};
const LIST_KEYS = ['file', 'crs', 'layer', 'columns', 'category', 'sheet'];

function suggest(key: string, allowed: string[]): string {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length][b.length];
  };
  const best = allowed.map((k) => [k, dist(key, k)] as const).sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= 3 ? ` (did you mean '${best[0]}'?)` : '';
}

/** `columns:` as "lon=经度,lat=纬度" or a mapping field: column name; anything else is one clear error */
function jobColumns(v: unknown, where: string): ColumnMapping | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return parseColumnsOption(v);
  if (typeof v !== 'object' || Array.isArray(v))
    throw new InputError(
      `${where} must be "field=column,…" or a mapping such as { lon: 经度, lat: 纬度 }, got ${JSON.stringify(v).slice(0, 40)}`,
    );
  const out: ColumnMapping = {};
  for (const [k, c] of Object.entries(v as Record<string, unknown>)) {
    if (!(COLUMN_FIELDS as readonly string[]).includes(k))
      throw new InputError(`${where}: unknown field '${k}'; the fields are ${COLUMN_FIELDS.join(', ')}`);
    if (typeof c !== 'string' || !c.trim())
      throw new InputError(
        `${where}.${k} must be a column name (the header text), got ${JSON.stringify(c)?.slice(0, 40)}`,
      );
    out[k as keyof ColumnMapping] = c;
  }
  return out;
}

export function parseJob(path: string): Job {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(
      `${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'job file not found' : `cannot read (${(e as Error).message})`}`,
    );
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new InputError(`${path}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(
      `${path}: a job file is YAML "key: value" lines (allowed keys: ${Object.keys(KEYS).join(', ')})`,
    );
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d))
    if (!(k in KEYS))
      throw new InputError(
        `${path}: unknown key '${k}'${suggest(k, Object.keys(KEYS))}; allowed keys: ${Object.keys(KEYS).join(', ')}`,
      );
  const base = dirname(resolve(path));
  const rel = (p: unknown, key: string): string => {
    if (typeof p !== 'string' || !p.trim()) throw new InputError(`${path}: '${key}' must be a file path`);
    return isAbsolute(p) ? p : resolve(base, p);
  };
  if (d.osm === undefined) throw new InputError(`${path}: 'osm' is missing: the OSM file (or network file) to analyse`);
  if (d.output === undefined) throw new InputError(`${path}: 'output' is missing: the folder to write the results to`);
  return resolveJob(d, { job: path }, rel);
}

/**
 * The job from its values (job-file keys), each checked and parsed once. `from` names the source
 * in messages; `rel` resolves a path value (relative to the job file, or as given on the command line).
 */
export function resolveJob(d: JobValues, from: ValueSource, rel: (p: unknown, key: string) => string): Job {
  const path = from === 'options' ? 'command line' : from.job;
  const listSpec = (f: unknown, where: string): JobFacilityList => {
    const item = (typeof f === 'string' ? { file: f } : f) as Record<string, unknown>;
    if (!item || typeof item !== 'object') throw new InputError(`${path}: ${where} must be { file, crs, ... }`);
    for (const k of Object.keys(item))
      if (!LIST_KEYS.includes(k))
        throw new InputError(
          `${path}: ${where}: unknown key '${k}'${suggest(k, LIST_KEYS)}; allowed keys: ${LIST_KEYS.join(', ')}`,
        );
    return {
      file: rel(item.file, `${where}.file`),
      ...listCrs(item.crs === undefined || item.crs === null ? undefined : String(item.crs), `${path}: ${where}.crs`),
      layer: item.layer === undefined || item.layer === null ? undefined : String(item.layer),
      columns: jobColumns(item.columns, `${path}: ${where}.columns`),
      category: item.category === undefined ? undefined : String(item.category),
      sheet: item.sheet === undefined ? undefined : String(item.sheet),
    };
  };
  const lists: JobFacilityList[] = [];
  if (d.facilities !== undefined) {
    if (!Array.isArray(d.facilities))
      throw new InputError(`${path}: 'facilities' must be a list of { file, crs, ... }`);
    d.facilities.forEach((f: unknown, i: number) => {
      lists.push(listSpec(f, `facilities[${i}]`));
    });
  }
  const thresholds: Record<string, number> = {};
  if (d.thresholds !== undefined) {
    if (!d.thresholds || typeof d.thresholds !== 'object' || Array.isArray(d.thresholds))
      throw new InputError(`${path}: 'thresholds' must be "category_id: metres" lines`);
    for (const [k, v] of Object.entries(d.thresholds as Record<string, unknown>)) {
      const n = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? Number(v) : NaN;
      if (!(n > 0))
        throw new InputError(`${path}: thresholds.${k} must be a positive number of metres, got ${JSON.stringify(v)}`);
      thresholds[k] = n;
    }
  }
  const lang = d.lang === undefined ? DEFAULT_LANG : String(d.lang);
  if (lang !== 'zh' && lang !== 'en')
    throw new InputError(`${path}: 'lang' must be zh or en, got ${JSON.stringify(d.lang)}`);
  if (d.use_osm_facilities !== undefined && typeof d.use_osm_facilities !== 'boolean')
    throw new InputError(`${path}: 'use_osm_facilities' must be true or false`);
  const planned: JobFacilityList[] = [];
  if (d.planned !== undefined && d.planned !== null) {
    if (!Array.isArray(d.planned)) throw new InputError(`${path}: 'planned' must be a list of { file, crs, ... }`);
    d.planned.forEach((f: unknown, i: number) => {
      planned.push(listSpec(f, `planned[${i}]`));
    });
  }
  let suggestSpec: SuggestSpec | null = null;
  if (d.suggest !== undefined && d.suggest !== null) {
    const sg = d.suggest as Record<string, unknown>;
    if (typeof sg !== 'object' || Array.isArray(sg))
      throw new InputError(`${path}: 'suggest' must be { categories, k, scope, candidates, spacing_m, parcels }`);
    for (const k of Object.keys(sg))
      if (!SUGGEST_KEYS.includes(k))
        throw new InputError(
          `${path}: suggest: unknown key '${k}'${suggest(k, SUGGEST_KEYS)}; allowed keys: ${SUGGEST_KEYS.join(', ')}`,
        );
    const cats = sg.categories;
    if (cats !== undefined && !(Array.isArray(cats) && cats.every((c) => typeof c === 'string')))
      throw new InputError(`${path}: suggest.categories must be a list of category ids, e.g. [kindergarten, clinic]`);
    suggestSpec = {
      categories: cats === undefined ? null : (cats as string[]),
      k: parseSuggestK(sg.k ?? SUGGEST_DEFAULTS.k, `${path}: suggest.k`),
      scope: parseSuggestScope(sg.scope ?? SUGGEST_DEFAULTS.scope, `${path}: suggest.scope`),
      candidates: sg.candidates === undefined ? null : listSpec(sg.candidates, 'suggest.candidates'),
      spacingM: parseSpacing(sg.spacing_m ?? SUGGEST_DEFAULTS.spacingM, `${path}: suggest.spacing_m`),
      parcels: sg.parcels === true,
    };
    if (sg.parcels !== undefined && typeof sg.parcels !== 'boolean')
      throw new InputError(`${path}: suggest.parcels must be true or false`);
  }
  if (d.walker !== undefined && typeof d.walker !== 'string')
    throw new InputError(`${path}: 'walker' must be a walker name`);
  if (
    d.walkers !== undefined &&
    !(Array.isArray(d.walkers) && d.walkers.length > 0 && d.walkers.every((w) => typeof w === 'string'))
  )
    throw new InputError(`${path}: 'walkers' must be a list of walker names, e.g. [default, elderly, wheelchair]`);
  const corridorM = readNumber('corridorM', d.corridor_m, from);
  const resolutionM = readNumber('resolutionM', d.resolution_m, from);
  checkGrid(resolutionM, corridorM, from);
  let outputs = [...DEFAULT_OUTPUTS];
  if (d.outputs !== undefined && d.outputs !== null) {
    const p = parseOutputs(d.outputs);
    if ('bad' in p)
      throw new InputError(
        from === 'options'
          ? `--outputs ${String(d.outputs)}: expected a comma-separated list of ${OUTPUT_FORMATS.join(', ')}`
          : `${path}: 'outputs' must list formats from ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(p.bad || d.outputs)}`,
      );
    outputs = p.formats;
  }
  // time bands at the walker's own speed unless the job sets one
  const speed = d.speed === undefined ? walkerSpeed(d.walker) : String(d.speed);
  const bands = parseBands(d.bands === undefined ? DEFAULT_BANDS : String(d.bands), parseSpeed(speed));
  const clipMarginM = readNumber('clipMarginM', d.clip_margin_m, from);
  const clipSpec =
    d.clip === undefined || d.clip === null
      ? null
      : /^\s*-?[\d.]+\s*(,\s*-?[\d.]+\s*){3}$/.test(String(d.clip))
        ? String(d.clip)
        : rel(d.clip, 'clip');
  if (d.roads_mode !== undefined && (d.roads === undefined || d.roads === null))
    throw new InputError(
      from === 'options'
        ? '--roads-mode is given without --roads <file>; add the road file or leave it out'
        : `${path}: 'roads_mode' is given without 'roads'; add the road file or leave it out`,
    );
  const roads =
    d.roads === undefined || d.roads === null
      ? null
      : (() => {
          const s = parseFileSpec(d.roads, 'roads', path, rel, ['class_field']);
          const cf = s.extra.class_field;
          if (cf !== undefined && (typeof cf !== 'string' || !cf.trim()))
            throw new InputError(`${path}: 'roads.class_field' must be a property name, got ${JSON.stringify(cf)}`);
          return {
            file: s.file,
            crs: s.crs,
            layer: s.layer,
            towgs84: s.towgs84,
            classField: cf as string | undefined,
            mode: parseRoadsMode(d.roads_mode, from === 'options' ? '--roads-mode' : `${path}: roads_mode`),
          };
        })();
  return {
    roads,
    suggest: suggestSpec,
    planned,
    walker: (d.walker as string | undefined) ?? 'default',
    walkers: (d.walkers as string[] | undefined) ?? null,
    from: path,
    osm: rel(d.osm, 'osm'),
    communities:
      d.communities === undefined || d.communities === null
        ? null
        : (() => {
            const s = parseFileSpec(d.communities, 'communities', path, rel, Object.keys(FIELD_KEYS));
            return { file: s.file, crs: s.crs, layer: s.layer, towgs84: s.towgs84, fields: s.fields };
          })(),
    gates:
      d.gates === undefined || d.gates === null
        ? null
        : (() => {
            const s = parseFileSpec(d.gates, 'gates', path, rel, ['id_field', 'name_field']);
            return { file: s.file, crs: s.crs, layer: s.layer, towgs84: s.towgs84, fields: s.fields };
          })(),
    profile:
      d.profile === undefined
        ? DEFAULT_PROFILE
        : from !== 'options' && /[/\\]|\.ya?ml$/.test(String(d.profile))
          ? rel(d.profile, 'profile')
          : String(d.profile),
    facilities: lists,
    categoryMap: d.category_map === undefined || d.category_map === null ? null : rel(d.category_map, 'category_map'),
    useOsmFacilities: d.use_osm_facilities !== false,
    thresholds,
    output: rel(d.output, 'output'),
    lang,
    passShare: readNumber('passShare', d.pass_share, from),
    missingData: readMissingData(d.missing_data, from),
    bands,
    speed,
    corridorM,
    resolutionM,
    maxSnapM: readNumber('maxSnapM', d.max_snap_m, from),
    minComponent: readNumber('minComponent', d.min_component, from),
    clip: clipSpec === null ? null : parseClip(clipSpec, clipMarginM),
    outputs,
    browser: d.browser === undefined || d.browser === null ? null : rel(d.browser, 'browser'),
  };
}

/** the walker's speed as a speed text ("3.2km/h"); an unknown walker is refused here, before any work */
function walkerSpeed(w: unknown): string {
  if (w === undefined || w === null) return DEFAULT_SPEED;
  const walker = walkerByName(String(w));
  return walker.id === 'default' ? DEFAULT_SPEED : `${walker.speedKmh}km/h`;
}
