/**
 * GeoJSON output as GIS users expect it: RFC 7946 FeatureCollection in WGS-84 (coordinates
 * rounded to 7 decimals, ~1 cm), exterior rings counter-clockwise, the OpenStreetMap attribution
 * as a foreign member, and no timestamps, so the same inputs give byte-identical files.
 */
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { VERSION } from '../util/version.js';

export const ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0, https://www.openstreetmap.org/copyright)';

export function featureCollectionJson(features: Feature<Geometry | null>[], extra: Record<string, unknown> = {}): string {
  const head = { type: 'FeatureCollection', attribution: ATTRIBUTION, generator: `lifecircle ${VERSION}`, ...extra };
  const open = JSON.stringify(head).slice(0, -1);
  // one feature per line: diff-friendly and streams well in QGIS
  return `${open},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** GeoJSON geometry text for polygons given as flat rings (see BandResult), closing each ring. */
export function polygonsJson(polygons: Float64Array[][]): string {
  const poly = (rings: Float64Array[]) => `[${rings.map(ringJson).join(',')}]`;
  if (polygons.length === 1) return `{"type":"Polygon","coordinates":${poly(polygons[0])}}`;
  return `{"type":"MultiPolygon","coordinates":[${polygons.map(poly).join(',')}]}`;
}

function ringJson(r: Float64Array): string {
  const parts: string[] = new Array(r.length / 2 + 1);
  for (let i = 0; i < r.length; i += 2) parts[i / 2] = `[${r[i]},${r[i + 1]}]`;
  parts[r.length / 2] = `[${r[0]},${r[1]}]`;
  return `[${parts.join(',')}]`;
}

/** GeoJSON geometry object for polygons given as flat rings (for tests and in-memory use). */
export function polygonsGeometry(polygons: Float64Array[][]): Polygon | MultiPolygon {
  const ring = (r: Float64Array): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i < r.length; i += 2) out.push([r[i], r[i + 1]]);
    out.push([r[0], r[1]]);
    return out;
  };
  const polys = polygons.map((p) => p.map(ring));
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

/** A feature whose geometry is already GeoJSON text (avoids building coordinate arrays). */
export interface RawFeature {
  properties: Record<string, unknown>;
  geometryJson: string | null;
}

export function rawFeatureCollectionJson(features: RawFeature[], extra: Record<string, unknown> = {}): string {
  const head = { type: 'FeatureCollection', attribution: ATTRIBUTION, generator: `lifecircle ${VERSION}`, ...extra };
  const open = JSON.stringify(head).slice(0, -1);
  const body = features.map((f) => `{"type":"Feature","properties":${JSON.stringify(f.properties)},"geometry":${f.geometryJson ?? 'null'}}`);
  return `${open},"features":[\n${body.join(',\n')}\n]}\n`;
}
