/**
 * The walking rules (data/walk-rules.yaml), compiled to a fast first-match evaluator.
 * Rules are data so a planner can read and review them; the hash of the file's content is stored
 * in network files so that a network prepared under other rules is recognised as stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { Tags } from '../osm/block.js';
import { InputError } from '../util/errors.js';
import { dataPath } from '../util/data-files.js';

type Cond =
  | { key: string; kind: 'in'; values: Set<string> }
  | { key: string; kind: 'present' }
  | { key: string; kind: 'notIn'; values: Set<string> };

interface Rule {
  conds: Cond[];
  walk: boolean;
}

export interface WalkRules {
  /** sha256 of the rules file content */
  hash: string;
  path: string;
  rules: Rule[];
  onewayKey: string;
  /** every tag key the rules look at (a way's other tags cannot change the decision) */
  keys: Set<string>;
  /** returns null when the way is not walkable, else its flags */
  evaluate(tags: Tags): WalkDecision | null;
}

export interface WalkDecision {
  steps: boolean;
  area: boolean;
  /** 0 both ways, 1 forward only, -1 backward only */
  oneway: 0 | 1 | -1;
}

function compileCond(path: string, i: number, key: string, v: unknown): Cond {
  if (v === '*') return { key, kind: 'present' };
  if (Array.isArray(v)) return { key, kind: 'in', values: new Set(v.map(String)) };
  if (v && typeof v === 'object' && Array.isArray((v as { not?: unknown }).not))
    return { key, kind: 'notIn', values: new Set((v as { not: unknown[] }).not.map(String)) };
  throw new InputError(
    `${path}: ${i < 0 ? 'flags' : `rule ${i + 1}`}: condition on '${key}' must be a list of values, '*', or { not: [...] }`,
  );
}

export function parseWalkRules(text: string, path: string): WalkRules {
  let doc: { rules?: unknown; oneway_key?: unknown };
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new InputError(`${path}: invalid YAML: ${(e as Error).message}`);
  }
  if (!doc || !Array.isArray(doc.rules)) throw new InputError(`${path}: expected a 'rules:' list`);
  const rules: Rule[] = doc.rules.map((r: unknown, i: number) => {
    const rr = r as { if?: Record<string, unknown>; walk?: unknown };
    if (!rr || typeof rr.if !== 'object' || rr.if === null)
      throw new InputError(`${path}: rule ${i + 1} has no 'if:' conditions`);
    if (typeof rr.walk !== 'boolean') throw new InputError(`${path}: rule ${i + 1}: 'walk' must be true or false`);
    return { conds: Object.entries(rr.if).map(([k, v]) => compileCond(path, i, k, v)), walk: rr.walk };
  });
  const flags = (doc as { flags?: Record<string, unknown> }).flags ?? {};
  for (const k of Object.keys(flags))
    if (k !== 'steps') throw new InputError(`${path}: unknown flag '${k}' (known: steps)`);
  const stepsConds = flags.steps
    ? Object.entries(flags.steps as Record<string, unknown>).map(([k, v]) => compileCond(path, -1, k, v))
    : [];
  const onewayKey = typeof doc.oneway_key === 'string' ? doc.oneway_key : 'oneway:foot';
  const hash = createHash('sha256').update(text).digest('hex');
  const evaluate = (tags: Tags): WalkDecision | null => {
    if (tags.highway === undefined) return null;
    for (const r of rules) {
      if (!matches(r.conds, tags)) continue;
      if (!r.walk) return null;
      const ow = tags[onewayKey];
      return {
        steps: stepsConds.length > 0 && matches(stepsConds, tags),
        area: tags.area === 'yes',
        oneway: ow === 'yes' || ow === '1' || ow === 'true' ? 1 : ow === '-1' || ow === 'reverse' ? -1 : 0,
      };
    }
    return null;
  };
  const keys = new Set<string>(['highway', 'area', onewayKey]);
  for (const r of rules) for (const c of r.conds) keys.add(c.key);
  for (const c of stepsConds) keys.add(c.key);
  return { hash, path, rules, onewayKey, keys, evaluate };
}

function matches(conds: Cond[], tags: Tags): boolean {
  for (const c of conds) {
    const v = tags[c.key];
    if (
      c.kind === 'present'
        ? v === undefined
        : c.kind === 'in'
          ? v === undefined || !c.values.has(v)
          : v !== undefined && c.values.has(v)
    )
      return false;
  }
  return true;
}

let defaultRules: WalkRules | null = null;

export function loadWalkRules(path?: string): WalkRules {
  if (!path && defaultRules) return defaultRules;
  const p = path ?? dataPath('walk-rules.yaml');
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    throw new InputError(`${p}: cannot read walk rules (${(e as Error).message})`);
  }
  const rules = parseWalkRules(text, p);
  if (!path) defaultRules = rules;
  return rules;
}
