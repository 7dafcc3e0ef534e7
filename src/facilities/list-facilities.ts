/**
 * Facilities from planners' lists: rows read by readFacilityList, their category values mapped to
 * the profile's categories (by id, zh or en name, alias, a mapping file, or one category for the
 * whole file). Values that map to nothing are counted per value and reported, never dropped silently.
 */
import { basename } from 'node:path';
import YAML from 'yaml';
import { resolveCategory } from '../profiles/names.js';
import type { Profile } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import type { Facility } from './facility.js';
import { readFacilityList, rowLabel } from './facility-list.js';
import type { ColumnMapping, Crs, FacilityList } from './types.js';
import { readInputText } from '../io/read-input.js';

export interface ListSpec {
  path: string;
  crs: Crs;
  columns?: ColumnMapping;
  sheet?: string;
  /** every row is this category (for a list of one kind, e.g. the bureau's elderly stations) */
  category?: string;
  /** value -> category id, for values the profile's names and aliases do not cover */
  categoryMap?: Record<string, string>;
}

export interface ListResult {
  spec: ListSpec;
  list: FacilityList;
  facilities: Facility[];
  /** category values that matched no category: value -> rows */
  unknownCategories: Record<string, number>;
  /** rows with no category value at all */
  noCategory: number;
  /** facilities left out because they lie outside the study area (set by collectFacilities) */
  outside?: number;
}

/**
 * Amap/Tencent exports give types as a hierarchy, "科教文化服务;学校;幼儿园" (and several types
 * joined by "|"): try each level, the most specific (last) first.
 */
function resolveHierarchical(profile: Profile, v: string, map?: Record<string, string>): string | null {
  for (const alt of v.split('|')) {
    const levels = alt
      .split(/[;；/>]/)
      .map((x) => x.trim())
      .filter(Boolean);
    for (let i = levels.length - 1; i >= 0; i--) {
      const id = map?.[levels[i]] ?? resolveCategory(profile, levels[i]);
      if (id) return id;
    }
  }
  return null;
}

export function loadCategoryMap(path: string, profile: Profile): Record<string, string> {
  let doc: unknown;
  try {
    doc = YAML.parse(readInputText(path));
  } catch (e) {
    throw new InputError(
      `${path}: cannot read the category mapping (${(e as Error).message}); write it as YAML lines "value: category_id"`,
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError(`${path}: the category mapping must be YAML lines "value: category_id"`);
  const ids = new Set(profile.categories.map((c) => c.id));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    const id = resolveCategory(profile, String(v));
    if (!id || !ids.has(id))
      throw new InputError(
        `${path}: '${k}' maps to '${String(v)}', which is not a category of profile ${profile.id} (categories: ${[...ids].join(', ')})`,
      );
    out[k.trim()] = id;
  }
  return out;
}

export async function listFacilities(spec: ListSpec, profile: Profile): Promise<ListResult> {
  const list = await readFacilityList(spec.path, { crs: spec.crs, columns: spec.columns, sheet: spec.sheet });
  const fixed = spec.category ? resolveCategory(profile, spec.category) : null;
  if (spec.category && !fixed)
    throw new InputError(
      `--category ${spec.category}: not a category of profile ${profile.id} (categories: ${profile.categories.map((c) => c.id).join(', ')})`,
    );
  if (!fixed && !list.columns.category)
    throw new InputError(
      `${spec.path}: no category column found (columns: ` +
        `${Object.keys(list.rows[0]?.raw ?? {}).join(', ')}); name it with --columns ` +
        `category=<column>, or give the whole file one category with --category <id>`,
    );
  const unknown: Record<string, number> = {};
  let noCategory = 0;
  const facilities: Facility[] = [];
  const file = basename(spec.path);
  const label = rowLabel(list.format);
  for (const r of list.rows) {
    let cat = fixed;
    if (!cat) {
      const v = r.category?.trim() ?? '';
      if (!v) {
        noCategory++;
        continue;
      }
      cat = spec.categoryMap?.[v] ?? resolveCategory(profile, v) ?? resolveHierarchical(profile, v, spec.categoryMap);
      if (!cat) {
        unknown[v] = (unknown[v] ?? 0) + 1;
        continue;
      }
    }
    const sourceId = r.sourceId ?? `${file} ${label} ${r.row}`;
    facilities.push({
      key: `list:${file}:${r.row}:${cat}`,
      category: cat,
      source: 'list',
      sourceId,
      name: r.name,
      points: [[Math.round(r.lon * 1e7) / 1e7, Math.round(r.lat * 1e7) / 1e7]],
      pointKind: 'point',
      floorAreaM2: r.floorAreaM2,
      merged: [],
    });
  }
  return { spec, list, facilities, unknownCategories: unknown, noCategory };
}
