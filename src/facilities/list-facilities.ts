/**
 * Facilities from planners' lists: rows read by readFacilityList, their category values mapped to
 * the profile's categories (by id, zh or en name, alias, a mapping file, or one category for the
 * whole file). Values that map to nothing are counted per value and reported, never dropped silently.
 */
import { basename } from 'node:path';
import YAML from 'yaml';
import { resolveCategory } from '../profiles/names.js';
import { categoriesOfLevel, categoriesOfType, categoriesOfTypecode } from './map-service-types.js';
import type { Profile } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import type { Facility } from './facility.js';
import { readFacilityList, rowLabel } from './facility-list.js';
import type { ColumnMapping, Crs, FacilityList } from './types.js';
import { readInputText } from '../io/read-input.js';

export interface ListSpec {
  path: string;
  crs: Crs;
  /** a projected CRS as given (EPSG:<code>, .prj); `crs` is then wgs84 */
  crsSpec?: string;
  /** GeoPackage layer / zipped Shapefile */
  layer?: string;
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
  /** rows that mapped to each category (a row of several types can count for several) */
  perCategory: Record<string, number>;
  /** rows that mapped to at least one category */
  mappedRows: number;
  /** facilities left out because they lie outside the study area (set by collectFacilities) */
  outside?: number;
}

/**
 * The categories a row's category value maps to, first match wins:
 * 1. the planner's own mapping for the whole value; 2. a category's id, name or alias;
 * 3. per type ("|" joins several, each counts): the planner's mapping for one of its levels, most
 *    specific first; the map-service table (data/map-service-types.yaml: Amap/Baidu type paths,
 *    longest first; an entry that maps to nothing in this profile is final); a level's own name
 *    (most specific first); 4. an Amap typecode column.
 * An empty result means the row maps to no category.
 */
export function rowCategories(
  profile: Profile,
  value: string,
  map?: Record<string, string>,
  typecode?: string | null,
): string[] {
  const v = value.trim();
  const direct = map?.[v] ?? (v ? resolveCategory(profile, v) : null);
  if (direct) return [direct];
  const out: string[] = [];
  const add = (ids: string[]) => {
    for (const id of ids) if (!out.includes(id)) out.push(id);
  };
  for (const alt of v.split('|')) {
    if (!alt.trim()) continue;
    const levels = alt
      .split(/[;；>]/)
      .map((x) => x.trim())
      .filter(Boolean);
    const mapped = map ? [...levels].reverse().find((l) => map[l] !== undefined) : undefined;
    if (mapped !== undefined) {
      add([map![mapped]]);
      continue;
    }
    const table = levels.length > 1 ? categoriesOfType(profile, alt) : categoriesOfLevel(profile, alt);
    if (table) {
      add(table);
      continue;
    }
    // a level's own name ("科教文化服务;学校;幼儿园" → 幼儿园), also each part of "便民商店/便利店"
    const names = levels.flatMap((l) => [l, ...(l.includes('/') ? l.split('/') : [])]);
    for (let i = names.length - 1; i >= 0; i--) {
      const id = resolveCategory(profile, names[i]);
      if (id) {
        add([id]);
        break;
      }
    }
  }
  if (!out.length && typecode) add(categoriesOfTypecode(profile, typecode) ?? []);
  return out;
}

/**
 * a list facility's `merged` before any merge: one frozen empty array for all of them (the
 * inventory copies a facility before it merges a twin into it), not an array per row
 */
const NONE_MERGED: string[] = Object.freeze([]) as unknown as string[];

/** header names of an Amap typecode column */
const TYPECODE_COLUMNS = ['typecode', 'type_code', '类型编码', '分类编码', '类型代码'];

/** the columns a list's rows name their Amap typecode and 大类/中类/小类 in, found once per list (every row has the same keys) */
interface TypeColumns {
  typecode: string | null;
  big: string | null;
  mid: string | null;
  small: string | null;
}

function typeColumns(keys: readonly string[]): TypeColumns {
  const find = (ok: (k: string) => boolean) => keys.find(ok) ?? null;
  return {
    typecode: find((k) => TYPECODE_COLUMNS.includes(k.trim().toLowerCase())),
    big: find((k) => ['大类', '大类名称'].includes(k.trim())),
    mid: find((k) => ['中类', '中类名称'].includes(k.trim())),
    small: find((k) => ['小类', '小类名称'].includes(k.trim())),
  };
}

function typecodeOf(raw: Record<string, string>, cols: TypeColumns): string | null {
  return cols.typecode === null ? null : (raw[cols.typecode] ?? null);
}

/** Amap exports with separate 大类/中类/小类 columns: the whole path, so the table can match it */
function typePath(raw: Record<string, string>, value: string, cols: TypeColumns): string {
  if (cols.big === null && cols.mid === null && cols.small === null) return value;
  const get = (k: string | null) => (k === null ? '' : (raw[k] ?? '').trim());
  const big = get(cols.big);
  const mid = get(cols.mid);
  const small = get(cols.small);
  if (!big || !mid || value.includes(';') || value.includes('|')) return value;
  if (value !== small && value !== mid) return value;
  return [big, mid, small].filter(Boolean).join(';');
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

export async function listFacilities(
  spec: ListSpec,
  profile: Profile,
  onRows?: (done: number, total: number) => void,
): Promise<ListResult> {
  const list = await readFacilityList(spec.path, {
    crs: spec.crs,
    crsSpec: spec.crsSpec,
    layer: spec.layer,
    columns: spec.columns,
    sheet: spec.sheet,
    onRows,
  });
  const fixed = spec.category ? resolveCategory(profile, spec.category) : null;
  if (spec.category && !fixed)
    throw new InputError(
      `--category ${spec.category}: not a category of profile ${profile.id} (categories: ${profile.categories.map((c) => c.id).join(', ')})`,
    );
  if (!fixed && !list.columns.category)
    throw new InputError(
      `${spec.path}: no category column found (columns: ` +
        `${(list.placed.keys ?? Object.keys(list.placed.length ? list.placed.raw(0) : {})).join(', ')}); name it with --columns ` +
        `category=<column>, or give the whole file one category with --category <id>`,
    );
  const unknown: Record<string, number> = {};
  let noCategory = 0;
  const facilities: Facility[] = [];
  const file = basename(spec.path);
  const label = rowLabel(list.format);
  const perCategory: Record<string, number> = {};
  let mappedRows = 0;
  const rows = list.placed;
  // GeoJSON features may differ in their keys; table rows all have the header's
  const sameKeys = rows.keys !== null;
  const listCols = typeColumns(rows.keys ?? (rows.length ? Object.keys(rows.raw(0)) : []));
  // a table row builds its raw record when asked: only where a typecode or 大类/中类/小类 column needs it
  const needRaw = !sameKeys || !!(listCols.typecode || listCols.big || listCols.mid || listCols.small);
  const memo = new Map<string | null, Map<string, string[]>>();
  const keyHead = `list:${file}:`;
  for (let i = 0; i < rows.length; i++) {
    let cats: string[] = fixed ? [fixed] : [];
    if (!fixed) {
      const raw = needRaw ? rows.raw(i) : null;
      const cols = sameKeys || !raw ? listCols : typeColumns(Object.keys(raw));
      const v = rows.category(i)?.trim() ?? '';
      const code = raw ? typecodeOf(raw, cols) : null;
      if (!v && !code) {
        noCategory++;
        continue;
      }
      // a list holds a few hundred distinct type values at most: each is mapped once
      const path = raw ? typePath(raw, v, cols) : v;
      let byPath = memo.get(code);
      if (!byPath) {
        byPath = new Map();
        memo.set(code, byPath);
      }
      let ids = byPath.get(path);
      if (!ids) {
        ids = rowCategories(profile, path, spec.categoryMap, code);
        byPath.set(path, ids);
      }
      if (!ids.length) {
        const k = v || `typecode ${code}`;
        unknown[k] = (unknown[k] ?? 0) + 1;
        continue;
      }
      cats = ids;
    }
    mappedRows++;
    const row = rows.row(i);
    // keys joined (one flat string) rather than concatenated (a chain of five strings per key):
    // 184 -> 58 bytes a key, and the inventory's sort compares them without flattening them first
    const sourceId = rows.sourceId(i) ?? [file, label, row].join(' ');
    const name = rows.name(i);
    const lon = Math.round(rows.lon(i) * 1e7) / 1e7;
    const lat = Math.round(rows.lat(i) * 1e7) / 1e7;
    const floorAreaM2 = rows.floorAreaM2(i);
    for (const cat of cats) {
      perCategory[cat] = (perCategory[cat] ?? 0) + 1;
      facilities.push({
        key: [keyHead, row, ':', cat].join(''),
        category: cat,
        source: 'list',
        sourceId,
        name,
        points: [[lon, lat]],
        pointKind: 'point',
        floorAreaM2,
        merged: NONE_MERGED,
      });
    }
  }
  return { spec, list, facilities, unknownCategories: unknown, noCategory, perCategory, mappedRows };
}
