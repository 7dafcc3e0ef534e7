/** Which tagged objects are kept beside the network (data/features.yaml), compiled for fast tests. */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { Tags } from '../osm/block.js';
import { dataPath } from '../util/data-files.js';

export interface FeatureRules {
  /** true if any key alone can make an object interesting (cheap pre-filter on keys) */
  keyMayMatter(key: string): boolean;
  keep(tags: Tags): boolean;
  isEntrance(tags: Tags): boolean;
  residentialBuilding(tags: Tags): boolean;
}

let cached: FeatureRules | null = null;

export function loadFeatureRules(): FeatureRules {
  if (cached) return cached;
  const doc = YAML.parse(readFileSync(dataPath('features.yaml'), 'utf8')) as {
    keys: string[];
    tags: Record<string, string[]>;
    entrances: Record<string, string[] | '*'>;
    residential_buildings: string[];
  };
  const keys = new Set(doc.keys);
  const tagValues = new Map(Object.entries(doc.tags).map(([k, v]) => [k, new Set(v)]));
  const entrance = Object.entries(doc.entrances).map(([k, v]) => [k, v === '*' ? null : new Set(v)] as const);
  const resBuildings = new Set(doc.residential_buildings);
  const mayMatter = new Set([...keys, ...tagValues.keys(), ...entrance.map(([k]) => k)]);
  cached = {
    keyMayMatter: (k) => mayMatter.has(k),
    keep(tags) {
      for (const k in tags) {
        if (keys.has(k)) return true;
        const vs = tagValues.get(k);
        if (vs?.has(tags[k])) return true;
      }
      return false;
    },
    isEntrance(tags) {
      for (const [k, vs] of entrance) {
        const v = tags[k];
        if (v !== undefined && (vs === null || vs.has(v))) return true;
      }
      return false;
    },
    residentialBuilding: (tags) => tags.building !== undefined && resBuildings.has(tags.building),
  };
  return cached;
}
