/**
 * Which property holds a feature's id, name, households and population. Found under the keys the
 * tool itself writes (zh and en outputs can be fed back in) and the common ones in bureau files,
 * matched case-insensitively after NFKC folding; or named explicitly (--id-field, --name-field,
 * --households-field, --population-field). What was used is returned so the caller can print and
 * record it.
 */
import { InputError } from '../util/errors.js';
import type { RawFeature } from './types.js';

export type KeyField = 'id' | 'name' | 'households' | 'population';

export const KEY_ALIASES: Record<KeyField, string[]> = {
  id: [
    'id',
    'community_id',
    '社区编号',
    '编号',
    '社区代码',
    '社区编码',
    '代码',
    '编码',
    'code',
    'community_code',
    'shequ_id',
    'objectid',
    'fid',
  ],
  name: [
    'name',
    'community_name',
    '社区名称',
    '名称',
    '社区',
    '社区名',
    '小区名称',
    '名字',
    'name_zh',
    'name:zh',
    'facility_name',
  ],
  households: ['households', 'hh', '户数', '住户数', '总户数', '居民户数', 'household', 'hhs'],
  population: ['population', 'pop', '人口', '常住人口', '人数', '总人口', '户籍人口', '居民人数'],
};

export type KeyChoice = Record<KeyField, string | null>;
export type ExplicitKeys = Partial<Record<KeyField, string>>;

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** the property key for each field (null: none), checked against the features' own keys */
export function chooseKeys(
  features: RawFeature[],
  explicit: ExplicitKeys,
  where: string,
  fields: KeyField[] = ['id', 'name', 'households', 'population'],
): KeyChoice {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of features)
    for (const k of Object.keys(f.properties))
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  const out: KeyChoice = { id: null, name: null, households: null, population: null };
  for (const field of fields) {
    const want = explicit[field];
    if (want !== undefined) {
      const k = keys.find((x) => x === want) ?? keys.find((x) => fold(x) === fold(want));
      if (!k)
        throw new InputError(
          `${where}: --${field}-field ${want}: no such property; the properties are: ${keys.slice(0, 30).join(', ') || '(none)'}`,
        );
      out[field] = k;
      continue;
    }
    for (const alias of KEY_ALIASES[field]) {
      const k = keys.find((x) => fold(x) === alias && features.some((f) => present(f.properties[x])));
      if (k) {
        out[field] = k;
        break;
      }
    }
  }
  return out;
}

export function describeKeys(c: KeyChoice): string {
  return (Object.keys(c) as KeyField[]).map((f) => `${f} from ${c[f] === null ? '(none)' : `"${c[f]}"`}`).join(', ');
}

/** a property value as an id or name: text, with integers printed without exponent */
export function keyText(v: unknown): string | null {
  if (!present(v)) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v).trim() || null;
}
