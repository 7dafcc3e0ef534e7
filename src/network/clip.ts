/**
 * --clip: keep the part of the network inside an area plus a margin.
 *
 * The margin (default 1000 m, params/parameters.ts: the 15-minute life circle's walking distance) keeps the streets just
 * outside the area: a walk from inside may leave the area and come back (a bridge, a road around a
 * campus), and facilities just across the boundary serve residents inside. Cutting exactly at the
 * boundary would make both look unreachable. An edge is kept if any of its vertices is inside the
 * area or within the margin of it.
 */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { InputError } from '../util/errors.js';
import { bboxPolygon, PolygonIndex } from '../geo/polygon-index.js';

export interface ClipArea {
  /** what the user gave, for reports */
  label: string;
  geometry: Polygon | MultiPolygon;
  marginM: number;
}

export function parseClip(spec: string, marginM: number): ClipArea {
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length === 4 && parts.every((p) => p !== '' && Number.isFinite(Number(p)))) {
    const [minLon, minLat, maxLon, maxLat] = parts.map(Number);
    if (minLon >= maxLon || minLat >= maxLat)
      throw new InputError(`--clip ${spec}: expected minLon,minLat,maxLon,maxLat with min < max`);
    if (Math.abs(minLat) > 90 || Math.abs(maxLat) > 90 || Math.abs(minLon) > 180 || Math.abs(maxLon) > 180)
      throw new InputError(
        `--clip ${spec}: coordinates out of range (lon ±180, lat ±90); the order is minLon,minLat,maxLon,maxLat`,
      );
    return { label: spec, geometry: bboxPolygon([minLon, minLat, maxLon, maxLat]), marginM };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new InputError(`--clip ${spec}: neither a bbox (minLon,minLat,maxLon,maxLat) nor an existing GeoJSON file`);
    throw new InputError(`--clip ${spec}: cannot read GeoJSON (${(e as Error).message})`);
  }
  const polys: Polygon['coordinates'][] = [];
  const take = (g: Geometry | null | undefined) => {
    if (!g) return;
    if (g.type === 'Polygon') polys.push(g.coordinates);
    else if (g.type === 'MultiPolygon') polys.push(...g.coordinates);
    else if (g.type === 'GeometryCollection') g.geometries.forEach(take);
  };
  const d = doc as FeatureCollection | Feature | Geometry;
  if (d.type === 'FeatureCollection') for (const f of d.features) take(f.geometry);
  else if (d.type === 'Feature') take(d.geometry);
  else take(d as Geometry);
  if (!polys.length) throw new InputError(`--clip ${spec}: the GeoJSON has no Polygon or MultiPolygon`);
  return { label: spec, geometry: { type: 'MultiPolygon', coordinates: polys }, marginM };
}

export function clipTest(area: ClipArea): (lon: number, lat: number) => boolean {
  const idx = new PolygonIndex(area.geometry);
  const m = area.marginM;
  return (lon, lat) => idx.within(lon, lat, m);
}
