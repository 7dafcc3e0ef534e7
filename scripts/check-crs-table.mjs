#!/usr/bin/env node
/**
 * Checks every definition of data/crs/epsg-china.json against PROJ's cs2cs (Debian proj-bin): two
 * points per code, converted WGS-84 → EPSG:<code> by cs2cs and back by lifecircle (dist/ must be
 * built). npm test checks every 10th code; this checks all (a few minutes: one cs2cs per code).
 */
import { spawnSync } from 'node:child_process';
import { crsFromEpsg, epsgTable } from '../dist/inputs/crs.js';
import { testPoints } from './crs-test-points.mjs';

let worst = 0;
let n = 0;
const bad = [];
for (const [code, e] of Object.entries(epsgTable())) {
  const p = testPoints(e.proj4);
  const r = spawnSync('cs2cs', ['-f', '%.6f', 'EPSG:4326', `EPSG:${code}`], {
    input: p.map(([x, y]) => `${y} ${x}`).join('\n'),
    encoding: 'utf8',
  });
  const crs = crsFromEpsg(Number(code), 'check');
  r.stdout
    .trim()
    .split('\n')
    .forEach((line, i) => {
      const [a, b] = line.split(/\s+/).map(Number);
      const cands = crs.geographic ? [crs.toWgs84(b, a)] : [crs.toWgs84(a, b), crs.toWgs84(b, a)];
      const d = Math.min(
        ...cands.filter(Boolean).map((q) => Math.max(Math.abs(q[0] - p[i][0]), Math.abs(q[1] - p[i][1]))),
      );
      worst = Math.max(worst, d);
      if (!(d < 1e-8)) bad.push(`EPSG:${code} ${e.name}: ${d}`);
    });
  n++;
}
console.log(`${n} codes checked against cs2cs, worst difference ${worst.toExponential(2)}°; ${bad.length} above 1e-8°`);
for (const b of bad) console.log(`  ${b}`);
process.exit(bad.length ? 1 : 0);
