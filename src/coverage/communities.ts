/**
 * Communities (社区 work units): polygons with an id, a name and optionally households and/or
 * population, from the planner's GeoJSON — or, before the boundaries arrive, the named residential
 * areas mapped in OSM (landuse=residential, place=neighbourhood). Invalid polygons are repaired
 * where possible (self-intersections split, rings closed and rewound) and reported by id.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { hasSelfIntersection } from '../geo/self-intersections.js';
import { residentialAreas } from '../network/feature-index.js';
import { chooseKeys, type ExplicitKeys, type KeyChoice, keyText } from '../inputs/keys.js';
import { readInput } from '../inputs/read.js';
import type { InputLayer, RawFeature } from '../inputs/types.js';
import type { WalkNetwork } from '../network/types.js';
import { InputError } from '../util/errors.js';
import type { Gate } from './gates.js';

export interface Community {
  id: string;
  name: string | null;
  households: number | null;
  population: number | null;
  geometry: Polygon | MultiPolygon;
  /** 'file' or 'osm' */
  source: string;
  /** OSM type/id when from OSM */
  osmId?: string;
  /** feature number in the file (1-based) */
  feature: number;
  /** problems fixed or noticed in the geometry */
  repairs: string[];
  /** the gates file's gates on its boundary (gates.ts): set, it is a closed compound left only through its gates */
  gates?: Gate[];
}

export interface CommunityLoad {
  communities: Community[];
  skipped: { feature: number; id: string; reason: string }[];
  /** values that were not used (a households count that is not a positive number), by feature */
  warnings: string[];
  /** the file as read (format, CRS, encoding), for run.json; absent for OSM communities */
  input?: InputLayer;
  /** the property keys used for id, name, households and population */
  keys?: KeyChoice;
}

/** a positive count, or null with the reason when the value is present but unusable */
function count(v: unknown): { value: number | null; problem?: string } {
  if (v === null || v === undefined || v === '') return { value: null };
  const n = typeof v === 'number' ? v : Number(String(v).replace(/[,，\s]/g, ''));
  if (!Number.isFinite(n)) return { value: null, problem: `${JSON.stringify(v)} is not a number` };
  if (n <= 0) return { value: null, problem: `${n} is not a positive count` };
  return { value: n };
}

/** closes open rings, drops repeated vertices and degenerate rings; returns null if nothing is left */
function cleanRings(rings: Position[][], repairs: string[]): Position[][] | null {
  const out: Position[][] = [];
  let dropped = false;
  rings.forEach((ring, i) => {
    const pts: Position[] = [];
    for (const c of ring) {
      if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) continue;
      const last = pts[pts.length - 1];
      if (!last || last[0] !== c[0] || last[1] !== c[1]) pts.push([c[0], c[1]]);
    }
    if (pts.length >= 3 && (pts[0][0] !== pts[pts.length - 1][0] || pts[0][1] !== pts[pts.length - 1][1])) {
      pts.push([pts[0][0], pts[0][1]]);
      repairs.push(`ring ${i} was not closed`);
    }
    if (pts.length < 4) {
      repairs.push(`ring ${i} has fewer than 3 distinct points and was dropped`);
      if (i === 0) dropped = true;
      return;
    }
    out.push(pts);
  });
  // without its outer ring a polygon's holes mean nothing: the whole polygon goes
  return dropped || !out.length ? null : out;
}

/** an outline the repair step cannot fix: the community is skipped with this reason */
export class RepairError extends Error {}

/** turf.unkinkPolygon compares every pair of segments: beyond this it would run for minutes */
const MAX_UNKINK_VERTICES = 20_000;

export async function repairPolygon(
  g: Polygon | MultiPolygon,
  repairs: string[],
): Promise<Polygon | MultiPolygon | null> {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .map((p) => cleanRings(p, repairs))
    .filter((p): p is Position[][] => p !== null);
  if (!polys.length) return null;
  const turf = await import('@turf/turf');
  const geom: Polygon | MultiPolygon =
    polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  const feature: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: geom };
  const rewind = (f: Feature<Polygon | MultiPolygon>) =>
    (turf.rewind(f, { mutate: false }) as Feature<Polygon | MultiPolygon>).geometry;
  if (!hasSelfIntersection(polys)) return rewind(feature); // O(n log n); turf.kinks compares every pair
  if (polys.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0) > MAX_UNKINK_VERTICES)
    throw new RepairError(
      `has a self-intersecting outline of more than ${MAX_UNKINK_VERTICES.toLocaleString('en-US')} vertices, too large to split here; ` +
        'repair it in QGIS (Vector ▸ Geometry Tools ▸ Fix Geometries)',
    );
  // self-intersecting: split into simple parts (a bow-tie becomes two triangles)
  const parts: Position[][][] = [];
  for (const p of polys) {
    let split: Feature<Polygon>[];
    try {
      split = turf.unkinkPolygon({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates: p },
      }).features;
    } catch (e) {
      // e.g. a hole that repeats the outer ring: turf refuses vertices shared between rings
      throw new RepairError(
        `has a self-intersecting outline that cannot be split into simple parts (${(e as Error).message.replace(/\s*\(.*$/, '')}); ` +
          'repair it in QGIS (Vector ▸ Geometry Tools ▸ Fix Geometries)',
      );
    }
    for (const f of split) parts.push(f.geometry.coordinates);
  }
  repairs.push('self-intersecting outline split into simple parts');
  const fixed: Polygon | MultiPolygon =
    parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts };
  return rewind({ type: 'Feature', properties: {}, geometry: fixed });
}

/** how to read a communities file: the input stage's spec plus the property keys to use */
export interface CommunitySpec {
  file: string;
  crs?: string;
  layer?: string;
  towgs84?: string;
  fields?: ExplicitKeys;
  /** the study area's centre, to name the likely CRS of projected coordinates */
  near?: [number, number];
}

/**
 * A community is a neighbourhood a resident walks across: one wider than this is a district, city
 * or province boundary given by mistake, refused at once instead of rasterised for minutes.
 */
export const MAX_COMMUNITY_SPAN_KM = 30;

/**
 * Vertex bounds, so memory stays bounded: a community's outline drawn at survey precision has a
 * few thousand vertices, a 30 km one traced at 1 m under 100,000. A 200,000-vertex community runs
 * in about 0.7 GB here; at a million the GeoPackage writer runs out of memory. Beyond these the
 * file is refused with a line that says to simplify it.
 */
export const MAX_COMMUNITY_VERTICES = 250_000;
export const MAX_FILE_VERTICES = 1_000_000;

export async function readCommunities(spec: CommunitySpec | string): Promise<CommunityLoad> {
  const sp: CommunitySpec = typeof spec === 'string' ? { file: spec } : spec;
  const path = sp.file;
  const layer = await readInput({
    file: path,
    crs: sp.crs,
    layer: sp.layer,
    towgs84: sp.towgs84,
    what: 'communities',
    near: sp.near,
  });
  const keys = chooseKeys(layer.features, sp.fields ?? {}, path);
  const out: Community[] = [];
  const skipped: CommunityLoad['skipped'] = layer.skipped.map((s) => ({
    feature: s.feature,
    id: s.id ?? `#${s.feature}`,
    reason: s.reason,
  }));
  const warnings: string[] = [...layer.warnings];
  const seen = new Map<string, number>();
  const simplify =
    'simplify the outlines in QGIS (Vector ▸ Geometry Tools ▸ Simplify, tolerance 0.5 m) and give the simplified file';
  let fileVertices = 0;
  for (const f of layer.features) {
    const n = vertexCount(f.geometry);
    fileVertices += n;
    const id = (keys.id ? keyText(f.properties[keys.id]) : null) ?? f.id;
    if (n > MAX_COMMUNITY_VERTICES)
      throw new InputError(
        `${path}: feature ${f.index}${id !== null ? ` (id ${id})` : ''} has ${n.toLocaleString('en-US')} vertices; a community outline ` +
          `may have at most ${MAX_COMMUNITY_VERTICES.toLocaleString('en-US')}: ${simplify}`,
      );
  }
  if (fileVertices > MAX_FILE_VERTICES)
    throw new InputError(
      `${path}: the communities have ${fileVertices.toLocaleString('en-US')} vertices in all, more than the ` +
        `${MAX_FILE_VERTICES.toLocaleString('en-US')} one run handles: ${simplify}, or split the file into several runs`,
    );
  for (const f of layer.features) {
    const p = f.properties;
    const id = (keys.id ? keyText(p[keys.id]) : null) ?? f.id ?? `#${f.index}`;
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      skipped.push({
        feature: f.index,
        id,
        reason: g ? `is a ${g.type}; communities are polygons` : 'has no geometry',
      });
      continue;
    }
    if (seen.has(id)) {
      skipped.push({
        feature: f.index,
        id,
        reason: `repeats the id of feature ${seen.get(id)}; give each community its own id`,
      });
      continue;
    }
    const span = spanKm(g);
    if (span > MAX_COMMUNITY_SPAN_KM)
      throw new InputError(
        `${path}: feature ${f.index} (id ${id}) is ${Math.round(span).toLocaleString('en-US')} km across; a community is at most ` +
          `${MAX_COMMUNITY_SPAN_KM} km across: is this a district, city or province boundary, or the wrong --communities-crs?`,
      );
    const repairs: string[] = [];
    let geometry: Polygon | MultiPolygon | null;
    try {
      geometry = await repairPolygon(g, repairs);
    } catch (e) {
      if (!(e instanceof RepairError)) throw e;
      skipped.push({ feature: f.index, id, reason: e.message });
      continue;
    }
    if (!geometry) {
      skipped.push({ feature: f.index, id, reason: `has no usable polygon (${repairs.join('; ')})` });
      continue;
    }
    seen.set(id, f.index);
    const hh = count(keys.households ? p[keys.households] : undefined);
    const pop = count(keys.population ? p[keys.population] : undefined);
    if (hh.problem)
      warnings.push(
        `${path}: feature ${f.index} (id ${id}): households ${hh.problem}; its residents are weighted by floor area instead`,
      );
    if (pop.problem) warnings.push(`${path}: feature ${f.index} (id ${id}): population ${pop.problem}; not used`);
    out.push({
      id,
      name: keys.name ? keyText(p[keys.name]) : null,
      households: hh.value,
      population: pop.value,
      geometry,
      source: 'file',
      feature: f.index,
      repairs,
    });
  }
  if (!out.length)
    throw new InputError(
      `${path}: no usable community polygons (${skipped[0] ? `feature ${skipped[0].feature} ${skipped[0].reason}` : 'the file has no features'})`,
    );
  return { communities: out, skipped, warnings, input: layer, keys };
}

function vertexCount(g: RawFeature['geometry']): number {
  if (!g) return 0;
  if (g.type === 'GeometryCollection') return g.geometries.reduce((n, x) => n + vertexCount(x), 0);
  const c = g.coordinates as unknown;
  let n = 0;
  const walk = (v: unknown, depth: number) => {
    if (depth === 0) n++;
    else if (Array.isArray(v)) for (const x of v) walk(x, depth - 1);
  };
  const depth = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }[g.type];
  walk(c, depth);
  return n;
}

/** the larger side of the bounding box, in km (WGS-84 degrees, equirectangular: a bound, not a measure) */
function spanKm(g: Polygon | MultiPolygon): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    for (const ring of poly)
      for (const c of ring) {
        if (c[0] < x0) x0 = c[0];
        if (c[0] > x1) x1 = c[0];
        if (c[1] < y0) y0 = c[1];
        if (c[1] > y1) y1 = c[1];
      }
  const k = 111.32;
  return Math.max((x1 - x0) * k * Math.cos((((y0 + y1) / 2) * Math.PI) / 180), (y1 - y0) * 110.57);
}

/**
 * Named residential areas mapped in OSM, standing in for community boundaries. Where none has a
 * name (common in Chinese extracts), the unnamed ones are used, identified by their OSM ids.
 */
export async function osmCommunities(net: WalkNetwork): Promise<CommunityLoad> {
  const named = await osmResidentialAreas(net, true);
  return named.communities.length ? named : osmResidentialAreas(net, false);
}

async function osmResidentialAreas(net: WalkNetwork, namedOnly: boolean): Promise<CommunityLoad> {
  const out: Community[] = [];
  const skipped: CommunityLoad['skipped'] = [];
  let k = 0;
  for (const f of residentialAreas(net)) {
    const g = f.geometry;
    const p = f.properties as { osm_type: string; osm_id: number; tags: Record<string, string> };
    const t = p.tags;
    k++;
    const name = t['name:zh'] ?? t.name ?? null;
    const id = `${p.osm_type}/${p.osm_id}`;
    if (!name && namedOnly) {
      skipped.push({ feature: k, id, reason: 'residential area without a name' });
      continue;
    }
    const repairs: string[] = [];
    const geometry = await repairPolygon(g, repairs);
    if (!geometry) continue;
    out.push({ id, name, households: null, population: null, geometry, source: 'osm', osmId: id, feature: k, repairs });
  }
  return { communities: out, skipped, warnings: [] };
}
