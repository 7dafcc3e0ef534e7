/**
 * Maps for the report as static SVG, drawn from the run's own data (no tile server, no script):
 * the walking network and the residential buildings as the base map, then the run's layers.
 * A local equirectangular projection (x scaled by cos(latitude)) is exact enough at community
 * scale; coordinates are whole pixels (a map is 700 px wide: half a pixel is 1-2 m on a community's
 * map, ~10 m on the overview, below what the map can show), a point in the same pixel as the one
 * before it is left out and so is an edge or ring that falls within one pixel. That halved
 * report.html at city scale and the time to write it (BENCHMARKS.md, issue 11). Path data is
 * written as ASCII bytes and made a string once per path: string concatenation per vertex was
 * most of the report's time. Each map asks indexes for what is in its frame (edges, buildings,
 * facilities), radix-sorted back into their order: a typed array's sort() was most of that.
 */
import type { Position } from 'geojson';
import type { WalkNetwork } from '../../network/types.js';
import { pointIdsWithin } from '../../network/feature-index.js';
import { edgeIndex } from '../../snap/edge-index.js';
import { sortUint32 } from '../../util/sort-uint32.js';
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
    this.rings(rings, closed);
    return PATH.text();
  }
  /** polygons (each a list of rings) as one path */
  polygons(polys: Position[][][] | Float64Array[][]): string {
    for (const p of polys) this.rings(p, true);
    return PATH.text();
  }
  /** rings or lines into the one path writer (several calls, then one PATH.text()) */
  rings(rings: Position[][] | Float64Array[], closed: boolean): void {
    const line = PATH;
    for (const r of rings) {
      line.start();
      if (r instanceof Float64Array) line.span(r, null, 0, r.length, this);
      else for (const p of r) line.add(this.x(p[0]), this.y(p[1]));
      line.end(closed);
    }
  }
}

/** v's digits into b at n (-0 as 0, as a template string writes it); returns the end. Room is the caller's. */
function putInt(b: Uint8Array, n: number, v: number): number {
  if (v < 0) {
    b[n++] = 45;
    v = -v;
  }
  // the common cases without a loop: pixel offsets are a few pixels, positions below 1,000
  if (v < 10) b[n++] = 48 + v;
  else if (v < 100) {
    const t = (v / 10) | 0;
    b[n++] = 48 + t;
    b[n++] = 48 + v - 10 * t;
  } else if (v < 1000) {
    const h = (v / 100) | 0;
    const t = ((v - 100 * h) / 10) | 0;
    b[n++] = 48 + h;
    b[n++] = 48 + t;
    b[n++] = 48 + v - 100 * h - 10 * t;
  } else return putLong(b, n, v);
  return n;
}

/** any other number: digits by division, NaN and Infinity as String() writes them */
function putLong(b: Uint8Array, n: number, v: number): number {
  if (!Number.isFinite(v)) {
    for (const ch of String(v)) b[n++] = ch.charCodeAt(0);
    return n;
  }
  let digits = 1;
  for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
  for (let i = n + digits - 1; i >= n; i--) {
    b[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return n + digits;
}

/**
 * SVG path data in whole pixels as ASCII bytes: lines and rings with repeated pixels left out,
 * nothing for a line within one pixel; text() returns what was written and starts again. The
 * first point of a line is absolute (M x y), the others relative: one l, then pairs of offsets
 * (a few pixels: fewer digits than absolute ones).
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
  /** starts a line or ring */
  start(): void {
    this.at = this.n;
    this.k = 0;
    this.px = Number.NaN;
    this.py = Number.NaN;
  }
  add(x: number, y: number): void {
    this.room(48);
    const b = this.b;
    let n = this.n;
    if (x === this.px && y === this.py) return;
    if (this.k === 0) {
      b[n++] = 77; // M
      n = putInt(b, n, x);
      b[n++] = 32;
      n = putInt(b, n, y);
    } else {
      b[n++] = this.k === 1 ? 108 : 32; // l, then space
      n = putInt(b, n, x - this.px);
      b[n++] = 32;
      n = putInt(b, n, y - this.py);
    }
    this.n = n;
    this.k++;
    this.px = x;
    this.py = y;
  }
  /**
   * Points [a, b) of lon/lat arrays (or of one interleaved array when lat is null: a ring of an
   * isochrone or gap, a and b counting numbers), projected by f: add() for each, the writer's state
   * in locals for the loop (the network's ~1 M vertices per report).
   */
  span(lon: Float64Array, lat: Float64Array | null, a: number, b: number, f: MapFrame): void {
    this.room(lat ? 48 * (b - a) : 24 * (b - a));
    const buf = this.b;
    let n = this.n;
    let k = this.k;
    let px = this.px;
    let py = this.py;
    // MapFrame.x and .y, the same arithmetic
    const x0 = f.bbox[0];
    const y1 = f.bbox[3];
    const { kx } = f;
    const ky = f.k;
    const step = lat ? 1 : 2;
    for (let i = a; i < b; i += step) {
      const x = Math.round((lon[i] - x0) * kx);
      const y = Math.round((y1 - (lat ? lat[i] : lon[i + 1])) * ky);
      if (x === px && y === py) continue;
      if (k === 0) {
        buf[n++] = 77;
        n = putInt(buf, n, x);
        buf[n++] = 32;
        n = putInt(buf, n, y);
      } else {
        buf[n++] = k === 1 ? 108 : 32;
        n = putInt(buf, n, x - px);
        buf[n++] = 32;
        n = putInt(buf, n, y - py);
      }
      k++;
      px = x;
      py = y;
    }
    this.n = n;
    this.k = k;
    this.px = px;
    this.py = py;
  }
  /** ends it: dropped when it has fewer than two pixels, closed with Z when asked */
  end(closed: boolean): void {
    if (this.k < 2) this.n = this.at;
    else if (closed) this.b[this.n++] = 90;
  }
  /** a square of s pixels from (x, y): MxyhSvShSZ */
  square(x: number, y: number, s: number): void {
    this.room(64);
    const b = this.b;
    let n = this.n;
    b[n++] = 77;
    n = putInt(b, n, x);
    b[n++] = 32;
    n = putInt(b, n, y);
    b[n++] = 104;
    n = putInt(b, n, s);
    b[n++] = 118;
    n = putInt(b, n, s);
    b[n++] = 104;
    n = putInt(b, n, -s);
    b[n++] = 90;
    this.n = n;
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

/** which edges a frame draws: a mark per edge, numbered per frame (no clearing between maps) */
const drawn = new WeakMap<WalkNetwork, { stamp: Uint32Array; n: number }>();

/**
 * The edges with a vertex inside the frame's box, ascending. From the edge index (a superset:
 * the projection is monotone), unless the frame covers a quarter of the network's box or more
 * (the overview): then every edge is tested, cheaper than sorting most of them.
 */
function edgesWithin(net: WalkNetwork, box: BBox): Uint32Array {
  const [bx0, by0, bx1, by1] = box;
  const [nx0, ny0, nx1, ny1] = net.meta.bbox;
  const { geomOff, geomLon, geomLat } = net;
  const overlap =
    Math.max(0, Math.min(bx1, nx1) - Math.max(bx0, nx0)) * Math.max(0, Math.min(by1, ny1) - Math.max(by0, ny0));
  let cand: Uint32Array | null = null;
  let m = net.edgeCount;
  if (overlap < 0.25 * (nx1 - nx0) * (ny1 - ny0)) {
    const { proj, index, segEdge } = edgeIndex(net);
    const segs = index.search(proj.x(bx0), proj.y(by0), proj.x(bx1), proj.y(by1));
    let d = drawn.get(net);
    if (!d) {
      d = { stamp: new Uint32Array(net.edgeCount), n: 0 };
      drawn.set(net, d);
    }
    const id = ++d.n;
    const { stamp } = d;
    cand = new Uint32Array(segs.length);
    m = 0;
    for (const s of segs) {
      const e = segEdge[s];
      if (stamp[e] !== id) {
        stamp[e] = id;
        cand[m++] = e;
      }
    }
    cand = sortUint32(cand.subarray(0, m));
  }
  const out = new Uint32Array(m);
  let k = 0;
  for (let j = 0; j < m; j++) {
    const e = cand ? cand[j] : j;
    for (let i = geomOff[e]; i < geomOff[e + 1]; i++) {
      const lon = geomLon[i];
      const lat = geomLat[i];
      if (lon >= bx0 && lon <= bx1 && lat >= by0 && lat <= by1) {
        out[k++] = e;
        break;
      }
    }
  }
  return out.subarray(0, k);
}

/** per edge: 1 when it continues the edge before it as one line (tables/network.ts's joins), once per network */
const continuing = new WeakMap<WalkNetwork, Uint8Array>();

function continues(net: WalkNetwork): Uint8Array {
  let c = continuing.get(net);
  if (!c) {
    c = new Uint8Array(net.edgeCount);
    for (let e = 1; e < net.edgeCount; e++) c[e] = joins(net, e - 1, e) ? 1 : 0;
    continuing.set(net, c);
  }
  return c;
}

/** the walking network within the frame as one path (edges with a vertex inside) */
export function networkPath(net: WalkNetwork, f: MapFrame): string {
  const edges = edgesWithin(net, f.bbox);
  const cont = continues(net);
  const line = PATH;
  const { geomOff, geomLon, geomLat } = net;
  // a way's consecutive edges drawn as one line (as results.gpkg's network layer joins them):
  // one M per line instead of one per edge, a third less path data at city scale
  let last = -2;
  for (let j = 0; j < edges.length; j++) {
    const e = edges[j];
    if (last !== e - 1 || !cont[e]) {
      if (last >= 0) line.end(false);
      line.start();
    }
    line.span(geomLon, geomLat, geomOff[e], geomOff[e + 1], f);
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
  const [x0, y0, x1, y1] = f.bbox;
  const ids = pointIdsWithin(b.lon, b.lat, x0, y0, x1, y1);
  for (let j = 0; j < ids.length; j++) {
    const i = ids[j];
    if (!(b.lon[i] >= x0 && b.lon[i] <= x1 && b.lat[i] >= y0 && b.lat[i] <= y1)) continue;
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
