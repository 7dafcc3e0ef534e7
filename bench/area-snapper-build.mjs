#!/usr/bin/env node
/**
 * Issue 13: what building the communities' AreaSnappers costs (snap/area-snapper.ts: one per
 * community on the main thread for its residents, one on the search thread for its gap grid), cold,
 * as a job meets them: in a fresh process, every community's snap box once. Run it alternately with
 * another build's copy (`node <other>/bench/area-snapper-build.mjs …`) to compare; CPU of this process.
 *
 *   npm run build && node bench/area-snapper-build.mjs <network.lcnet> <communities.geojson>
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { loadNetworkFile } = await import(join(ROOT, 'dist/network/network-file.js'));
const { edgeIndex } = await import(join(ROOT, 'dist/snap/edge-index.js'));
const { AreaSnapper } = await import(join(ROOT, 'dist/snap/area-snapper.js'));
const { PolygonIndex } = await import(join(ROOT, 'dist/geo/polygon-index.js'));
const { snapBox } = await import(join(ROOT, 'dist/coverage/gaps.js'));

const [netFile, communitiesFile] = process.argv.slice(2);
const net = loadNetworkFile(netFile);
edgeIndex(net);
const boxes = JSON.parse(readFileSync(communitiesFile, 'utf8')).features.map((f) =>
  snapBox(new PolygonIndex(f.geometry), 10),
);
const c0 = process.cpuUsage();
const t0 = performance.now();
let check = 0;
for (const b of boxes) {
  const p = new AreaSnapper(net, b).snap((b[0] + b[2]) / 2, (b[1] + b[3]) / 2);
  check += p ? p.edge : 0;
}
const cpu = process.cpuUsage(c0);
console.log(
  `${boxes.length} AreaSnappers: wall ${(performance.now() - t0).toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (check ${check})`,
);
