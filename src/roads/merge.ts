/**
 * The planner's road lines into the walking network, between reading the OSM file and splitting
 * ways into edges (network/build.ts): `replace` drops OSM's walkable ways and uses the lines alone;
 * `add` keeps OSM's ways and joins the lines to them. The lines are noded (noding.ts) and become
 * walkable ways of the collector with ids from ROAD_ID_BASE up, so everything after — splitting at
 * shared nodes, clipping, components, snapping — treats them as it treats OSM ways.
 */
import { statSync } from 'node:fs';
import { inputSha256 } from '../io/read-input.js';
import { F64, U32 } from '../osm/block.js';
import { segmentLength } from '../geo/geodesy.js';
import type { OsmCollector } from '../network/collect.js';
import type { ClipArea } from '../network/clip.js';
import { ROAD_ID_BASE, type RoadsRecord } from '../network/types.js';
import { InputError } from '../util/errors.js';
import { ROAD_SNAP_M } from '../params/parameters.js';
import { nodeLines } from './noding.js';
import type { RoadLines } from './read-roads.js';

/** how far outside the OSM data's area (or the clip area) a road line may lie and still be used */
const AREA_MARGIN_M = 1000;

export function mergeRoads(c: OsmCollector, roads: RoadLines, clip: ClipArea | undefined): RoadsRecord {
  const store = c.nodes;
  const mode = roads.spec.mode;
  const where = roads.input.layer ? `${roads.spec.file} (layer ${roads.input.layer})` : roads.spec.file;

  // the study area: the clip area, else the OSM file's nodes
  let ax0 = Infinity;
  let ay0 = Infinity;
  let ax1 = -Infinity;
  let ay1 = -Infinity;
  if (clip) {
    const g = clip.geometry;
    for (const ring of (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat())
      for (const p of ring) {
        const x = Math.round(p[0] * 1e7);
        const y = Math.round(p[1] * 1e7);
        if (x < ax0) ax0 = x;
        if (x > ax1) ax1 = x;
        if (y < ay0) ay0 = y;
        if (y > ay1) ay1 = y;
      }
  } else
    for (let j = 0; j < store.n; j++) {
      const x = store.lonAt(j);
      const y = store.latAt(j);
      if (x < ax0) ax0 = x;
      if (x > ax1) ax1 = x;
      if (y < ay0) ay0 = y;
      if (y > ay1) ay1 = y;
    }
  const midLat = (ay0 + ay1) / 2e7;
  const marginM = AREA_MARGIN_M + (clip?.marginM ?? 0);
  const mx = Math.round((marginM / (111320 * Math.max(0.05, Math.cos((midLat * Math.PI) / 180)))) * 1e7);
  const my = Math.round((marginM / 110574) * 1e7);
  const inArea = new Uint8Array(roads.count);
  let inside = 0;
  for (let i = 0; i < roads.count; i++) {
    for (let k = roads.off[i]; k < roads.off[i + 1]; k++) {
      const x = roads.lon7[k];
      const y = roads.lat7[k];
      if (x >= ax0 - mx && x <= ax1 + mx && y >= ay0 - my && y <= ay1 + my) {
        inArea[i] = 1;
        inside++;
        break;
      }
    }
  }
  const f7 = (v: number) => (v / 1e7).toFixed(4);
  if (inside === 0) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let k = 0; k < roads.lon7.length; k++) {
      x0 = Math.min(x0, roads.lon7[k]);
      x1 = Math.max(x1, roads.lon7[k]);
      y0 = Math.min(y0, roads.lat7[k]);
      y1 = Math.max(y1, roads.lat7[k]);
    }
    throw new InputError(
      `${where}: none of the ${roads.count} road lines lies within ${AREA_MARGIN_M / 1000} km of the ${clip ? 'clip area' : 'OSM data'} ` +
        `(roads ${f7(x0)},${f7(y0)},${f7(x1)},${f7(y1)}; ${clip ? 'clip' : 'OSM'} ${f7(ax0)},${f7(ay0)},${f7(ax1)},${f7(ay1)}); ` +
        'check --roads-crs (or the file’s .prj) and that the road file and the OSM extract cover the same place',
    );
  }

  // OSM's walkable ways: dropped (replace) or kept as fixed lines the roads join (add)
  const osm = osmWayLines(c);
  const osmKm = osm.km;
  if (mode === 'replace') {
    c.walkIds.n = 0;
    c.walkRefOff.n = 1;
    c.walkRefs.n = 0;
    c.walkFlags.n = 0;
    c.walkHighway.n = 0;
    c.walkLevel.n = 0;
    c.walkRule.n = 0;
  }
  const fixedRuns = mode === 'add' ? osm.runs : [];

  // one line list: the fixed runs of OSM ways, then the road lines in the area
  const roadIdx: number[] = [];
  for (let i = 0; i < roads.count; i++) if (inArea[i]) roadIdx.push(i);
  const lineCount = fixedRuns.length + roadIdx.length;
  let nv = 0;
  for (const r of fixedRuns) nv += r.to - r.from;
  for (const i of roadIdx) nv += roads.off[i + 1] - roads.off[i];
  const off = new Uint32Array(lineCount + 1);
  const lon7 = new Int32Array(nv);
  const lat7 = new Int32Array(nv);
  const level = new Int32Array(lineCount);
  const fixed = new Uint8Array(lineCount);
  const nodeId = new Float64Array(nv).fill(NaN);
  let v = 0;
  let li = 0;
  const refs = c.walkRefs.a;
  for (const r of fixedRuns) {
    for (let k = r.from; k < r.to; k++) {
      const j = store.indexOf(refs[k]);
      lon7[v] = store.lonAt(j);
      lat7[v] = store.latAt(j);
      nodeId[v++] = refs[k];
    }
    level[li] = c.walkLevel.a[r.way];
    fixed[li++] = 1;
    off[li] = v;
  }
  for (const i of roadIdx) {
    for (let k = roads.off[i]; k < roads.off[i + 1]; k++) {
      lon7[v] = roads.lon7[k];
      lat7[v++] = roads.lat7[k];
    }
    level[li++] = roads.level[i];
    off[li] = v;
  }
  const noded = nodeLines({ lineCount, off, lon7, lat7, level, fixed, nodeId, snapM: ROAD_SNAP_M });

  // new nodes get ids from ROAD_ID_BASE up, in order of first use (ascending, as the store needs)
  const newId = new Float64Array(noded.pointCount).fill(NaN);
  const ids: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const idOf = (p: number): number => {
    const fixedId = noded.pointNodeId[p];
    if (!Number.isNaN(fixedId)) return fixedId;
    if (Number.isNaN(newId[p])) {
      newId[p] = ROAD_ID_BASE + ids.length + 1;
      ids.push(newId[p]);
      xs.push(noded.pointLon7[p]);
      ys.push(noded.pointLat7[p]);
    }
    return newId[p];
  };
  const lineRefs = (l: number): Float64Array => {
    const out = new Float64Array(noded.lineOff[l + 1] - noded.lineOff[l]);
    for (let k = noded.lineOff[l]; k < noded.lineOff[l + 1]; k++) out[k - noded.lineOff[l]] = idOf(noded.linePoints[k]);
    return out;
  };
  // OSM ways that gained nodes: their runs rewritten in place of the old references
  const replaced = new Map<number, Float64Array>(); // run start -> new refs
  fixedRuns.forEach((r, l) => {
    if (noded.changed[l]) replaced.set(r.from, lineRefs(l));
  });
  // add: a stretch of a road line between two consecutive nodes of an OSM way is that way again
  // (the same data given twice): left out, so nothing is counted or walked twice
  const osmSegments = new Set<string>();
  fixedRuns.forEach((_, l) => {
    for (let k = noded.lineOff[l]; k + 1 < noded.lineOff[l + 1]; k++) {
      const a = noded.pointNodeId[noded.linePoints[k]];
      const b = noded.pointNodeId[noded.linePoints[k + 1]];
      if (!Number.isNaN(a) && !Number.isNaN(b)) osmSegments.add(a < b ? `${a},${b}` : `${b},${a}`);
    }
  });
  let duplicateM = 0;
  const roadRefs = roadIdx.map((_, n) => {
    const l = fixedRuns.length + n;
    const refs = lineRefs(l);
    if (!osmSegments.size) return [refs];
    const pieces: Float64Array[] = [];
    let start = 0;
    for (let k = 0; k + 1 < refs.length; k++) {
      const a = refs[k];
      const b = refs[k + 1];
      if (!osmSegments.has(a < b ? `${a},${b}` : `${b},${a}`)) continue;
      const p = noded.linePoints[noded.lineOff[l] + k];
      const q = noded.linePoints[noded.lineOff[l] + k + 1];
      duplicateM += segmentLength(
        noded.pointLon7[p] / 1e7,
        noded.pointLat7[p] / 1e7,
        noded.pointLon7[q] / 1e7,
        noded.pointLat7[q] / 1e7,
      );
      if (k > start) pieces.push(refs.slice(start, k + 1));
      start = k + 1;
    }
    if (refs.length - 1 > start) pieces.push(refs.slice(start));
    return pieces;
  });
  if (ids.length) {
    store.add(Float64Array.from(ids), Int32Array.from(xs), Int32Array.from(ys), ids.length);
    store.finish();
  }
  if (replaced.size) rewriteRefs(c, fixedRuns, replaced);
  let roadKm = 0;
  roadIdx.forEach((i, n) => {
    for (const refs of roadRefs[n])
      if (refs.length >= 2)
        c.addWalkWay(ROAD_ID_BASE + roads.feature[i], refs, roads.decision[i], roads.highway[i], roads.level[i]);
    for (let k = roads.off[i]; k + 1 < roads.off[i + 1]; k++)
      roadKm +=
        segmentLength(roads.lon7[k] / 1e7, roads.lat7[k] / 1e7, roads.lon7[k + 1] / 1e7, roads.lat7[k + 1] / 1e7) /
        1000;
  });
  const st = roads.stats;
  const skipped = { ...st.skipped };
  const outside = roads.count - roadIdx.length;
  if (outside)
    skipped[`lines more than ${AREA_MARGIN_M / 1000} km outside the ${clip ? 'clip area' : 'OSM data'}`] = outside;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    path: roads.spec.file,
    bytes: statSync(roads.spec.file).size,
    sha256: inputSha256(roads.spec.file),
    mode,
    class_field: roads.classField,
    classes_sha256: roads.classesHash,
    features: st.features,
    walkable_features: st.walkableFeatures,
    lines_used: roadIdx.length,
    km_lines: Math.round(roadKm * 1000) / 1000,
    km_osm_ways: Math.round(osmKm * 1000) / 1000,
    km_in_network: 0,
    km_already_in_osm: Math.round(duplicateM) / 1000,
    shared_vertices: noded.stats.sharedVertices,
    crossings_noded: noded.stats.crossings,
    crossings_separated: noded.stats.separatedCrossings,
    snap_tolerance_m: ROAD_SNAP_M,
    ends_snapped: noded.stats.snappedEnds,
    max_snap_m: r2(noded.stats.maxSnapM),
    dead_ends: noded.stats.deadEnds,
    nodes_joined_to_osm: mode === 'add' ? noded.stats.joinedToFixed : 0,
    osm_ways_given_nodes: replaced.size,
    skipped,
    excluded_classes: st.excludedClasses,
    unknown_classes: st.unknownClasses,
    no_class_value: st.noClassValue,
  };
}

interface Run {
  way: number;
  from: number;
  to: number;
}

/** the collector's walkable ways as runs of references the file resolves (missing nodes split them), and their length */
function osmWayLines(c: OsmCollector): { runs: Run[]; km: number } {
  const runs: Run[] = [];
  const store = c.nodes;
  const refs = c.walkRefs.a;
  let m = 0;
  for (let w = 0; w < c.walkIds.n; w++) {
    const a = c.walkRefOff.a[w];
    const b = c.walkRefOff.a[w + 1];
    let k = a;
    while (k < b) {
      while (k < b && store.indexOf(refs[k]) < 0) k++;
      const s = k;
      let prev = -1;
      while (k < b) {
        const j = store.indexOf(refs[k]);
        if (j < 0) break;
        if (prev >= 0)
          m += segmentLength(
            store.lonAt(prev) / 1e7,
            store.latAt(prev) / 1e7,
            store.lonAt(j) / 1e7,
            store.latAt(j) / 1e7,
          );
        prev = j;
        k++;
      }
      if (k - s >= 2) runs.push({ way: w, from: s, to: k });
    }
  }
  return { runs, km: m / 1000 };
}

/** the walkable ways' reference arrays with some runs replaced by their noded references */
function rewriteRefs(c: OsmCollector, runs: Run[], replaced: Map<number, Float64Array>): void {
  const oldRefs = c.walkRefs.a;
  const oldOff = c.walkRefOff.a;
  const byStart = new Map<number, Run>();
  for (const r of runs) if (replaced.has(r.from)) byStart.set(r.from, r);
  const refs = new F64(c.walkRefs.n + 1024);
  const offs = new U32(c.walkIds.n + 1);
  offs.push(0);
  for (let w = 0; w < c.walkIds.n; w++) {
    let k = oldOff[w];
    while (k < oldOff[w + 1]) {
      const r = byStart.get(k);
      if (r) {
        for (const id of replaced.get(k)!) refs.push(id);
        k = r.to;
      } else refs.push(oldRefs[k++]);
    }
    offs.push(refs.n);
  }
  c.walkRefs.a = refs.a;
  c.walkRefs.n = refs.n;
  c.walkRefOff.a = offs.a;
  c.walkRefOff.n = offs.n;
}
