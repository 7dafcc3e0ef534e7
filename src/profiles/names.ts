/**
 * Mapping a planner's category value (a column of a facility list: "幼儿园", "Kindergarten",
 * "社区卫生服务站 ") to a profile's category id, by id, Chinese or English name, or alias.
 */
import type { Profile } from './types.js';

/**
 * The form names are compared in: Unicode NFKC (full-width letters, digits and brackets become
 * half-width), every space removed (half-width, full-width U+3000, tabs), latin letters lower-cased.
 */
export function normalizeName(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** Every name of each category (id, zh, en, aliases), in the profile's order. */
export function categoryNames(profile: Pick<Profile, 'categories'>): Array<{ id: string; names: string[] }> {
  return profile.categories.map((c) => ({ id: c.id, names: [c.id, c.zh, c.en, ...c.aliases] }));
}

const indexes = new WeakMap<Profile, Map<string, string>>();

function indexOf(profile: Profile): Map<string, string> {
  let idx = indexes.get(profile);
  if (!idx) {
    idx = new Map();
    for (const { id, names } of categoryNames(profile)) {
      for (const n of names) {
        const k = normalizeName(n);
        if (k !== '' && !idx.has(k)) idx.set(k, id);
      }
    }
    indexes.set(profile, idx);
  }
  return idx;
}

/** The category id a planner's value names (by id, zh, en or alias), or null when it names none. */
export function resolveCategory(profile: Profile, value: string): string | null {
  const k = normalizeName(value);
  if (k === '') return null;
  return indexOf(profile).get(k) ?? null;
}
