/**
 * CSV/XLSX tables as point features, for every input kind that takes points (origins, gates,
 * candidate sites): the facility-list table reader (encodings, header detection, coordinate
 * columns, per-row checks) does the reading, and each usable row becomes a Point with the row's
 * cells as properties. Rows it skipped are carried over with their reasons.
 */
import { readFacilityList } from '../facilities/facility-list.js';
import { parseColumnsOption } from '../facilities/columns.js';
import { looksSwapped, parseCrsSpec } from './crs.js';
import type { InputSpec, RawLayer } from './types.js';

export async function readTablePoints(
  spec: InputSpec & { columns?: string; sheet?: string },
  format: 'csv' | 'xlsx',
): Promise<RawLayer> {
  const crs = spec.crs ? parseCrsSpec(spec.crs, spec.file, spec.towgs84) : null;
  const list = await readFacilityList(spec.file, {
    crs: crs?.offset ?? 'wgs84',
    project:
      crs && !crs.offset
        ? { label: crs.label, toWgs84: crs.toWgs84, axisSwapped: (s) => looksSwapped(crs, s) }
        : undefined,
    columns: spec.columns ? parseColumnsOption(spec.columns) : undefined,
    sheet: spec.sheet,
  });
  return {
    format,
    layer: spec.sheet ?? null,
    fileCrs: null,
    encoding: list.encoding,
    converted: crs ?? undefined,
    features: [
      ...list.rows.map((r) => ({
        index: r.row,
        id: r.sourceId,
        properties: r.raw as Record<string, unknown>,
        geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
      })),
      ...list.skipped.map((s) => ({ index: s.row, id: null, properties: {}, geometry: null, problem: s.reason })),
    ].sort((a, b) => a.index - b.index),
    warnings: list.warnings,
  };
}
