/**
 * GeoJSON facility lists: Point features, one row per point (a MultiPoint gives several rows with
 * the same feature number). Properties supply name, category, id, address and area through the same
 * column detection as tables. Other geometries are reported and skipped: a facility here is a place
 * one walks to, and choosing a point for a polygon (entrance? centroid?) is the caller's decision.
 */
import type { Feature } from 'geojson';
import { InputError } from '../util/errors.js';
import { type DetectedColumns, detectColumns } from './columns.js';
import { checkPoint } from './coordinate-checks.js';
import { ObjectRows } from './placed-rows.js';
import { AreaTally, attributes, type RowsResult } from './table-rows.js';
import type { ColumnMapping, Crs, FacilityRow, SkippedRow } from './types.js';

function propText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The features of a parsed GeoJSON document; refuses documents in a projected CRS. */
export function geojsonFeatures(doc: unknown, where: string): Feature[] {
  const d = doc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  const crsName = d?.crs?.properties?.name;
  if (typeof crsName === 'string' && !/4326|CRS84|4490|4214/i.test(crsName)) {
    throw new InputError(
      `${where}: declares the coordinate system ${crsName}; facility lists are read in ` +
        `longitude/latitude degrees (WGS-84, GCJ-02 or BD-09): export it again in EPSG:4326`,
    );
  }
  if (d?.type === 'FeatureCollection' && Array.isArray(d.features)) return d.features as Feature[];
  if (d?.type === 'Feature') return [d as Feature];
  throw new InputError(
    `${where}: not a GeoJSON FeatureCollection or Feature; give the facilities as Point features, or as CSV/XLSX with longitude and latitude columns`,
  );
}

export function geojsonRows(
  features: Feature[],
  opts: { crs: Crs; columns?: ColumnMapping; where: string },
): RowsResult & { cols: DetectedColumns } {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of features) {
    for (const k of Object.keys(f?.properties ?? {})) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const detect = (k: string[]) =>
    detectColumns(k, { crs: opts.crs, explicit: opts.columns, needCoordinates: false, where: opts.where });
  const cols = detect(keys);
  // properties differ between features more often than table columns do (名称 here, name there):
  // without an explicit mapping, detect on each distinct set of keys
  const bySignature = new Map<string, DetectedColumns>();
  const colsOf = (f: Feature): DetectedColumns => {
    if (opts.columns) return cols;
    const k = Object.keys(f.properties ?? {});
    const sig = k.join('\u0000');
    let c = bySignature.get(sig);
    if (!c) {
      c = detect(k);
      bySignature.set(sig, c);
    }
    return c;
  };
  const rows: FacilityRow[] = [];
  const skipped: SkippedRow[] = [];
  const tally = new AreaTally(cols.mapping.area, opts.columns?.area !== undefined, opts.where, 'feature');
  const swapHint = 'GeoJSON coordinates are [longitude, latitude]';

  features.forEach((f, i) => {
    const row = i + 1;
    const g = f?.geometry;
    if (!g) {
      skipped.push({ row, reason: 'has no geometry' });
      return;
    }
    if (g.type !== 'Point' && g.type !== 'MultiPoint') {
      skipped.push({
        row,
        reason: `is a ${g.type}; facilities are read as Point or MultiPoint features (convert the shape to a point, e.g. its entrance)`,
      });
      return;
    }
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) raw[k] = propText(v);
    const pts = g.type === 'Point' ? [g.coordinates] : g.coordinates;
    if (pts.length === 0) {
      skipped.push({ row, reason: `is an empty ${g.type}` });
      return;
    }
    pts.forEach((c, k) => {
      const which = g.type === 'MultiPoint' ? `point ${k + 1} of the MultiPoint: ` : '';
      if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
        skipped.push({ row, reason: `${which}coordinates ${JSON.stringify(c)} are not [longitude, latitude] numbers` });
        return;
      }
      const p = checkPoint(c[0], c[1], opts.crs, swapHint);
      if (!p.ok) {
        skipped.push({ row, reason: which + p.reason });
        return;
      }
      const fc = colsOf(f);
      const { areaText, ...attrs } = attributes(raw, fc.mapping, fc.areaFactor);
      if (k === 0) tally.add(row, areaText, attrs.floorAreaM2);
      if (attrs.sourceId === null && f.id !== undefined && f.id !== null) attrs.sourceId = String(f.id);
      rows.push({ row, lon: p.lon, lat: p.lat, ...attrs, raw: { ...raw } });
    });
  });
  const warnings = tally.finish(() => {
    for (const r of rows) r.floorAreaM2 = null;
  }, cols.mapping);
  return { rows: new ObjectRows(rows), skipped, warnings, cols };
}
