/**
 * OSM selectors of profile categories: checking a category's `osm` list as read from YAML,
 * compiling it to a fast predicate, and matching an OSM object's tags against every category of a
 * profile. The conditions themselves are the shared tag-condition language of every data file
 * (src/osm/tag-conditions.ts: `key: [v1, v2]`, `key: '*'`, `key: { not: [v1] }`,
 * `key: { contains: [t1], except: [t2] }`).
 */
import {
  type ConditionFail,
  compileAnyOf,
  conditionKeys,
  describeValue,
  formatSelector,
  onlyNegative,
  parseSelector,
} from '../osm/tag-conditions.js';
import type { Category, OsmSelector, OsmTags, Profile } from './types.js';

export { formatSelector };

/** Reports a malformed selector: `path` is relative to the category's `osm` list. */
export type SelectorFail = ConditionFail;

/** Checks a category's `osm` list as read from YAML. */
export function parseSelectors(raw: unknown, fail: SelectorFail): OsmSelector[] {
  if (!Array.isArray(raw))
    return fail(
      [],
      `must be a list of selectors (each a map of tag conditions), got ${describeValue(raw)}; use [] when OSM has no tag for it`,
    );
  return raw.map((sel, i) => {
    const parsed = parseSelector(sel, [i], fail);
    if (onlyNegative(parsed))
      return fail(
        [i],
        'has only { not: [...] } conditions, so it would match almost every object; add a condition that a tag is present or has a value',
      );
    return parsed;
  });
}

const compiled = new WeakMap<Category, (tags: OsmTags) => boolean>();

/** A predicate that is true when the tags match any of the category's selectors (false for an empty list). */
export function compileSelectors(category: Pick<Category, 'osm'>): (tags: OsmTags) => boolean {
  const cached = compiled.get(category as Category);
  if (cached) return cached;
  const fn = compileAnyOf(category.osm);
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
  return conditionKeys(profile.categories.flatMap((c) => c.osm));
}

/** A category's selectors as one line, alternatives separated by ` | `; `(none)` when empty. */
export function formatSelectors(osm: readonly OsmSelector[]): string {
  return osm.length === 0 ? '(none)' : osm.map(formatSelector).join(' | ');
}
