/**
 * The report's bytes: one growing buffer that all of report.html is written into, its text as
 * UTF-8 and its maps' path data as ASCII digits, so the 17 MB of a city's report are never
 * strings. String pieces per path and per element, their joins, the final flattening into one
 * two-byte string (any Chinese name makes it one) and its UTF-8 encoding were most of the report's
 * garbage and a good part of its time (BENCHMARKS.md, issue 11).
 *
 * Path data is in whole pixels: lines and rings with repeated pixels left out, nothing for a line
 * within one pixel. The first point of a line is absolute (M x y), the others relative: one l,
 * then pairs of offsets (a few pixels: fewer digits than absolute ones).
 */

import type { Position } from 'geojson';

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

/** putInt for an int32 (not -2^31): the same digits in integer arithmetic */
function putI32(b: Uint8Array, n: number, v: number): number {
  if (v < 0) {
    b[n++] = 45;
    v = -v | 0;
  }
  if (v < 10) {
    b[n] = 48 + v;
    return n + 1;
  }
  if (v < 100) {
    const t = ((v * 205) >>> 11) | 0;
    b[n] = 48 + t;
    b[n + 1] = 48 + v - 10 * t;
    return n + 2;
  }
  return putInt(b, n, v);
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

/** what a map's projection is to the writer: MapFrame's x and y are round((lon - x0) * kx), round((y1 - lat) * k) */
export interface Projection {
  readonly bbox: readonly [number, number, number, number];
  readonly kx: number;
  readonly k: number;
}

/** the chunks' size: the report is a list of them (no copy to grow, no 64 MB of doublings for V8's external-memory GC) */
const CHUNK = 1 << 20;

export class ReportWriter {
  private readonly full: Buffer[] = [];
  private b: Buffer = Buffer.allocUnsafe(CHUNK);
  private n = 0;
  // the line or ring being written: where it started in this chunk (-1: none), its points so far, the last pixel
  private at = -1;
  private k = 0;
  private px = Number.NaN;
  private py = Number.NaN;

  /** k bytes free in the chunk; an open line moves to the next chunk whole (end() may still drop it) */
  private room(k: number): void {
    if (this.n + k <= this.b.length) return;
    const keep = this.at >= 0 ? this.at : this.n;
    const g = Buffer.allocUnsafe(Math.max(CHUNK, k + 2 * (this.n - keep)));
    this.b.copy(g, 0, keep, this.n);
    if (keep > 0) this.full.push(this.b.subarray(0, keep));
    this.n -= keep;
    if (this.at >= 0) this.at = 0;
    this.b = g;
  }

  /** text as it is (HTML already escaped where needed), as UTF-8 */
  t(s: string): this {
    const len = s.length;
    this.room(3 * len);
    const b = this.b;
    let n = this.n;
    // short pieces byte by byte while they are ASCII (most are); the rest by Buffer's encoder
    if (len < 64) {
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128) break;
        b[n + i] = c;
      }
      if (i === len) {
        this.n = n + len;
        return this;
      }
    }
    n += b.write(s, n, 'utf8');
    this.n = n;
    return this;
  }

  /** bytes as they are (a piece of text encoded once and written many times) */
  raw(u: Uint8Array): this {
    this.room(u.length);
    if (u.length > 64) this.b.set(u, this.n);
    else for (let i = 0; i < u.length; i++) this.b[this.n + i] = u[i];
    this.n += u.length;
    return this;
  }

  /**
   * A number as a template string writes it: integers by putInt, halves (the origins' triangles:
   * pixel ± 4.5) as their integer part and .5, any other by String().
   */
  num(v: number): this {
    if (v > -1e15 && v < 1e15) {
      if (Number.isInteger(v)) {
        this.room(24);
        this.n = putInt(this.b, this.n, v);
        return this;
      }
      const a = Math.abs(v);
      const i = Math.floor(a);
      if (a - i === 0.5) {
        this.room(24);
        const b = this.b;
        let n = this.n;
        if (v < 0) b[n++] = 45;
        n = putInt(b, n, i);
        b[n++] = 46;
        b[n++] = 53;
        this.n = n;
        return this;
      }
    }
    return this.t(String(v));
  }

  /** starts a line or ring of path data */
  start(): void {
    this.at = this.n;
    this.k = 0;
    this.px = Number.NaN;
    this.py = Number.NaN;
  }

  /** a point of it, in pixels */
  add(x: number, y: number): void {
    this.room(48);
    this.point(x, y);
  }

  /** add() with room made by the caller (48 bytes) */
  private point(x: number, y: number): void {
    if (x === this.px && y === this.py) return;
    const b = this.b;
    let n = this.n;
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
   * isochrone, a and b counting numbers), projected by f: add() for each, with the writer's state
   * in locals for the loop (the network's ~1.8 M vertices of a city's report).
   */
  span(lon: Float64Array, lat: Float64Array | null, a: number, b: number, f: Projection): void {
    this.room(lat ? 48 * (b - a) : 24 * (b - a));
    const buf = this.b;
    let n = this.n;
    let k = this.k;
    let px = this.px;
    let py = this.py;
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

  /**
   * Edges `list` (ascending) of a network's vertex ranges [off[e], off[e + 1]) as lines of path
   * data, projected by f: an edge that continues the one listed before it (cont[e] = 1, the next
   * edge of the same way) goes on in the same line, any other starts a new one; each line as
   * start(), span() per edge and end(false) write it. One loop with the writer's state in locals
   * for the whole map, pixels as int32 (their digits without floating-point division): the
   * network's ~1.9 M vertices of a city's report (BENCHMARKS.md, issue 11).
   */
  lines(
    lon: Float64Array,
    lat: Float64Array,
    off: Uint32Array,
    list: Uint32Array,
    cont: Uint8Array,
    f: Projection,
  ): void {
    // any pixel of any lon/lat, and the difference of two, within int32 (else: a frame of a few
    // centimetres, drawn edge by edge in doubles)
    if (!(360 * Math.max(f.kx, f.k) < 2 ** 30)) {
      let last = -2;
      for (let j = 0; j < list.length; j++) {
        const e = list[j];
        if (last !== e - 1 || cont[e] === 0) {
          if (last >= 0) this.end(false);
          this.start();
        }
        this.span(lon, lat, off[e], off[e + 1], f);
        last = e;
      }
      if (last >= 0) this.end(false);
      return;
    }
    const x0 = f.bbox[0];
    const y1 = f.bbox[3];
    const { kx } = f;
    const ky = f.k;
    let buf = this.b;
    let n = this.n;
    let at = -1;
    let k = 0;
    let px = 0;
    let py = 0;
    let last = -2;
    for (let j = 0; j < list.length; j++) {
      const e = list[j];
      const a = off[e];
      const b = off[e + 1];
      if (last !== e - 1 || cont[e] === 0) {
        // the line before ends (dropped when under two pixels), a new one starts
        if (last >= 0 && k < 2) n = at;
        at = n;
        k = 0;
      }
      last = e;
      if (n + 48 * (b - a) > buf.length) {
        this.n = n;
        this.at = at;
        this.room(48 * (b - a));
        buf = this.b;
        n = this.n;
        at = this.at;
      }
      for (let i = a; i < b; i++) {
        const x = Math.round((lon[i] - x0) * kx) | 0;
        const y = Math.round((y1 - lat[i]) * ky) | 0;
        if (k === 0) {
          buf[n++] = 77; // M
          n = putI32(buf, n, x);
          buf[n++] = 32;
          n = putI32(buf, n, y);
        } else {
          if (x === px && y === py) continue;
          buf[n++] = k === 1 ? 108 : 32; // l, then space
          n = putI32(buf, n, x - px);
          buf[n++] = 32;
          n = putI32(buf, n, y - py);
        }
        k++;
        px = x;
        py = y;
      }
    }
    if (last >= 0 && k < 2) n = at;
    this.n = n;
    this.at = -1;
  }

  /** a line or ring of GeoJSON positions (gaps, routes, outlines), projected by f: add() for each, room made once */
  positions(r: Position[], f: Projection): void {
    this.room(48 * r.length);
    const x0 = f.bbox[0];
    const y1 = f.bbox[3];
    const { kx } = f;
    const ky = f.k;
    for (const p of r) this.point(Math.round((p[0] - x0) * kx), Math.round((y1 - p[1]) * ky));
  }

  /** ends it: dropped when it has fewer than two pixels, closed with Z when asked */
  end(closed: boolean): void {
    if (this.k < 2) this.n = this.at;
    else if (closed) this.b[this.n++] = 90;
    this.at = -1;
  }

  /** a square of s pixels from (x, y) as path data: MxyhSvShSZ */
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

  /** everything written, as its chunks in order (write nothing more after it) */
  chunks(): Buffer[] {
    return [...this.full, this.b.subarray(0, this.n)];
  }
}
