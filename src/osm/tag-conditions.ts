/**
 * Tag conditions: the one language in which lifecircle's data files say which OSM objects they
 * mean — the walking rules (data/walk-rules.yaml), the feature rules (data/features.yaml) and the
 * profiles' category selectors (data/profiles/*.yaml). One parser checks them as read from YAML,
 * one compiler turns them into predicates, one formatter prints them.
 *
 *   key: [v1, v2]                         the tag has one of these values
 *   key: '*'                              the tag is present (any value)
 *   key: { not: [v1] }                    the tag is absent or has another value
 *   key: { contains: [t1], except: [t2] } the value contains one of the texts and none of the `except` ones
 *   key: { above: N }                     the value is a slope beyond N % either way ("10%", "-12 %", "0.1", "5°";
 *                                         words such as "up" never hold) — walkers' inclines
 *
 * A selector is a map of conditions that must all hold; a list of selectors holds alternatives.
 */

/** The tags of one OSM object. */
type Tags = Readonly<Record<string, string>>;

export type TagCondition =
  | readonly string[]
  | '*'
  | { readonly not: readonly string[] }
  | ContainsCondition
  | { readonly above: number };

export interface ContainsCondition {
  readonly contains: readonly string[];
  readonly except?: readonly string[];
}

/** Tag conditions that must all hold (AND). */
export type TagSelector = Readonly<Record<string, TagCondition>>;

/** Reports a malformed condition: `path` leads from the selector (or list) to the culprit. */
export type ConditionFail = (path: readonly (string | number)[], message: string) => never;

const CONDITION_FORMS = "a list of values, '*', { not: [...] }, { contains: [...] } or { above: N }";

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return JSON.stringify(v);
}

function scalarValues(list: unknown[], path: readonly (string | number)[], fail: ConditionFail): string[] {
  if (list.length === 0) return fail(path, "lists no values (write at least one, or use '*' for any value)");
  return list.map((v, i) => {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return fail([...path, i], `must be a tag value (text), got ${describeValue(v)}`);
  });
}

/** Checks one condition as read from YAML and returns it with every value as a string. */
export function parseCondition(raw: unknown, path: readonly (string | number)[], fail: ConditionFail): TagCondition {
  if (raw === '*') return '*';
  if (Array.isArray(raw)) return scalarValues(raw, path, fail);
  if (raw !== null && typeof raw === 'object') {
    const keys = Object.keys(raw);
    const not = (raw as { not?: unknown }).not;
    if (keys.length === 1 && keys[0] === 'not' && Array.isArray(not))
      return { not: scalarValues(not, [...path, 'not'], fail) };
    const above = (raw as { above?: unknown }).above;
    if (keys.length === 1 && keys[0] === 'above') {
      if (typeof above !== 'number' || !Number.isFinite(above) || above < 0)
        return fail([...path, 'above'], `must be a number >= 0 (a slope in %), got ${describeValue(above)}`);
      return { above };
    }
    const { contains, except } = raw as { contains?: unknown; except?: unknown };
    if (keys.includes('contains') && keys.every((k) => k === 'contains' || k === 'except')) {
      if (!Array.isArray(contains))
        return fail([...path, 'contains'], `must be a list of texts, got ${describeValue(contains)}`);
      if (except !== undefined && !Array.isArray(except))
        return fail([...path, 'except'], `must be a list of texts, got ${describeValue(except)}`);
      const cond: ContainsCondition = { contains: scalarValues(contains, [...path, 'contains'], fail) };
      return except === undefined ? cond : { ...cond, except: scalarValues(except, [...path, 'except'], fail) };
    }
    return fail(
      path,
      `must be ${CONDITION_FORMS}, got a map with ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'no keys'}`,
    );
  }
  if (typeof raw === 'string')
    return fail(path, `must be ${CONDITION_FORMS}, got ${JSON.stringify(raw)} (write [${raw}] for one value)`);
  return fail(path, `must be ${CONDITION_FORMS}, got ${describeValue(raw)}`);
}

/** Checks a selector (a map of conditions) as read from YAML. */
export function parseSelector(raw: unknown, path: readonly (string | number)[], fail: ConditionFail): TagSelector {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return fail(path, `must be a map of tag conditions like { amenity: [kindergarten] }, got ${describeValue(raw)}`);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return fail(path, 'has no tag conditions (it would match every object)');
  const out: Record<string, TagCondition> = {};
  for (const [k, v] of entries) {
    if (k.trim() === '') fail(path, 'has an empty tag key');
    out[k] = parseCondition(v, [...path, k], fail);
  }
  return out;
}

/** True when every condition of the selector is `{ not: [...] }` (it would match almost anything). */
export function onlyNegative(sel: TagSelector): boolean {
  return Object.values(sel).every((c) => c !== '*' && !Array.isArray(c) && 'not' in c);
}

/** A slope as % from "10%", "-12 %", "0.1" (a fraction), "5°" (degrees): NaN for "up", "steep", … */
export function slopePercent(v: string): number {
  const m = /^\s*([-+]?\d+(?:\.\d+)?)\s*(%|°|deg)?\s*$/.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2] === '%') return n;
  if (m[2] === '°' || m[2] === 'deg') return Math.tan((n * Math.PI) / 180) * 100;
  return Math.abs(n) <= 1 ? n * 100 : n;
}

type Cond =
  | { key: string; kind: 'in'; values: Set<string> }
  | { key: string; kind: 'present' }
  | { key: string; kind: 'notIn'; values: Set<string> }
  | { key: string; kind: 'contains'; texts: readonly string[]; except: readonly string[] }
  | { key: string; kind: 'above'; limit: number };

function compileConds(sel: TagSelector): Cond[] {
  return Object.entries(sel).map(([key, c]): Cond => {
    if (c === '*') return { key, kind: 'present' };
    if (Array.isArray(c)) return { key, kind: 'in', values: new Set(c as readonly string[]) };
    if ('contains' in c) return { key, kind: 'contains', texts: c.contains, except: c.except ?? [] };
    if ('above' in c) return { key, kind: 'above', limit: c.above };
    return { key, kind: 'notIn', values: new Set((c as { not: readonly string[] }).not) };
  });
}

function allHold(conds: Cond[], tags: Tags): boolean {
  for (const c of conds) {
    const v = tags[c.key];
    if (c.kind === 'present') {
      if (v === undefined) return false;
    } else if (c.kind === 'in') {
      if (v === undefined || !c.values.has(v)) return false;
    } else if (c.kind === 'contains') {
      if (v === undefined || !c.texts.some((t) => v.includes(t)) || c.except.some((t) => v.includes(t))) return false;
    } else if (c.kind === 'above') {
      // NaN (a word) compares false: not beyond the limit
      if (v === undefined || !(Math.abs(slopePercent(v)) > c.limit)) return false;
    } else if (v !== undefined && c.values.has(v)) return false;
  }
  return true;
}

/** A predicate true when every condition of the selector holds. */
export function compileSelector(sel: TagSelector): (tags: Tags) => boolean {
  const conds = compileConds(sel);
  return (tags) => allHold(conds, tags);
}

/** A predicate true when any of the selectors holds (false for an empty list). */
export function compileAnyOf(sels: readonly TagSelector[]): (tags: Tags) => boolean {
  const alts = sels.map(compileConds);
  if (alts.length === 0) return () => false;
  if (alts.length === 1) {
    const [only] = alts;
    return (tags) => allHold(only, tags);
  }
  return (tags) => {
    for (const conds of alts) if (allHold(conds, tags)) return true;
    return false;
  };
}

/** Every tag key the selectors look at (other tags cannot change whether they match). */
export function conditionKeys(sels: readonly TagSelector[]): Set<string> {
  const keys = new Set<string>();
  for (const s of sels) for (const k of Object.keys(s)) keys.add(k);
  return keys;
}

/** One condition as text: `k=*`, `k=v1,v2`, `k!=v1`, `k~t1,t2` (contains), `k~t1!~t2` (contains, except). */
function formatCondition(k: string, c: TagCondition): string {
  if (c === '*') return `${k}=*`;
  if (Array.isArray(c)) return `${k}=${(c as readonly string[]).join(',')}`;
  if ('contains' in c) return `${k}~${c.contains.join(',')}${c.except?.length ? `!~${c.except.join(',')}` : ''}`;
  if ('above' in c) return `|${k}|>${c.above}`;
  return `${k}!=${(c as { not: readonly string[] }).not.join(',')}`;
}

/** One selector as text: `amenity=kindergarten + isced:level=0`, `shop=* + repair=yes,only`, `access!=private,no`, `name~小学`. */
export function formatSelector(sel: TagSelector): string {
  return Object.entries(sel)
    .map(([k, c]) => formatCondition(k, c))
    .join(' + ');
}
