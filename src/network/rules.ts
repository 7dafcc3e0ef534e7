/**
 * The walking rules (data/walk-rules.yaml), compiled to a fast first-match evaluator. Each rule's
 * `if:` is a selector in the tag-condition language every data file shares (src/osm/tag-conditions.ts).
 * Rules are data so a planner can read and review them; the hash of the file's content is stored
 * in network files so that a network prepared under other rules is recognised as stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDataYaml } from '../util/data-yaml.js';
import type { Tags } from '../osm/block.js';
import {
  type ConditionFail,
  compileAnyOf,
  compileSelector,
  conditionKeys,
  parseSelector,
  type TagSelector,
} from '../osm/tag-conditions.js';
import { InputError } from '../util/errors.js';
import { dataPath } from '../util/data-files.js';
import { EDGE_KERB, EDGE_ROUGH, EDGE_STEEP, EDGE_STEPS, EDGE_WHEELCHAIR_NO } from './types.js';

/**
 * The edge flags a `flags:` entry may set, and their bit in the network's edgeFlags (types.ts).
 * Walkers (data/walkers.yaml) exclude or penalise edges by these names.
 */
export const FLAG_BITS: Readonly<Record<string, number>> = {
  steps: EDGE_STEPS,
  wheelchair_no: EDGE_WHEELCHAIR_NO,
  rough: EDGE_ROUGH,
  steep: EDGE_STEEP,
  kerb: EDGE_KERB,
};

interface Rule {
  /** the first sentence of the rule's `why:`, naming it in outputs (the network's walk_rule) */
  why: string;
  /** the rule's `if:` conditions, as written */
  if: TagSelector;
  holds: (tags: Tags) => boolean;
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
  /** the rule that admitted the way: its 1-based position in the rules file (the network's edgeRule) */
  rule: number;
  steps: boolean;
  /** every flag bit of FLAG_BITS that matched (steps included) */
  flags: number;
  area: boolean;
  /** 0 both ways, 1 forward only, -1 backward only */
  oneway: 0 | 1 | -1;
}

/** One line per mistake: the file, the rule (or flag), the key, what is wrong. */
function failer(path: string, where: string): ConditionFail {
  return (at, message) => {
    throw new InputError(`${path}: ${where}${at.length ? `: '${at.join('.')}'` : ''} ${message}`);
  };
}

export function parseWalkRules(text: string, path: string): WalkRules {
  let doc: { rules?: unknown; oneway_key?: unknown; flags?: unknown };
  try {
    doc = parseDataYaml(text, 'walk-rules.yaml') as typeof doc;
  } catch (e) {
    throw new InputError(`${path}: invalid YAML: ${(e as Error).message}`);
  }
  if (!doc || !Array.isArray(doc.rules)) throw new InputError(`${path}: expected a 'rules:' list`);
  const rules: Rule[] = doc.rules.map((r: unknown, i: number) => {
    const rr = r as { if?: unknown; walk?: unknown; why?: unknown };
    if (!rr || typeof rr.if !== 'object' || rr.if === null)
      throw new InputError(`${path}: rule ${i + 1} has no 'if:' conditions`);
    if (typeof rr.walk !== 'boolean') throw new InputError(`${path}: rule ${i + 1}: 'walk' must be true or false`);
    const sel = parseSelector(rr.if, [], failer(path, `rule ${i + 1}: if`));
    return { why: firstSentence(rr.why), if: sel, holds: compileSelector(sel), walk: rr.walk };
  });
  const flags = (doc.flags ?? {}) as Record<string, unknown>;
  // a flag is one selector (all conditions hold) or a list of selectors (any holds)
  const flagTests: { bit: number; test: (tags: Tags) => boolean; sels: TagSelector[] }[] = [];
  for (const [k, v] of Object.entries(flags)) {
    const bit = FLAG_BITS[k];
    if (bit === undefined)
      throw new InputError(`${path}: unknown flag '${k}' (known: ${Object.keys(FLAG_BITS).join(', ')})`);
    const alts = Array.isArray(v) ? v : [v];
    const sels = alts.map((a, i) =>
      parseSelector(a, [], failer(path, `flags: ${k}${alts.length > 1 ? `[${i}]` : ''}`)),
    );
    flagTests.push({ bit, test: compileAnyOf(sels), sels });
  }
  const onewayKey = typeof doc.oneway_key === 'string' ? doc.oneway_key : 'oneway:foot';
  const hash = createHash('sha256').update(text).digest('hex');
  const evaluate = (tags: Tags): WalkDecision | null => {
    if (tags.highway === undefined) return null;
    for (let ri = 0; ri < rules.length; ri++) {
      const r = rules[ri];
      if (!r.holds(tags)) continue;
      if (!r.walk) return null;
      const ow = tags[onewayKey];
      let bits = 0;
      for (const f of flagTests) if (f.test(tags)) bits |= f.bit;
      return {
        rule: ri + 1,
        steps: (bits & EDGE_STEPS) !== 0,
        flags: bits,
        area: tags.area === 'yes',
        oneway: ow === 'yes' || ow === '1' || ow === 'true' ? 1 : ow === '-1' || ow === 'reverse' ? -1 : 0,
      };
    }
    return null;
  };
  const keys = new Set<string>(['highway', 'area', onewayKey]);
  for (const k of conditionKeys([...rules.map((r) => r.if), ...flagTests.flatMap((f) => f.sels)])) keys.add(k);
  return { hash, path, rules, onewayKey, keys, evaluate };
}

/** "Streets and paths people walk on." of a longer why: the rule's name in outputs */
function firstSentence(why: unknown): string {
  const s = typeof why === 'string' ? why.replace(/\s+/g, ' ').trim() : '';
  const m = /^(.*?[.;:])(\s|$)/.exec(s);
  return m ? m[1] : s;
}

/** the rules' names by rule number (index 0: a way no rule admitted — none today: road lines go through the rules too) */
export function ruleNames(rules: WalkRules): string[] {
  return ['', ...rules.rules.map((r, i) => `${i + 1}: ${r.why || (r.walk ? 'walk' : 'no walk')}`)];
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
