#!/usr/bin/env node
/**
 * Writes dist/data-cache/<name>.json for each data/*.yaml: { text, doc } with doc = YAML.parse(text),
 * read by src/util/data-yaml.ts instead of parsing the YAML at every start-up (~25 ms of CPU on a cold
 * JIT for the walk rules and walkers). A file whose document does not survive JSON unchanged (a value
 * JSON cannot hold) gets no cache entry; the loader then parses the YAML as before. Like the bundle, a
 * speed-up only: any failure here is a warning, never a failed install.
 *
 * usage: node scripts/data-cache.mjs        (npm run build runs it after the bundle)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist/data-cache');

rmSync(OUT, { recursive: true, force: true }); // a stale entry is harmless (texts are compared), but keep it exact
try {
  const { default: YAML } = await import('yaml');
  mkdirSync(OUT, { recursive: true });
  for (const name of readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(join(ROOT, 'data', name), 'utf8');
    const doc = YAML.parse(text);
    const json = JSON.stringify({ text, doc });
    if (!isDeepStrictEqual(JSON.parse(json).doc, doc)) {
      process.stderr.write(`data-cache: data/${name} does not survive JSON unchanged; left to the YAML parser\n`);
      continue;
    }
    writeFileSync(join(OUT, `${name}.json`), json);
  }
} catch (e) {
  process.stderr.write(`warning: data/*.yaml not cached (${e.message}); lifecircle parses them at start-up\n`);
}
