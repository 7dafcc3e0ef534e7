/**
 * Tagged points and areas kept beside the network, as GeoJSON. Nodes become Points and closed
 * ways Polygons (when osm-polygon-features says their tags make an area, as Overpass turbo
 * decides); multipolygon relations — joining member ways into rings, holes — go to osmtogeojson
 * with just the ways and nodes they need. Areas also get their mapped entrances
 * (entrance=* / barrier=gate nodes on their outline).
 */
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

import { metresPerDegree } from '../geo/geodesy.js';
import type { Tags } from '../osm/block.js';
import type { OsmCollector } from './collect.js';
import type { FeatureRules } from './feature-rules.js';
import type { NodeStore } from './node-store.js';
import type { Buildings } from './types.js';

type OsmToGeoJson = (data: unknown, options?: { flatProperties?: boolean }) => unknown;
const require = createRequire(import.meta.url);

interface PolygonRule {
  key: string;
  polygon: 'all' | 'whitelist' | 'blacklist';
  values?: string[];
}
type PolygonRules = Map<string, { all: boolean; values: Set<string>; whitelist: boolean }>;
// read on first use: a run without features (isochrones on an OSM file) never needs the package (~2.5 ms)
let polygonRules: PolygonRules | null = null;
function polygonRulesOf(): PolygonRules {
  polygonRules ??= new Map(
    (require('osm-polygon-features') as PolygonRule[]).map((r) => [
      r.key,
      { all: r.polygon === 'all', values: new Set(r.values ?? []), whitelist: r.polygon === 'whitelist' },
    ]),
  );
  return polygonRules;
}

/** Is a closed way with these tags an area? (the Overpass turbo / osmtogeojson rule) */
function isAreaTags(tags: Tags): boolean {
  if (tags.area === 'no') return false;
  if (tags.area === 'yes') return true;
  const rules = polygonRulesOf();
  for (const k in tags) {
    const r = rules.get(k);
    const v = tags[k];
    if (!r || v === 'no') continue;
    if (r.all || (r.whitelist ? r.values.has(v) : !r.values.has(v))) return true;
  }
  return false;
}

/** Where a feature must lie to be kept (--clip), or null for everywhere. */
export type Inside = ((lon: number, lat: number) => boolean) | null;

/** Where the assembled features go, one at a time in their final order (by type, then id). */
export interface FeatureSink {
  add(f: Feature): void;
}

/** What the feature stages share: the collector, the clip test, the skip counter and the sink. */
class FeatureAssembly {
  constructor(
    readonly c: OsmCollector,
    private readonly inArea: Inside,
    readonly skip: (why: string) => void,
    readonly out: FeatureSink,
  ) {}

  inside(lon: number, lat: number): boolean {
    return !this.inArea || this.inArea(lon, lat);
  }

  wayRefs(id: number): Float64Array | null {
    const i = this.c.ways.find(id);
    return i < 0 ? null : this.c.ways.refsOf(i);
  }

  /** the nodes' positions, or null when one is missing from the file */
  coords(refs: ArrayLike<number>): Position[] | null {
    const store = this.c.nodes;
    const out: Position[] = [];
    for (let i = 0; i < refs.length; i++) {
      const j = store.indexOf(refs[i]);
      if (j < 0) return null;
      out.push([store.lonAt(j) / 1e7, store.latAt(j) / 1e7]);
    }
    return out;
  }

  /** entrance nodes on the given outlines, each once: [lon, lat, node id] */
  entrancesOf(ways: (ArrayLike<number> | null)[]): number[][] {
    const store = this.c.nodes;
    const acc: number[][] = [];
    for (const refs of ways) {
      if (!refs) continue;
      for (let i = 0; i < refs.length; i++) {
        const id = refs[i];
        if (!this.c.entranceNodes.has(id) || acc.some((e) => e[2] === id)) continue;
        const j = store.indexOf(id);
        if (j >= 0) acc.push([store.lonAt(j) / 1e7, store.latAt(j) / 1e7, id]);
      }
    }
    return acc;
  }

  add(type: string, id: number, tags: Tags, geometry: Geometry, entrances?: number[][]): void {
    this.out.add(feature(type, id, tags, geometry, entrances));
  }
}

function feature(type: string, id: number, tags: Tags, geometry: Geometry, entrances?: number[][]): Feature {
  const props: Record<string, unknown> = { osm_type: type, osm_id: id, tags };
  if (entrances?.length) props.entrances = entrances;
  return { type: 'Feature', properties: props, geometry };
}

/**
 * Tagged nodes, ways and multipolygons kept by the feature rules, as GeoJSON, into `out` sorted
 * by type and id (each kind sorted by id, stably, before it is assembled: the order of one stable
 * sort of them all, without holding them all).
 */
export function buildFeatures(
  c: OsmCollector,
  rules: FeatureRules,
  inArea: Inside,
  skip: (why: string) => void,
  out: FeatureSink,
): void {
  const f = new FeatureAssembly(c, inArea, skip, out);
  addNodes(f);
  addWays(f);
  addMultipolygons(f, rules);
}

/** the list itself when already in id order (a sorted file), else a stably sorted copy */
function byId<T>(list: T[], id: (x: T) => number): T[] {
  let sorted = true;
  for (let i = 1; i < list.length && sorted; i++) sorted = id(list[i - 1]) <= id(list[i]);
  return sorted ? list : list.slice().sort((a, b) => id(a) - id(b));
}

/** tagged nodes: Points */
function addNodes(f: FeatureAssembly): void {
  for (const n of byId(f.c.featureNodes, (x) => x.id)) {
    const lon = n.lon7 / 1e7;
    const lat = n.lat7 / 1e7;
    if (f.inside(lon, lat)) f.add('node', n.id, n.tags, { type: 'Point', coordinates: [lon, lat] });
  }
}

/** tagged ways: Polygons when closed and their tags make an area (with their entrances), else LineStrings */
function addWays(f: FeatureAssembly): void {
  for (const id of byId(f.c.featureWays, (x) => x)) {
    const refs = f.wayRefs(id)!;
    const tags = f.c.wayTags.get(id)!;
    const ring = f.coords(refs);
    if (!ring || ring.length < 2) {
      f.skip('ways with nodes missing from the file');
      continue;
    }
    if (!f.inside(ring[0][0], ring[0][1])) continue;
    const closed = refs.length >= 4 && refs[0] === refs[refs.length - 1];
    if (closed && isAreaTags(tags))
      f.add('way', id, tags, { type: 'Polygon', coordinates: [ccw(ring)] }, f.entrancesOf([refs]));
    else f.add('way', id, tags, { type: 'LineString', coordinates: ring });
  }
}

/** multipolygon relations: osmtogeojson assembles the rings from just the ways and nodes they need */
function addMultipolygons(f: FeatureAssembly, rules: FeatureRules): void {
  const c = f.c;
  const store = c.nodes;
  const elements: unknown[] = [];
  const nodeDone = new Set<number>();
  const wayDone = new Set<number>();
  for (const r of c.relations) {
    if (!rules.keep(r.tags)) continue;
    const members = r.members.filter((m) => m.type === 1);
    const refsList = members.map((m) => f.wayRefs(m.ref));
    if (refsList.some((x) => x === null || f.coords(x) === null)) {
      f.skip('multipolygons with members missing from the file');
      continue;
    }
    members.forEach((m, k) => {
      if (wayDone.has(m.ref)) return;
      wayDone.add(m.ref);
      const refs = refsList[k]!;
      for (const nid of refs) {
        if (nodeDone.has(nid)) continue;
        nodeDone.add(nid);
        const j = store.indexOf(nid);
        elements.push({ type: 'node', id: nid, lat: store.latAt(j) / 1e7, lon: store.lonAt(j) / 1e7 });
      }
      elements.push({ type: 'way', id: m.ref, nodes: Array.from(refs) });
    });
    elements.push({
      type: 'relation',
      id: r.id,
      members: members.map((m) => ({ type: 'way', ref: m.ref, role: m.role })),
      tags: r.tags,
    });
  }
  if (!elements.length) return;
  const relById = new Map(c.relations.map((r) => [r.id, r]));
  const osmtogeojson = require('osmtogeojson') as OsmToGeoJson; // CJS, loaded only when there are multipolygons
  const gj = osmtogeojson({ elements }, { flatProperties: false }) as FeatureCollection;
  const kept: Feature[] = [];
  for (const feat of gj.features) {
    const p = feat.properties as { type: string; id: number; tags: Tags };
    if (p?.type !== 'relation' || !p.tags || !rules.keep(p.tags)) continue;
    const pt = firstCoord(feat);
    if (pt && !f.inside(pt[0], pt[1])) continue;
    const rel = relById.get(p.id);
    const ways = (rel?.members ?? []).filter((m) => m.type === 1).map((m) => f.wayRefs(m.ref));
    kept.push(feature('relation', p.id, p.tags, feat.geometry, f.entrancesOf(ways)));
  }
  for (const x of byId(kept, (k) => k.properties!.osm_id as number)) f.out.add(x);
}

/** RFC 7946: exterior rings counter-clockwise */
function ccw(ring: Position[]): Position[] {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += (ring[i + 1][0] - ring[i][0]) * (ring[i + 1][1] + ring[i][1]);
  return a > 0 ? ring.reverse() : ring;
}

function firstCoord(f: Feature): number[] | null {
  const g = f.geometry;
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'LineString') return g.coordinates[0];
  if (g.type === 'Polygon') return g.coordinates[0][0];
  if (g.type === 'MultiPolygon') return g.coordinates[0][0][0];
  if (g.type === 'MultiLineString') return g.coordinates[0][0];
  return null;
}

/** Residential buildings: centroid, footprint (shoelace in a local metric frame) and levels. */
export function buildBuildings(c: OsmCollector, inArea: Inside, skip: (why: string) => void): Buildings {
  const n = c.buildingIds.n;
  const lonA = new Float64Array(n);
  const latA = new Float64Array(n);
  const areaA = new Float64Array(n);
  const levelsA = new Float64Array(n);
  const idA = new Float64Array(n);
  const explicitA = new Uint8Array(n);
  let m = 0;
  const shape = new BuildingShape();
  let later = 0; // the next outline kept for after the read (its nodes came after it)
  for (let b = 0; b < n; b++) {
    let code = c.buildingState.a[b];
    let lon = c.buildingLon.a[b];
    let lat = c.buildingLat.a[b];
    let area = c.buildingArea.a[b];
    if (code === SHAPE_MISSING) {
      code = shape.of(c.buildings.refsOf(later++), c.nodes);
      lon = shape.lon;
      lat = shape.lat;
      area = shape.area;
    }
    if (code !== SHAPE_OK) {
      skip(BUILDING_SKIPS[code]);
      continue;
    }
    if (inArea && !inArea(lon, lat)) continue;
    lonA[m] = lon;
    latA[m] = lat;
    areaA[m] = area;
    levelsA[m] = c.buildingLevels.a[b];
    idA[m] = c.buildingIds.a[b];
    explicitA[m] = c.buildingExplicit.a[b];
    m++;
  }
  // most outlines are kept: a view of the arrays rather than a second copy at the peak of `prepare`
  const cut = <T extends Float64Array | Uint8Array>(a: T): T => (m >= n * 0.9 ? a.subarray(0, m) : a.slice(0, m)) as T;
  return {
    count: m,
    lon: cut(lonA),
    lat: cut(latA),
    area: cut(areaA),
    levels: cut(levelsA),
    osmId: cut(idA),
    explicit: cut(explicitA),
  };
}

/** BuildingShape.of's answers: SHAPE_OK a centroid, else why the outline is skipped (BUILDING_SKIPS) */
export const SHAPE_OK = 0;
const SHAPE_NOT_CLOSED = 1;
const SHAPE_TOO_LONG = 2;
/** a node not read (yet): the collector keeps the outline for after the read */
export const SHAPE_MISSING = 3;
const SHAPE_NO_AREA = 4;
const BUILDING_SKIPS = [
  '',
  'building outlines that are not closed',
  'building outlines with more than 1024 nodes',
  'ways with nodes missing from the file',
  'building outlines with no area',
];

/**
 * One building outline's centroid and footprint, or why it is skipped. One home for the rule:
 * the collector applies it as each outline arrives (its nodes came first in a sorted file), and
 * the buildings layer to the outlines whose nodes came later.
 */
export class BuildingShape {
  lon = 0;
  lat = 0;
  /** m², to 0.1 */
  area = 0;
  private xs = new Float64Array(1024);
  private ys = new Float64Array(1024);

  /** SHAPE_OK with the centroid in `lon`, `lat` and the footprint in `area`, else a skip code */
  of(refs: ArrayLike<number>, store: NodeStore): number {
    const { xs, ys } = this;
    const len = refs.length;
    if (len < 4 || refs[0] !== refs[len - 1]) return SHAPE_NOT_CLOSED;
    if (len > xs.length) return SHAPE_TOO_LONG;
    // the closing reference is the first one again: not looked up twice (~1 lookup in 8)
    for (let i = 0; i < len - 1; i++) {
      const j = store.indexOf(refs[i]);
      if (j < 0) return SHAPE_MISSING;
      xs[i] = store.lonAt(j) / 1e7;
      ys[i] = store.latAt(j) / 1e7;
    }
    xs[len - 1] = xs[0];
    ys[len - 1] = ys[0];
    const lon0 = xs[0];
    const lat0 = ys[0];
    const { kx, ky } = metresPerDegree(lat0);
    let a2 = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i + 1 < len; i++) {
      const x1 = (xs[i] - lon0) * kx;
      const y1 = (ys[i] - lat0) * ky;
      const x2 = (xs[i + 1] - lon0) * kx;
      const y2 = (ys[i + 1] - lat0) * ky;
      const cr = x1 * y2 - x2 * y1;
      a2 += cr;
      cx += (x1 + x2) * cr;
      cy += (y1 + y2) * cr;
    }
    if (Math.abs(a2) < 1e-9) return SHAPE_NO_AREA;
    this.lon = round7(lon0 + cx / (3 * a2) / kx);
    this.lat = round7(lat0 + cy / (3 * a2) / ky);
    this.area = Math.round(Math.abs(a2 / 2) * 10) / 10;
    return SHAPE_OK;
  }
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
