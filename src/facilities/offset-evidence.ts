/**
 * The reference the CRS-offset check measures a list against (crs-offset.ts): distance to the
 * walking network, and — for dense cities, where every point is near some street whatever its
 * offset — OSM objects of the same category or name nearby, and residential building footprints
 * (approximated by a disc of the footprint's area around its centroid: the network file keeps
 * buildings as centroids with areas).
 */
import Flatbush from 'flatbush';
import { metresPerDegree } from '../geo/geodesy.js';
import type { WalkNetwork } from '../network/types.js';
import { snapPoint } from '../snap/snap.js';
import { type DistanceReference, type PointKind, SAME_KIND_M } from './crs-offset.js';
import type { Facility } from './facility.js';
import { hypot } from '../geo/hypot.js';

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s()（）·・-]/g, '')
    .toLowerCase();

/** same name: equal after folding, or one contains the other (分店 suffixes, district prefixes) */
export function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = norm(a);
  const y = norm(b);
  if (x.length < 2 || y.length < 2) return false;
  return x === y || (Math.min(x.length, y.length) >= 3 && (x.includes(y) || y.includes(x)));
}

/**
 * `exclude(i, f)`: leave an OSM object out of the comparison for point i (the evaluation feeds OSM's
 * own objects as the list: an object must not confirm itself).
 */
export function offsetReference(
  net: WalkNetwork,
  osm: Facility[],
  exclude?: (pointIndex: number, f: Facility) => boolean,
): DistanceReference {
  const [, y0, , y1] = net.meta.bbox;
  const { kx, ky } = metresPerDegree((y0 + y1) / 2);
  const pts: { f: Facility; lon: number; lat: number }[] = [];
  for (const f of osm) for (const [lon, lat] of f.points) pts.push({ f, lon, lat });
  const fi = pts.length ? new Flatbush(pts.length) : null;
  if (fi) {
    for (const p of pts) fi.add(p.lon, p.lat, p.lon, p.lat);
    fi.finish();
  }
  const b = net.buildings;
  const bi = b.count ? new Flatbush(b.count) : null;
  let maxR = 0;
  if (bi) {
    for (let i = 0; i < b.count; i++) {
      bi.add(b.lon[i], b.lat[i], b.lon[i], b.lat[i]);
      maxR = Math.max(maxR, Math.sqrt(b.area[i] / Math.PI));
    }
    bi.finish();
  }
  maxR = Math.min(maxR, 150);
  const dist = (lon: number, lat: number, x: number, y: number) => hypot((lon - x) * kx, (lat - y) * ky);
  return {
    nearestDistance: (lon, lat) => {
      const s = snapPoint(net, lon, lat, { maxSnapM: 3000, minComponent: 1 });
      return s.ok ? s.snap.dist : Infinity;
    },
    sameKind: (lon: number, lat: number, kind: PointKind, index: number) => {
      if (!fi || (!kind.category && !kind.name)) return Infinity;
      const dx = (2 * SAME_KIND_M) / kx;
      const dy = (2 * SAME_KIND_M) / ky;
      let best = Infinity;
      for (const k of fi.search(lon - dx, lat - dy, lon + dx, lat + dy)) {
        const p = pts[k];
        if (exclude?.(index, p.f)) continue;
        if ((kind.category && p.f.category === kind.category) || sameName(kind.name, p.f.name))
          best = Math.min(best, dist(lon, lat, p.lon, p.lat));
      }
      return best;
    },
    inBuilding: (lon: number, lat: number) => {
      if (!bi) return false;
      const dx = maxR / kx;
      const dy = maxR / ky;
      for (const i of bi.search(lon - dx, lat - dy, lon + dx, lat + dy))
        if (dist(lon, lat, b.lon[i], b.lat[i]) <= Math.sqrt(b.area[i] / Math.PI)) return true;
      return false;
    },
  };
}
