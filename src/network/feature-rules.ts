/**
 * Which tagged objects are kept beside the network, and what they are (data/features.yaml),
 * compiled for fast tests. Entrances and residential areas are selectors in the tag-condition
 * language every data file shares (src/osm/tag-conditions.ts), so they are data, not code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDataYaml } from '../util/data-yaml.js';
import type { Tags } from '../osm/block.js';
import {
  type ConditionFail,
  compileAnyOf,
  conditionKeys,
  parseSelector,
  type TagSelector,
} from '../osm/tag-conditions.js';
import { dataPath } from '../util/data-files.js';
import { InputError } from '../util/errors.js';

export interface FeatureRules {
  /** sha256 of the file's content (a network file prepared under other feature rules is stale) */
  hash: string;
  /** true if any key alone can make an object interesting (cheap pre-filter on keys) */
  keyMayMatter(key: string): boolean;
  keep(tags: Tags): boolean;
  isEntrance(tags: Tags): boolean;
  /** a kept area that can stand in for a community boundary */
  isResidentialArea(tags: Tags): boolean;
  residentialBuilding(tags: Tags): boolean;
}

function stringList(v: unknown, path: string, key: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== ''))
    throw new InputError(`${path}: '${key}' must be a list of texts`);
  return v;
}

function selectorList(v: unknown, path: string, key: string): TagSelector[] {
  if (!Array.isArray(v) || v.length === 0)
    throw new InputError(`${path}: '${key}' must be a list of selectors like { entrance: '*' }`);
  const fail: ConditionFail = (at, message) => {
    throw new InputError(`${path}: ${key}[${at[0]}]${at.length > 1 ? `: '${at.slice(1).join('.')}'` : ''} ${message}`);
  };
  return v.map((s, i) => parseSelector(s, [i], fail));
}

export function parseFeatureRules(text: string, path: string): FeatureRules {
  let doc: Record<string, unknown>;
  try {
    doc = parseDataYaml(text, 'features.yaml') as typeof doc;
  } catch (e) {
    throw new InputError(`${path}: invalid YAML: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object') throw new InputError(`${path}: expected a map of feature rules`);
  const keys = new Set(stringList(doc.keys, path, 'keys'));
  const tagsRaw = doc.tags;
  if (!tagsRaw || typeof tagsRaw !== 'object' || Array.isArray(tagsRaw))
    throw new InputError(`${path}: 'tags' must be a map of key: [values]`);
  const tagValues = new Map(
    Object.entries(tagsRaw as Record<string, unknown>).map(([k, v]) => [k, new Set(stringList(v, path, `tags.${k}`))]),
  );
  const entrances = selectorList(doc.entrances, path, 'entrances');
  const residentialAreas = selectorList(doc.residential_areas, path, 'residential_areas');
  const resBuildings = new Set(stringList(doc.residential_buildings, path, 'residential_buildings'));
  const mayMatter = new Set([
    ...keys,
    ...tagValues.keys(),
    ...conditionKeys(entrances),
    ...conditionKeys(residentialAreas),
  ]);
  return {
    hash: createHash('sha256').update(text).digest('hex'),
    keyMayMatter: (k) => mayMatter.has(k),
    keep(tags) {
      for (const k in tags) {
        if (keys.has(k)) return true;
        const vs = tagValues.get(k);
        if (vs?.has(tags[k])) return true;
      }
      return false;
    },
    isEntrance: compileAnyOf(entrances),
    isResidentialArea: compileAnyOf(residentialAreas),
    residentialBuilding: (tags) => tags.building !== undefined && resBuildings.has(tags.building),
  };
}

let cached: FeatureRules | null = null;

export function loadFeatureRules(): FeatureRules {
  if (cached) return cached;
  const p = dataPath('features.yaml');
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    throw new InputError(`${p}: cannot read the feature rules (${(e as Error).message})`);
  }
  cached = parseFeatureRules(text, p);
  return cached;
}
