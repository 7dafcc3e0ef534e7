#!/usr/bin/env node
// In-process cost of the three bands of one origin (bounded Dijkstra + 10 m polygons), for bench/run.mjs.
// The first pass over the 85 origins runs on a cold JIT; later passes are steady state.
// usage: node bench/isochrones-inprocess.mjs <osm-file> <origins.geojson>
import { networkFromOsm } from '../dist/network/build.js';
import { buildCsr } from '../dist/network/csr.js';
import { readOriginFeatures, readOrigins, snapOrigins } from '../dist/isochrone/origins.js';
import { IsochroneEngine } from '../dist/isochrone/engine.js';
import { sourceSeeds } from '../dist/snap/snapped-point.js';

const [osm, originsPath] = process.argv.slice(2);
const net = await networkFromOsm(osm, { features: false });
const { fc, keys } = await readOriginFeatures({ file: originsPath });
const { sets } = await readOrigins(originsPath, net, fc, keys);
const snapped = snapOrigins(net, sets, {}).filter((s) => s.points.length);
const jobs = snapped.map((s) => ({ points: s.points, seeds: s.points.flatMap((p) => sourceSeeds(net, p.snap)) }));
const speed = 5000 / 60;
const engine = new IsochroneEngine(net, buildCsr(net), {
  budgets: [5 * speed, 10 * speed, 15 * speed],
  corridorM: 50,
  resolutionM: 10,
});
const pass = () =>
  jobs.map((j) => {
    const t0 = performance.now();
    engine.compute(j.points, j.seeds);
    return performance.now() - t0;
  });
const cold = pass();
const warm = [];
for (let i = 0; i < 5; i++) warm.push(...pass());
warm.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    origins: jobs.length,
    coldMeanMs: cold.reduce((a, b) => a + b, 0) / cold.length,
    medianMs: warm[Math.floor(warm.length / 2)],
    p90Ms: warm[Math.floor(warm.length * 0.9)],
    maxMs: warm[warm.length - 1],
  }),
);
