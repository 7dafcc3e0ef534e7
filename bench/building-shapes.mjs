#!/usr/bin/env node
/**
 * Issue 13: BuildingShape.of (src/network/features.ts: centroid and footprint, the node store's
 * lookups) over every residential building outline of a file, warm, 6 rounds, for one build or
 * several alternately (each a dist/ folder; the sums of area + lon must agree between them).
 *
 *   npm run build && node bench/building-shapes.mjs <file.osm.pbf> [other/dist/ ...]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [file, ...others] = process.argv.slice(2);
const dists = [join(ROOT, 'dist'), ...others.map((d) => resolve(d))];
const dist = (d, m) => import(join(d, m));
const { OsmCollector } = await dist(dists[0], 'network/collect.js');
const { loadWalkRules } = await dist(dists[0], 'network/rules.js');
const { loadFeatureRules } = await dist(dists[0], 'network/feature-rules.js');
const { readOsm } = await dist(dists[0], 'osm/read.js');

// the outlines as the collector meets them (its private addBuilding, wrapped on this instance)
const c = new OsmCollector(loadWalkRules(), loadFeatureRules());
const outlines = [];
const addBuilding = OsmCollector.prototype.addBuilding;
c.addBuilding = function (id, refs, building, levels) {
  outlines.push(Float64Array.from(refs));
  return addBuilding.call(this, id, refs, building, levels);
};
await readOsm(file, (b) => c.block(b), {});
c.nodes.finish();
const shapes = [];
for (const d of dists) shapes.push(new (await dist(d, 'network/features.js')).BuildingShape());
console.log(`${outlines.length} outlines`);
for (let rep = 0; rep < 6; rep++)
  shapes.forEach((shape, k) => {
    const t = performance.now();
    let sum = 0;
    for (const w of outlines) if (shape.of(w, c.nodes) === 0) sum += shape.area + shape.lon;
    console.log(`${dists[k]}: ${(performance.now() - t).toFixed(0)} ms (sum ${sum.toFixed(3)})`);
  });
