/**
 * Maps for the report as static SVG, drawn from the run's own data (no tile server, no script):
 * the walking network and the residential buildings as the base map, then the run's layers.
 * A local equirectangular projection (x scaled by cos(latitude)) is exact enough at community
 * scale; coordinates are whole pixels (a map is 700 px wide: half a pixel is 1-2 m on a community's
 * map, ~10 m on the overview, below what the map can show), a point in the same pixel as the one
 * before it is left out and so is an edge or ring that falls within one pixel. That halved
 * report.html at city scale and the time to write it (BENCHMARKS.md, issue 11). Path data goes
 * straight into the report's bytes (writer.ts): string concatenation per vertex was most of the
 * report's time. Each map asks indexes for what is in its frame (edges, buildings, facilities),
 * radix-sorted back into their order: a typed array's sort() was most of that.
 */
import type { Position } from 'geojson';
import type { WalkNetwork } from '../../network/types.js';
import { pointIdsWithin } from '../../network/feature-index.js';
import { edgeIndex } from '../../snap/edge-index.js';
import { sortUint32 } from '../../util/sort-uint32.js';
import { joins } from '../tables/network.js';
import type { ReportWriter } from './writer.js';

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
  /** rings or lines as path data */
  rings(w: ReportWriter, rings: Position[][] | Float64Array[], closed: boolean): void {
    for (const r of rings) {
      w.start();
      if (r instanceof Float64Array) w.span(r, null, 0, r.length, this);
      else w.positions(r, this);
      w.end(closed);
    }
  }
  /** polygons (each a list of rings) as path data */
  polygons(w: ReportWriter, polys: Position[][][] | Float64Array[][]): void {
    for (const p of polys) this.rings(w, p, true);
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

/** which edges a frame draws: a mark per edge, numbered per frame (no clearing between maps), and a list of them */
const drawn = new WeakMap<WalkNetwork, { stamp: Uint32Array; n: number; cand: Uint32Array }>();

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
    let d = drawn.get(net);
    if (!d) {
      d = { stamp: new Uint32Array(net.edgeCount), n: 0, cand: new Uint32Array(1024) };
      drawn.set(net, d);
    }
    const id = ++d.n;
    const { stamp } = d;
    let found = d.cand;
    m = 0;
    // each segment's edge taken as the index finds it, once (nothing collected in the index's own list)
    index.search(proj.x(bx0), proj.y(by0), proj.x(bx1), proj.y(by1), (s) => {
      const e = segEdge[s];
      if (stamp[e] !== id) {
        stamp[e] = id;
        if (m === found.length) {
          const g = new Uint32Array(2 * m);
          g.set(found);
          found = g;
        }
        found[m++] = e;
      }
      return false;
    });
    d.cand = found;
    cand = sortUint32(found.subarray(0, m));
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

/** the walking network within the frame as path data (edges with a vertex inside) */
export function networkPath(line: ReportWriter, net: WalkNetwork, f: MapFrame): void {
  // a way's consecutive edges drawn as one line (as results.gpkg's network layer joins them):
  // one M per line instead of one per edge, a third less path data at city scale
  line.lines(net.geomLon, net.geomLat, net.geomOff, edgesWithin(net, f.bbox), continues(net), f);
}

/** residential buildings as squares of their footprint area at their centroids (the network file keeps no outlines) */
export function buildingsPath(out: ReportWriter, net: WalkNetwork, f: MapFrame): void {
  const b = net.buildings;
  const pxPerM = 1 / f.metresPerPx();
  const [x0, y0, x1, y1] = f.bbox;
  const ids = pointIdsWithin(b.lon, b.lat, x0, y0, x1, y1);
  for (let j = 0; j < ids.length; j++) {
    const i = ids[j];
    if (!(b.lon[i] >= x0 && b.lon[i] <= x1 && b.lat[i] >= y0 && b.lat[i] <= y1)) continue;
    const s = Math.max(1, Math.round(Math.sqrt(b.area[i]) * pxPerM));
    out.square(f.x(b.lon[i]) - Math.floor(s / 2), f.y(b.lat[i]) - Math.floor(s / 2), s);
  }
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
