/**
 * Gates (小区出入口) of walled compounds, from the planner's file (`gates:` / `--gates`): points in
 * any format the input stage reads. Each gate belongs to the community whose boundary it lies on
 * or near (within GATE_TOLERANCE_M; the nearest boundary when several are that close — a gate in a
 * wall two compounds share goes to one). A community with gates is a closed compound: its
 * residents walk inside it in a straight line to their nearest gate and join the network there,
 * and its walks (isochrones, routes) start at its gates — OSM entrance=* / barrier=gate nodes on
 * its boundary count as gates too. Why a straight line inside and not the compound's own paths:
 * internal paths of Chinese compounds are rarely mapped (and where they are, often not joined to
 * the gates), so a straight line is the one rule that treats every compound alike; it is a lower
 * bound of the walk to the gate (docs/coverage.md, "Gates").
 */
import { PolygonIndex } from '../geo/polygon-index.js';
import { chooseKeys, type ExplicitKeys, type KeyChoice, keyText } from '../inputs/keys.js';
import { readInput } from '../inputs/read.js';
import type { InputLayer } from '../inputs/types.js';
import { entrancesWithin } from '../network/feature-index.js';
import type { WalkNetwork } from '../network/types.js';
import type { PlacedPoint } from '../route/route.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import type { SnappedPoint } from '../snap/snapped-point.js';
import { InputError } from '../util/errors.js';
import type { Community } from './communities.js';
import type { GapGrid } from './gaps.js';
import { hypot } from '../geo/hypot.js';

/** a gate farther than this from every community boundary belongs to none */
export const GATE_TOLERANCE_M = 30;

export interface Gate {
  /** the gate's id in its file (or `#<feature>`), or `node/<id>` for an OSM entrance */
  id: string;
  lon: number;
  lat: number;
}

export interface GatesSpec {
  file: string;
  crs?: string;
  layer?: string;
  towgs84?: string;
  fields?: ExplicitKeys;
  near?: [number, number];
}

export interface GatesFile {
  path: string;
  gates: Gate[];
  /** features that are not points (or have no geometry), by feature number */
  skipped: { feature: number; id: string; reason: string }[];
  warnings: string[];
  input: InputLayer;
  keys: KeyChoice;
}

/** The gates file as WGS-84 points; a MultiPoint is several gates of one id. */
export async function readGates(spec: GatesSpec): Promise<GatesFile> {
  const layer = await readInput({
    file: spec.file,
    crs: spec.crs,
    layer: spec.layer,
    towgs84: spec.towgs84,
    what: 'gates',
    near: spec.near,
  });
  const keys = chooseKeys(layer.features, spec.fields ?? {}, spec.file, ['id', 'name']);
  const gates: Gate[] = [];
  const skipped: GatesFile['skipped'] = layer.skipped.map((s) => ({
    feature: s.feature,
    id: s.id ?? `#${s.feature}`,
    reason: s.reason,
  }));
  for (const f of layer.features) {
    const id = (keys.id ? keyText(f.properties[keys.id]) : null) ?? f.id ?? `#${f.index}`;
    const g = f.geometry;
    if (!g || (g.type !== 'Point' && g.type !== 'MultiPoint')) {
      skipped.push({ feature: f.index, id, reason: g ? `is a ${g.type}; gates are points` : 'has no geometry' });
      continue;
    }
    for (const c of g.type === 'Point' ? [g.coordinates] : g.coordinates) gates.push({ id, lon: c[0], lat: c[1] });
  }
  if (!gates.length)
    throw new InputError(
      `${spec.file}: no gate points (${skipped[0] ? `feature ${skipped[0].feature} ${skipped[0].reason}` : 'the file has no features'})`,
    );
  return { path: spec.file, gates, skipped, warnings: layer.warnings, input: layer, keys };
}

export interface GateAssignment {
  /** community id -> the file's gates on its boundary */
  byCommunity: Map<string, Gate[]>;
  /** gates near no community boundary, with how far the nearest boundary is (null: none within 1 km) */
  unassigned: { gate: Gate; nearestM: number | null }[];
}

/**
 * Each gate to the community whose boundary is nearest, if within `toleranceM`. When not one gate
 * lies near any boundary the file is in the wrong place (a wrong CRS, another city's file): one line, exit 2.
 */
export function assignGates(
  communities: Community[],
  file: Pick<GatesFile, 'path' | 'gates'>,
  toleranceM = GATE_TOLERANCE_M,
): GateAssignment {
  const indexes = communities.map((c) => new PolygonIndex(c.geometry));
  const byCommunity = new Map<string, Gate[]>();
  const unassigned: GateAssignment['unassigned'] = [];
  const FAR = 1000;
  for (const g of file.gates) {
    let best = -1;
    let bestD = Infinity;
    indexes.forEach((pi, k) => {
      const [x0, y0, x1, y1] = pi.lonLatBbox;
      const pad = FAR / 90_000; // degrees, generously: a box test before the exact distance
      if (g.lon < x0 - pad || g.lon > x1 + pad || g.lat < y0 - pad || g.lat > y1 + pad) return;
      const d = pi.boundaryDistanceXY(pi.proj.x(g.lon), pi.proj.y(g.lat), FAR);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    if (best >= 0 && bestD <= toleranceM) {
      const id = communities[best].id;
      const list = byCommunity.get(id) ?? [];
      list.push(g);
      byCommunity.set(id, list);
    } else unassigned.push({ gate: g, nearestM: Number.isFinite(bestD) ? Math.round(bestD) : null });
  }
  if (byCommunity.size === 0)
    throw new InputError(
      `gates file ${file.path}: none of ${file.gates.length} points lies within ${toleranceM} m of a community boundary — ` +
        'wrong CRS? pass --gates-crs (job: gates: { file, crs })',
    );
  return { byCommunity, unassigned };
}

/** the OSM entrances (entrance=* / barrier=gate, data/features.yaml) within `toleranceM` of the boundary */
export function osmGatesOnBoundary(net: WalkNetwork, pi: PolygonIndex, toleranceM = GATE_TOLERANCE_M): Gate[] {
  const [x0, y0, x1, y1] = pi.lonLatBbox;
  const pad = toleranceM / 90_000;
  const out: Gate[] = [];
  for (const i of entrancesWithin(net, x0 - pad, y0 - pad, x1 + pad, y1 + pad)) {
    const lon = net.entrances.lon[i];
    const lat = net.entrances.lat[i];
    if (pi.boundaryDistanceXY(pi.proj.x(lon), pi.proj.y(lat), toleranceM) <= toleranceM)
      out.push({ id: `node/${net.entrances.osmId[i]}`, lon, lat });
  }
  return out;
}

/** a compound's gates on the network: what was used, and what could not be */
export interface CompoundGates {
  /** the gates that joined the network, as origins */
  placed: (PlacedPoint & { gate: Gate })[];
  fromFile: number;
  fromOsm: number;
  /** gates farther than max-snap from a walkable way (or on a fragment), with why */
  unsnapped: { gate: Gate; reason: string }[];
}

/** the community's gates (its own from the file plus OSM entrances on its boundary), snapped */
export function compoundGates(net: WalkNetwork, pi: PolygonIndex, fileGates: Gate[], snap: SnapOptions): CompoundGates {
  const osm = osmGatesOnBoundary(net, pi);
  const r: CompoundGates = { placed: [], fromFile: 0, fromOsm: 0, unsnapped: [] };
  for (const [gates, file] of [
    [fileGates, true],
    [osm, false],
  ] as const)
    for (const gate of gates) {
      const s = snapPoint(net, gate.lon, gate.lat, snap);
      if (!s.ok) {
        r.unsnapped.push({ gate, reason: s.reason });
        continue;
      }
      r.placed.push({ lon: gate.lon, lat: gate.lat, snap: s.snap, gate });
      if (file) r.fromFile++;
      else r.fromOsm++;
    }
  return r;
}

/**
 * A point inside a gated compound as the searches see it: the snapped point of its nearest gate
 * (straight line, in the compound's local projection, x/y in metres), its leg lengthened by the
 * walk to that gate. Every cost in snap/snapped-point.ts includes the leg, so distances from here
 * are the walk to the gate plus the gate's walk on the network.
 */
export function throughNearestGate(
  pi: PolygonIndex,
  gates: CompoundGates['placed'],
  x: number,
  y: number,
): SnappedPoint {
  let best = gates[0];
  let bestD = Infinity;
  for (const g of gates) {
    const d = hypot(pi.proj.x(g.lon) - x, pi.proj.y(g.lat) - y);
    if (d < bestD) {
      bestD = d;
      best = g;
    }
  }
  return { ...best.snap, dist: best.snap.dist + bestD };
}

/**
 * The gap grid of a compound reaches the network through its gates, as its residents do — also
 * its points just outside the wall (the two cells of margin the contour interpolates across):
 * with their own street distances the contour would cut into the compound along every wall.
 */
export function gridThroughGates(grid: GapGrid, pi: PolygonIndex, gates: CompoundGates['placed']): void {
  for (let j = 0; j < grid.h; j++)
    for (let i = 0; i < grid.w; i++) {
      const k = i + j * grid.w;
      if (grid.inside[k]) grid.points.set(k, throughNearestGate(pi, gates, grid.x0 + i * grid.r, grid.y0 + j * grid.r));
    }
}
