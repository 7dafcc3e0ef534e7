/**
 * The package's own YAML data files (data/*.yaml: walk rules, walkers, features, road classes, map
 * service types) parsed without the YAML parser when they are as shipped. `npm run build` writes
 * dist/data-cache/<name>.json (scripts/data-cache.mjs): the file's text and its parsed document. A
 * text identical to the cached one gets the cached document; any other text (an edited data file, a
 * planner's own rules file, no cache: a build without the step) goes through `yaml` as before, so a
 * stale or missing cache only costs the time it saves.
 * Why: on a cold JIT, parsing walk-rules.yaml and walkers.yaml took ~25 ms of CPU on the critical path
 * of every command; JSON.parse of the same documents ~0.1 ms (BENCHMARKS.md, isochrones).
 */
import { readFileSync } from 'node:fs';
import type YAMLModule from 'yaml';
import { lazyRequire } from './lazy-require.js';

// loaded only when a text is not the cached one: a command that reads only shipped data files never
// loads the parser (its import alone was ~8 ms of CPU from the bundle)
const yaml = lazyRequire<typeof YAMLModule>('yaml');

const CACHE = new URL('../../dist/data-cache/', import.meta.url);

/** YAML.parse(text), from the build's cache when `text` is exactly data/<name> as built */
export function parseDataYaml(text: string, name: string): unknown {
  let cached: { text?: unknown; doc?: unknown } | null = null;
  try {
    cached = JSON.parse(readFileSync(new URL(`${name}.json`, CACHE), 'utf8'));
  } catch {
    cached = null; // no cache (or an unreadable one): parse the text
  }
  if (cached && cached.text === text && 'doc' in cached) return cached.doc;
  return yaml().parse(text);
}
