/**
 * Origins for isochrones from GeoJSON. Points are origins as they are. A polygon (a community,
 * a campus) becomes the set of its mapped entrances: OSM entrance=* / barrier=gate nodes inside it
 * or within ENTRANCE_TOLERANCE_M of its boundary (a community's residents leave through the gates
 * of its compounds); failing that, the points where walkable ways cross its boundary; failing
 * that, its centroid (or a point on its surface when the centroid falls outside).
 * Features sharing an `id` form one origin set: the distance is the minimum over its points.
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { PolygonIndex } from '../geo/polygon-index.js';
import { entrancesWithin } from '../network/feature-index.js';
import type { WalkNetwork } from '../network/types.js';
import { edgeIndex } from '../snap/edge-index.js';
import { DEFAULT_SNAP } from '../params/parameters.js';
import { snapPoints, type SnapOptions } from '../snap/snap.js';
import type { SnappedPoint } from '../snap/snapped-point.js';
import { chooseKeys, type ExplicitKeys, type KeyChoice, keyText } from '../inputs/keys.js';
import { readInput } from '../inputs/read.js';
import { InputError } from '../util/errors.js';

export const ENTRANCE_TOLERANCE_M = 20;

/** 'gate': a closed compound's gates (coverage/gates.ts: the gates file plus OSM entrances on its boundary) */
export type OriginKind = 'point' | 'gate' | 'entrance' | 'crossing' | 'centroid';

export interface OriginSet {
  id: string;
  name: string | null;
  kind: OriginKind;
  points: Position[];
  /** index of the first feature in the file, for ordering */
  order: number;
  /** the first feature's own properties (category, source…), carried to the outputs for filtering */
  properties?: Record<string, unknown>;
}

export interface ReadOriginsResult {
  sets: OriginSet[];
  skipped: { feature: number; id: string; reason: string }[];
}

/** An origins file (any format the input stage reads, any CRS) as WGS-84 features, with the keys for ids and names. */
export async function readOriginFeatures(spec: {
  file: string;
  crs?: string;
  layer?: string;
  fields?: ExplicitKeys;
}): Promise<{ fc: FeatureCollection; keys: KeyChoice; skipped: ReadOriginsResult['skipped']; warnings: string[] }> {
  const layer = await readInput({ file: spec.file, crs: spec.crs, layer: spec.layer, what: 'origins' });
  const keys = chooseKeys(layer.features, spec.fields ?? {}, spec.file, ['id', 'name']);
  // the tool's own facilities output names its features by source_id
  if (!keys.id && layer.features.some((f) => keyText(f.properties.source_id) !== null)) keys.id = 'source_id';
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: layer.features.map((f) => ({
      type: 'Feature',
      ...(f.id !== null ? { id: f.id } : {}),
      properties: f.properties,
      geometry: f.geometry as Geometry,
    })),
  };
  const skipped = layer.skipped.map((s) => ({ feature: s.feature, id: s.id ?? `#${s.feature}`, reason: s.reason }));
  return { fc, keys, skipped, warnings: layer.warnings };
}

export function featureId(f: Feature, index: number, keys?: KeyChoice): string {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  const v = keys ? ((keys.id ? keyText(p[keys.id]) : null) ?? f.id) : (p.id ?? f.id);
  return v === undefined || v === null || v === '' ? `#${index + 1}` : String(v);
}

export function featureName(f: Feature, keys?: KeyChoice): string | null {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  if (keys) return keys.name ? keyText(p[keys.name]) : null;
  const v = p.name ?? p['名称'] ?? p.NAME;
  return v === undefined || v === null ? null : String(v);
}

function validPosition(c: unknown): c is Position {
  return Array.isArray(c) && c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]);
}

/** Polygon origins need the network's tagged features (entrances); points do not. */
export function needsFeatures(fc: FeatureCollection): boolean {
  return fc.features.some((f) => f?.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'));
}

export async function readOrigins(
  path: string,
  net: WalkNetwork,
  fc: FeatureCollection,
  keys?: KeyChoice,
): Promise<ReadOriginsResult> {
  const sets = new Map<string, OriginSet>();
  const skipped: ReadOriginsResult['skipped'] = [];
  for (let i = 0; i < fc.features.length; i++) {
    const f = fc.features[i];
    const id = featureId(f, i, keys);
    const g = f?.geometry;
    let kind: OriginKind;
    let pts: Position[];
    if (!g) {
      skipped.push({ feature: i + 1, id, reason: 'has no geometry' });
      continue;
    }
    if (g.type === 'Point' || g.type === 'MultiPoint') {
      const cs = g.type === 'Point' ? [g.coordinates] : g.coordinates;
      if (!cs.every(validPosition)) {
        skipped.push({ feature: i + 1, id, reason: 'has invalid coordinates' });
        continue;
      }
      kind = 'point';
      pts = cs.map((c) => [c[0], c[1]]);
    } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      if (!(g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()).flat().every(validPosition)) {
        skipped.push({ feature: i + 1, id, reason: 'has invalid coordinates' });
        continue;
      }
      ({ kind, points: pts } = await polygonOrigins(net, g));
    } else {
      skipped.push({ feature: i + 1, id, reason: `is a ${g.type}; origins are points or polygons` });
      continue;
    }
    const existing = sets.get(id);
    if (existing) {
      existing.points.push(...pts);
      if (existing.kind !== kind) existing.kind = existing.kind === 'point' ? existing.kind : kind;
    } else
      sets.set(id, {
        id,
        name: featureName(f, keys),
        kind,
        points: pts,
        order: i,
        properties: { ...(f.properties ?? {}) },
      });
  }
  if (sets.size === 0) {
    const why =
      fc.features.length === 0
        ? 'it has no features'
        : `none of its ${fc.features.length} features is a usable Point, MultiPoint, Polygon or MultiPolygon (${skipped[0]?.reason ?? ''})`;
    throw new InputError(`${path}: no usable origins: ${why}`);
  }
  return { sets: [...sets.values()], skipped };
}

/** entrances, else boundary crossings, else centroid (see the module comment) */
export async function polygonOrigins(
  net: WalkNetwork,
  g: Polygon | MultiPolygon,
  pi = new PolygonIndex(g),
): Promise<{ kind: OriginKind; points: Position[] }> {
  const [x0, y0, x1, y1] = pi.lonLatBbox;
  const pad = 0.0005;
  const entrances: Position[] = [];
  for (const i of entrancesWithin(net, x0 - pad, y0 - pad, x1 + pad, y1 + pad)) {
    const lon = net.entrances.lon[i];
    const lat = net.entrances.lat[i];
    const x = pi.proj.x(lon);
    const y = pi.proj.y(lat);
    if (pi.withinXY(x, y, ENTRANCE_TOLERANCE_M)) entrances.push([lon, lat]);
  }
  if (entrances.length) return { kind: 'entrance', points: entrances };
  const crossings = boundaryCrossings(net, pi);
  if (crossings.length) return { kind: 'crossing', points: crossings };
  const turf = await import('@turf/turf'); // 150 ms to load: only when a polygon needs it
  const feature = { type: 'Feature' as const, properties: {}, geometry: g };
  let c = turf.centroid(feature).geometry.coordinates;
  if (!pi.contains(c[0], c[1])) c = turf.pointOnFeature(feature).geometry.coordinates;
  return { kind: 'centroid', points: [[c[0], c[1]]] };
}

/** where walkable edge segments cross the polygon's boundary */
export function boundaryCrossings(net: WalkNetwork, pi: PolygonIndex): Position[] {
  const ei = edgeIndex(net);
  const [x0, y0, x1, y1] = pi.lonLatBbox;
  const bx0 = ei.proj.x(x0);
  const by0 = ei.proj.y(y0);
  const bx1 = ei.proj.x(x1);
  const by1 = ei.proj.y(y1);
  const out: Position[] = [];
  for (const s of ei.index.search(bx0, by0, bx1, by1)) {
    const a = ei.segVertex[s];
    const ax = pi.proj.x(net.geomLon[a]);
    const ay = pi.proj.y(net.geomLat[a]);
    const bx = pi.proj.x(net.geomLon[a + 1]);
    const by = pi.proj.y(net.geomLat[a + 1]);
    for (const b of pi.segmentsNear(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
      const [cx, cy, dx, dy] = pi.segment(b);
      const t = intersect(ax, ay, bx, by, cx, cy, dx, dy);
      if (t >= 0) out.push([pi.proj.lon(ax + t * (bx - ax)), pi.proj.lat(ay + t * (by - ay))]);
    }
  }
  out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return out;
}

/** parameter t on AB of the intersection of segments AB and CD, or -1 */
function intersect(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (den === 0) return -1;
  const t = ((cx - ax) * sy - (cy - ay) * sx) / den;
  const u = ((cx - ax) * ry - (cy - ay) * rx) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? t : -1;
}

export interface SnappedOrigin {
  set: OriginSet;
  points: { lon: number; lat: number; snap: SnappedPoint }[];
  failed: { point: Position; reason: string }[];
}

/** SnappedPoint every point of every set; explain failures (swapped lat/lon, outside the network). */
export function snapOrigins(net: WalkNetwork, sets: OriginSet[], given: Partial<SnapOptions>): SnappedOrigin[] {
  const opts: SnapOptions = { ...DEFAULT_SNAP, ...given };
  // every point at once: a few origins are snapped without building the network's edge index
  const snaps = snapPoints(
    net,
    sets.flatMap((set) => set.points.map((p) => [p[0], p[1]] as [number, number])),
    opts,
  );
  let i = 0;
  return sets.map((set) => {
    const r: SnappedOrigin = { set, points: [], failed: [] };
    for (const p of set.points) {
      const s = snaps[i++];
      if (s.ok) r.points.push({ lon: p[0], lat: p[1], snap: s.snap });
      else r.failed.push({ point: p, reason: explainMiss(net, p, s.reason, opts.maxSnapM) });
    }
    return r;
  });
}

function explainMiss(net: WalkNetwork, p: Position, reason: string, maxSnapM: number): string {
  const [x0, y0, x1, y1] = net.meta.bbox;
  const m = maxSnapM / 100000;
  const inBox = (lon: number, lat: number) => lon >= x0 - m && lon <= x1 + m && lat >= y0 - m && lat <= y1 + m;
  const [lon, lat] = p;
  const at = `(${lon}, ${lat})`;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    if (Math.abs(lon) <= 90 && Math.abs(lat) <= 180)
      return `coordinates ${at} have a latitude beyond ±90: lat/lon look swapped (GeoJSON is [longitude, latitude])`;
    return `coordinates ${at} are out of range`;
  }
  if (!inBox(lon, lat)) {
    if (inBox(lat, lon))
      return `coordinates ${at} lie outside the network but (${lat}, ${lon}) would be inside: lat/lon look swapped (GeoJSON is [longitude, latitude])`;
    return (
      `coordinates ${at} lie outside the network's area (bbox ` +
      `${net.meta.bbox.map((v) => v.toFixed(4)).join(', ')}); check the coordinate system (WGS-84 ` +
      `expected) or the extract`
    );
  }
  return reason;
}
