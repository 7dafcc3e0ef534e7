/**
 * The type hierarchies of Chinese map services (Amap "医疗保健服务;诊所;诊所", Baidu "医疗;诊所") and
 * Amap typecodes, mapped to profile categories by the table in data/map-service-types.yaml. The
 * table names categories by their names (zh/en/alias), so it works for every profile, including a
 * planner's own copy.
 */
import { readFileSync } from 'node:fs';
import { parseDataYaml } from '../util/data-yaml.js';
import { normalizeName, resolveCategory } from '../profiles/names.js';
import type { Profile } from '../profiles/types.js';
import { dataPath } from '../util/data-files.js';

export interface TypeEntry {
  /** normalised levels of the type path */
  levels: string[];
  typecode: string | null;
  to: string[];
}

/** splits one type ("大类;中类;小类", also "大类>中类" or with full-width ；) into normalised levels */
export function typeLevels(type: string): string[] {
  return type
    .split(/[;；>]/)
    .map((x) => normalizeName(x))
    .filter(Boolean);
}

let table: TypeEntry[] | null = null;

export function mapServiceTypes(): TypeEntry[] {
  if (table) return table;
  const path = dataPath('map-service-types.yaml');
  const doc = parseDataYaml(readFileSync(path, 'utf8'), 'map-service-types.yaml') as {
    types: { type: string; typecode?: string; to: string[] }[];
  };
  table = doc.types.map((t) => ({
    levels: typeLevels(t.type),
    typecode: t.typecode === undefined ? null : String(t.typecode),
    to: t.to.map(String),
  }));
  // longest path first, so the most specific entry wins
  table.sort((a, b) => b.levels.length - a.levels.length);
  return table;
}

function categoriesOf(profile: Profile, names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const id = resolveCategory(profile, n);
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * The categories a map service's type path maps to, or null when the table has no entry for it.
 * An entry that maps to no category of this profile gives [] (known, deliberately not counted).
 */
export function categoriesOfType(profile: Profile, type: string): string[] | null {
  const lv = typeLevels(type);
  if (!lv.length) return null;
  for (const e of mapServiceTypes()) {
    if (e.levels.length > lv.length) continue;
    let ok = true;
    for (let i = 0; i < e.levels.length && ok; i++) ok = e.levels[i] === lv[i];
    if (ok) return categoriesOf(profile, e.to);
  }
  return null;
}

/**
 * A single level ("诊所", as a 小类 column gives it): the entries whose last level it is, when they
 * all agree (Amap's and Baidu's 中学 do); else null.
 */
export function categoriesOfLevel(profile: Profile, level: string): string[] | null {
  const k = normalizeName(level);
  const hits = mapServiceTypes().filter((e) => e.levels[e.levels.length - 1] === k);
  if (!hits.length || hits.some((e) => e.to.join('|') !== hits[0].to.join('|'))) return null;
  return categoriesOf(profile, hits[0].to);
}

/** The categories an Amap typecode ("090300", several joined by "|") maps to, or null when unknown. */
export function categoriesOfTypecode(profile: Profile, code: string): string[] | null {
  let found = false;
  const out: string[] = [];
  for (const c of code.split('|').map((x) => x.trim())) {
    if (!/^\d{6}$/.test(c)) continue;
    // the longest prefix listed wins
    let best: TypeEntry | null = null;
    for (const e of mapServiceTypes())
      if (e.typecode && c.startsWith(e.typecode) && (!best || e.typecode.length > (best.typecode?.length ?? 0)))
        best = e;
    if (!best) continue;
    found = true;
    for (const id of categoriesOf(profile, best.to)) if (!out.includes(id)) out.push(id);
  }
  return found ? out : null;
}
