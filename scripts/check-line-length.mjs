#!/usr/bin/env node
// Fails when a source line is longer than the limit. Biome's formatter wraps code at 120 columns
// but never splits a string or a comment, so long messages need this separate, stricter check.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT = 160;
// test/ is formatted too, but its expected-message regexes read better on one line
const ROOTS = ['src', 'bench', 'scripts'];
const EXT = /\.(ts|mjs|js)$/;
let bad = 0;
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (EXT.test(name)) {
      readFileSync(p, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if ([...line].length > LIMIT) {
            bad++;
            if (bad <= 20) console.error(`${p}:${i + 1}: ${[...line].length} characters (limit ${LIMIT})`);
          }
        });
    }
  }
}
for (const r of ROOTS) walk(r);
if (bad) {
  console.error(`${bad} line(s) longer than ${LIMIT} characters`);
  process.exit(1);
}
