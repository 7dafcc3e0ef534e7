#!/usr/bin/env node
// Length of lifecircle's default walking network vs the OSMnx walk filter
// (test/fixtures/osmnx-walk-rules.yaml), by highway type of the ways only one of them keeps.
// usage: node bench/walk-rules-vs-osmnx.mjs <osm-file>...     (run `npm run build` first)
import { readFileSync } from 'node:fs';
import { networkFromOsm } from '../dist/network/build.js';
import { parseWalkRules } from '../dist/network/rules.js';

const rulesUrl = new URL('../test/fixtures/osmnx-walk-rules.yaml', import.meta.url);
const osmnx = parseWalkRules(readFileSync(rulesUrl, 'utf8'), 'osmnx-walk-rules.yaml');
const km = (n) => {
  let s = 0;
  for (let e = 0; e < n.edgeCount; e++) s += n.edgeLen[e];
  return +(s / 1000).toFixed(2);
};
const byWay = (n) => {
  const m = new Map();
  for (let e = 0; e < n.edgeCount; e++) {
    const v = m.get(n.edgeWay[e]) ?? { km: 0, hw: n.meta.highwayNames[n.edgeHighway[e]] };
    v.km += n.edgeLen[e] / 1000;
    m.set(n.edgeWay[e], v);
  }
  return m;
};
const onlyIn = (x, y) => {
  const r = {};
  for (const [k, v] of x) if (!y.has(k)) r[v.hw] = +((r[v.hw] ?? 0) + v.km).toFixed(2);
  return r;
};
for (const file of process.argv.slice(2)) {
  const ours = await networkFromOsm(file, { features: false });
  const theirs = await networkFromOsm(file, { features: false, rules: osmnx });
  const a = byWay(ours);
  const b = byWay(theirs);
  console.log(
    JSON.stringify({
      file,
      lifecircle: { nodes: ours.nodeCount, edges: ours.edgeCount, km: km(ours) },
      osmnx: { nodes: theirs.nodeCount, edges: theirs.edgeCount, km: km(theirs) },
      onlyLifecircleKmByHighway: onlyIn(a, b),
      onlyOsmnxKmByHighway: onlyIn(b, a),
    }),
  );
}
