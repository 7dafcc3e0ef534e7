#!/usr/bin/env node
/**
 * How often the mislabelled-CRS check fires, on real POIs of the Chinese extracts in
 * ../shared/data/real: random subsets (sizes 5–200) of the OSM facilities a profile finds in each
 * extract, (a) as they are (true WGS-84: it must never fire) and (b) shifted to GCJ-02 but declared
 * WGS-84 (it should fire). Each POI's own OSM object is left out of the "same kind" evidence, as a
 * planner's list is not OSM. Needs dist/ (npm run build). Usage: node scripts/crs-offset-eval.mjs [subsets per size]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectCrsOffset } from '../dist/facilities/crs-offset.js';
import { fromWgs84 } from '../dist/facilities/china-crs.js';
import { offsetReference } from '../dist/facilities/offset-evidence.js';
import { osmFacilities } from '../dist/facilities/osm-facilities.js';
import { networkFromOsm } from '../dist/network/build.js';
import { loadProfile } from '../dist/profiles/load-profile.js';

const REAL = join(fileURLToPath(new URL('.', import.meta.url)), '../../shared/data/real');
const EXTRACTS = [
  'cn-beijing-tsinghua-pku/map.osm',
  'cn-beijing-bupt/map.osm',
  'cn-shenzhen-longgang/map.osm',
  'cn-shanghai-shu-baoshan/map.osm',
  'cn-jiangxi-guixi/mapofgx.osm',
];
const SIZES = [5, 10, 20, 50, 100, 200];
const N = Number(process.argv[2] ?? 100);

/** seeded PRNG (mulberry32): the same report every run */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function evaluate(file, subsets = N, sizes = SIZES, seed = 1) {
  const net = await networkFromOsm(file, {});
  const profile = loadProfile('complete-community-2020');
  const osm = await osmFacilities(net, profile);
  // one point per facility, with its category and name
  const pois = osm.map((f) => ({ f, lon: f.points[0][0], lat: f.points[0][1] }));
  const out = [];
  const rand = rng(seed);
  for (const size of sizes) {
    if (size > pois.length) continue;
    let fireTrue = 0;
    let fireShifted = 0;
    for (let s = 0; s < subsets; s++) {
      const pick = [...pois]
        .map((p) => [rand(), p])
        .sort((a, b) => a[0] - b[0])
        .slice(0, size)
        .map((x) => x[1]);
      const ref = offsetReference(net, osm, (i, f) => f === pick[i].f);
      const kinds = pick.map((p) => ({ category: p.f.category, name: p.f.name }));
      if (
        detectCrsOffset(
          pick.map((p) => [p.lon, p.lat]),
          ref,
          kinds,
        )
      )
        fireTrue++;
      const shifted = pick.map((p) => fromWgs84(p.lon, p.lat, 'gcj02'));
      if (detectCrsOffset(shifted, ref, kinds)) fireShifted++;
    }
    out.push({ size, subsets, falsePositives: fireTrue, detected: fireShifted });
  }
  return { pois: pois.length, rows: out };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(REAL)) {
    console.log('../shared/data/real is absent: nothing to evaluate');
    process.exit(0);
  }
  for (const e of EXTRACTS) {
    const r = await evaluate(join(REAL, e));
    console.log(`${e}: ${r.pois} OSM facilities`);
    for (const x of r.rows)
      console.log(
        `  size ${String(x.size).padStart(3)}: GCJ-02 declared WGS-84 detected in ${x.detected}/${x.subsets} ` +
          `(${Math.round((100 * x.detected) / x.subsets)} %), true WGS-84 flagged in ${x.falsePositives}/${x.subsets}`,
      );
  }
}
