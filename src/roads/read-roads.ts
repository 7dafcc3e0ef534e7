/**
 * A planner's road file (any format of the input stage) → walkable lines in typed arrays: each
 * LineString part with its vertices in 1e-7 degree integers (as OSM coordinates are kept), its
 * walking decision (class → tags → data/walk-rules.yaml), its level for noding, and what was skipped
 * or unknown and why. Read before the OSM file, so a road file with no lines, or none walkable,
 * fails at once.
 */
import type { Position } from 'geojson';
import { readInput } from '../inputs/read.js';
import type { InputLayer } from '../inputs/types.js';
import { loadWalkRules, type WalkDecision } from '../network/rules.js';
import { InputError } from '../util/errors.js';
import { chooseClassField, loadRoadClasses, roadClassifier } from './road-classes.js';

export type RoadsMode = 'replace' | 'add';
export const ROADS_MODES: readonly RoadsMode[] = ['replace', 'add'];
/** replace: the planner's centre-lines are the network (no duplicated carriageways); add: they fill OSM's gaps */
export const DEFAULT_ROADS_MODE: RoadsMode = 'replace';

/** roads_mode / --roads-mode, checked; `where` names the key or option */
export function parseRoadsMode(v: unknown, where: string): RoadsMode {
  if (v === undefined || v === null) return DEFAULT_ROADS_MODE;
  if (v !== 'replace' && v !== 'add')
    throw new InputError(
      `${where} must be replace (the road lines instead of OSM's walkable ways) or add (merged with them), got ${JSON.stringify(v)}`,
    );
  return v;
}

/** what the job / options give for the road file */
export interface RoadsSpec {
  file: string;
  crs?: string;
  layer?: string;
  towgs84?: string;
  classField?: string;
  mode: RoadsMode;
}

export interface RoadLines {
  spec: RoadsSpec;
  input: InputLayer;
  classField: string | null;
  /** road-classes.yaml hash, for caches */
  classesHash: string;
  count: number;
  /** vertices of line i: off[i] .. off[i+1] */
  off: Uint32Array;
  lon7: Int32Array;
  lat7: Int32Array;
  level: Int32Array;
  /** 1-based feature of each line */
  feature: Uint32Array;
  decision: WalkDecision[];
  highway: string[];
  stats: RoadReadStats;
}

export interface RoadReadStats {
  features: number;
  /** features with at least one walkable line */
  walkableFeatures: number;
  /** feature count per reason */
  skipped: Record<string, number>;
  /** class value → features not walkable under the walking rules */
  excludedClasses: Record<string, number>;
  /** class values neither in data/road-classes.yaml nor OSM highway values → features */
  unknownClasses: Record<string, number>;
  /** features without a class value (walked as highway=road) */
  noClassValue: number;
}

const bump = (o: Record<string, number>, k: string, n = 1) => {
  o[k] = (o[k] ?? 0) + n;
};

function lineParts(g: InputLayer['features'][number]['geometry'], out: Position[][]): string | null {
  if (!g) return 'has no geometry';
  switch (g.type) {
    case 'LineString':
      out.push(g.coordinates);
      return null;
    case 'MultiLineString':
      out.push(...g.coordinates);
      return null;
    case 'GeometryCollection': {
      for (const m of g.geometries) if (m.type === 'LineString' || m.type === 'MultiLineString') lineParts(m, out);
      return out.length ? null : 'is a geometry collection without lines';
    }
    case 'Point':
    case 'MultiPoint':
      return 'is a point, not a line';
    default:
      return 'is a polygon, not a line';
  }
}

export async function readRoads(spec: RoadsSpec): Promise<RoadLines> {
  const input = await readInput({
    file: spec.file,
    crs: spec.crs,
    layer: spec.layer,
    towgs84: spec.towgs84,
    what: 'road lines',
  });
  const where = input.layer ? `${spec.file} (layer ${input.layer})` : spec.file;
  const rules = loadWalkRules();
  const rc = loadRoadClasses();
  const keys = new Set<string>();
  for (const f of input.features) for (const k of Object.keys(f.properties)) keys.add(k);
  const classField = chooseClassField(keys, rc, spec.classField, where);
  const cls = roadClassifier(rc, rules, classField);
  const stats: RoadReadStats = {
    features: input.features.length + input.skipped.length,
    walkableFeatures: 0,
    skipped: {},
    excludedClasses: {},
    unknownClasses: {},
    noClassValue: 0,
  };
  for (const s of input.skipped) bump(stats.skipped, s.reason);
  const off: number[] = [0];
  const lon7: number[] = [];
  const lat7: number[] = [];
  const level: number[] = [];
  const feature: number[] = [];
  const decision: WalkDecision[] = [];
  const highway: string[] = [];
  let lineFeatures = 0;
  const geometryKinds: Record<string, number> = {};
  for (const f of input.features) {
    const parts: Position[][] = [];
    const why = lineParts(f.geometry, parts);
    if (why) {
      bump(stats.skipped, why);
      bump(geometryKinds, f.geometry?.type ?? 'none');
      continue;
    }
    lineFeatures++;
    const c = cls.classify(f.properties);
    const label = c.classValue ?? '(no class value)';
    if (c.classValue === null) stats.noClassValue++;
    else if (!c.known) bump(stats.unknownClasses, c.classValue);
    const d = rules.evaluate(c.tags);
    if (!d) {
      bump(stats.excludedClasses, label);
      continue;
    }
    const lv = cls.level(c.tags);
    let used = false;
    for (const p of parts) {
      const start = lon7.length;
      for (const q of p) {
        const x = Math.round(q[0] * 1e7);
        const y = Math.round(q[1] * 1e7);
        const n = lon7.length;
        if (n > start && lon7[n - 1] === x && lat7[n - 1] === y) continue; // repeated vertex
        lon7.push(x);
        lat7.push(y);
      }
      if (lon7.length - start < 2) {
        lon7.length = start;
        lat7.length = start;
        continue;
      }
      off.push(lon7.length);
      level.push(lv);
      feature.push(f.index);
      decision.push(d);
      highway.push(c.tags.highway);
      used = true;
    }
    if (used) stats.walkableFeatures++;
    else bump(stats.skipped, 'a line of fewer than two distinct vertices');
  }
  if (lineFeatures === 0) {
    const kinds = Object.entries(geometryKinds)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    throw new InputError(
      `${where}: no line features (${input.features.length + input.skipped.length} features${kinds ? `: ${kinds}` : ''}); ` +
        'a road file holds the road centre-lines as LineString / MultiLineString features',
    );
  }
  if (feature.length === 0) {
    const ex = Object.entries(stats.excludedClasses)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
    throw new InputError(
      `${where}: none of the ${lineFeatures} road lines is walkable (${ex || 'lines too short'}; class field ${classField ?? 'none'}, ` +
        'classes in data/road-classes.yaml, rules in data/walk-rules.yaml); give the streets people walk on, or name the class field with --road-class-field',
    );
  }
  return {
    spec,
    input,
    classField,
    classesHash: rc.hash,
    count: feature.length,
    off: Uint32Array.from(off),
    lon7: Int32Array.from(lon7),
    lat7: Int32Array.from(lat7),
    level: Int32Array.from(level),
    feature: Uint32Array.from(feature),
    decision,
    highway,
    stats,
  };
}
