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
import type { MultiPolygon, Polygon, Position } from 'geojson';
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
  // the file's structure checked before use: a damaged polygon is one line naming it, not a crash
  const polys: Polygon['coordinates'][] = [];
  const bad = (where: string, what: string): never => {
    throw new InputError(
      `--clip ${spec}: ${where}: ${what}; give the area as GeoJSON Polygon or MultiPolygon features in WGS-84`,
    );
  };
  const ring = (r: unknown, where: string): Position[] => {
    if (!Array.isArray(r) || r.length < 4) return bad(where, 'a ring is not a list of at least 4 positions');
    for (const c of r)
      if (
        !Array.isArray(c) ||
        typeof c[0] !== 'number' ||
        typeof c[1] !== 'number' ||
        !(Math.abs(c[0]) <= 180) ||
        !(Math.abs(c[1]) <= 90)
      )
        bad(where, 'a position is not [longitude, latitude] in degrees');
    return r as Position[];
  };
  const polygon = (p: unknown, where: string) => {
    if (!Array.isArray(p) || p.length === 0) bad(where, 'a polygon is not a list of rings');
    polys.push((p as unknown[]).map((r) => ring(r, where)));
  };
  const take = (g: unknown, where: string, depth = 0) => {
    if (g === null || g === undefined) return;
    if (typeof g !== 'object' || depth > 8) return bad(where, 'the geometry is not a GeoJSON geometry object');
    const o = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
    if (o.type === 'Polygon') polygon(o.coordinates, where);
    else if (o.type === 'MultiPolygon') {
      if (!Array.isArray(o.coordinates)) bad(where, 'the coordinates are not a list of polygons');
      for (const p of o.coordinates as unknown[]) polygon(p, where);
    } else if (o.type === 'GeometryCollection') {
      if (!Array.isArray(o.geometries)) bad(where, 'the geometries are not a list');
      for (const x of o.geometries as unknown[]) take(x, where, depth + 1);
    }
  };
  const d = doc as { type?: unknown; features?: unknown; geometry?: unknown } | null;
  if (!d || typeof d !== 'object') bad('the file', 'it is not a GeoJSON object');
  if (d!.type === 'FeatureCollection') {
    if (!Array.isArray(d!.features)) bad('the file', 'its "features" is not a list');
    (d!.features as unknown[]).forEach((f, i) => {
      if (f && typeof f === 'object') take((f as { geometry?: unknown }).geometry, `feature ${i + 1}`);
    });
  } else if (d!.type === 'Feature') take(d!.geometry, 'the feature');
  else take(d, 'the geometry');
  if (!polys.length) throw new InputError(`--clip ${spec}: the GeoJSON has no Polygon or MultiPolygon`);
  return { label: spec, geometry: { type: 'MultiPolygon', coordinates: polys }, marginM };
}

export function clipTest(area: ClipArea): (lon: number, lat: number) => boolean {
  const idx = new PolygonIndex(area.geometry);
  const m = area.marginM;
  // a point more than the margin outside the area's box is outside: most of a large file, at once
  const [x0, y0, x1, y1] = idx.bbox;
  return (lon, lat) => {
    const x = idx.proj.x(lon);
    const y = idx.proj.y(lat);
    if (x < x0 - m || x > x1 + m || y < y0 - m || y > y1 + m) return false;
    return idx.withinXY(x, y, m);
  };
}
