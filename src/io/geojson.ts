/**
 * GeoJSON output as GIS users expect it: RFC 7946 FeatureCollection in WGS-84 (coordinates
 * rounded to 7 decimals, ~1 cm), exterior rings counter-clockwise, the OpenStreetMap attribution
 * as a foreign member, and no timestamps, so the same inputs give byte-identical files.
 */
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { VERSION } from '../util/version.js';
import { AsciiWriter } from './ascii-writer.js';
import { type ChunkSource, Chunks, collectChunks } from './chunks.js';

export const ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0, https://www.openstreetmap.org/copyright)';

export function featureCollectionJson(
  features: Feature<Geometry | null>[],
  extra: Record<string, unknown> = {},
): string {
  const head = { type: 'FeatureCollection', attribution: ATTRIBUTION, generator: `lifecircle ${VERSION}`, ...extra };
  const open = JSON.stringify(head).slice(0, -1);
  // one feature per line: diff-friendly and streams well in QGIS
  return `${open},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

/**
 * GeoJSON geometry for polygons given as flat rings (see BandResult), closing each ring, as UTF-8
 * bytes written digit by digit: formatting hundreds of thousands of coordinates through strings
 * was most of the time spent writing a large isochrone file.
 */
export function polygonsJson(polygons: Float64Array[][]): Uint8Array {
  let n = 64;
  for (const p of polygons) for (const r of p) n += 24 * (r.length + 2) + 8;
  const w = new AsciiWriter(n);
  writePolygonsJson(w, polygons);
  return w.bytes();
}

/** the same text, written into `w` */
export function writePolygonsJson(w: AsciiWriter, polygons: Float64Array[][]): void {
  w.str(polygons.length === 1 ? '{"type":"Polygon","coordinates":' : '{"type":"MultiPolygon","coordinates":[');
  polygons.forEach((p, k) => {
    if (k) w.byte(44);
    w.byte(91);
    p.forEach((r, j) => {
      if (j) w.byte(44);
      w.byte(91);
      for (let i = 0; i <= r.length; i += 2) {
        if (i) w.byte(44);
        const q = i === r.length ? 0 : i; // close the ring with its first point
        w.byte(91);
        w.coord7(r[q]);
        w.byte(44);
        w.coord7(r[q + 1]);
        w.byte(93);
      }
      w.byte(93);
    });
    w.byte(93);
  });
  w.str(polygons.length === 1 ? '}' : ']}');
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

/** A feature whose geometry is already GeoJSON (UTF-8 bytes; avoids building coordinate arrays). */
export interface RawFeature {
  properties: Record<string, unknown>;
  geometryJson: Uint8Array | null;
}

/** the opening of a FeatureCollection up to its first feature: type, attribution, generator, extra members */
export function featureCollectionHead(extra: Record<string, unknown> = {}): string {
  const head = { type: 'FeatureCollection', attribution: ATTRIBUTION, generator: `lifecircle ${VERSION}`, ...extra };
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n`;
}

/** the end of a FeatureCollection after its last feature */
export const FEATURE_COLLECTION_TAIL = '\n]}\n';

/** a FeatureCollection written chunk by chunk (src/io/chunks.ts), one feature per line */
export const rawFeatureCollectionChunks =
  (features: Iterable<RawFeature>, extra: Record<string, unknown> = {}): ChunkSource =>
  (emit) => {
    const out = new Chunks(emit);
    out.text(featureCollectionHead(extra));
    let i = 0;
    for (const f of features) {
      out.text(`${i++ ? ',\n' : ''}{"type":"Feature","properties":${JSON.stringify(f.properties)},"geometry":`);
      if (f.geometryJson) out.bytes(f.geometryJson);
      else out.text('null');
      out.text('}');
    }
    out.text(FEATURE_COLLECTION_TAIL);
    out.flush();
  };

export function rawFeatureCollectionJson(features: RawFeature[], extra: Record<string, unknown> = {}): Buffer {
  return collectChunks(rawFeatureCollectionChunks(features, extra));
}
