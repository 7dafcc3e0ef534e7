#!/usr/bin/env node
// In-process ingest measures for bench/run.mjs: XML reading MB/s, PBF parse vs network-file load.
// usage: node bench/ingest-inprocess.mjs <file.osm> <file.osm.pbf> <network-file> [runs]
import { statSync } from 'node:fs';
import { readOsm } from '../dist/osm/read.js';
import { networkFromOsm } from '../dist/network/build.js';
import { loadNetworkFile } from '../dist/network/network-file.js';

const [xml, pbf, net, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const t = [];
  await fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}
const xmlMs = await time(() => readOsm(xml, () => undefined));
const parseMs = await time(() => networkFromOsm(pbf));
const loadMs = await time(() => loadNetworkFile(net));
const xmlMB = statSync(xml).size / 1e6;
process.stdout.write(JSON.stringify({ xmlMB, xmlMs, xmlMBps: xmlMB / (xmlMs / 1000), parseMs, loadMs }));
