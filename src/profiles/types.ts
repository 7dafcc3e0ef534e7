/**
 * Standards profiles: which everyday facilities a planning standard asks for, at what walking
 * distance, and how each one is found in OpenStreetMap. A profile is a YAML file in data/profiles/
 * (or a planner's own file); see docs/profiles.md for the schema.
 */

export type Lang = 'zh' | 'en';

/** A text in Chinese and English. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/**
 * Tag conditions and selectors are the shared language of every data file (src/osm/tag-conditions.ts):
 * `key: [v1, v2]`, `key: '*'`, `key: { not: [v1] }`, `key: { contains: [t1], except: [t2] }`.
 * A selector's conditions must all hold (AND); a category's `osm` list holds alternatives (OR).
 */
export type { ContainsCondition, TagCondition, TagSelector as OsmSelector } from '../osm/tag-conditions.js';
import type { TagSelector as OsmSelector } from '../osm/tag-conditions.js';

/** OSM tags of one object. */
export type OsmTags = Readonly<Record<string, string>>;

export interface ProfileSource extends Bilingual {
  /** year the standard was issued, e.g. "2020" */
  readonly issued?: string;
  /** document number, e.g. "建科规〔2020〕7号" or "GB 50180-2018" */
  readonly document?: string;
  readonly url?: string;
}

/** A walking tier of the profile (e.g. the 5-minute life circle at 300 m). */
export interface Tier extends Bilingual {
  readonly id: string;
  /** the tier's walking distance in metres */
  readonly threshold_m: number;
  /** false when the reference marks the tier's distance as recalled, not checked (absent = not stated) */
  readonly verified?: boolean;
  readonly note?: Bilingual;
}

/** A facility category the standard asks for. */
export interface Category extends Bilingual {
  /** lowercase ascii, unique in the profile */
  readonly id: string;
  /** one of the profile's tiers[].id */
  readonly tier: string;
  /** walking distance (metres along the network) within which residents should reach the facility */
  readonly threshold_m: number;
  /** true = required (必配), false = recommended (宜配) */
  readonly required: boolean;
  /** where the figures come from (standard + clause/table, or item number) */
  readonly clause: string;
  /** false when the figures are recalled, not checked against the official text */
  readonly verified: boolean;
  readonly note?: Bilingual;
  /** other names planners' facility lists may use (zh and en) */
  readonly aliases: readonly string[];
  /** minimum floor area (建筑面积) the standard sets, m² */
  readonly floor_area_min_m2?: number;
  /** minimum land area (用地面积) the standard sets, m² */
  readonly land_area_min_m2?: number;
  /** minimum site area (场地/绿地面积) the standard sets, m² */
  readonly site_area_min_m2?: number;
  /** OSM selectors: alternatives (OR), each a map of tag conditions (AND); may be empty when OSM has no tag */
  readonly osm: readonly OsmSelector[];
  /** set by withThresholdOverrides: the profile's own threshold before the override */
  readonly original_threshold_m?: number;
}

export interface Profile {
  readonly id: string;
  readonly name: Bilingual;
  readonly source: ProfileSource;
  readonly notes?: Bilingual;
  readonly tiers: readonly Tier[];
  readonly categories: readonly Category[];
  /** the file the profile was read from */
  readonly file: string;
  /** true for the profiles shipped in data/profiles/ */
  readonly builtin: boolean;
}

export interface ProfileListing {
  readonly id: string;
  readonly name: Bilingual;
  readonly file: string;
}

/** The text in the chosen language (falls back to the other one when empty). */
export function inLang(t: Bilingual, lang: Lang): string {
  return (lang === 'zh' ? t.zh || t.en : t.en || t.zh) ?? '';
}
