/**
 * Distances on the WGS-84 ellipsoid for short segments, and a local metric projection.
 *
 * OSM segments are metres to a few hundred metres long, so the ellipsoid's local radii of
 * curvature at the segment's mid-latitude give geodesic length to better than 1e-6 relative
 * (the same idea as Mapbox's cheap-ruler). Spherical haversine (OSMnx, R = 6371008.8 m) differs
 * from this by up to ~0.3 % depending on latitude and direction.
 */
import { hypot } from './hypot.js';
const A = 6378137; // WGS-84 semi-major axis
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

/** metres per degree of longitude and latitude at a latitude (degrees) */
export function metresPerDegree(lat: number): { kx: number; ky: number } {
  const s = Math.sin(lat * RAD);
  const w2 = 1 - E2 * s * s;
  const w = Math.sqrt(w2);
  const n = A / w; // prime vertical radius
  const m = (A * (1 - E2)) / (w2 * w); // meridional radius
  return { kx: n * Math.cos(lat * RAD) * RAD, ky: m * RAD };
}

// metresPerDegree tabulated every 0.01° of latitude: linear interpolation between entries is exact
// to ~1e-10 relative, and saves the trigonometry on every one of millions of segments.
const STEP = 0.01;
const KX = new Float64Array(18002);
const KY = new Float64Array(18002);
for (let i = 0; i < KX.length; i++) {
  const k = metresPerDegree(Math.min(90, -90 + i * STEP));
  KX[i] = k.kx;
  KY[i] = k.ky;
}

/** Geodesic length in metres of the segment (lon1,lat1)-(lon2,lat2). */
export function segmentLength(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const t = ((lat1 + lat2) / 2 + 90) / STEP;
  const i = Math.floor(t);
  const f = t - i;
  const kx = KX[i] + (KX[i + 1] - KX[i]) * f;
  const ky = KY[i] + (KY[i + 1] - KY[i]) * f;
  let dl = lon2 - lon1;
  if (dl > 180) dl -= 360;
  else if (dl < -180) dl += 360;
  return hypot(dl * kx, (lat2 - lat1) * ky);
}

/** Spherical haversine distance (for comparisons with tools that use it). */
export function haversine(lon1: number, lat1: number, lon2: number, lat2: number, r = 6371008.8): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const a = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * A local equirectangular projection in metres around (lon0, lat0). Accurate to ~0.1 % within
 * ~20 km of the centre, which is what isochrone rasters and snapping need; lengths of network
 * edges never use it (they use segmentLength).
 */
export class LocalProjection {
  readonly kx: number;
  readonly ky: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    const k = metresPerDegree(lat0);
    this.kx = k.kx;
    this.ky = k.ky;
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
  lon(x: number): number {
    return this.lon0 + x / this.kx;
  }
  lat(y: number): number {
    return this.lat0 + y / this.ky;
  }
}
