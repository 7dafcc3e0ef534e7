#!/usr/bin/env node
/**
 * The isochrones' distance transforms (src/isochrone/edt.ts) alone: every transform of one pass over
 * the origins (three bands each) is captured from this build's engine, its window copied, then
 * replayed through the Edt of each build given, alternately, `rounds` times. Prints each build's
 * CPU per pass (first, median, min) and checks its values equal this build's below cap².
 *   node bench/isochrone-transform.mjs <osm> <origins.geojson> [rounds] [other build's dist/ ...]
 * e.g. node bench/isochrone-transform.mjs ../shared/data/real/ext-liechtenstein/liechtenstein.osm.pbf \
 *        ../shared/data/real/ext-liechtenstein/origins85.geojson 21 /path/to/main/dist
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = resolve(fileURLToPath(new URL('../dist', import.meta.url)));
const [osm, originsPath, roundsArg, ...others] = process.argv.slice(2);
if (!osm || !originsPath) {
  console.error('usage: node bench/isochrone-transform.mjs <osm> <origins.geojson> [rounds] [dist/ ...]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 15);
const { networkFromOsm } = await import(`${DIST}/network/build.js`);
const { buildCsr } = await import(`${DIST}/network/csr.js`);
const { readOriginFeatures, readOrigins, snapOrigins } = await import(`${DIST}/isochrone/origins.js`);
const { IsochroneEngine } = await import(`${DIST}/isochrone/engine.js`);
const { Edt } = await import(`${DIST}/isochrone/edt.js`);
const { sourceSeeds } = await import(`${DIST}/snap/snapped-point.js`);

const net = await networkFromOsm(osm, { features: false });
const { fc, keys } = await readOriginFeatures({ file: originsPath });
const { sets } = await readOrigins(originsPath, net, fc, keys);
const jobs = snapOrigins(net, sets, {})
  .filter((s) => s.points.length)
  .map((s) => ({ points: s.points, seeds: s.points.flatMap((p) => sourceSeeds(net, p.snap)) }));
const speed = 5000 / 60; // the bench's 5 km/h, bands 5, 10, 15 min, 50 m corridor, 10 m grid
const engine = new IsochroneEngine(net, buildCsr(net), {
  budgets: [5 * speed, 10 * speed, 15 * speed],
  corridorM: 50,
  resolutionM: 10,
});

// capture: each call's window copied into a grid of its own (the engine reuses its grid)
const calls = [];
const transform = Edt.prototype.transform;
Edt.prototype.transform = function (values, budget, w, x0, y0, x1, y1, out, cap) {
  const W = x1 - x0;
  const H = y1 - y0;
  const v = new Float32Array(W * H);
  for (let y = 0; y < H; y++) v.set(values.subarray(x0 + (y0 + y) * w, x0 + (y0 + y) * w + W), y * W);
  transform.call(this, values, budget, w, x0, y0, x1, y1, out, cap);
  const o = new Float64Array(W * H);
  for (let y = 0; y < H; y++) o.set(out.subarray(x0 + (y0 + y) * w, x0 + (y0 + y) * w + W), y * W);
  calls.push({ W, H, budget, cap, v, o });
};
for (const j of jobs) engine.compute(j.points, j.seeds);
Edt.prototype.transform = transform;

const builds = [DIST, ...others.map((d) => resolve(d))];
const edts = [];
for (const d of builds) edts.push(new (await import(`${d}/isochrone/edt.js`)).Edt());
const out = new Float64Array(Math.max(...calls.map((c) => c.W * c.H)));
for (let e = 0; e < edts.length; e++) {
  let bad = 0;
  for (const c of calls) {
    edts[e].transform(c.v, c.budget, c.W, 0, 0, c.W, c.H, out, c.cap);
    const c2 = c.cap * c.cap;
    for (let i = 0; i < c.W * c.H; i++) if ((c.o[i] < c2 || out[i] < c2) && c.o[i] !== out[i]) bad++;
  }
  if (bad) console.log(`${builds[e]}: ${bad} values below cap² differ from this build's`);
}
const cpu = edts.map(() => []);
for (let r = 0; r < rounds; r++)
  for (let e = 0; e < edts.length; e++) {
    const t0 = process.cpuUsage();
    for (const c of calls) edts[e].transform(c.v, c.budget, c.W, 0, 0, c.W, c.H, out, c.cap);
    const d = process.cpuUsage(t0);
    cpu[e].push((d.user + d.system) / 1000);
  }
const cells = calls.reduce((a, c) => a + c.W * c.H, 0);
console.log(`${calls.length} transforms, ${cells} window cells per pass over ${jobs.length} origins`);
for (let e = 0; e < edts.length; e++) {
  const s = cpu[e].slice(1).sort((a, b) => a - b);
  const f = (v) => v.toFixed(1);
  console.log(
    `${builds[e]}: first ${f(cpu[e][0])} ms, median ${f(s[s.length >> 1])} ms, min ${f(s[0])} ms CPU per pass`,
  );
}
