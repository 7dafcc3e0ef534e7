/**
 * OSM selectors of profile categories: checking them as read from YAML, compiling them to fast
 * predicates, and matching an OSM object's tags against every category of a profile.
 * Condition syntax is the one of data/walk-rules.yaml: `key: [v1, v2]`, `key: '*'`, `key: { not: [v1] }`,
 * plus `key: { contains: [t1], except: [t2] }` for texts inside a value (names).
 */
import type { Category, ContainsCondition, OsmSelector, OsmTags, Profile, TagCondition } from './types.js';

const CONDITION_FORMS = "a list of values, '*', { not: [...] } or { contains: [...] }";

/** Reports a malformed selector: `path` is relative to the category's `osm` list. */
export type SelectorFail = (path: readonly (string | number)[], message: string) => never;

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return JSON.stringify(v);
}

function scalarValues(list: unknown[], path: readonly (string | number)[], fail: SelectorFail): string[] {
  if (list.length === 0) return fail(path, "lists no values (write at least one, or use '*' for any value)");
  return list.map((v, i) => {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return fail([...path, i], `must be a tag value (text), got ${describe(v)}`);
  });
}

/** Checks one condition as read from YAML and returns it with every value as a string. */
export function parseCondition(raw: unknown, path: readonly (string | number)[], fail: SelectorFail): TagCondition {
  if (raw === '*') return '*';
  if (Array.isArray(raw)) return scalarValues(raw, path, fail);
  if (raw !== null && typeof raw === 'object') {
    const keys = Object.keys(raw);
    const not = (raw as { not?: unknown }).not;
    if (keys.length === 1 && keys[0] === 'not' && Array.isArray(not))
      return { not: scalarValues(not, [...path, 'not'], fail) };
    const { contains, except } = raw as { contains?: unknown; except?: unknown };
    if (keys.includes('contains') && keys.every((k) => k === 'contains' || k === 'except')) {
      if (!Array.isArray(contains))
        return fail([...path, 'contains'], `must be a list of texts, got ${describe(contains)}`);
      if (except !== undefined && !Array.isArray(except))
        return fail([...path, 'except'], `must be a list of texts, got ${describe(except)}`);
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
  return fail(path, `must be ${CONDITION_FORMS}, got ${describe(raw)}`);
}

/** Checks a category's `osm` list as read from YAML. */
export function parseSelectors(raw: unknown, fail: SelectorFail): OsmSelector[] {
  if (!Array.isArray(raw))
    return fail(
      [],
      `must be a list of selectors (each a map of tag conditions), got ${describe(raw)}; use [] when OSM has no tag for it`,
    );
  return raw.map((sel, i) => {
    if (sel === null || typeof sel !== 'object' || Array.isArray(sel))
      return fail([i], `must be a map of tag conditions like { amenity: [kindergarten] }, got ${describe(sel)}`);
    const entries = Object.entries(sel as Record<string, unknown>);
    if (entries.length === 0) return fail([i], 'has no tag conditions (it would match every object)');
    if (entries.every(([, v]) => v !== '*' && !Array.isArray(v) && v !== null && typeof v === 'object' && 'not' in v)) {
      // validate the conditions first so a malformed one is reported as such
      for (const [k, v] of entries) parseCondition(v, [i, k], fail);
      return fail(
        [i],
        'has only { not: [...] } conditions, so it would match almost every object; add a condition that a tag is present or has a value',
      );
    }
    const out: Record<string, TagCondition> = {};
    for (const [k, v] of entries) {
      if (k.trim() === '') fail([i], 'has an empty tag key');
      out[k] = parseCondition(v, [i, k], fail);
    }
    return out;
  });
}

type Cond =
  | { key: string; kind: 'in'; values: Set<string> }
  | { key: string; kind: 'present' }
  | { key: string; kind: 'notIn'; values: Set<string> }
  | { key: string; kind: 'contains'; texts: readonly string[]; except: readonly string[] };

function compileSelector(sel: OsmSelector): Cond[] {
  return Object.entries(sel).map(([key, c]): Cond => {
    if (c === '*') return { key, kind: 'present' };
    if (Array.isArray(c)) return { key, kind: 'in', values: new Set(c as readonly string[]) };
    if ('contains' in c) return { key, kind: 'contains', texts: c.contains, except: c.except ?? [] };
    return { key, kind: 'notIn', values: new Set((c as { not: readonly string[] }).not) };
  });
}

function allHold(conds: Cond[], tags: OsmTags): boolean {
  for (const c of conds) {
    const v = tags[c.key];
    if (c.kind === 'present') {
      if (v === undefined) return false;
    } else if (c.kind === 'in') {
      if (v === undefined || !c.values.has(v)) return false;
    } else if (c.kind === 'contains') {
      if (v === undefined || !c.texts.some((t) => v.includes(t)) || c.except.some((t) => v.includes(t))) return false;
    } else if (v !== undefined && c.values.has(v)) return false;
  }
  return true;
}

const compiled = new WeakMap<Category, (tags: OsmTags) => boolean>();

/** A predicate that is true when the tags match any of the category's selectors (false for an empty list). */
export function compileSelectors(category: Pick<Category, 'osm'>): (tags: OsmTags) => boolean {
  const cached = compiled.get(category as Category);
  if (cached) return cached;
  const alts = category.osm.map(compileSelector);
  const fn = alts.length === 0 ? () => false : (tags: OsmTags) => alts.some((conds) => allHold(conds, tags));
  compiled.set(category as Category, fn);
  return fn;
}

const profileMatchers = new WeakMap<Profile, (tags: OsmTags) => string[]>();

/** A function giving the ids of every category an object's tags match (in profile order). */
export function compileProfileMatcher(profile: Profile): (tags: OsmTags) => string[] {
  const cached = profileMatchers.get(profile);
  if (cached) return cached;
  const preds = profile.categories.map((c) => [c.id, compileSelectors(c)] as const);
  const fn = (tags: OsmTags) => {
    const out: string[] = [];
    for (const [id, p] of preds) if (p(tags)) out.push(id);
    return out;
  };
  profileMatchers.set(profile, fn);
  return fn;
}

/** All category ids an OSM object matches; one object may serve several categories. */
export function matchCategories(profile: Profile, tags: OsmTags): string[] {
  return compileProfileMatcher(profile)(tags);
}

/** Every tag key the profile's selectors look at (other tags cannot change a match). */
export function selectorKeys(profile: Profile): Set<string> {
  const keys = new Set<string>();
  for (const c of profile.categories) for (const s of c.osm) for (const k of Object.keys(s)) keys.add(k);
  return keys;
}

/** One condition as text: `k=*`, `k=v1,v2`, `k!=v1`, `k~t1,t2` (contains), `k~t1!~t2` (contains, except). */
function formatCondition(k: string, c: TagCondition): string {
  if (c === '*') return `${k}=*`;
  if (Array.isArray(c)) return `${k}=${(c as readonly string[]).join(',')}`;
  if ('contains' in c) return `${k}~${c.contains.join(',')}${c.except?.length ? `!~${c.except.join(',')}` : ''}`;
  return `${k}!=${(c as { not: readonly string[] }).not.join(',')}`;
}

/** One selector as text: `amenity=kindergarten + isced:level=0`, `shop=* + repair=yes,only`, `access!=private,no`, `name~小学`. */
export function formatSelector(sel: OsmSelector): string {
  return Object.entries(sel)
    .map(([k, c]) => formatCondition(k, c))
    .join(' + ');
}

/** A category's selectors as one line, alternatives separated by ` | `; `(none)` when empty. */
export function formatSelectors(osm: readonly OsmSelector[]): string {
  return osm.length === 0 ? '(none)' : osm.map(formatSelector).join(' | ');
}
