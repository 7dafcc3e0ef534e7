/**
 * The report's byte writer against strings: text as UTF-8, numbers as template strings write them,
 * path data as the string-built paths did (M x y, l and offsets, repeated pixels left out, lines
 * of one pixel dropped, Z), across chunk boundaries (an open line moves to the next chunk whole).
 */
import { describe, expect, it } from 'vitest';
import { ReportWriter } from '../../src/outputs/report/writer.js';

/** the string form of one line or ring: what the writer's start/add/end write */
function pathString(pts: [number, number][], closed: boolean): string {
  let s = '';
  let k = 0;
  let px = Number.NaN;
  let py = Number.NaN;
  for (const [x, y] of pts) {
    if (x === px && y === py) continue;
    s += k === 0 ? `M${x} ${y}` : `${k === 1 ? 'l' : ' '}${x - px} ${y - py}`;
    k++;
    px = x;
    py = y;
  }
  if (k < 2) return '';
  return closed ? `${s}Z` : s;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const text = (w: ReportWriter) => Buffer.concat(w.chunks()).toString('utf8');

describe('ReportWriter', () => {
  it('writes texts as UTF-8 and numbers as template strings do', () => {
    const w = new ReportWriter();
    const nums = [
      0,
      -0,
      7,
      -7,
      42,
      999,
      1000,
      -123456,
      2 ** 40,
      2.5,
      -0.5,
      0.5,
      -3.5,
      0.1,
      1 / 3,
      1e21,
      NaN,
      -Infinity,
    ];
    let want = '';
    for (const v of nums) {
      w.t('|').num(v);
      want += `|${v}`;
    }
    for (const s of ['社区生活圈', 'a&b', '😀 emoji', 'x'.repeat(70), `${'é'.repeat(80)}z`]) {
      w.t(s);
      want += s;
    }
    expect(text(w)).toBe(want);
  });

  it('writes paths as the string paths, over many chunks', () => {
    const r = rng(11);
    const w = new ReportWriter();
    let want = '';
    for (let line = 0; line < 120_000; line++) {
      const n = Math.floor(r() * 12);
      const pts: [number, number][] = [];
      let x = Math.floor(r() * 700);
      let y = Math.floor(r() * 500);
      for (let i = 0; i < n; i++) {
        if (r() < 0.7) {
          x += Math.floor(r() * 5) - 2;
          y += Math.floor(r() * 5) - 2;
        }
        pts.push([x, y]);
      }
      const closed = r() < 0.5;
      // lines as add() points, as span() over lon/lat arrays (1 px a degree) and as positions()
      const form = line % 3;
      w.start();
      if (form === 0) for (const [px, py] of pts) w.add(px, py);
      else {
        const f = { bbox: [0, 0, 0, 0] as const, kx: 1, k: 1 };
        const lon = Float64Array.from(pts, (p) => p[0]);
        const lat = Float64Array.from(pts, (p) => -p[1]);
        if (form === 1) w.span(lon, lat, 0, lon.length, f);
        else
          w.positions(
            pts.map((p) => [p[0], -p[1]]),
            f,
          );
      }
      w.end(closed);
      want += pathString(pts, closed);
      if (r() < 0.2) {
        w.t('"/><path d="');
        want += '"/><path d="';
      }
      if (r() < 0.01) {
        w.square(x, y, 3);
        want += `M${x} ${y}h3v3h-3Z`;
      }
    }
    expect(w.chunks().length).toBeGreaterThan(1);
    expect(text(w)).toBe(want);
  });

  it('a line longer than a chunk is kept whole, and dropped whole', () => {
    const w = new ReportWriter();
    const long = Array.from({ length: 400_000 }, (_, i): [number, number] => [i, i % 2]);
    w.t('<');
    w.start();
    for (const [x, y] of long) w.add(x, y);
    w.end(false);
    w.start();
    for (let i = 0; i < 300_000; i++) w.add(5, 5);
    w.end(true);
    w.t('>');
    const s = text(w);
    expect(s.length).toBeGreaterThan(1 << 20);
    expect(s).toBe(`<${pathString(long, false)}>`);
  });

  it('a line of one pixel that crosses into the next chunk is dropped whole', () => {
    const fill = 'abcdefghij'.repeat(((1 << 20) - 200) / 10);
    for (let d = 0; d < 160; d++) {
      const w = new ReportWriter();
      for (let i = 0; i < fill.length; i += 10) w.t('abcdefghij');
      for (let i = 0; i < d; i++) w.t('x');
      w.start();
      for (let i = 0; i < 3; i++) w.add(5, 5);
      w.end(false);
      w.t('|');
      expect(text(w)).toBe(`${fill}${'x'.repeat(d)}|`);
    }
  });

  it("lines() writes a network's edges as start/span/end per line do, in ints and in doubles", () => {
    const r = rng(5);
    // random edges of 2-6 vertices, some continuing the edge before them
    const off = [0];
    const lon: number[] = [];
    const lat: number[] = [];
    for (let e = 0; e < 100_000; e++) {
      const m = 2 + Math.floor(r() * 5);
      let x = 113 + r() * 0.05;
      let y = 23 + r() * 0.05;
      for (let i = 0; i < m; i++) {
        lon.push(x);
        lat.push(y);
        if (r() < 0.8) {
          x += (r() - 0.5) * 2e-4;
          y += (r() - 0.5) * 2e-4;
        }
      }
      off.push(lon.length);
    }
    const LON = Float64Array.from(lon);
    const LAT = Float64Array.from(lat);
    const OFF = Uint32Array.from(off);
    const cont = Uint8Array.from(off.slice(1), () => (r() < 0.6 ? 1 : 0));
    const list = Uint32Array.from(Array.from({ length: 100_000 }, (_, e) => e).filter(() => r() < 0.7));
    // a map's frame, a coarse one, and one so fine that its pixels leave int32 (the fallback)
    for (const k of [200_000, 700, 1e12]) {
      const f = { bbox: [113, 23, 113.05, 23.05] as const, kx: k * 0.92, k };
      const want = new ReportWriter();
      let last = -2;
      for (const e of list) {
        if (last !== e - 1 || cont[e] === 0) {
          if (last >= 0) want.end(false);
          want.start();
        }
        want.span(LON, LAT, OFF[e], OFF[e + 1], f);
        last = e;
      }
      want.end(false);
      const w = new ReportWriter();
      w.t('<');
      want.t('|');
      w.lines(LON, LAT, OFF, list, cont, f);
      w.t('|');
      expect(text(w).slice(1)).toBe(text(want));
      if (k === 200_000) expect(w.chunks().length).toBeGreaterThan(1);
    }
  });
});
