/**
 * The one pattern for every file a job names (communities, facility lists, roads, gates): a path,
 * or a mapping { file, crs, layer, towgs84, id_field, name_field, households_field,
 * population_field, … } — each kind allows the keys it uses. Kept in one place so the job's
 * parameter module can take it over as a unit.
 */
import { InputError } from '../util/errors.js';
import type { ExplicitKeys } from './keys.js';

export interface FileSpec {
  file: string;
  crs?: string;
  layer?: string;
  towgs84?: string;
  fields: ExplicitKeys;
  /** the other keys the kind allows (columns, category, sheet, mode…), as given */
  extra: Record<string, unknown>;
}

export const COMMON_FILE_KEYS = ['file', 'crs', 'layer', 'towgs84'] as const;
export const FIELD_KEYS = {
  id_field: 'id',
  name_field: 'name',
  households_field: 'households',
  population_field: 'population',
} as const;

function suggestKey(key: string, allowed: readonly string[]): string {
  const near = allowed.find((k) => k.startsWith(key.slice(0, 3)) || key.startsWith(k.slice(0, 3)));
  return near ? ` (did you mean '${near}'?)` : '';
}

/**
 * `value` is the job's value for `key`; `resolvePath` resolves a path (relative to the job file); `allowed` the keys beyond
 * file/crs/layer/towgs84 this kind takes (e.g. id_field, columns).
 */
export function parseFileSpec(
  value: unknown,
  key: string,
  jobPath: string,
  resolvePath: (p: unknown, key: string) => string,
  allowed: readonly string[],
): FileSpec {
  const item =
    typeof value === 'string'
      ? { file: value }
      : value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
        : value;
  if (!item || typeof item !== 'object' || Array.isArray(item))
    throw new InputError(
      `${jobPath}: '${key}' must be a file path or { file, crs, layer, … }, got ${JSON.stringify(value)?.slice(0, 40)}`,
    );
  const all = [...COMMON_FILE_KEYS, ...allowed];
  const o = item as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!all.includes(k))
      throw new InputError(
        `${jobPath}: ${key}: unknown key '${k}'${suggestKey(k, all)}; allowed keys: ${all.join(', ')}`,
      );
  if (typeof o.file !== 'string' || !o.file.trim())
    throw new InputError(`${jobPath}: '${key}.file' must be a file path`);
  const text = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object')
      throw new InputError(`${jobPath}: '${key}.${k}' must be text, got ${JSON.stringify(v).slice(0, 40)}`);
    return String(v);
  };
  const fields: ExplicitKeys = {};
  for (const [k, f] of Object.entries(FIELD_KEYS)) {
    const v = text(k);
    if (v !== undefined) fields[f] = v;
  }
  const extra: Record<string, unknown> = {};
  for (const k of allowed) if (!(k in FIELD_KEYS) && o[k] !== undefined) extra[k] = o[k];
  return {
    file: resolvePath(o.file, `${key}.file`),
    crs: text('crs'),
    layer: text('layer'),
    towgs84: text('towgs84'),
    fields,
    extra,
  };
}
