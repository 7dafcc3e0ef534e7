#!/usr/bin/env node
/**
 * Generates the city-scale coverage benchmark case of issue 5: a SYNTHETIC city (not a real
 * place) around Qingyuan (113.05 E, 23.68 N), big enough to stand for a whole city job.
 *
 *   city.osm.pbf            (city.osm when osmium is missing; KEEP_XML=1 keeps the XML too)
 *                           >= 200,000 walkable network nodes: a street grid with block sizes from
 *                           ~45 m (old town) to ~150 m (outskirts), smoothly warped so nothing is
 *                           straight or square; primary/secondary arterials every 500-900 m;
 *                           missing segments, dead-end lanes, large blocks (parks, campuses,
 *                           walled industrial estates with private roads), four diagonal streets,
 *                           footpaths and steps through blocks, pedestrian squares and streets,
 *                           a wide river (北江) with a handful of bridges and a tributary,
 *                           a motorway and an expressway (not walkable), residential compounds
 *                           with gates and apartment buildings (building:levels), facilities
 *                           tagged for the profile's categories with uneven density (dense in the
 *                           centre, thin outside, and per category "deserts"), other POIs
 *   communities.geojson     85 community polygons (id, name, households) following the streets
 *   city-profile.yaml       20 categories of data/profiles/gb50180-2018.yaml, same structure
 *   facilities-gcj02.csv    a planner's list, ~400 rows, GCJ-02 (名称,类型,经度,纬度), UTF-8 BOM
 *   job.yaml                the job: osm, communities, profile, facilities, output (output/)
 *   case.json               what was generated (counts), for the benchmark report
 *
 * Deterministic: a seeded PRNG, so running it again gives the same files.
 * Usage: node bench/make-city.mjs [outdir]   (default /tmp/lifecircle-bench/city)
 * Env: CITY_SCALE (default 1; linear size of the city, e.g. 0.4 for a quick small case),
 *      CITY_COMMUNITIES (default 85; with it the communities keep a city's size, 350-850 m, instead
 *      of growing with the scale: CITY_SCALE=3.4 CITY_COMMUNITIES=2000 is issue 13's province)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import gcoordImport from 'gcoord';
import YAML from 'yaml';
import { mulberry32 } from '../scripts/prng.mjs';

const gcoord = gcoordImport.default ?? gcoordImport;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(process.argv[2] ?? '/tmp/lifecircle-bench/city');
const S = Number(process.env.CITY_SCALE ?? 1);
const N_COMMUNITIES = process.env.CITY_COMMUNITIES ? Number(process.env.CITY_COMMUNITIES) : 85;
if (!Number.isInteger(N_COMMUNITIES) || N_COMMUNITIES < 3) throw new Error('CITY_COMMUNITIES: an integer >= 3');
// A province is many cities' worth of ordinary communities: their size stays a city's.
const COMMUNITY_SIZE = process.env.CITY_COMMUNITIES ? 1 : Math.sqrt(S);
const t0 = Date.now();
const log = (m) => process.stderr.write(`make-city: ${m} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

// ------------------------------------------------------------------ geodesy, PRNG
const LON0 = 113.05;
const LAT0 = 23.68;
const A = 6378137;
const E2 = 0.00669437999014;
const PHI = (LAT0 * Math.PI) / 180;
const W1 = 1 - E2 * Math.sin(PHI) ** 2;
const KX = ((Math.PI / 180) * A * Math.cos(PHI)) / Math.sqrt(W1); // metres per degree of longitude
const KY = ((Math.PI / 180) * A * (1 - E2)) / W1 ** 1.5; // metres per degree of latitude

const rand = mulberry32(20261205);
const jitter = (m) => (rand() - 0.5) * 2 * m;
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const smoothstep = (a, b, v) => {
  const t = Math.min(1, Math.max(0, (v - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

// Everything is laid out in a "design" plane (metres, x east, y north, origin at the centre) and
// bent by a smooth low-frequency warp on output: streets curve gently and blocks are not square,
// while the topology (which node is on which street) is untouched.
function warp(x, y) {
  const dx =
    140 * S * Math.sin((2 * Math.PI * y) / (9000 * S) + 0.7) +
    90 * S * Math.sin((2 * Math.PI * (x + y)) / (6500 * S) + 2.1);
  const dy =
    120 * S * Math.sin((2 * Math.PI * x) / (8000 * S) + 1.3) +
    80 * S * Math.sin((2 * Math.PI * (x - y)) / (7000 * S) + 0.4);
  return [x + dx, y + dy];
}
function lonLat(x, y) {
  const [u, v] = warp(x, y);
  return [Math.round((LON0 + u / KX) * 1e7) / 1e7, Math.round((LAT0 + v / KY) * 1e7) / 1e7];
}

// ------------------------------------------------------------------ OSM objects
const nodeX = [];
const nodeY = [];
const nodeTags = new Map(); // id -> tags
const ways = []; // { refs, tags }
const relations = []; // { members: [type, ref, role][], tags }
function node(x, y, tags) {
  nodeX.push(x);
  nodeY.push(y);
  const id = nodeX.length;
  if (tags) nodeTags.set(id, tags);
  return id;
}
function way(refs, tags) {
  ways.push({ refs, tags });
  return ways.length;
}
function ringWay(pts, tags) {
  const ids = pts.map(([x, y]) => node(x, y));
  return way([...ids, ids[0]], tags);
}

// ------------------------------------------------------------------ names
const SYL =
  '清城凤洲新江龙锦华东沿建人和平安富康银泉松桥湖岭塘源石横荷连英阳山冈飞来峡太桂花丽景德兴旺盛明光文武学府丰乐静福宁嘉瑞祥云海金玉翠碧月星辰松竹梅兰雅逸恒泰隆昌顺发'.split(
    '',
  );
const usedNames = new Set();
function cname(suffix, unique = false) {
  for (let k = 0; k < 200; k++) {
    const n = pick(SYL) + pick(SYL) + suffix;
    if (!unique || !usedNames.has(n)) {
      usedNames.add(n);
      return n;
    }
  }
  return `${pick(SYL)}${pick(SYL)}${pick(SYL)}${suffix}`;
}

// ------------------------------------------------------------------ the street grid lines
const HALF_W = 15500 * S;
const HALF_H = 14000 * S;
const spacingAt = (d) => (48 + 72 * smoothstep(2500 * S, 13000 * S, d)) * (0.75 + 0.5 * rand());

function makeLines(half) {
  const pos = [];
  const art = [];
  let c = -half;
  let nextArt = c;
  while (c <= half) {
    pos.push(c);
    const a = c >= nextArt;
    art.push(a);
    if (a) nextArt = c + 500 + rand() * 400;
    c += spacingAt(Math.abs(c));
  }
  const n = pos.length;
  const amp = new Float64Array(n);
  const wl = new Float64Array(n);
  const ph = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const gap = Math.min(k > 0 ? pos[k] - pos[k - 1] : 100, k < n - 1 ? pos[k + 1] - pos[k] : 100);
    amp[k] = (art[k] ? 0.05 : 0.12) * gap * rand();
    wl[k] = 700 + 3000 * rand();
    ph[k] = 2 * Math.PI * rand();
  }
  return { pos, art, amp, wl, ph, n };
}
const VL = makeLines(HALF_W); // north-south lines, x = pos + amp sin(y / wl + ph)
const HL = makeLines(HALF_H); // east-west lines,   y = pos + amp sin(x / wl + ph)
const NX = VL.n;
const NY = HL.n;
const ci = (i, j) => i * NY + j; // corner (line i x line j)
const ei = (i, j) => j * (NX - 1) + i; // east-west segment corner(i,j)-corner(i+1,j)
const ni = (i, j) => i * (NY - 1) + j; // north-south segment corner(i,j)-corner(i,j+1)
const bi = (i, j) => i * (NY - 1) + j; // block between lines i,i+1 and j,j+1

const CX = new Float64Array(NX * NY);
const CY = new Float64Array(NX * NY);
for (let i = 0; i < NX; i++)
  for (let j = 0; j < NY; j++) {
    let x = VL.pos[i];
    let y = HL.pos[j];
    for (let k = 0; k < 4; k++) {
      y = HL.pos[j] + HL.amp[j] * Math.sin(x / HL.wl[j] + HL.ph[j]);
      x = VL.pos[i] + VL.amp[i] * Math.sin(y / VL.wl[i] + VL.ph[i]);
    }
    const jj = VL.art[i] || HL.art[j] ? 0.5 : 2.5;
    CX[ci(i, j)] = x + jitter(jj);
    CY[ci(i, j)] = y + jitter(jj);
  }
const cornerId = new Int32Array(NX * NY).fill(-1);
function corner(i, j) {
  const k = ci(i, j);
  if (cornerId[k] < 0) cornerId[k] = node(CX[k], CY[k]);
  return cornerId[k];
}
log(`grid ${NX} x ${NY} lines`);

// ------------------------------------------------------------------ water
const MAIN_W = 150 * S; // half-width of 北江
const TRIB_W = 40 * S;
const riverY = (x) => -2600 * S + 500 * S * Math.sin(x / (2900 * S)) + 200 * S * Math.sin(x / (1100 * S) + 1.0);
const tribX = (y) => 5200 * S + 350 * S * Math.sin(y / (2300 * S) + 0.5) + 120 * S * Math.sin(y / (800 * S));
function water(x, y) {
  const r = riverY(x);
  if (Math.abs(y - r) < MAIN_W) return 1;
  if (y > r && Math.abs(x - tribX(y)) < TRIB_W) return 2;
  return 0;
}
function segWater(x0, y0, x1, y1) {
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const w = water(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
    if (w) return w;
  }
  if (Math.sign(y0 - riverY(x0)) !== Math.sign(y1 - riverY(x1))) return 1;
  if ((y0 > riverY(x0) || y1 > riverY(x1)) && Math.sign(x0 - tribX(y0)) !== Math.sign(x1 - tribX(y1))) return 2;
  return 0;
}

// ------------------------------------------------------------------ segments: class, missing, bridges
const HW = [
  '',
  'residential',
  'tertiary',
  'secondary',
  'primary',
  'pedestrian',
  'unclassified',
  'living_street',
  'service',
];
const C = { residential: 1, tertiary: 2, secondary: 3, primary: 4, pedestrian: 5, unclassified: 6, living_street: 7 };
const ewCls = new Uint8Array((NX - 1) * NY);
const nsCls = new Uint8Array(NX * (NY - 1));
const ewBridge = new Uint8Array((NX - 1) * NY);
const nsBridge = new Uint8Array(NX * (NY - 1));
const zoneR = (x, y) => Math.hypot(x, y / 0.9);

function lineClass(L, k, artCount) {
  if (L.art[k]) return artCount % 2 === 0 ? C.primary : C.secondary;
  const r = rand();
  if (r < 0.12) return C.tertiary;
  if (Math.abs(L.pos[k]) > 9000 * S && r < 0.3) return C.unclassified;
  if (Math.abs(L.pos[k]) < 3000 * S && r > 0.97) return C.living_street;
  return C.residential;
}
const vCls = [];
const hCls = [];
const vArtNo = [];
const hArtNo = [];
{
  let a = 0;
  for (let i = 0; i < NX; i++) {
    vArtNo.push(VL.art[i] ? a : -1);
    vCls.push(lineClass(VL, i, a));
    if (VL.art[i]) a++;
  }
  a = 0;
  for (let j = 0; j < NY; j++) {
    hArtNo.push(HL.art[j] ? a : -1);
    hCls.push(lineClass(HL, j, a));
    if (HL.art[j]) a++;
  }
}
// local streets are interrupted in runs (Markov chain): more often in the outskirts
function fillLine(count, cls, isArt, zoneOf, set) {
  let on = true;
  for (let k = 0; k < count; k++) {
    if (isArt) {
      set(k, cls);
      continue;
    }
    const r = zoneOf(k);
    const pOff = r < 4500 * S ? 0.05 : r < 9000 * S ? 0.06 : 0.09;
    on = on ? rand() >= pOff : rand() < 0.4;
    set(k, on ? cls : 0);
  }
}
for (let j = 0; j < NY; j++)
  fillLine(
    NX - 1,
    hCls[j],
    HL.art[j],
    (i) => zoneR(CX[ci(i, j)], CY[ci(i, j)]),
    (i, c) => (ewCls[ei(i, j)] = c),
  );
for (let i = 0; i < NX; i++)
  fillLine(
    NY - 1,
    vCls[i],
    VL.art[i],
    (j) => zoneR(CX[ci(i, j)], CY[ci(i, j)]),
    (j, c) => (nsCls[ni(i, j)] = c),
  );

// block flags
const F_DIAG = 1;
const F_VOID = 2;
const F_COMM = 4;
const F_WATER = 8;
const F_USED = 16;
const bflag = new Uint8Array((NX - 1) * (NY - 1));

// large blocks: parks, campuses, walled industrial estates (no local streets inside)
const voids = [];
{
  const want = Math.round(420 * S * S);
  for (let tries = 0; voids.length < want && tries < want * 20; tries++) {
    const w = 2 + Math.floor(rand() * 5);
    const h = 2 + Math.floor(rand() * 5);
    const i0 = 1 + Math.floor(rand() * (NX - w - 2));
    const j0 = 1 + Math.floor(rand() * (NY - h - 2));
    let ok = true;
    for (let i = i0 + 1; i < i0 + w && ok; i++) if (VL.art[i]) ok = false;
    for (let j = j0 + 1; j < j0 + h && ok; j++) if (HL.art[j]) ok = false;
    for (let i = i0 - 1; i <= i0 + w && ok; i++)
      for (let j = j0 - 1; j <= j0 + h && ok; j++) if (bflag[bi(i, j)] & F_VOID) ok = false;
    if (!ok) continue;
    const r = zoneR(CX[ci(i0, j0)], CY[ci(i0, j0)]);
    const kind = rand() < (r < 5000 * S ? 0.5 : 0.3) ? 'park' : rand() < 0.5 ? 'campus' : 'industrial';
    for (let i = i0; i < i0 + w; i++) for (let j = j0; j < j0 + h; j++) bflag[bi(i, j)] |= F_VOID;
    for (let j = j0 + 1; j < j0 + h; j++) for (let i = i0; i < i0 + w; i++) ewCls[ei(i, j)] = 0;
    for (let i = i0 + 1; i < i0 + w; i++) for (let j = j0; j < j0 + h; j++) nsCls[ni(i, j)] = 0;
    voids.push({ i0, j0, i1: i0 + w, j1: j0 + h, kind });
  }
}

// water: segments in or across the rivers are dropped, except on the bridge lines
const bridgeMain = (i) => vArtNo[i] >= 0 && vArtNo[i] % 5 === 2;
const bridgeTrib = (j) => hArtNo[j] >= 0 && hArtNo[j] % 2 === 1;
let bridges = 0;
for (let j = 0; j < NY; j++)
  for (let i = 0; i < NX - 1; i++) {
    const a = ci(i, j);
    const b = ci(i + 1, j);
    const w = segWater(CX[a], CY[a], CX[b], CY[b]);
    if (!w) continue;
    if (w === 2 && bridgeTrib(j) && ewCls[ei(i, j)]) ewBridge[ei(i, j)] = 1;
    else ewCls[ei(i, j)] = 0;
  }
for (let i = 0; i < NX; i++)
  for (let j = 0; j < NY - 1; j++) {
    const a = ci(i, j);
    const b = ci(i, j + 1);
    const w = segWater(CX[a], CY[a], CX[b], CY[b]);
    if (!w) continue;
    if (w === 1 && bridgeMain(i) && nsCls[ni(i, j)]) nsBridge[ni(i, j)] = 1;
    else nsCls[ni(i, j)] = 0;
  }
for (let i = 0; i < NX - 1; i++)
  for (let j = 0; j < NY - 1; j++) {
    const xs = [CX[ci(i, j)], CX[ci(i + 1, j)], CX[ci(i + 1, j + 1)], CX[ci(i, j + 1)]];
    const ys = [CY[ci(i, j)], CY[ci(i + 1, j)], CY[ci(i + 1, j + 1)], CY[ci(i, j + 1)]];
    let wet = water((xs[0] + xs[2]) / 2, (ys[0] + ys[2]) / 2);
    for (let k = 0; k < 4 && !wet; k++) wet = segWater(xs[k], ys[k], xs[(k + 1) % 4], ys[(k + 1) % 4]);
    if (wet) bflag[bi(i, j)] |= F_WATER;
  }

// pedestrian streets in the old town: a few runs of local east-west segments
for (let k = 0; k < Math.max(2, Math.round(6 * S)); k++) {
  const j = Math.floor(NY / 2 - 30 + rand() * 60);
  const i0 = Math.floor(NX / 2 - 30 + rand() * 50);
  if (HL.art[j]) continue;
  for (let i = i0; i < i0 + 4 + rand() * 6; i++)
    if (ewCls[ei(i, j)] && !ewBridge[ei(i, j)]) ewCls[ei(i, j)] = C.pedestrian;
}

// ------------------------------------------------------------------ nodes inside segments
const ewIn = new Map(); // segment -> [t, id][]
const nsIn = new Map();
function segEnds(kind, i, j) {
  return kind === 'ew' ? [ci(i, j), ci(i + 1, j)] : [ci(i, j), ci(i, j + 1)];
}
function segAlive(kind, i, j) {
  return kind === 'ew' ? ewCls[ei(i, j)] > 0 && !ewBridge[ei(i, j)] : nsCls[ni(i, j)] > 0 && !nsBridge[ni(i, j)];
}
/** a node on segment (kind, i, j) at fraction t (reusing an end or a node within 3 m) */
function onSeg(kind, i, j, t) {
  const [a, b] = segEnds(kind, i, j);
  const len = Math.hypot(CX[b] - CX[a], CY[b] - CY[a]);
  if (t * len < 3) return corner(i, j);
  if ((1 - t) * len < 3) return kind === 'ew' ? corner(i + 1, j) : corner(i, j + 1);
  const map = kind === 'ew' ? ewIn : nsIn;
  const key = kind === 'ew' ? ei(i, j) : ni(i, j);
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  for (const [u, id] of list) if (Math.abs(u - t) * len < 3) return id;
  const id = node(CX[a] + (CX[b] - CX[a]) * t, CY[a] + (CY[b] - CY[a]) * t);
  list.push([t, id]);
  return id;
}
/** fraction along segment where x (ew) or y (ns) is v */
function fracAt(kind, i, j, v) {
  const [a, b] = segEnds(kind, i, j);
  const t = kind === 'ew' ? (v - CX[a]) / (CX[b] - CX[a]) : (v - CY[a]) / (CY[b] - CY[a]);
  return Math.min(0.85, Math.max(0.15, t));
}
function blockBox(i, j) {
  const sw = ci(i, j);
  const se = ci(i + 1, j);
  const ne = ci(i + 1, j + 1);
  const nw = ci(i, j + 1);
  return {
    xL: Math.max(CX[sw], CX[nw]),
    xR: Math.min(CX[se], CX[ne]),
    yB: Math.max(CY[sw], CY[se]),
    yT: Math.min(CY[nw], CY[ne]),
    sw,
    se,
    ne,
    nw,
  };
}

// ------------------------------------------------------------------ diagonal streets
function segHit(ax, ay, bx, by, cx, cy, dx, dy) {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < 1e-9) return null;
  const t = ((cx - ax) * sy - (cy - ay) * sx) / den;
  const u = ((cx - ax) * ry - (cy - ay) * rx) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [t, u] : null;
}
const diagonals = [
  ['建设大道', C.secondary, -9000, 1000, 3000, 11500],
  ['人民路', C.tertiary, 2000, 12500, 13500, 2500],
  ['新城大道', C.secondary, -14000, -12000, -3000, -5000],
  ['连江路', C.tertiary, 4000, -5500, 14000, -13000],
].map(([name, cls, x0, y0, x1, y1]) => ({ name, cls, x0: x0 * S, y0: y0 * S, x1: x1 * S, y1: y1 * S, hits: [] }));
for (const d of diagonals) {
  const minX = Math.min(d.x0, d.x1) - 300;
  const maxX = Math.max(d.x0, d.x1) + 300;
  const minY = Math.min(d.y0, d.y1) - 300;
  const maxY = Math.max(d.y0, d.y1) + 300;
  const mark = (i, j) => {
    if (i >= 0 && j >= 0 && i < NX - 1 && j < NY - 1) bflag[bi(i, j)] |= F_DIAG;
  };
  for (let j = 0; j < NY; j++)
    for (let i = 0; i < NX - 1; i++) {
      const a = ci(i, j);
      const b = ci(i + 1, j);
      if (CX[b] < minX || CX[a] > maxX || CY[a] < minY || CY[a] > maxY) continue;
      const h = segHit(CX[a], CY[a], CX[b], CY[b], d.x0, d.y0, d.x1, d.y1);
      if (!h) continue;
      mark(i, j - 1);
      mark(i, j);
      if (segAlive('ew', i, j)) d.hits.push([h[1], onSeg('ew', i, j, h[0])]);
    }
  for (let i = 0; i < NX; i++)
    for (let j = 0; j < NY - 1; j++) {
      const a = ci(i, j);
      const b = ci(i, j + 1);
      if (CY[b] < minY || CY[a] > maxY || CX[a] < minX || CX[a] > maxX) continue;
      const h = segHit(CX[a], CY[a], CX[b], CY[b], d.x0, d.y0, d.x1, d.y1);
      if (!h) continue;
      mark(i - 1, j);
      mark(i, j);
      if (segAlive('ns', i, j)) d.hits.push([h[1], onSeg('ns', i, j, h[0])]);
    }
}
for (let a = 0; a < diagonals.length; a++)
  for (let b = a + 1; b < diagonals.length; b++) {
    const p = diagonals[a];
    const q = diagonals[b];
    const h = segHit(p.x0, p.y0, p.x1, p.y1, q.x0, q.y0, q.x1, q.y1);
    if (!h) continue;
    const id = node(p.x0 + (p.x1 - p.x0) * h[0], p.y0 + (p.y1 - p.y0) * h[0]);
    p.hits.push([h[0], id]);
    q.hits.push([h[1], id]);
  }

// ------------------------------------------------------------------ communities (85 by default)
const communities = [];
function lineIndex(L, v) {
  let lo = 0;
  let hi = L.n - 1;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if (L.pos[m] <= v) lo = m;
    else hi = m - 1;
  }
  return lo;
}
const ringCounts = [45, 28, 12].map((n) => Math.round((n * N_COMMUNITIES) / 85));
ringCounts[0] += N_COMMUNITIES - ringCounts[0] - ringCounts[1] - ringCounts[2];
for (const [count, r0, r1] of [
  [ringCounts[0], 300, 4500],
  [ringCounts[1], 4500, 9000],
  [ringCounts[2], 9000, 12500],
]) {
  let placed = 0;
  const maxTries = 20000 * Math.max(1, Math.ceil(count / 45));
  for (let tries = 0; placed < count && tries < maxTries; tries++) {
    const ang = rand() * 2 * Math.PI;
    const r = (r0 + rand() * (r1 - r0)) * S;
    const cx = r * Math.cos(ang);
    const cy = r * Math.sin(ang) * 0.9;
    const sx = (350 + rand() * 500) * COMMUNITY_SIZE;
    const sy = sx * (0.7 + rand() * 0.6);
    const i0 = lineIndex(VL, cx - sx / 2);
    const i1 = lineIndex(VL, cx + sx / 2);
    const j0 = lineIndex(HL, cy - sy / 2);
    const j1 = lineIndex(HL, cy + sy / 2);
    if (i1 - i0 < 2 || j1 - j0 < 2 || i0 < 2 || j0 < 2 || i1 > NX - 3 || j1 > NY - 3) continue;
    let ok = true;
    for (let i = i0 - 1; i <= i1 && ok; i++)
      for (let j = j0 - 1; j <= j1 && ok; j++) {
        const f = bflag[bi(i, j)];
        if (f & F_COMM) ok = false;
        if (i >= i0 && i < i1 && j >= j0 && j < j1 && f & (F_VOID | F_WATER)) ok = false;
      }
    if (!ok) continue;
    for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) bflag[bi(i, j)] |= F_COMM;
    communities.push({ i0, j0, i1, j1, name: cname('社区', true), floor: 0, blocks: [] });
    placed++;
  }
}
communities.sort((a, b) => CY[ci(b.i0, b.j1)] - CY[ci(a.i0, a.j1)] || CX[ci(a.i0, a.j0)] - CX[ci(b.i0, b.j0)]);
log(`${communities.length} communities placed`);

// ------------------------------------------------------------------ blocks: compounds, buildings, paths
let buildings = 0;
const gates = [];
function building(x0, y0, x1, y1, tags) {
  ringWay(
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ],
    tags,
  );
  buildings++;
}
/** apartment slabs (or old-town houses) filling [xL,xR]x[yB,yT], leaving |x - corridor| < 10 free */
function fillBuildings(xL, xR, yB, yT, corridor, r) {
  const old = xR - xL < 70 || yT - yB < 70;
  const inset = old ? 7 : 16;
  const x0 = xL + inset;
  const x1 = xR - inset;
  const y0 = yB + inset;
  const y1 = yT - inset;
  let floor = 0;
  if (old) {
    for (let y = y0; y + 10 <= y1; y += 10 + 4 + rand() * 4) {
      for (let x = x0; x + 9 <= x1; ) {
        const w = 9 + rand() * 6;
        if (x + w > x1) break;
        const d = 10 + rand() * 4;
        if (y + d > y1) break;
        const lv = 3 + Math.floor(rand() * 5);
        building(x, y, x + w, y + d, { building: 'residential', 'building:levels': String(lv) });
        floor += w * d * lv;
        x += w + 3 + rand() * 4;
      }
    }
  } else {
    const tall = r < 5000 * S;
    for (let y = y0; y + 14 <= y1; y += 14 + 22 + rand() * 12) {
      for (let x = x0; x + 26 <= x1; ) {
        const w = 26 + rand() * 30;
        const xe = Math.min(x + w, x1);
        if (xe - x < 20) break;
        if (corridor !== null && x < corridor + 10 && xe > corridor - 10) {
          x = corridor + 10;
          continue;
        }
        const lv = tall ? 11 + Math.floor(rand() * 23) : 6 + Math.floor(rand() * 12);
        const tags = { building: 'apartments' };
        if (rand() > 0.08) tags['building:levels'] = String(lv);
        building(x, y, xe, y + 14, tags);
        floor += (xe - x) * 14 * lv;
        x = xe + 10 + rand() * 8;
      }
    }
  }
  return floor;
}
/** a residential compound in block (i,j): landuse ring with gates, an internal road through them */
function compound(i, j, name, r) {
  const bb = blockBox(i, j);
  const { xL, xR, yB, yT } = bb;
  const old = xR - xL < 70 || yT - yB < 70;
  if (old) return fillBuildings(xL, xR, yB, yT, null, r);
  const xm = (xL + xR) / 2 + jitter((xR - xL) * 0.1);
  const inset = 8;
  const sw = [CX[bb.sw] + inset, CY[bb.sw] + inset];
  const se = [CX[bb.se] - inset, CY[bb.se] + inset];
  const ne = [CX[bb.ne] - inset, CY[bb.ne] - inset];
  const nw = [CX[bb.nw] + inset, CY[bb.nw] - inset];
  const onEdge = (p, q, x) => {
    const t = (x - p[0]) / (q[0] - p[0]);
    return [x, p[1] + (q[1] - p[1]) * t];
  };
  const south = segAlive('ew', i, j);
  const north = segAlive('ew', i, j + 1);
  const ring = [node(...sw)];
  let gS = null;
  let gN = null;
  if (south) {
    const p = onEdge(sw, se, xm);
    gS = node(p[0], p[1], { barrier: 'gate', name: `${name}南门` });
    ring.push(gS);
  }
  ring.push(node(...se), node(...ne));
  if (north) {
    const p = onEdge(nw, ne, xm);
    gN = node(p[0], p[1], { barrier: 'gate', name: `${name}北门` });
    ring.push(gN);
  }
  ring.push(node(...nw), ring[0]);
  way(ring, { landuse: 'residential', name });
  const road = rand() < 0.3 ? { highway: 'service', access: 'private', foot: 'yes' } : { highway: 'footway' };
  if (gS && gN)
    way(
      [
        onSeg('ew', i, j, fracAt('ew', i, j, xm)),
        gS,
        node(xm + jitter(3), (yB + yT) / 2),
        gN,
        onSeg('ew', i, j + 1, fracAt('ew', i, j + 1, xm)),
      ],
      road,
    );
  else if (gS) way([onSeg('ew', i, j, fracAt('ew', i, j, xm)), gS, node(xm, (yB + yT) / 2)], road);
  else if (gN) way([onSeg('ew', i, j + 1, fracAt('ew', i, j + 1, xm)), gN, node(xm, (yB + yT) / 2)], road);
  if (gS) gates.push(gS);
  if (gN) gates.push(gN);
  return fillBuildings(xL, xR, yB, yT, gS || gN ? xm : null, r);
}

for (const c of communities) {
  for (let i = c.i0; i < c.i1; i++)
    for (let j = c.j0; j < c.j1; j++) {
      const f = bflag[bi(i, j)];
      if (f & (F_DIAG | F_WATER | F_VOID)) continue;
      const bb = blockBox(i, j);
      const r = zoneR((bb.xL + bb.xR) / 2, (bb.yB + bb.yT) / 2);
      c.floor += compound(i, j, cname(pick(['花园', '苑', '新村', '家园', '雅居', '小区', '华庭'])), r);
      bflag[bi(i, j)] |= F_USED;
      c.blocks.push([i, j]);
    }
}
const communityBuildings = buildings;
log(`${buildings} buildings in communities`);

// large blocks
let parks = 0;
for (const v of voids) {
  const sw = ci(v.i0, v.j0);
  const se = ci(v.i1, v.j0);
  const ne = ci(v.i1, v.j1);
  const nw = ci(v.i0, v.j1);
  const inset = 20;
  const P = [
    [CX[sw] + inset, CY[sw] + inset],
    [CX[se] - inset, CY[se] + inset],
    [CX[ne] - inset, CY[ne] - inset],
    [CX[nw] + inset, CY[nw] - inset],
  ];
  const im = Math.floor((v.i0 + v.i1) / 2);
  const jm = Math.floor((v.j0 + v.j1) / 2);
  if (v.kind === 'industrial') {
    ringWay(P, { landuse: 'industrial', name: cname('工业园') });
    ringWay(
      P.map(([x, y], k) => [x + (k === 0 || k === 3 ? 2 : -2), y + (k < 2 ? 2 : -2)]),
      { barrier: 'wall' },
    );
    // private estate roads, not connected to the streets
    const y = (P[0][1] + P[3][1]) / 2;
    way([node(P[0][0] + 15, y), node((P[0][0] + P[1][0]) / 2, y + jitter(5)), node(P[1][0] - 15, y)], {
      highway: 'service',
      access: 'private',
    });
    continue;
  }
  const tags =
    v.kind === 'park' ? { leisure: 'park', name: cname('公园') } : { amenity: 'university', name: cname('学院') };
  if (v.kind === 'park') parks++;
  // paths through the area: south-north and west-east, through gates on the outline
  // a large block that a diagonal street crosses stays empty
  let crossed = false;
  for (let i = v.i0; i < v.i1; i++) for (let j = v.j0; j < v.j1; j++) if (bflag[bi(i, j)] & F_DIAG) crossed = true;
  if (crossed) continue;
  const ring = [node(...P[0])];
  const sAlive = segAlive('ew', im, v.j0);
  const nAlive = segAlive('ew', im, v.j1);
  const wAlive = segAlive('ns', v.i0, jm);
  const eAlive = segAlive('ns', v.i1, jm);
  const gateAt = (p, q, t) => node(p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t, { barrier: 'gate' });
  // gates facing the middle of the street segment they are joined to
  const tS = Math.min(
    0.9,
    Math.max(0.1, ((CX[ci(im, v.j0)] + CX[ci(im + 1, v.j0)]) / 2 - P[0][0]) / (P[1][0] - P[0][0])),
  );
  const tW = Math.min(
    0.9,
    Math.max(0.1, ((CY[ci(v.i0, jm)] + CY[ci(v.i0, jm + 1)]) / 2 - P[0][1]) / (P[3][1] - P[0][1])),
  );
  let gS = null;
  let gE = null;
  let gN = null;
  let gW = null;
  if (sAlive) ring.push((gS = gateAt(P[0], P[1], tS)));
  ring.push(node(...P[1]));
  if (eAlive) ring.push((gE = gateAt(P[1], P[2], tW)));
  ring.push(node(...P[2]));
  if (nAlive) ring.push((gN = gateAt(P[3], P[2], tS)));
  ring.push(node(...P[3]));
  if (wAlive) ring.push((gW = gateAt(P[3], P[0], 1 - tW)));
  ring.push(ring[0]);
  way(ring, tags);
  const mid = node((P[0][0] + P[2][0]) / 2 + jitter(20), (P[0][1] + P[2][1]) / 2 + jitter(20));
  const fw = v.kind === 'park' ? 'footway' : 'service';
  const xAt = (g) => nodeX[g - 1];
  const yAt = (g) => nodeY[g - 1];
  if (gS) way([onSeg('ew', im, v.j0, fracAt('ew', im, v.j0, xAt(gS))), gS, mid], { highway: fw });
  if (gN) way([mid, gN, onSeg('ew', im, v.j1, fracAt('ew', im, v.j1, xAt(gN)))], { highway: fw });
  if (gW)
    way([onSeg('ns', v.i0, jm, fracAt('ns', v.i0, jm, yAt(gW))), gW, mid], { highway: rand() < 0.2 ? 'steps' : fw });
  if (gE) way([mid, gE, onSeg('ns', v.i1, jm, fracAt('ns', v.i1, jm, yAt(gE)))], { highway: fw });
}

// ordinary blocks: squares, footpaths, dead-end lanes, housing outside the communities, pocket parks
let squares = 0;
let footpaths = 0;
let lanes = 0;
for (let i = 0; i < NX - 1; i++)
  for (let j = 0; j < NY - 1; j++) {
    if (bflag[bi(i, j)] & (F_DIAG | F_VOID | F_WATER | F_USED)) continue;
    const bb = blockBox(i, j);
    const { xL, xR, yB, yT } = bb;
    const w = xR - xL;
    const h = yT - yB;
    if (w < 25 || h < 25) continue;
    const r = zoneR((xL + xR) / 2, (yB + yT) / 2);
    const roll = rand();
    const sides = [
      ['ew', i, j, 'S'],
      ['ns', i + 1, j, 'E'],
      ['ew', i, j + 1, 'N'],
      ['ns', i, j, 'W'],
    ].filter(([k, a, b]) => segAlive(k, a, b));
    if (r < 3500 * S && w > 45 && h > 45 && roll < 0.01) {
      // pedestrian square, walked along its outline, joined to every street around it
      const q = [
        [xL + 10, yB + 10],
        [(xL + xR) / 2, yB + 10],
        [xR - 10, yB + 10],
        [xR - 10, (yB + yT) / 2],
        [xR - 10, yT - 10],
        [(xL + xR) / 2, yT - 10],
        [xL + 10, yT - 10],
        [xL + 10, (yB + yT) / 2],
      ].map(([x, y]) => node(x, y));
      way([...q, q[0]], { highway: 'pedestrian', area: 'yes', name: cname('广场') });
      for (const [k, a, b, s] of sides) {
        const m = { S: q[1], E: q[3], N: q[5], W: q[7] }[s];
        way([onSeg(k, a, b, 0.5), m], { highway: 'footway' });
      }
      squares++;
    } else if (roll < 0.2) {
      // a footpath through the block
      const ns = rand() < 0.5;
      const [k, a1, b1, a2, b2] = ns ? ['ew', i, j, i, j + 1] : ['ns', i, j, i + 1, j];
      if (!segAlive(k, a1, b1) || !segAlive(k, a2, b2)) continue;
      const t1 = 0.3 + rand() * 0.4;
      const t2 = Math.min(0.85, Math.max(0.15, t1 + jitter(0.1)));
      const p = onSeg(k, a1, b1, t1);
      const q = onSeg(k, a2, b2, t2);
      const mx = (nodeX[p - 1] + nodeX[q - 1]) / 2 + jitter(6);
      const my = (nodeY[p - 1] + nodeY[q - 1]) / 2 + jitter(6);
      const hw = rand() < 0.05 ? 'steps' : rand() < 0.15 ? 'path' : 'footway';
      way([p, node(mx, my), q], { highway: hw });
      footpaths++;
    } else if (roll < 0.33 && sides.length) {
      // a dead-end lane into the block
      const [k, a, b, s] = pick(sides);
      const p = onSeg(k, a, b, 0.3 + rand() * 0.4);
      const depth = (s === 'S' || s === 'N' ? h : w) * (0.3 + rand() * 0.2);
      const dir = { S: [0, 1], N: [0, -1], E: [-1, 0], W: [1, 0] }[s];
      way(
        [p, node(nodeX[p - 1] + dir[0] * depth + jitter(2), nodeY[p - 1] + dir[1] * depth + jitter(2))],
        rand() < 0.5 ? { highway: 'service' } : { highway: 'residential', name: cname('巷') },
      );
      lanes++;
    } else if (roll < 0.36) {
      // housing outside the assessed communities
      compound(i, j, cname(pick(['花园', '苑', '新村', '小区'])), r);
    } else if (roll < 0.365 && sides.length) {
      // a pocket park with one gate
      const P = [
        [xL + 8, yB + 8],
        [xR - 8, yB + 8],
        [xR - 8, yT - 8],
        [xL + 8, yT - 8],
      ];
      const ids = P.map(([x, y]) => node(x, y));
      const [k, a, b, s] = sides[0];
      const gp = {
        S: [(xL + xR) / 2, yB + 8],
        E: [xR - 8, (yB + yT) / 2],
        N: [(xL + xR) / 2, yT - 8],
        W: [xL + 8, (yB + yT) / 2],
      }[s];
      const g = node(gp[0], gp[1], { entrance: 'yes' });
      const at = { S: 1, E: 2, N: 3, W: 4 }[s];
      const ring = [...ids.slice(0, at), g, ...ids.slice(at), ids[0]];
      way(ring, { leisure: 'park', name: cname('游园') });
      way([onSeg(k, a, b, 0.5), g], { highway: 'footway' });
      parks++;
    }
  }
log(`${buildings} buildings, ${footpaths} footpaths, ${lanes} lanes, ${squares} squares, ${parks} parks`);

// ------------------------------------------------------------------ facilities (OSM nodes)
// per category: density per km² in the centre / at 6.5 km / outside 11 km, and tag sets
const CATS = [
  ['junior_middle_school', [0.5, 0.35, 0.15], [[{ amenity: 'school', 'isced:level': '2' }, '中学']]],
  [
    'community_health_centre',
    [0.3, 0.2, 0.08],
    [
      [{ amenity: 'hospital' }, '医院'],
      [{ healthcare: 'hospital', amenity: 'hospital' }, '人民医院'],
    ],
  ],
  [
    'nursing_home',
    [0.5, 0.3, 0.12],
    [
      [{ amenity: 'social_facility', social_facility: 'nursing_home', 'social_facility:for': 'senior' }, '养老院'],
      [{ amenity: 'nursing_home' }, '敬老院'],
    ],
  ],
  [
    'large_sports_ground',
    [0.3, 0.2, 0.08],
    [
      [{ leisure: 'sports_centre' }, '体育中心'],
      [{ leisure: 'stadium' }, '体育场'],
    ],
  ],
  ['primary_school', [2, 1.2, 0.4], [[{ amenity: 'school', 'isced:level': '1' }, '小学']]],
  [
    'fresh_market',
    [4, 1.5, 0.4],
    [
      [{ amenity: 'marketplace' }, '市场'],
      [{ shop: 'supermarket' }, '超市'],
    ],
  ],
  [
    'shopping_mall',
    [0.8, 0.35, 0.08],
    [
      [{ shop: 'mall' }, '广场购物中心'],
      [{ shop: 'department_store' }, '百货'],
    ],
  ],
  [
    'dining',
    [30, 10, 3],
    [
      [{ amenity: 'restaurant', cuisine: 'chinese' }, '酒家'],
      [{ amenity: 'fast_food' }, '快餐'],
    ],
  ],
  ['bank', [3, 1.5, 0.4], [[{ amenity: 'bank' }, '银行']]],
  [
    'telecom_post_office',
    [2, 0.8, 0.2],
    [
      [{ amenity: 'post_office' }, '邮政所'],
      [{ shop: 'mobile_phone', brand: '中国移动' }, '移动营业厅'],
      [{ office: 'telecommunication' }, '电信营业厅'],
    ],
  ],
  ['community_service_station', [9, 3, 0.8], [[{ amenity: 'community_centre' }, '社区服务站']]],
  ['outdoor_fitness_ground', [12, 4, 1.2], [[{ leisure: 'fitness_station' }, '健身点']]],
  ['kindergarten', [6, 2.5, 1], [[{ amenity: 'kindergarten' }, '幼儿园']]],
  [
    'elderly_day_care',
    [4, 1.5, 0.4],
    [[{ amenity: 'social_facility', 'social_facility:for': 'senior' }, '长者服务站']],
  ],
  [
    'community_health_station',
    [6, 2, 0.6],
    [
      [{ amenity: 'clinic', healthcare: 'clinic' }, '社区卫生服务站'],
      [{ amenity: 'doctors' }, '诊所'],
    ],
  ],
  [
    'neighbourhood_shops',
    [16, 8, 2.5],
    [
      [{ shop: 'hairdresser' }, '美发'],
      [{ amenity: 'pharmacy' }, '大药房'],
      [{ shop: 'laundry' }, '洗衣店'],
    ],
  ],
  [
    'public_toilet',
    [7, 2.5, 0.5],
    [
      [{ amenity: 'toilets', access: 'yes' }, '公厕'],
      [{ amenity: 'toilets', access: 'customers' }, '洗手间'],
    ],
  ],
  ['convenience_store', [20, 10, 2.5], [[{ shop: 'convenience' }, '便利店']]],
  [
    'parcel_delivery',
    [12, 4, 1],
    [
      [{ amenity: 'parcel_locker' }, '快递柜'],
      [{ office: 'courier' }, '快递驿站'],
    ],
  ],
  [
    null,
    [25, 8, 2],
    [
      [{ shop: 'clothes' }, '服饰'],
      [{ amenity: 'cafe' }, '咖啡'],
      [{ office: 'company' }, '公司'],
      [{ tourism: 'hotel' }, '酒店'],
      [{ amenity: 'atm' }, 'ATM'],
      [{ shop: 'bakery' }, '面包'],
      [{ highway: 'bus_stop' }, '公交站'],
    ],
  ],
];
function noiseField(spacing) {
  const nx = Math.ceil((2 * HALF_W) / spacing) + 2;
  const ny = Math.ceil((2 * HALF_H) / spacing) + 2;
  const v = new Float32Array(nx * ny);
  for (let k = 0; k < v.length; k++) v[k] = rand();
  return (x, y) => {
    const gx = (x + HALF_W) / spacing;
    const gy = (y + HALF_H) / spacing;
    const ix = Math.max(0, Math.min(nx - 2, Math.floor(gx)));
    const iy = Math.max(0, Math.min(ny - 2, Math.floor(gy)));
    const fx = smoothstep(0, 1, gx - ix);
    const fy = smoothstep(0, 1, gy - iy);
    const a = v[ix * ny + iy] * (1 - fx) + v[(ix + 1) * ny + iy] * fx;
    const b = v[ix * ny + iy + 1] * (1 - fx) + v[(ix + 1) * ny + iy + 1] * fx;
    return a * (1 - fy) + b * fy;
  };
}
const facilityCounts = {};
const osmKindergartens = [];
let facilityNodes = 0;
for (const [cat, dens, kinds] of CATS) {
  const noise = noiseField((1500 + rand() * 1200) * S);
  let n = 0;
  for (let i = 0; i < NX - 1; i++)
    for (let j = 0; j < NY - 1; j++) {
      if (bflag[bi(i, j)] & F_WATER) continue;
      const sw = ci(i, j);
      const ne = ci(i + 1, j + 1);
      const xm = (CX[sw] + CX[ne]) / 2;
      const ym = (CY[sw] + CY[ne]) / 2;
      const r = zoneR(xm, ym) / S;
      const d =
        r < 6500
          ? dens[0] + ((dens[1] - dens[0]) * r) / 6500
          : r < 11000
            ? dens[1] + ((dens[2] - dens[1]) * (r - 6500)) / 4500
            : dens[2];
      const area = (CX[ne] - CX[sw]) * (CY[ne] - CY[sw]) * 1e-6;
      const lambda = d * area * (noise(xm, ym) < 0.3 ? 0.03 : 1);
      let k = Math.floor(lambda) + (rand() < lambda % 1 ? 1 : 0);
      while (k-- > 0) {
        // on the inside of one of the block's street fronts, 10 m from the street
        const side = Math.floor(rand() * 4);
        const [a, b] = [
          [sw, ci(i + 1, j)],
          [ci(i + 1, j), ne],
          [ne, ci(i, j + 1)],
          [ci(i, j + 1), sw],
        ][side];
        const t = 0.15 + rand() * 0.7;
        let x = CX[a] + (CX[b] - CX[a]) * t;
        let y = CY[a] + (CY[b] - CY[a]) * t;
        const dl = Math.hypot(xm - x, ym - y) || 1;
        x += ((xm - x) / dl) * 10;
        y += ((ym - y) / dl) * 10;
        const [tags, suffix] = pick(kinds);
        const id = node(x, y, { ...tags, name: tags.highway ? cname('站') : cname(suffix) });
        if (cat === 'kindergarten') osmKindergartens.push(id);
        n++;
      }
    }
  facilityCounts[cat ?? 'other POIs'] = n;
  facilityNodes += n;
}
log(`${facilityNodes} tagged POI nodes`);

// ------------------------------------------------------------------ lines -> ways
function emitLines() {
  const lineNames = new Map();
  const nameOf = (kind, k, art) => {
    const key = `${kind}${k}`;
    if (!lineNames.has(key))
      lineNames.set(key, art ? cname(kind === 'ew' ? '大道' : '大街', true) : cname(kind === 'ew' ? '路' : '街'));
    return lineNames.get(key);
  };
  for (const kind of ['ew', 'ns']) {
    const lines = kind === 'ew' ? NY : NX;
    const segs = kind === 'ew' ? NX - 1 : NY - 1;
    for (let L = 0; L < lines; L++) {
      const art = kind === 'ew' ? HL.art[L] : VL.art[L];
      let cur = null;
      const flush = () => {
        if (cur && cur.refs.length >= 2) {
          const tags = { highway: HW[cur.cls] };
          if (cur.cls !== C.pedestrian || rand() < 0.5) tags.name = nameOf(kind, L, art);
          if (cur.bridge) {
            Object.assign(tags, { bridge: 'yes', layer: '1', name: `${nameOf(kind, L, art)}桥` });
            bridges++;
          }
          if (cur.cls === C.primary) tags.sidewalk = 'both';
          way(cur.refs, tags);
        }
        cur = null;
      };
      for (let s = 0; s < segs; s++) {
        const [i, j] = kind === 'ew' ? [s, L] : [L, s];
        const idx = kind === 'ew' ? ei(i, j) : ni(i, j);
        const cls = kind === 'ew' ? ewCls[idx] : nsCls[idx];
        const br = kind === 'ew' ? ewBridge[idx] : nsBridge[idx];
        if (!cls) {
          flush();
          continue;
        }
        if (cur && (cur.cls !== cls || cur.bridge !== br || cur.n >= cur.max)) flush();
        const [a, b] = kind === 'ew' ? [corner(i, j), corner(i + 1, j)] : [corner(i, j), corner(i, j + 1)];
        if (!cur) cur = { cls, bridge: br, refs: [a], n: 0, max: 4 + Math.floor(rand() * 12) };
        const inner = (kind === 'ew' ? ewIn : nsIn).get(idx);
        if (inner) for (const [, id] of inner.sort((p, q) => p[0] - q[0])) cur.refs.push(id);
        else if (rand() < 0.3) {
          // a shape node, slightly off the straight line
          const [ca, cb] = segEnds(kind, i, j);
          cur.refs.push(node((CX[ca] + CX[cb]) / 2 + jitter(1.2), (CY[ca] + CY[cb]) / 2 + jitter(1.2)));
        }
        cur.refs.push(b);
        cur.n++;
      }
      flush();
    }
  }
  for (const d of diagonals) {
    const start = node(d.x0, d.y0);
    const end = node(d.x1, d.y1);
    const pts = [[0, start], ...d.hits.sort((p, q) => p[0] - q[0]), [1, end]];
    let refs = [];
    const flush = () => {
      if (refs.length >= 2) way(refs, { highway: HW[d.cls], name: d.name });
      refs = [];
    };
    for (let k = 0; k < pts.length; k++) {
      if (k > 0) {
        const p = pts[k - 1][1] - 1;
        const q = pts[k][1] - 1;
        if (segWater(nodeX[p], nodeY[p], nodeX[q], nodeY[q])) {
          flush();
          continue;
        }
        if (!refs.length) refs.push(pts[k - 1][1]);
        refs.push(pts[k][1]);
        if (refs.length > 12) {
          const last = refs[refs.length - 1];
          flush();
          refs.push(last);
        }
      }
    }
    flush();
  }
}
emitLines();

// not walkable: a motorway and an expressway across the city (no shared nodes: on viaducts)
for (const [tags, x0, y0, x1, y1] of [
  [
    { highway: 'motorway', ref: 'G4W', name: '广州—清远高速', bridge: 'yes', layer: '2' },
    -HALF_W,
    6000 * S,
    HALF_W,
    9500 * S,
  ],
  [
    { highway: 'trunk', motorroad: 'yes', name: '清远快速路', bridge: 'yes', layer: '2' },
    -9000 * S,
    -HALF_H,
    -7000 * S,
    HALF_H,
  ],
]) {
  const refs = [];
  const n = Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 250);
  for (let k = 0; k <= n; k++)
    refs.push(node(x0 + ((x1 - x0) * k) / n + jitter(3), y0 + ((y1 - y0) * k) / n + jitter(3)));
  for (let k = 0; k < n; k += 20) way(refs.slice(k, Math.min(n, k + 20) + 1), tags);
}

// rivers: 北江 as a multipolygon, the tributary as a closed way
{
  const step = 60 * Math.max(1, S); // a ring within OSM's 2,000 nodes a way at any scale
  const south = [];
  const north = [];
  for (let x = -HALF_W - 400; x <= HALF_W + 400; x += step) {
    south.push([x, riverY(x) - MAIN_W]);
    north.push([x, riverY(x) + MAIN_W]);
  }
  const pts = [...south, ...north.reverse()];
  const ids = pts.map(([x, y]) => node(x, y));
  const outer = way([...ids, ids[0]], {});
  relations.push({
    members: [['way', outer, 'outer']],
    tags: { type: 'multipolygon', natural: 'water', water: 'river', name: '北江' },
  });
  const cl = [];
  for (let x = -HALF_W - 400; x <= HALF_W + 400; x += step * 4) cl.push(node(x, riverY(x)));
  way(cl, { waterway: 'river', name: '北江' });
  const west = [];
  const east = [];
  let y = HALF_H + 400;
  for (; y > riverY(tribX(y)); y -= step) {
    west.push([tribX(y) - TRIB_W, y]);
    east.push([tribX(y) + TRIB_W, y]);
  }
  west.push([tribX(y) - TRIB_W, y - 40]);
  east.push([tribX(y) + TRIB_W, y - 40]);
  ringWay([...west, ...east.reverse()], { natural: 'water', water: 'river', name: '大燕河' });
}
log(`${nodeX.length} nodes, ${ways.length} ways`);

// ------------------------------------------------------------------ expected network nodes
// (lifecircle splits walkable ways at nodes shared with another walkable way, or visited twice, and at ends)
const WALK = new Set([
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'unclassified',
  'living_street',
  'pedestrian',
  'footway',
  'path',
  'steps',
  'service',
  'cycleway',
]);
let netNodes = 0;
{
  const seen = new Uint8Array(nodeX.length + 1);
  const end = new Uint8Array(nodeX.length + 1);
  for (const w of ways) {
    const t = w.tags;
    if (!WALK.has(t.highway) || (t.access === 'private' && t.foot !== 'yes')) continue;
    end[w.refs[0]] = 1;
    end[w.refs[w.refs.length - 1]] = 1;
    for (const r of w.refs) if (seen[r] < 2) seen[r]++;
  }
  for (let k = 1; k <= nodeX.length; k++) if (end[k] || seen[k] >= 2) netNodes++;
}
log(`expected walkable network nodes: ${netNodes}`);

// ------------------------------------------------------------------ write OSM XML (then PBF)
mkdirSync(OUT, { recursive: true });
const xmlPath = join(OUT, 'city.osm');
{
  const esc = (s) =>
    String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const memberXml = ([type, ref, role]) => `\n    <member type="${type}" ref="${ref}" role="${role}"/>`;
  const tagXml = (t) =>
    Object.entries(t)
      .map(([k, v]) => `\n    <tag k="${esc(k)}" v="${esc(v)}"/>`)
      .join('');
  const fd = openSync(xmlPath, 'w');
  let buf = [];
  const out = (s) => {
    buf.push(s);
    if (buf.length >= 20000) {
      writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
  };
  out('<?xml version="1.0" encoding="UTF-8"?>');
  out('<!-- SYNTHETIC city generated by bench/make-city.mjs (lifecircle benchmark): not a real place. -->');
  out('<osm version="0.6" generator="lifecircle make-city">');
  const [bx0, by0] = [LON0 - (HALF_W + 600) / KX, LAT0 - (HALF_H + 600) / KY];
  const [bx1, by1] = [LON0 + (HALF_W + 600) / KX, LAT0 + (HALF_H + 600) / KY];
  out(
    `  <bounds minlat="${by0.toFixed(7)}" minlon="${bx0.toFixed(7)}" maxlat="${by1.toFixed(7)}" maxlon="${bx1.toFixed(7)}"/>`,
  );
  for (let k = 0; k < nodeX.length; k++) {
    const [lon, lat] = lonLat(nodeX[k], nodeY[k]);
    const tags = nodeTags.get(k + 1);
    out(
      tags
        ? `  <node id="${k + 1}" version="1" lat="${lat}" lon="${lon}">${tagXml(tags)}\n  </node>`
        : `  <node id="${k + 1}" version="1" lat="${lat}" lon="${lon}"/>`,
    );
  }
  ways.forEach((w, k) =>
    out(
      `  <way id="${k + 1}" version="1">${w.refs.map((r) => `\n    <nd ref="${r}"/>`).join('')}${tagXml(w.tags)}\n  </way>`,
    ),
  );
  relations.forEach((r, k) =>
    out(`  <relation id="${k + 1}" version="1">${r.members.map(memberXml).join('')}${tagXml(r.tags)}\n  </relation>`),
  );
  out('</osm>');
  writeSync(fd, `${buf.join('\n')}\n`);
  closeSync(fd);
}
let osmFile = 'city.osm';
if (spawnSync('osmium', ['--version'], { stdio: 'ignore' }).status === 0) {
  const r = spawnSync('osmium', ['cat', xmlPath, '-o', join(OUT, 'city.osm.pbf'), '--overwrite'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status === 0) {
    osmFile = 'city.osm.pbf';
    if (process.env.KEEP_XML !== '1') rmSync(xmlPath);
  }
}
log(`wrote ${osmFile}`);

// ------------------------------------------------------------------ communities.geojson
const features = communities.map((c, k) => {
  const ring = [];
  for (let i = c.i0; i <= c.i1; i++) ring.push(ci(i, c.j0));
  for (let j = c.j0 + 1; j <= c.j1; j++) ring.push(ci(c.i1, j));
  for (let i = c.i1 - 1; i >= c.i0; i--) ring.push(ci(i, c.j1));
  for (let j = c.j1 - 1; j > c.j0; j--) ring.push(ci(c.i0, j));
  ring.push(ring[0]);
  // households: floor area / ~95 m² per dwelling, x occupancy
  const households = Math.max(200, Math.round((c.floor / 95) * (0.7 + rand() * 0.25)));
  return {
    type: 'Feature',
    properties: { id: `QY-${String(k + 1).padStart(3, '0')}`, name: c.name, households },
    geometry: { type: 'Polygon', coordinates: [ring.map((q) => lonLat(CX[q], CY[q]))] },
  };
});
writeFileSync(
  join(OUT, 'communities.geojson'),
  `${JSON.stringify({ type: 'FeatureCollection', name: 'city benchmark communities (synthetic)', features })}\n`,
);

// ------------------------------------------------------------------ profile: 20 categories of GB 50180-2018
const KEEP = CATS.map(([c]) => c)
  .filter(Boolean)
  .concat(['park_15min']);
{
  const doc = YAML.parseDocument(readFileSync(join(ROOT, 'data/profiles/gb50180-2018.yaml'), 'utf8'));
  doc.set('id', 'city-bench-gb50180');
  doc.setIn(['name', 'zh'], '城市居住区规划设计标准 GB 50180-2018（基准测试用，20类）');
  doc.setIn(['name', 'en'], 'GB 50180-2018, 20 categories (city-scale benchmark)');
  const cats = doc.get('categories');
  cats.items = cats.items.filter((it) => KEEP.includes(it.get('id')));
  if (cats.items.length !== KEEP.length)
    throw new Error(`profile: kept ${cats.items.length} of ${KEEP.length} categories`);
  doc.commentBefore =
    ` lifecircle city-scale benchmark profile, generated by bench/make-city.mjs from ` +
    `data/profiles/gb50180-2018.yaml:\n the same file with ${KEEP.length} of its ` +
    `categories.\n${doc.commentBefore ?? ''}`;
  writeFileSync(join(OUT, 'city-profile.yaml'), doc.toString({ lineWidth: 0 }));
}

// ------------------------------------------------------------------ a planner's list (GCJ-02)
const listRows = [];
{
  const gcj = (x, y) => gcoord.transform(lonLat(x, y), gcoord.WGS84, gcoord.GCJ02);
  const nearCommunity = () => {
    const c = pick(communities);
    const [i, j] = c.blocks.length ? pick(c.blocks) : [c.i0, c.j0];
    const a = ci(i, j);
    const b = ci(i + 1, j + 1);
    return [CX[a] + (CX[b] - CX[a]) * (0.1 + rand() * 0.8), CY[a] + 10];
  };
  const groups = [
    [110, ['幼儿园', '科教文化服务;学校;幼儿园', '普惠性幼儿园'], '幼儿园'],
    [80, ['老年服务站', '长者服务站', '居家养老服务站'], '长者服务站'],
    [60, ['社区卫生服务站', '医疗保健服务;诊所;社区卫生服务站'], '社区卫生服务站'],
    [90, ['快递驿站', '菜鸟驿站', '生活服务;物流速递;快递驿站'], '驿站'],
    [40, ['公厕', '公共厕所'], '公厕'],
    [6, ['公交站'], '公交站'],
  ];
  for (const [n, types, suffix] of groups)
    for (let k = 0; k < n; k++) {
      let x;
      let y;
      if (suffix === '幼儿园' && k < 25 && osmKindergartens.length) {
        // the same kindergarten as in OSM, 8 m off: merged
        const id = osmKindergartens[Math.floor(rand() * osmKindergartens.length)];
        x = nodeX[id - 1] + jitter(6);
        y = nodeY[id - 1] + jitter(6);
      } else [x, y] = nearCommunity();
      const [lon, lat] = gcj(x, y);
      listRows.push(`${cname(suffix)},${pick(types)},${lon.toFixed(6)},${lat.toFixed(6)}`);
    }
  writeFileSync(join(OUT, 'facilities-gcj02.csv'), `\uFEFF${['名称,类型,经度,纬度', ...listRows].join('\r\n')}\r\n`);
}

writeFileSync(
  join(OUT, 'job.yaml'),
  [
    '# lifecircle job: the SYNTHETIC city-scale benchmark case (bench/make-city.mjs), issue 5.',
    `osm: ${osmFile}`,
    'communities: communities.geojson',
    'profile: city-profile.yaml',
    'facilities:',
    "  - file: facilities-gcj02.csv     # a planner's list as Amap exports it: GCJ-02",
    '    crs: gcj02',
    'output: output',
    'lang: zh',
    '',
  ].join('\n'),
);
const info = {
  generator: 'bench/make-city.mjs',
  generatorSha256: createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex'),
  scale: S,
  seed: 20261205,
  osmFile,
  grid: { lines: [NX, NY], extentKm: [+((2 * HALF_W) / 1000).toFixed(1), +((2 * HALF_H) / 1000).toFixed(1)] },
  osm: { nodes: nodeX.length, ways: ways.length, relations: relations.length },
  expectedNetworkNodes: netNodes,
  communities: communities.length,
  categories: KEEP.length,
  buildings,
  communityBuildings,
  facilityNodes: facilityCounts,
  listRows: listRows.length,
  largeBlocks: voids.length,
  parks,
  squares,
  footpaths,
  deadEndLanes: lanes,
  bridges,
  gates: gates.length,
};
writeFileSync(join(OUT, 'case.json'), `${JSON.stringify(info, null, 2)}\n`);
log(
  `done -> ${OUT}: ${JSON.stringify({ osm: info.osm, expectedNetworkNodes: netNodes, buildings, communities: communities.length })}`,
);
