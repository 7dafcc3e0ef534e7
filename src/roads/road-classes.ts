/**
 * data/road-classes.yaml: how a planner's road line becomes OSM-style tags for the walking rules —
 * its class value (Chinese class names, or OSM's own highway values), a side path that makes an
 * expressway walkable, and its level (bridge / tunnel / layer) for noding. Rules are data; this file
 * only reads them and applies them to one line's attributes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDataYaml } from '../util/data-yaml.js';
import type { Tags } from '../osm/block.js';
import { wayLevel } from '../network/level.js';
import type { WalkRules } from '../network/rules.js';
import { dataPath } from '../util/data-files.js';
import { InputError } from '../util/errors.js';

export interface RoadClasses {
  path: string;
  hash: string;
  classFields: string[];
  levelFields: { bridge: string[]; tunnel: string[]; layer: string[] };
  sidePathFields: string[];
  falseValues: Set<string>;
  unknown: 'walk' | 'exclude';
  classes: Map<string, { tags: Tags; sidePath: Tags | null }>;
}

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();

function tagMap(v: unknown, where: string): Tags {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InputError(`${where} must be a mapping of OSM tags`);
  const out: Tags = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string' && typeof x !== 'number')
      throw new InputError(`${where}.${k} must be a tag value (text), got ${JSON.stringify(x)}`);
    out[k] = String(x);
  }
  if (out.highway === undefined) throw new InputError(`${where} must give a highway tag`);
  return out;
}

function textList(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' || typeof x === 'number'))
    throw new InputError(`${where} must be a list of names`);
  return v.map((x) => String(x));
}

export function parseRoadClasses(text: string, path: string): RoadClasses {
  let d: Record<string, unknown>;
  try {
    d = parseDataYaml(text, 'road-classes.yaml') as typeof d;
  } catch (e) {
    throw new InputError(`${path}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!d || typeof d !== 'object') throw new InputError(`${path}: expected class_fields, level_fields, classes`);
  const lf = (d.level_fields ?? {}) as Record<string, unknown>;
  if (d.unknown !== 'walk' && d.unknown !== 'exclude')
    throw new InputError(`${path}: 'unknown' must be walk or exclude, got ${JSON.stringify(d.unknown)}`);
  const classes = new Map<string, { tags: Tags; sidePath: Tags | null }>();
  const cl = d.classes;
  if (!cl || typeof cl !== 'object' || Array.isArray(cl)) throw new InputError(`${path}: 'classes' must be a mapping`);
  for (const [name, v] of Object.entries(cl as Record<string, unknown>)) {
    const e = v as { tags?: unknown; side_path?: unknown };
    classes.set(fold(name), {
      tags: tagMap(e?.tags, `${path}: classes.${name}.tags`),
      sidePath: e?.side_path === undefined ? null : tagMap(e.side_path, `${path}: classes.${name}.side_path`),
    });
  }
  return {
    path,
    hash: createHash('sha256').update(text).digest('hex'),
    classFields: textList(d.class_fields, `${path}: class_fields`).map(fold),
    levelFields: {
      bridge: textList(lf.bridge ?? [], `${path}: level_fields.bridge`).map(fold),
      tunnel: textList(lf.tunnel ?? [], `${path}: level_fields.tunnel`).map(fold),
      layer: textList(lf.layer ?? [], `${path}: level_fields.layer`).map(fold),
    },
    sidePathFields: textList(d.side_path_fields ?? [], `${path}: side_path_fields`).map(fold),
    falseValues: new Set(textList(d.false_values ?? [], `${path}: false_values`).map(fold)),
    unknown: d.unknown,
    classes,
  };
}

let defaults: RoadClasses | null = null;

export function loadRoadClasses(): RoadClasses {
  if (defaults) return defaults;
  const p = dataPath('road-classes.yaml');
  defaults = parseRoadClasses(readFileSync(p, 'utf8'), p);
  return defaults;
}

/** the highway values the walking rules name (walked or not): a class value among them is OSM's own */
export function osmHighwayValues(rules: WalkRules): Set<string> {
  const out = new Set<string>();
  for (const r of rules.rules) {
    const c = r.if.highway;
    if (Array.isArray(c)) for (const v of c) out.add(v);
  }
  return out;
}

/** the property key holding the class: the given one (checked), else the first usual key present */
export function chooseClassField(
  keys: Iterable<string>,
  rc: RoadClasses,
  given: string | undefined,
  where: string,
): string | null {
  const all = [...keys];
  if (given !== undefined) {
    const hit = all.find((k) => fold(k) === fold(given));
    if (!hit)
      throw new InputError(
        `${where}: the road class field '${given}' is not a property of the lines (they have ${all.slice(0, 12).join(', ') || 'no properties'}); ` +
          'name one of those with --road-class-field (class_field:)',
      );
    return hit;
  }
  for (const f of rc.classFields) {
    const hit = all.find((k) => fold(k) === f);
    if (hit) return hit;
  }
  return null;
}

/** `"bridge"=>"yes","layer"=>"1"`: the other_tags column of GDAL's OSM driver, as tags */
export function parseOtherTags(v: string): Tags {
  const out: Tags = {};
  const re = /"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(v); m; m = re.exec(v)) out[m[1].replace(/\\(.)/g, '$1')] = m[2].replace(/\\(.)/g, '$1');
  return out;
}

export interface Classifier {
  /** known: the value is a class of the file or an OSM highway value (false also when there is no value) */
  classify(props: Record<string, unknown>): { tags: Tags; classValue: string | null; known: boolean };
  level(tags: Tags): number;
}

const text = (v: unknown): string | null =>
  v === undefined || v === null ? null : typeof v === 'object' ? null : String(v).trim();

/**
 * One line's tags: the class's tags (or highway=<value> for an OSM value, or highway=road for an
 * unknown one), with the attributes the walking rules read (foot, access, sidewalk, …, also from an
 * ogr2ogr `other_tags` column) and its bridge / tunnel / layer under their OSM keys.
 */
export function roadClassifier(rc: RoadClasses, rules: WalkRules, classField: string | null): Classifier {
  const osmValues = osmHighwayValues(rules);
  const isTrue = (v: unknown) => {
    const t = text(v);
    return t !== null && !rc.falseValues.has(fold(t));
  };
  return {
    classify(props) {
      const tags: Tags = {};
      const folded = new Map<string, unknown>();
      for (const [k, v] of Object.entries(props)) folded.set(fold(k), v);
      const other = text(props.other_tags);
      if (other) Object.assign(tags, parseOtherTags(other));
      for (const [k, v] of Object.entries(props)) {
        const t = text(v);
        if (t !== null && t !== '' && rules.keys.has(k) && k !== 'highway') tags[k] = t;
      }
      const pick = (names: string[]) => {
        for (const n of names) if (folded.has(n) && text(folded.get(n)) !== null) return folded.get(n);
        return undefined;
      };
      const bridge = pick(rc.levelFields.bridge);
      const tunnel = pick(rc.levelFields.tunnel);
      const layer = text(pick(rc.levelFields.layer));
      // Geofabrik's shapefiles: brunnel = bridge | tunnel | no
      if (bridge !== undefined) {
        const b = text(bridge);
        if (b === 'tunnel') tags.tunnel = 'yes';
        else if (isTrue(bridge)) tags.bridge = 'yes';
        else delete tags.bridge;
      }
      if (tunnel !== undefined) {
        if (isTrue(tunnel)) tags.tunnel = 'yes';
        else delete tags.tunnel;
      }
      if (layer !== null && layer !== '' && Number.isFinite(Number(layer)))
        tags.layer = String(Math.round(Number(layer)));
      const raw = classField ? text(props[classField]) : null;
      // GDAL's OSM driver keeps highway in other_tags on its multipolygons layer (pedestrian squares)
      const classValue = raw === null || raw === '' ? (tags.highway ?? null) : raw;
      const mapped = classValue === null ? undefined : rc.classes.get(fold(classValue));
      let known = true;
      if (mapped) {
        const side = mapped.sidePath && rc.sidePathFields.some((f) => folded.has(f) && isTrue(folded.get(f)));
        Object.assign(tags, side ? mapped.sidePath : mapped.tags);
      } else if (classValue !== null && osmValues.has(classValue)) tags.highway = classValue;
      else {
        known = false;
        tags.highway = 'road';
        if (classValue !== null && rc.unknown === 'exclude') tags.highway = 'no';
      }
      return { tags, classValue, known };
    },
    level: wayLevel,
  };
}
