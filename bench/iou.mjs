#!/usr/bin/env node
// Intersection over union of lifecircle's and Valhalla's polygons per origin for one contour.
// usage: node bench/iou.mjs <lifecircle.geojson> <valhalla.geojson> <minutes>
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';

const [oursPath, theirsPath, minutes] = process.argv.slice(2);
const ours = JSON.parse(readFileSync(oursPath, 'utf8')).features.filter(
  (f) => f.geometry && f.properties.band === `${minutes}min`,
);
const theirs = new Map(
  JSON.parse(readFileSync(theirsPath, 'utf8'))
    .features.filter((f) => String(f.properties.contour_min) === String(minutes))
    .map((f) => [String(f.properties.origin_id), f]),
);
const ious = [];
const ratios = [];
for (const f of ours) {
  const g = theirs.get(String(f.properties.id));
  if (!g) continue;
  const inter = turf.intersect(turf.featureCollection([f, g]));
  const union = turf.union(turf.featureCollection([f, g]));
  const ia = inter ? turf.area(inter) : 0;
  ious.push(union ? ia / turf.area(union) : 0);
  ratios.push(turf.area(f) / turf.area(g));
}
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
process.stdout.write(
  JSON.stringify({
    n: ious.length,
    median: q(ious, 0.5),
    p10: q(ious, 0.1),
    p90: q(ious, 0.9),
    mean: ious.reduce((a, b) => a + b, 0) / ious.length,
    areaRatioMedian: q(ratios, 0.5),
  }),
);
