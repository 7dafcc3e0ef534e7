/**
 * Maps for the report as static SVG, drawn from the run's own data (no tile server, no script):
 * the walking network and the residential buildings as the base map, then the run's layers.
 * A local equirectangular projection (x scaled by cos(latitude)) is exact enough at community
 * scale; coordinates are whole pixels (a map is 700 px wide: half a pixel is 1-2 m on a community's
 * map, ~10 m on the overview, below what the map can show), a point in the same pixel as the one
 * before it is left out and so is an edge or ring that falls within one pixel. That halved
 * report.html at city scale and the time to write it (BENCHMARKS.md, issue 11).
 */
import type { Position } from 'geojson';
import type { WalkNetwork } from '../../network/types.js';
import { edgeIndex } from '../../snap/edge-index.js';

export type BBox = [number, number, number, number];

export class MapFrame {
  readonly k: number;
  readonly kx: number;
  readonly h: number;
  constructor(
    readonly bbox: BBox,
    readonly w: number,
    maxH: number,
  ) {
    const [x0, y0, x1, y1] = bbox;
    const c = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
    const dx = Math.max((x1 - x0) * c, 1e-9);
    const dy = Math.max(y1 - y0, 1e-9);
    this.k = Math.min(w / dx, maxH / dy);
    this.kx = this.k * c;
    this.h = Math.ceil(dy * this.k);
    this.w = Math.ceil(dx * this.k);
  }
  x(lon: number): number {
    return Math.round((lon - this.bbox[0]) * this.kx);
  }
  y(lat: number): number {
    return Math.round((this.bbox[3] - lat) * this.k);
  }
  /** metres per pixel (for the scale bar) */
  metresPerPx(): number {
    return 111320 / this.k;
  }
  path(rings: Position[][] | Float64Array[], closed: boolean): string {
    let d = '';
    const line = new PixelLine();
    for (const r of rings) {
      line.start();
      if (r instanceof Float64Array) for (let i = 0; i < r.length; i += 2) line.add(this.x(r[i]), this.y(r[i + 1]));
      else for (const p of r) line.add(this.x(p[0]), this.y(p[1]));
      d += line.end(closed);
    }
    return d;
  }
}

/** one line or ring in whole pixels: repeated pixels left out, nothing for a line within one pixel */
export class PixelLine {
  private d = '';
  private px = NaN;
  private py = NaN;
  private n = 0;
  start(): void {
    this.d = '';
    this.n = 0;
    this.px = NaN;
    this.py = NaN;
  }
  add(x: number, y: number): void {
    if (x === this.px && y === this.py) return;
    this.d += `${this.n ? 'L' : 'M'}${x} ${y}`;
    this.n++;
    this.px = x;
    this.py = y;
  }
  end(closed: boolean): string {
    if (this.n < 2) return '';
    return closed ? `${this.d}Z` : this.d;
  }
}

export function expand(b: BBox, metres: number): BBox {
  const dLat = metres / 111320;
  const dLon = metres / (111320 * Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180));
  return [b[0] - dLon, b[1] - dLat, b[2] + dLon, b[3] + dLat];
}

export function bboxOf(points: Iterable<Position>): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    if (p[0] < b[0]) b[0] = p[0];
    if (p[1] < b[1]) b[1] = p[1];
    if (p[0] > b[2]) b[2] = p[0];
    if (p[1] > b[3]) b[3] = p[1];
  }
  return b;
}

const inside = (b: BBox, lon: number, lat: number) => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];

/** the walking network within the frame as one path (edges with a vertex inside) */
export function networkPath(net: WalkNetwork, f: MapFrame): string {
  let d = '';
  // the edges near the frame from the edge index (a superset of those with a vertex inside:
  // the projection is monotone), in edge order, instead of every edge of the city per map
  const { proj, index, segEdge } = edgeIndex(net);
  const [bx0, by0, bx1, by1] = f.bbox;
  const near = new Set<number>();
  for (const s of index.search(proj.x(bx0), proj.y(by0), proj.x(bx1), proj.y(by1))) near.add(segEdge[s]);
  const line = new PixelLine();
  for (const e of [...near].sort((a, b) => a - b)) {
    const a = net.geomOff[e];
    const b = net.geomOff[e + 1];
    let any = false;
    for (let i = a; i < b && !any; i++) any = inside(f.bbox, net.geomLon[i], net.geomLat[i]);
    if (!any) continue;
    line.start();
    for (let i = a; i < b; i++) line.add(f.x(net.geomLon[i]), f.y(net.geomLat[i]));
    d += line.end(false);
  }
  return d;
}

/** residential buildings as squares of their footprint area at their centroids (the network file keeps no outlines) */
export function buildingsPath(net: WalkNetwork, f: MapFrame): string {
  const b = net.buildings;
  const pxPerM = 1 / f.metresPerPx();
  let d = '';
  for (let i = 0; i < b.count; i++) {
    if (!inside(f.bbox, b.lon[i], b.lat[i])) continue;
    const s = Math.max(1, Math.round(Math.sqrt(b.area[i]) * pxPerM));
    const x = f.x(b.lon[i]) - Math.floor(s / 2);
    const y = f.y(b.lat[i]) - Math.floor(s / 2);
    d += `M${x} ${y}h${s}v${s}h${-s}Z`;
  }
  return d;
}

export function scaleBar(f: MapFrame): string {
  const target = f.metresPerPx() * f.w * 0.2;
  const nice = [50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000].find((m) => m >= target * 0.5) ?? 20000;
  const px = Math.round((nice / f.metresPerPx()) * 10) / 10;
  const y = f.h - 12;
  return (
    `<g class="scale"><path d="M10 ${y}h${px}" stroke="#222" stroke-width="2"/>` +
    `<text x="${10 + px / 2}" y="${y - 4}" text-anchor="middle">${nice >= 1000 ? `${nice / 1000} km` : `${nice} m`}</text></g>`
  );
}
