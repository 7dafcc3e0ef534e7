#!/usr/bin/env node
/**
 * Issue 13: `--clip` on a PBF — the one-pass read that keeps every node's position (the store,
 * 12 B/node) against a two-pass read (ways first, then only the nodes they need). Measures, in
 * process, what the second pass would cost: reading the file's node blocks again (inflate +
 * decode, stopping at the first way block of a sorted file) next to the whole read with an empty
 * consumer, and how many nodes the clip needs (its network's vertices and the store's size).
 *
 *   npm run build && node bench/clip-two-pass.mjs <file.osm.pbf> <minLon,minLat,maxLon,maxLat> [runs]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (m) => import(join(ROOT, 'dist', m));
const { readOsm } = await dist('osm/read.js');
const { networkFromOsm } = await dist('network/build.js');
const { parseClip } = await dist('network/clip.js');
const [file, clip, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
class Stop extends Error {}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];

const whole = [];
const nodesOnly = [];
let nodeCount = 0;
for (let r = 0; r < runs; r++) {
  let t = cpu();
  await readOsm(file, () => {}, { workers: 0 });
  whole.push(cpu() - t);
  t = cpu();
  nodeCount = 0;
  try {
    await readOsm(
      file,
      (b) => {
        if (b.ways.count || b.relations.count) throw new Stop();
        nodeCount += b.nodes.count;
      },
      { workers: 0 },
    );
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  nodesOnly.push(cpu() - t);
}
const net = await networkFromOsm(file, { clip: parseClip(clip, 1000) });
const needed = net.geomLon.length;
console.log(
  JSON.stringify(
    {
      file,
      clip,
      runs,
      wholeReadCpuMs: Math.round(med(whole)),
      nodeBlocksCpuMs: Math.round(med(nodesOnly)),
      secondPassShare: +(med(nodesOnly) / med(whole)).toFixed(2),
      nodesInFile: nodeCount,
      storeMB: +((nodeCount * 12) / 1e6).toFixed(1),
      clipVertices: needed,
      twoPassStoreMB: +((needed * 12) / 1e6).toFixed(1),
    },
    null,
    2,
  ),
);
