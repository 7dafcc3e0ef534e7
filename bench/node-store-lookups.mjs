#!/usr/bin/env node
/**
 * Issue 13: the node store's lookups (src/network/node-store.ts indexOf) over every building and
 * walkable-way reference of a file, warm, 5 repetitions — what the split, the buildings layer and
 * `--clip` while reading pay per reference.
 *
 *   npm run build && node bench/node-store-lookups.mjs <file.osm.pbf>
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (m) => import(join(ROOT, 'dist', m));
const { OsmCollector } = await dist('network/collect.js');
const { loadWalkRules } = await dist('network/rules.js');
const { loadFeatureRules } = await dist('network/feature-rules.js');
const { readOsm } = await dist('osm/read.js');

const c = new OsmCollector(loadWalkRules(), loadFeatureRules());
await readOsm(process.argv[2], (b) => c.block(b), {});
c.nodes.finish();
const sets = [
  ['buildings', c.buildings.refs.a.subarray(0, c.buildings.refs.n)],
  ['walkable ways', c.walkRefs.a.subarray(0, c.walkRefs.n)],
];
const s = c.nodes;
for (let rep = 0; rep < 5; rep++)
  for (const [name, refs] of sets) {
    const t = performance.now();
    let found = 0;
    for (let k = 0; k < refs.length; k++) if (s.indexOf(refs[k]) >= 0) found++;
    console.log(`${name}: ${refs.length} references, ${found} found, ${(performance.now() - t).toFixed(0)} ms`);
  }
