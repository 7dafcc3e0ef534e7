/**
 * Noding a planner's road lines (and, in `add` mode, joining them to OSM's walkable ways): which
 * vertices are the same graph node. Pure, on typed arrays, with one Flatbush over the segments so
 * it is near-linear in the number of segments.
 *
 * Rules (docs in README "Bringing your own data" → roads):
 * - Vertices at the same coordinates (1e-7 degrees) are one node — but where both lines pass
 *   through (neither ends there) only when they are on the same level (bridge/tunnel/layer).
 * - Segments that cross are noded at the crossing when their lines are on the same level; a line
 *   whose end touches another line (within 1 cm) is joined there whatever the levels: ends are where
 *   lines are meant to meet (a bridge lands on the street).
 * - An end that touches nothing is snapped to the nearest line within `snapM` (its end moves there).
 * - Fixed lines (OSM ways in `add` mode) keep their node ids and are never snapped; they only gain
 *   the nodes where road lines cross or join them. Crossings between two fixed lines are OSM's own
 *   business and are not looked for.
 * Collinear overlapping lines (the same street drawn twice) are not merged.
 */
import Flatbush from 'flatbush';
import { LocalProjection } from '../geo/geodesy.js';
import { hypot } from '../geo/hypot.js';

export interface NodingInput {
  lineCount: number;
  /** vertices of line i: off[i] .. off[i+1] */
  off: Uint32Array;
  lon7: Int32Array;
  lat7: Int32Array;
  level: Int32Array;
  /** 1: a fixed (OSM) line whose vertices carry node ids in `nodeId` */
  fixed: Uint8Array;
  nodeId: Float64Array;
  snapM: number;
}

export interface NodingStats {
  /** road vertices that were the same node as another line's vertex */
  sharedVertices: number;
  /** crossings (and ends touching a line's middle) noded */
  crossings: number;
  /** crossings left unconnected because the lines are on different levels */
  separatedCrossings: number;
  /** loose ends snapped to a line within snapM */
  snappedEnds: number;
  /** the farthest snap, metres */
  maxSnapM: number;
  /** loose ends with no line within snapM (dead ends) */
  deadEnds: number;
  /** nodes shared by a road line and a fixed line */
  joinedToFixed: number;
}

export interface NodingOutput {
  /** line i's node sequence: points[lineOff[i] .. lineOff[i+1]) (consecutive repeats removed) */
  lineOff: Uint32Array;
  linePoints: Uint32Array;
  pointCount: number;
  pointLon7: Int32Array;
  pointLat7: Int32Array;
  /** the fixed node id of a point, NaN for a new one */
  pointNodeId: Float64Array;
  /** fixed lines that gained nodes */
  changed: Uint8Array;
  stats: NodingStats;
}

const TOUCH_M = 0.01;

class Points {
  lon7: number[] = [];
  lat7: number[] = [];
  id: number[] = [];
  level: number[] = [];
  parent: number[] = [];
  add(lon7: number, lat7: number, id: number, level: number): number {
    const p = this.parent.length;
    this.lon7.push(lon7);
    this.lat7.push(lat7);
    this.id.push(id);
    this.level.push(level);
    this.parent.push(p);
    return p;
  }
  find(p: number): number {
    let r = p;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[p] !== r) {
      const n = this.parent[p];
      this.parent[p] = r;
      p = n;
    }
    return r;
  }
  /** b's root becomes the root (b is where the node stays), unless only a's root is a fixed node */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const fa = !Number.isNaN(this.id[ra]);
    const fb = !Number.isNaN(this.id[rb]);
    if (fa && fb) return false; // two OSM nodes stay two nodes
    if (fa) this.parent[rb] = ra;
    else this.parent[ra] = rb;
    return true;
  }
}

export function nodeLines(inp: NodingInput): NodingOutput {
  const { lineCount, off, lon7, lat7, level, fixed, nodeId } = inp;
  const nv = off[lineCount];
  const vLine = new Uint32Array(nv);
  for (let i = 0; i < lineCount; i++) for (let k = off[i]; k < off[i + 1]; k++) vLine[k] = i;
  const isEnd = (k: number) => k === off[vLine[k]] || k === off[vLine[k] + 1] - 1;
  const stats: NodingStats = {
    sharedVertices: 0,
    crossings: 0,
    separatedCrossings: 0,
    snappedEnds: 0,
    maxSnapM: 0,
    deadEnds: 0,
    joinedToFixed: 0,
  };

  // 1. vertices at the same coordinates
  const pts = new Points();
  const vPoint = new Uint32Array(nv);
  const order = new Uint32Array(nv);
  for (let k = 0; k < nv; k++) order[k] = k;
  order.sort((a, b) => lon7[a] - lon7[b] || lat7[a] - lat7[b] || a - b);
  for (let s = 0; s < nv; ) {
    let e = s + 1;
    while (e < nv && lon7[order[e]] === lon7[order[s]] && lat7[order[e]] === lat7[order[s]]) e++;
    const x = lon7[order[s]];
    const y = lat7[order[s]];
    const here: number[] = []; // points created at these coordinates
    const byId = new Map<number, number>();
    // fixed vertices first: their node ids decide
    for (let q = s; q < e; q++) {
      const k = order[q];
      if (!fixed[vLine[k]]) continue;
      let p = byId.get(nodeId[k]);
      if (p === undefined) {
        p = pts.add(x, y, nodeId[k], level[vLine[k]]);
        byId.set(nodeId[k], p);
        here.push(p);
      }
      vPoint[k] = p;
    }
    // road vertices in their middles: the point of their level
    for (let q = s; q < e; q++) {
      const k = order[q];
      if (fixed[vLine[k]] || isEnd(k)) continue;
      const lv = level[vLine[k]];
      let p = here.find((h) => pts.level[h] === lv);
      if (p === undefined) {
        p = pts.add(x, y, NaN, lv);
        here.push(p);
      } else stats.sharedVertices++;
      vPoint[k] = p;
    }
    // road ends: the ground-level point, else any
    for (let q = s; q < e; q++) {
      const k = order[q];
      if (fixed[vLine[k]] || !isEnd(k)) continue;
      let p = here.find((h) => pts.level[h] === 0) ?? here[0];
      if (p === undefined) {
        p = pts.add(x, y, NaN, level[vLine[k]]);
        here.push(p);
      } else stats.sharedVertices++;
      vPoint[k] = p;
    }
    s = e;
  }

  // 2. segments in a local metric frame, indexed: every road segment, and the fixed ones near roads
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < nv; k++) {
    if (fixed[vLine[k]]) continue;
    if (lon7[k] < minX) minX = lon7[k];
    if (lon7[k] > maxX) maxX = lon7[k];
    if (lat7[k] < minY) minY = lat7[k];
    if (lat7[k] > maxY) maxY = lat7[k];
  }
  if (minX === Infinity) minX = minY = maxX = maxY = 0;
  const proj = new LocalProjection((minX + maxX) / 2e7, (minY + maxY) / 2e7);
  const px = new Float64Array(nv);
  const py = new Float64Array(nv);
  for (let k = 0; k < nv; k++) {
    px[k] = proj.x(lon7[k] / 1e7);
    py[k] = proj.y(lat7[k] / 1e7);
  }
  const T = inp.snapM;
  const bx0 = proj.x(minX / 1e7) - T - 1;
  const bx1 = proj.x(maxX / 1e7) + T + 1;
  const by0 = proj.y(minY / 1e7) - T - 1;
  const by1 = proj.y(maxY / 1e7) + T + 1;
  const segs: number[] = []; // first vertex of each indexed segment
  for (let k = 0; k + 1 < nv; k++) {
    if (vLine[k + 1] !== vLine[k]) continue;
    if (fixed[vLine[k]]) {
      if (Math.max(px[k], px[k + 1]) < bx0 || Math.min(px[k], px[k + 1]) > bx1) continue;
      if (Math.max(py[k], py[k + 1]) < by0 || Math.min(py[k], py[k + 1]) > by1) continue;
    }
    segs.push(k);
  }
  const index = new Flatbush(Math.max(1, segs.length));
  for (const k of segs)
    index.add(
      Math.min(px[k], px[k + 1]),
      Math.min(py[k], py[k + 1]),
      Math.max(px[k], px[k + 1]),
      Math.max(py[k], py[k + 1]),
    );
  if (segs.length === 0) index.add(0, 0, 0, 0);
  index.finish();

  // insertions into segments: (first vertex of the segment, position 0..1, point)
  const insSeg: number[] = [];
  const insT: number[] = [];
  const insPt: number[] = [];
  const insert = (k: number, t: number, p: number) => {
    insSeg.push(k);
    insT.push(t);
    insPt.push(p);
  };
  const crossPoint = new Map<string, number>();

  // 3. crossings: each road segment against the segments its box meets (road pairs once)
  for (const s of segs) {
    if (fixed[vLine[s]]) continue;
    const ax = px[s];
    const ay = py[s];
    const dx = px[s + 1] - ax;
    const dy = py[s + 1] - ay;
    const lenA = hypot(dx, dy);
    if (lenA === 0) continue;
    const hits = index.search(
      Math.min(ax, ax + dx),
      Math.min(ay, ay + dy),
      Math.max(ax, ax + dx),
      Math.max(ay, ay + dy),
    );
    for (const h of hits) {
      const t = segs[h];
      if (t === s || (!fixed[vLine[t]] && t < s)) continue;
      const pa = pts.find(vPoint[s]);
      const pb = pts.find(vPoint[s + 1]);
      const pc = pts.find(vPoint[t]);
      const pd = pts.find(vPoint[t + 1]);
      if (pa === pc || pa === pd || pb === pc || pb === pd) continue; // they meet at a vertex already
      const cx = px[t];
      const cy = py[t];
      const ex = px[t + 1] - cx;
      const ey = py[t + 1] - cy;
      const lenB = hypot(ex, ey);
      if (lenB === 0) continue;
      const den = dx * ey - dy * ex;
      if (Math.abs(den) < 1e-12 * lenA * lenB) continue; // parallel (overlaps are not merged)
      const qx = cx - ax;
      const qy = cy - ay;
      const ta = (qx * ey - qy * ex) / den;
      const tb = (qx * dy - qy * dx) / den;
      const epsA = TOUCH_M / lenA;
      const epsB = TOUCH_M / lenB;
      if (ta < -epsA || ta > 1 + epsA || tb < -epsB || tb > 1 + epsB) continue;
      const atA = ta <= epsA ? s : ta >= 1 - epsA ? s + 1 : -1; // vertex of s at the crossing
      const atB = tb <= epsB ? t : tb >= 1 - epsB ? t + 1 : -1;
      const sameLevel = level[vLine[s]] === level[vLine[t]];
      // ends join whatever the levels; middles only on the same level
      const endTouch = (atA >= 0 && isEnd(atA)) || (atB >= 0 && isEnd(atB));
      if (!sameLevel && !endTouch) {
        stats.separatedCrossings++;
        continue;
      }
      if (atA >= 0 && atB >= 0) {
        if (pts.union(vPoint[atA], vPoint[atB])) stats.crossings++;
      } else if (atA >= 0) {
        insert(t, tb, pts.find(vPoint[atA]));
        stats.crossings++;
      } else if (atB >= 0) {
        insert(s, ta, pts.find(vPoint[atB]));
        stats.crossings++;
      } else {
        const x = Math.round(lon7[s] + ta * (lon7[s + 1] - lon7[s]));
        const y = Math.round(lat7[s] + ta * (lat7[s + 1] - lat7[s]));
        const key = `${x},${y},${level[vLine[s]]}`;
        let p = crossPoint.get(key);
        if (p === undefined) {
          p = pts.add(x, y, NaN, level[vLine[s]]);
          crossPoint.set(key, p);
        }
        insert(s, ta, p);
        insert(t, tb, p);
        stats.crossings++;
      }
    }
  }

  // 4. loose road ends: snapped to the nearest line within T
  const uses = new Map<number, number>();
  const use = (p: number, n = 1) => {
    const r = pts.find(p);
    uses.set(r, (uses.get(r) ?? 0) + n);
  };
  for (let k = 0; k < nv; k++) use(vPoint[k]);
  for (let q = 0; q < insPt.length; q++) use(insPt[q]);
  for (let i = 0; i < lineCount; i++) {
    if (fixed[i]) continue;
    for (const k of [off[i], off[i + 1] - 1]) {
      const r = pts.find(vPoint[k]);
      if ((uses.get(r) ?? 0) > 1) continue;
      const x = px[k];
      const y = py[k];
      let best = -1;
      let bestD = Infinity;
      let bestU = 0;
      for (const h of index.search(x - T, y - T, x + T, y + T)) {
        const t = segs[h];
        if (vLine[t] === i && (t === k || t + 1 === k)) continue; // its own last segment
        const cx = px[t];
        const cy = py[t];
        const ex = px[t + 1] - cx;
        const ey = py[t + 1] - cy;
        const l2 = ex * ex + ey * ey;
        let u = l2 > 0 ? ((x - cx) * ex + (y - cy) * ey) / l2 : 0;
        u = Math.max(0, Math.min(1, u));
        const d = hypot(cx + u * ex - x, cy + u * ey - y);
        if (d < bestD || (d === bestD && t < best)) {
          bestD = d;
          best = t;
          bestU = u;
        }
      }
      if (best < 0 || bestD > T) {
        stats.deadEnds++;
        continue;
      }
      const len = hypot(px[best + 1] - px[best], py[best + 1] - py[best]);
      let target: number;
      if (bestU * len <= TOUCH_M) target = vPoint[best];
      else if ((1 - bestU) * len <= TOUCH_M) target = vPoint[best + 1];
      else {
        target = pts.add(
          Math.round(lon7[best] + bestU * (lon7[best + 1] - lon7[best])),
          Math.round(lat7[best] + bestU * (lat7[best + 1] - lat7[best])),
          NaN,
          level[vLine[best]],
        );
        insert(best, bestU, target);
      }
      if (!pts.union(r, target)) continue;
      use(target, 2);
      stats.snappedEnds++;
      if (bestD > stats.maxSnapM) stats.maxSnapM = bestD;
    }
  }

  // 5. each line's node sequence, insertions in order along their segments
  const insOrder = Array.from(insSeg.keys()).sort((a, b) => insSeg[a] - insSeg[b] || insT[a] - insT[b] || a - b);
  const changed = new Uint8Array(lineCount);
  const lineOff = new Uint32Array(lineCount + 1);
  const out: number[] = [];
  let q = 0;
  for (let i = 0; i < lineCount; i++) {
    lineOff[i] = out.length;
    const push = (p: number) => {
      const r = pts.find(p);
      if (out.length > lineOff[i] && out[out.length - 1] === r) return;
      out.push(r);
    };
    for (let k = off[i]; k < off[i + 1]; k++) {
      push(vPoint[k]);
      while (q < insOrder.length && insSeg[insOrder[q]] === k) {
        push(insPt[insOrder[q]]);
        if (fixed[i]) changed[i] = 1;
        q++;
      }
    }
  }
  lineOff[lineCount] = out.length;

  // points that both a road line and a fixed line use
  const onFixed = new Uint8Array(pts.parent.length);
  for (let i = 0; i < lineCount; i++)
    if (fixed[i]) for (let k = lineOff[i]; k < lineOff[i + 1]; k++) onFixed[out[k]] = 1;
  const counted = new Uint8Array(pts.parent.length);
  for (let i = 0; i < lineCount; i++)
    if (!fixed[i])
      for (let k = lineOff[i]; k < lineOff[i + 1]; k++)
        if (onFixed[out[k]] && !counted[out[k]]) {
          counted[out[k]] = 1;
          stats.joinedToFixed++;
        }

  return {
    lineOff,
    linePoints: Uint32Array.from(out),
    pointCount: pts.parent.length,
    pointLon7: Int32Array.from(pts.lon7),
    pointLat7: Int32Array.from(pts.lat7),
    pointNodeId: Float64Array.from(pts.id),
    changed,
    stats,
  };
}
