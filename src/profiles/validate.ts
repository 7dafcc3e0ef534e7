/**
 * Strict checking of a profile as read from YAML. Every problem is an InputError with one line that
 * names the file, the field (e.g. `categories[3] (pharmacy).threshold_m`), what is wrong and the
 * line in the file, so a planner editing a profile by hand can fix it without reading code.
 */
import YAML, { isNode, LineCounter } from 'yaml';
import { InputError } from '../util/errors.js';
import { normalizeName } from './names.js';
import { parseSelectors } from './selectors.js';
import type { Bilingual, Category, OsmSelector, Profile, ProfileSource, Tier } from './types.js';

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

const ID_RE = /^[a-z0-9][a-z0-9_-]*$/;

const PROFILE_KEYS = ['version', 'id', 'name', 'source', 'notes', 'tiers', 'categories'] as const;
const SOURCE_KEYS = ['zh', 'en', 'issued', 'document', 'url'] as const;
const TIER_KEYS = ['id', 'zh', 'en', 'threshold_m', 'verified', 'note'] as const;
const CATEGORY_KEYS = [
  'id',
  'zh',
  'en',
  'tier',
  'threshold_m',
  'required',
  'clause',
  'verified',
  'note',
  'aliases',
  'floor_area_min_m2',
  'land_area_min_m2',
  'site_area_min_m2',
  'osm',
] as const;

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return JSON.stringify(v);
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

class Checker {
  constructor(
    private readonly file: string,
    private readonly root: unknown,
    private readonly lineOf: (path: Path) => number | undefined,
  ) {}

  /** `categories[3] (pharmacy).threshold_m` */
  label(path: Path): string {
    let out = '';
    let node: unknown = this.root;
    path.forEach((p, i) => {
      if (typeof p === 'number') {
        out += `[${p}]`;
        node = Array.isArray(node) ? node[p] : undefined;
        const id = node !== null && typeof node === 'object' ? (node as Obj).id : undefined;
        if (i === 1 && (path[0] === 'categories' || path[0] === 'tiers') && typeof id === 'string' && id !== '')
          out += ` (${id})`;
      } else {
        out += out === '' ? p : `.${p}`;
        node = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Obj)[p] : undefined;
      }
    });
    return out;
  }

  fail(path: Path, message: string): never {
    const line = this.lineOf(path);
    const where = path.length ? `${this.label(path)} ` : '';
    throw new InputError(`${this.file}: ${where}${message}${line !== undefined ? ` (line ${line})` : ''}`);
  }

  map(v: unknown, path: Path, example: string): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      this.fail(path, `must be a map like ${example}, got ${describe(v)}`);
    return v as Obj;
  }

  keys(o: Obj, path: Path, allowed: readonly string[], required: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (allowed.includes(k)) continue;
      const near = allowed.filter((a) => editDistance(a, k) <= 2);
      const hint = near.length ? ` (did you mean '${near[0]}'?)` : '';
      this.fail([...path, k], `is not a known field${hint}; allowed here: ${allowed.join(', ')}`);
    }
    for (const k of required) if (o[k] === undefined || o[k] === null) this.fail([...path, k], 'is missing');
  }

  text(o: Obj, key: string, path: Path): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '')
      this.fail([...path, key], `must be a non-empty text, got ${describe(v)}`);
    return v.trim();
  }

  optText(o: Obj, key: string, path: Path): string | undefined {
    return o[key] === undefined ? undefined : this.text(o, key, path);
  }

  id(o: Obj, key: string, path: Path): string {
    const v = o[key];
    if (typeof v !== 'string' || !ID_RE.test(v))
      this.fail(
        [...path, key],
        `must be lowercase ascii letters, digits, '_' or '-' (like kindergarten or 5min), got ${describe(v)}`,
      );
    return v;
  }

  metres(o: Obj, key: string, path: Path, what = 'a positive number of metres'): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      this.fail([...path, key], `must be ${what}, got ${describe(v)}`);
    return v;
  }

  optPositive(o: Obj, key: string, path: Path): number | undefined {
    return o[key] === undefined ? undefined : this.metres(o, key, path, 'a positive number of square metres');
  }

  bool(o: Obj, key: string, path: Path, meaning: string): boolean {
    const v = o[key];
    if (typeof v !== 'boolean') this.fail([...path, key], `must be true or false (${meaning}), got ${describe(v)}`);
    return v;
  }

  bilingual(v: unknown, path: Path): Bilingual {
    const o = this.map(v, path, '{ zh: 幼儿园, en: Kindergarten }');
    this.keys(o, path, ['zh', 'en'], ['zh', 'en']);
    return { zh: this.text(o, 'zh', path), en: this.text(o, 'en', path) };
  }

  /** a note: one text for both languages, or { zh, en } */
  note(o: Obj, key: string, path: Path): Bilingual | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string') {
      const t = this.text(o, key, path);
      return { zh: t, en: t };
    }
    return this.bilingual(v, [...path, key]);
  }

  list(o: Obj, key: string, path: Path, what: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) this.fail([...path, key], `must be a list of ${what}, got ${describe(v)}`);
    return v;
  }
}

function parseSource(ck: Checker, v: unknown): ProfileSource {
  const path = ['source'];
  const o = ck.map(v, path, '{ zh: ..., en: ..., issued: "2020", document: ... }');
  ck.keys(o, path, SOURCE_KEYS, ['zh', 'en']);
  let issued: string | undefined;
  if (o.issued !== undefined) {
    if (typeof o.issued === 'number' && Number.isInteger(o.issued)) issued = String(o.issued);
    else issued = ck.text(o, 'issued', path);
  }
  const out: { -readonly [K in keyof ProfileSource]: ProfileSource[K] } = {
    zh: ck.text(o, 'zh', path),
    en: ck.text(o, 'en', path),
  };
  if (issued !== undefined) out.issued = issued;
  const document = ck.optText(o, 'document', path);
  if (document !== undefined) out.document = document;
  const url = ck.optText(o, 'url', path);
  if (url !== undefined) out.url = url;
  return out;
}

function parseTier(ck: Checker, v: unknown, i: number): Tier {
  const path = ['tiers', i];
  const o = ck.map(v, path, '{ id: 5min, zh: 5分钟生活圈, en: 5-minute life circle, threshold_m: 300 }');
  ck.keys(o, path, TIER_KEYS, ['id', 'zh', 'en', 'threshold_m']);
  const t: { -readonly [K in keyof Tier]: Tier[K] } = {
    id: ck.id(o, 'id', path),
    zh: ck.text(o, 'zh', path),
    en: ck.text(o, 'en', path),
    threshold_m: ck.metres(o, 'threshold_m', path),
  };
  if (o.verified !== undefined)
    t.verified = ck.bool(o, 'verified', path, 'false when the distance is not checked against the standard');
  const note = ck.note(o, 'note', path);
  if (note) t.note = note;
  return t;
}

function parseCategory(ck: Checker, v: unknown, i: number, tierIds: readonly string[]): Category {
  const path = ['categories', i];
  const o = ck.map(v, path, '{ id: kindergarten, zh: 幼儿园, en: Kindergarten, tier: 5min, threshold_m: 300, ... }');
  ck.keys(o, path, CATEGORY_KEYS, ['id', 'zh', 'en', 'tier', 'threshold_m', 'required', 'clause', 'verified', 'osm']);
  const id = ck.id(o, 'id', path);
  const tier = ck.text(o, 'tier', path);
  if (!tierIds.includes(tier))
    ck.fail([...path, 'tier'], `is '${tier}', which is not one of the profile's tiers (${tierIds.join(', ')})`);
  const aliases =
    o.aliases === undefined
      ? []
      : ck.list(o, 'aliases', path, 'names').map((a, j) => {
          if (typeof a !== 'string' || a.trim() === '')
            ck.fail([...path, 'aliases', j], `must be a non-empty text, got ${describe(a)}`);
          return a.trim();
        });
  const osm: OsmSelector[] = parseSelectors(o.osm, (rel, msg) => ck.fail([...path, 'osm', ...rel], msg));
  const c: { -readonly [K in keyof Category]: Category[K] } = {
    id,
    zh: ck.text(o, 'zh', path),
    en: ck.text(o, 'en', path),
    tier,
    threshold_m: ck.metres(o, 'threshold_m', path),
    required: ck.bool(o, 'required', path, 'true = required 必配, false = recommended 宜配'),
    clause: ck.text(o, 'clause', path),
    verified: ck.bool(o, 'verified', path, 'false when the figure is recalled, not checked against the standard'),
    aliases,
    osm,
  };
  const note = ck.note(o, 'note', path);
  if (note) c.note = note;
  for (const k of ['floor_area_min_m2', 'land_area_min_m2', 'site_area_min_m2'] as const) {
    const a = ck.optPositive(o, k, path);
    if (a !== undefined) c[k] = a;
  }
  return c;
}

/** Parses and checks a profile's YAML text; `file` names it in messages. */
export function parseProfile(text: string, file: string, builtin = false): Profile {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos
      ? ` at line ${e.linePos[0].line}`
      : e.pos
        ? ` at line ${lineCounter.linePos(e.pos[0]).line}`
        : '';
    throw new InputError(
      `${file}: invalid YAML${line}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const root: unknown = doc.toJS();
  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const ck = new Checker(file, root, lineOf);
  if (root === null || root === undefined)
    throw new InputError(
      `${file}: the file is empty; a profile needs id, name, source, tiers and categories (see docs/profiles.md)`,
    );
  const o = ck.map(root, [], 'id: ..., name: ..., tiers: [...], categories: [...]');
  ck.keys(o, [], PROFILE_KEYS, ['id', 'name', 'source', 'tiers', 'categories']);
  if (o.version !== undefined && o.version !== 1)
    ck.fail(['version'], `is ${describe(o.version)}; this lifecircle reads profile version 1`);
  const id = ck.id(o, 'id', []);
  const name = ck.bilingual(o.name, ['name']);
  const source = parseSource(ck, o.source);
  const notes = o.notes !== undefined ? ck.bilingual(o.notes, ['notes']) : undefined;

  const tiersRaw = ck.list(
    o,
    'tiers',
    [],
    'tiers like { id: 5min, zh: 5分钟生活圈, en: 5-minute life circle, threshold_m: 300 }',
  );
  if (tiersRaw.length === 0) ck.fail(['tiers'], 'is empty; list at least one walking tier');
  const tiers = tiersRaw.map((t, i) => parseTier(ck, t, i));
  tiers.forEach((t, i) => {
    const j = tiers.findIndex((u) => u.id === t.id);
    if (j !== i) ck.fail(['tiers', i, 'id'], `'${t.id}' is used twice (also tiers[${j}]); tier ids must be unique`);
  });
  const tierIds = tiers.map((t) => t.id);

  const catsRaw = ck.list(o, 'categories', [], 'facility categories');
  if (catsRaw.length === 0) ck.fail(['categories'], 'is empty; list at least one facility category');
  const categories = catsRaw.map((c, i) => parseCategory(ck, c, i, tierIds));
  const owner = new Map<string, number>();
  categories.forEach((c, i) => {
    const j = categories.findIndex((d) => d.id === c.id);
    if (j !== i)
      ck.fail(['categories', i, 'id'], `'${c.id}' is used twice (also categories[${j}]); category ids must be unique`);
    const names: Array<[Path, string]> = [
      [['categories', i, 'id'], c.id],
      [['categories', i, 'zh'], c.zh],
      [['categories', i, 'en'], c.en],
      ...c.aliases.map((a, k): [Path, string] => [['categories', i, 'aliases', k], a]),
    ];
    for (const [p, n] of names) {
      const key = normalizeName(n);
      const other = owner.get(key);
      if (other !== undefined && other !== i)
        ck.fail(
          p,
          `"${n}" also names categories[${other}] (${categories[other].id}); a name or alias must point to one category`,
        );
      owner.set(key, i);
    }
  });

  const profile: Profile = {
    id,
    name,
    source,
    ...(notes ? { notes } : {}),
    tiers,
    categories,
    file,
    builtin,
  };
  return profile;
}
