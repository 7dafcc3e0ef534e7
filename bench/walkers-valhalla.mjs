#!/usr/bin/env node
/**
 * Issue 12, walkers: the wheelchair walker on Monaco (many steps) against Valhalla's `pedestrian`
 * costing with `type: wheelchair` on the same origins (../shared/data/real/ext-monaco-pbf).
 *
 * - routes: every origin to the next one (85 pairs) with our wheelchair walker (in process, on the
 *   wheelchair view of the network) and with Valhalla's wheelchair costing: the ratio of lengths;
 * - isochrones: 10 minutes at 4 km/h from each origin, ours (`lifecircle isochrones --walker
 *   wheelchair`) and Valhalla's (wheelchair costing, walking_speed 4): IoU per origin (bench/iou.mjs),
 *   and the same for the default walker / Valhalla's default pedestrian, as the reference pair.
 *
 * Needs @valhallajs/valhallajs@3.6.1 in $VALHALLA_PKG (default /tmp/peers/valhalla; npm run bench
 * installs it). Markdown on stdout, JSON in bench/results/walkers-valhalla.json.
 *   node bench/walkers-valhalla.mjs
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REAL = resolve(ROOT, '../shared/data/real');
const PEERS = resolve(ROOT, '../shared/peers');
const DIR = process.env.BENCH_DIR ?? '/tmp/lifecircle-bench';
const PKG = process.env.VALHALLA_PKG ?? '/tmp/peers/valhalla';
const CLI = join(ROOT, 'bin/lifecircle.js');
const pbf = join(REAL, 'ext-monaco-pbf/monaco.osm.pbf');
const originsPath = join(REAL, 'ext-monaco-pbf/origins85.geojson');
const work = join(DIR, 'valhalla-walkers-monaco');
mkdirSync(work, { recursive: true });

// Valhalla tiles
const b = spawnSync(join(PEERS, 'valhalla/build.sh'), [pbf, work], {
  cwd: DIR,
  env: { ...process.env, VALHALLA_PKG: PKG },
  stdio: 'inherit',
});
if (b.status !== 0) process.exit(1);
const require = createRequire(join(PKG, 'package.json'));
const { Actor } = require('@valhallajs/valhallajs');
const actor = await Actor.fromConfigFile(join(work, 'config.json'));
const origins = JSON.parse(readFileSync(originsPath, 'utf8')).features;

// ours, in process
const { networkFromOsm } = await import(join(ROOT, 'dist/network/build.js'));
const { walkerByName, walkerNetwork } = await import(join(ROOT, 'dist/walkers/walkers.js'));
const { snapPoint } = await import(join(ROOT, 'dist/snap/snap.js'));
const { findRoute } = await import(join(ROOT, 'dist/route/route.js'));
const { EDGE_STEPS } = await import(join(ROOT, 'dist/network/types.js'));
const full = await networkFromOsm(pbf);
const nets = { default: full, wheelchair: walkerNetwork(full, walkerByName('wheelchair')) };
const stepEdges = (n) => Array.from(n.edgeFlags).filter((f) => f & EDGE_STEPS).length;

const routes = { default: [], wheelchair: [] };
const failed = { ours: 0, valhalla: 0 };
for (let i = 0; i < origins.length; i++) {
  const a = origins[i].geometry.coordinates;
  const c = origins[(i + 1) % origins.length].geometry.coordinates;
  for (const w of ['default', 'wheelchair']) {
    const net = nets[w];
    const sa = snapPoint(net, a[0], a[1], {});
    const sc = snapPoint(net, c[0], c[1], {});
    const ours =
      sa.ok && sc.ok
        ? findRoute(net, { lon: a[0], lat: a[1], snap: sa.snap }, { lon: c[0], lat: c[1], snap: sc.snap })
        : null;
    let theirs = null;
    try {
      const r = await actor.route({
        locations: [
          { lon: a[0], lat: a[1] },
          { lon: c[0], lat: c[1] },
        ],
        costing: 'pedestrian',
        costing_options: { pedestrian: w === 'wheelchair' ? { type: 'wheelchair' } : {} },
        units: 'kilometers',
      });
      theirs = r.trip.summary.length * 1000;
    } catch {
      failed.valhalla++;
    }
    if (!ours) failed.ours++;
    if (ours && theirs) routes[w].push(ours.lengthM / theirs);
  }
}

// isochrones, 10 min at 4 km/h
const iso = {};
for (const w of ['default', 'wheelchair']) {
  const oursPath = join(work, `ours-${w}.geojson`);
  execFileSync('node', [
    CLI,
    'isochrones',
    pbf,
    '--origins',
    originsPath,
    '--bands',
    '10min',
    '--speed',
    '4km/h',
    '--walker',
    w,
    '-o',
    oursPath,
    '-q',
  ]);
  const features = [];
  for (const o of origins) {
    const [lon, lat] = o.geometry.coordinates;
    try {
      const res = await actor.isochrone({
        locations: [{ lat, lon }],
        costing: 'pedestrian',
        costing_options: { pedestrian: { walking_speed: 4, ...(w === 'wheelchair' ? { type: 'wheelchair' } : {}) } },
        contours: [{ time: 10 }],
        polygons: true,
      });
      for (const f of res.features)
        if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')
          features.push({
            type: 'Feature',
            properties: { origin_id: o.properties.id, contour_min: 10 },
            geometry: f.geometry,
          });
    } catch {}
  }
  const theirsPath = join(work, `valhalla-${w}.geojson`);
  writeFileSync(theirsPath, JSON.stringify({ type: 'FeatureCollection', features }));
  iso[w] = JSON.parse(
    execFileSync('node', [join(ROOT, 'bench/iou.mjs'), oursPath, theirsPath, '10'], { encoding: 'utf8' }),
  );
}
const q = (xs, p) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const result = {
  extract: 'ext-monaco-pbf',
  stepEdges: { default: stepEdges(nets.default), wheelchair: stepEdges(nets.wheelchair) },
  edges: { default: nets.default.edgeCount, wheelchair: nets.wheelchair.edgeCount },
  routeLengthRatio: Object.fromEntries(
    Object.entries(routes).map(([w, r]) => [w, { n: r.length, median: q(r, 0.5), p10: q(r, 0.1), p90: q(r, 0.9) }]),
  ),
  routesFailed: failed,
  iou10: iso,
  date: new Date().toISOString().slice(0, 10),
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/walkers-valhalla.json'), `${JSON.stringify(result, null, 2)}\n`);
const f = (x, d = 3) => Number(x).toFixed(d);
const say = (s = '') => process.stdout.write(`${s}\n`);
say('\n## walkers: wheelchair vs Valhalla pedestrian type=wheelchair (issue 12) — Monaco, 85 origins\n');
say(
  `step edges: ${result.stepEdges.default} in the network, ${result.stepEdges.wheelchair} in the wheelchair network ` +
    `(${result.edges.wheelchair} of ${result.edges.default} edges kept)\n`,
);
say(
  '| walker (Valhalla costing) | route length ratio lifecircle / Valhalla: median (p10–p90), pairs | ' +
    '10-min isochrone IoU: median (p10–p90) | area ratio (median) |\n|---|---|---|---|',
);
for (const w of ['default', 'wheelchair']) {
  const r = result.routeLengthRatio[w];
  const i = iso[w];
  say(
    `| ${w} (${w === 'wheelchair' ? 'pedestrian, type wheelchair' : 'pedestrian'}) | ${f(r.median)} (${f(r.p10)}–${f(r.p90)}), ${r.n} | ` +
      `${f(i.median)} (${f(i.p10)}–${f(i.p90)}) | ${f(i.areaRatioMedian, 2)} |`,
  );
}
say(`routes not found: ours ${failed.ours}, Valhalla ${failed.valhalla}`);
