/**
 * Tagged points and areas kept beside the network, as GeoJSON. Multipolygon assembly (joining
 * member ways into rings, holes) is osmtogeojson's job; we hand it only the kept objects and the
 * ways and nodes they need, in Overpass-JSON shape. Areas also get their mapped entrances
 * (entrance=* / barrier=gate nodes on their outline).
 */
import type { Feature, FeatureCollection } from 'geojson';
import osmtogeojsonImport from 'osmtogeojson';
import { LocalProjection } from '../geo/geodesy.js';
import type { Tags } from '../osm/block.js';
import type { OsmCollector } from './collect.js';
import type { FeatureRules } from './feature-rules.js';
import type { OsmFeatures } from './types.js';

// CJS interop: at runtime the default import is module.exports itself (see stack.md)
type OsmToGeoJson = (data: unknown, options?: { flatProperties?: boolean }) => unknown;
const osmtogeojson = ((osmtogeojsonImport as unknown as { default?: OsmToGeoJson }).default ?? osmtogeojsonImport) as unknown as OsmToGeoJson;

export interface FeatureBuild {
  features: OsmFeatures;
  skipped: Record<string, number>;
}

type El = { type: 'node'; id: number; lat: number; lon: number; tags?: Tags } | { type: 'way'; id: number; nodes: number[]; tags?: Tags } | { type: 'relation'; id: number; members: { type: string; ref: number; role: string }[]; tags: Tags };

const MEMBER = ['node', 'way', 'relation'];

export function buildFeatures(c: OsmCollector, rules: FeatureRules, inArea: ((lon: number, lat: number) => boolean) | null): FeatureBuild {
  const store = c.nodes;
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);
  const elements: El[] = [];
  const nodeDone = new Set<number>();
  const pushNode = (id: number): boolean => {
    if (nodeDone.has(id)) return true;
    const j = store.indexOf(id);
    if (j < 0) return false;
    nodeDone.add(id);
    elements.push({ type: 'node', id, lat: store.lat[j] / 1e7, lon: store.lon[j] / 1e7 });
    return true;
  };
  const wayDone = new Set<number>();
  const pushWay = (id: number, withTags: boolean): boolean => {
    if (wayDone.has(id)) return true;
    const w = c.ways.get(id);
    if (!w) return false;
    let ok = true;
    for (const r of w.refs) ok = pushNode(r) && ok;
    if (!ok) return false;
    wayDone.add(id);
    elements.push({ type: 'way', id, nodes: Array.from(w.refs), ...(withTags && w.tags ? { tags: w.tags } : {}) });
    return true;
  };
  const inside = (lon: number, lat: number) => !inArea || inArea(lon, lat);

  for (const n of c.featureNodes) {
    if (!inside(n.lon7 / 1e7, n.lat7 / 1e7)) continue;
    nodeDone.add(n.id);
    elements.push({ type: 'node', id: n.id, lat: n.lat7 / 1e7, lon: n.lon7 / 1e7, tags: n.tags });
  }
  for (const id of c.featureWays) if (!pushWay(id, true)) skip('ways with nodes missing from the file');
  for (const r of c.relations) {
    if (!rules.keep(r.tags)) continue;
    let ok = true;
    for (const m of r.members) if (m.type === 1 && !pushWay(m.ref, false)) ok = false;
    if (!ok) {
      skip('multipolygons with members missing from the file');
      continue;
    }
    elements.push({ type: 'relation', id: r.id, members: r.members.filter((m) => m.type === 1).map((m) => ({ type: MEMBER[m.type], ref: m.ref, role: m.role })), tags: r.tags });
  }

  const gj = osmtogeojson({ elements }, { flatProperties: false }) as unknown as FeatureCollection;
  const out: Feature[] = [];
  const entranceOf = (refs: ArrayLike<number>, acc: number[][]) => {
    for (let i = 0; i < refs.length; i++) {
      const id = refs[i];
      if (!c.entranceNodes.has(id)) continue;
      if (acc.some((e) => e[2] === id)) continue;
      const j = store.indexOf(id);
      if (j >= 0) acc.push([store.lon[j] / 1e7, store.lat[j] / 1e7, id]);
    }
  };
  const relById = new Map(c.relations.map((r) => [r.id, r]));
  for (const f of gj.features) {
    const p = f.properties as { type: string; id: number; tags: Tags };
    if (!p || !p.tags || !rules.keep(p.tags)) continue;
    if (p.type !== 'node' && inArea) {
      const pt = firstCoord(f);
      if (pt && !inside(pt[0], pt[1])) continue;
    }
    const props: Record<string, unknown> = { osm_type: p.type, osm_id: p.id, tags: p.tags };
    if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') {
      const ent: number[][] = [];
      if (p.type === 'way') entranceOf(c.ways.get(p.id)?.refs ?? [], ent);
      else if (p.type === 'relation') for (const m of relById.get(p.id)?.members ?? []) if (m.type === 1) entranceOf(c.ways.get(m.ref)?.refs ?? [], ent);
      if (ent.length) props.entrances = ent;
    }
    out.push({ type: 'Feature', properties: props, geometry: f.geometry });
  }
  // deterministic order: by type then id
  const rank: Record<string, number> = { node: 0, way: 1, relation: 2 };
  out.sort((a, b) => rank[a.properties!.osm_type as string] - rank[b.properties!.osm_type as string] || (a.properties!.osm_id as number) - (b.properties!.osm_id as number));

  return { features: { tagged: { type: 'FeatureCollection', features: out }, buildings: buildings(c, rules, inside, skip) }, skipped };
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

/** Residential buildings as [lon, lat, footprint m², levels (0 unknown), osm way id, explicit (1) or building=yes (0)]. */
function buildings(c: OsmCollector, rules: FeatureRules, inside: (lon: number, lat: number) => boolean, skip: (why: string) => void): number[][] {
  const store = c.nodes;
  const out: number[][] = [];
  for (const id of c.buildingWays) {
    const w = c.ways.get(id)!;
    const refs = w.refs;
    if (refs.length < 4 || refs[0] !== refs[refs.length - 1]) {
      skip('building outlines that are not closed');
      continue;
    }
    const js: number[] = [];
    for (const r of refs) {
      const j = store.indexOf(r);
      if (j < 0) break;
      js.push(j);
    }
    if (js.length !== refs.length) {
      skip('ways with nodes missing from the file');
      continue;
    }
    const proj = new LocalProjection(store.lon[js[0]] / 1e7, store.lat[js[0]] / 1e7);
    let a2 = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i + 1 < js.length; i++) {
      const x1 = proj.x(store.lon[js[i]] / 1e7);
      const y1 = proj.y(store.lat[js[i]] / 1e7);
      const x2 = proj.x(store.lon[js[i + 1]] / 1e7);
      const y2 = proj.y(store.lat[js[i + 1]] / 1e7);
      const cr = x1 * y2 - x2 * y1;
      a2 += cr;
      cx += (x1 + x2) * cr;
      cy += (y1 + y2) * cr;
    }
    if (Math.abs(a2) < 1e-9) {
      skip('building outlines with no area');
      continue;
    }
    const lon = proj.lon(cx / (3 * a2));
    const lat = proj.lat(cy / (3 * a2));
    if (!inside(lon, lat)) continue;
    const tags = w.tags ?? {};
    const levels = Number.parseFloat(tags['building:levels'] ?? '');
    out.push([round7(lon), round7(lat), Math.round(Math.abs(a2 / 2) * 10) / 10, Number.isFinite(levels) && levels > 0 ? levels : 0, id, tags.building === 'yes' ? 0 : 1]);
    void rules;
  }
  return out;
}

export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
