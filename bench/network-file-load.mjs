#!/usr/bin/env node
/**
 * How long loading a network file takes and how much of it the structural checks are
 * (src/network/network-file-check.ts): the first load in the process (cold JIT, what a run pays
 * once: wall and CPU), then warm loads and checks.
 *   node bench/network-file-load.mjs [file.osm.pbf|file.lcnet]   (default: ../shared Liechtenstein)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const src = process.argv[2] ?? resolve(ROOT, '../shared/data/real/ext-liechtenstein/liechtenstein.osm.pbf');
let p = src;
if (!src.endsWith('.lcnet')) {
  p = join(mkdtempSync(join(tmpdir(), 'lc-bench-')), 'n.lcnet');
  execFileSync(process.execPath, [join(ROOT, 'bin/lifecircle.js'), 'prepare', src, '-o', p, '-q']);
}
const { loadNetworkFile } = await import(join(ROOT, 'dist/network/network-file.js'));
const { checkSections } = await import(join(ROOT, 'dist/network/network-file-check.js'));
const t0 = performance.now();
const c0 = process.cpuUsage();
let net = loadNetworkFile(p);
const c1 = process.cpuUsage(c0);
const first = performance.now() - t0;
const firstCpu = (c1.user + c1.system) / 1000;
for (let i = 0; i < 2; i++) net = loadNetworkFile(p);
const N = 20;
let t = performance.now();
for (let i = 0; i < N; i++) net = loadNetworkFile(p);
const load = (performance.now() - t) / N;
const arrays = {};
for (const k of [
  'nodeLon',
  'nodeLat',
  'nodeOsmId',
  'nodeComp',
  'edgeU',
  'edgeV',
  'edgeLen',
  'edgeFlags',
  'edgeHighway',
  'edgeWay',
  'geomOff',
  'geomLon',
  'geomLat',
])
  arrays[k] = net[k];
for (const k of Object.keys(net.buildings)) if (k !== 'count') arrays[`buildings.${k}`] = net.buildings[k];
const shape = {
  nodeCount: net.nodeCount,
  edgeCount: net.edgeCount,
  componentCount: net.meta.componentSizes.length,
  highwayNames: net.meta.highwayNames.length,
  arrays,
};
t = performance.now();
for (let i = 0; i < N; i++) checkSections(shape, (w) => new Error(w));
const check = (performance.now() - t) / N;
console.log(
  `${src}: ${net.nodeCount} nodes, ${net.edgeCount} edges, ${net.geomLon.length} vertices: ` +
    `first load ${first.toFixed(1)} ms (${firstCpu.toFixed(1)} ms CPU); ` +
    `warm: load ${load.toFixed(1)} ms, of which structural checks ${check.toFixed(1)} ms`,
);
