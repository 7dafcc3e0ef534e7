/**
 * Maps for the report as static SVG, drawn from the run's own data (no tile server, no script):
 * the walking network and the residential buildings as the base map, then the run's layers.
 * A local equirectangular projection (x scaled by cos(latitude)) is exact enough at community
 * scale; coordinates are whole pixels (a map is 700 px wide: half a pixel is 1-2 m on a community's
 * map, ~10 m on the overview, below what the map can show), a point in the same pixel as the one
 * before it is left out and so is an edge or ring that falls within one pixel. That halved
 * report.html at city scale and the time to write it (BENCHMARKS.md, issue 11). Path data is
 * written as ASCII bytes and made a string once per path: string concatenation per vertex was
 * most of the report's time.
 */
import type { Position } from 'geojson';
import type { WalkNetwork } from '../../network/types.js';
import { edgeIndex } from '../../snap/edge-index.js';
import { joins } from '../tables/network.js';

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
    const line = PATH;
    for (const r of rings) {
      line.start();
      if (r instanceof Float64Array) for (let i = 0; i < r.length; i += 2) line.add(this.x(r[i]), this.y(r[i + 1]));
      else for (const p of r) line.add(this.x(p[0]), this.y(p[1]));
      line.end(closed);
    }
    return line.text();
  }
}

/**
 * SVG path data in whole pixels as ASCII bytes: lines and rings with repeated pixels left out,
 * nothing for a line within one pixel; text() returns what was written and starts again.
 */
export class PathWriter {
  private b = new Uint8Array(1 << 16);
  private n = 0;
  private at = 0;
  private k = 0;
  private px = Number.NaN;
  private py = Number.NaN;
  private room(k: number): void {
    if (this.n + k <= this.b.length) return;
    const g = new Uint8Array(Math.max(this.b.length * 2, this.n + k));
    g.set(this.b.subarray(0, this.n));
    this.b = g;
  }
  /** an integer's digits (-0 as 0, as a template string writes it) */
  private int(v: number): void {
    const b = this.b;
    if (!Number.isFinite(v)) {
      for (const ch of String(v)) b[this.n++] = ch.charCodeAt(0);
      return;
    }
    if (v < 0) {
      b[this.n++] = 45;
      v = -v;
    }
    if (v < 10) {
      b[this.n++] = 48 + v;
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    for (let i = this.n + digits - 1; i >= this.n; i--) {
      b[i] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.n += digits;
  }
  /** starts a line or ring */
  start(): void {
    this.at = this.n;
    this.k = 0;
    this.px = Number.NaN;
    this.py = Number.NaN;
  }
  add(x: number, y: number): void {
    if (x === this.px && y === this.py) return;
    this.room(48);
    // the first point absolute (M x y), the others relative: one l, then pairs of offsets (a few
    // pixels: fewer digits than absolute ones)
    if (this.k === 0) {
      this.b[this.n++] = 77; // M
      this.int(x);
      this.b[this.n++] = 32;
      this.int(y);
    } else {
      this.b[this.n++] = this.k === 1 ? 108 : 32; // l, then space
      this.int(x - this.px);
      this.b[this.n++] = 32;
      this.int(y - this.py);
    }
    this.k++;
    this.px = x;
    this.py = y;
  }
  /** ends it: dropped when it has fewer than two pixels, closed with Z when asked */
  end(closed: boolean): void {
    if (this.k < 2) this.n = this.at;
    else if (closed) this.b[this.n++] = 90;
  }
  /** a square of s pixels from (x, y): MxyhSvShSZ */
  square(x: number, y: number, s: number): void {
    this.room(64);
    this.b[this.n++] = 77;
    this.int(x);
    this.b[this.n++] = 32;
    this.int(y);
    this.b[this.n++] = 104;
    this.int(s);
    this.b[this.n++] = 118;
    this.int(s);
    this.b[this.n++] = 104;
    this.int(-s);
    this.b[this.n++] = 90;
  }
  text(): string {
    const s = Buffer.from(this.b.buffer, this.b.byteOffset, this.n).toString('latin1');
    this.n = 0;
    return s;
  }
}

/** one writer for every path (the report is built on one thread, one path at a time) */
const PATH = new PathWriter();

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
  // the edges near the frame from the edge index (a superset of those with a vertex inside:
  // the projection is monotone), in edge order, instead of every edge of the city per map
  const { proj, index, segEdge } = edgeIndex(net);
  const [bx0, by0, bx1, by1] = f.bbox;
  const segs = index.search(proj.x(bx0), proj.y(by0), proj.x(bx1), proj.y(by1));
  const seen = new Uint8Array(net.edgeCount);
  const near = new Uint32Array(segs.length);
  let m = 0;
  for (const s of segs) {
    const e = segEdge[s];
    if (!seen[e]) {
      seen[e] = 1;
      near[m++] = e;
    }
  }
  const edges = near.subarray(0, m).sort();
  const line = PATH;
  const { geomOff, geomLon, geomLat } = net;
  // a way's consecutive edges drawn as one line (as results.gpkg's network layer joins them):
  // one M per line instead of one per edge, a third less path data at city scale
  let last = -2;
  for (const e of edges) {
    const a = geomOff[e];
    const b = geomOff[e + 1];
    let any = false;
    for (let i = a; i < b && !any; i++) any = inside(f.bbox, geomLon[i], geomLat[i]);
    if (!any) continue;
    if (last !== e - 1 || !joins(net, last, e)) {
      if (last >= 0) line.end(false);
      line.start();
    }
    for (let i = a; i < b; i++) line.add(f.x(geomLon[i]), f.y(geomLat[i]));
    last = e;
  }
  if (last >= 0) line.end(false);
  return line.text();
}

/** residential buildings as squares of their footprint area at their centroids (the network file keeps no outlines) */
export function buildingsPath(net: WalkNetwork, f: MapFrame): string {
  const b = net.buildings;
  const pxPerM = 1 / f.metresPerPx();
  const out = PATH;
  for (let i = 0; i < b.count; i++) {
    if (!inside(f.bbox, b.lon[i], b.lat[i])) continue;
    const s = Math.max(1, Math.round(Math.sqrt(b.area[i]) * pxPerM));
    out.square(f.x(b.lon[i]) - Math.floor(s / 2), f.y(b.lat[i]) - Math.floor(s / 2), s);
  }
  return out.text();
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
