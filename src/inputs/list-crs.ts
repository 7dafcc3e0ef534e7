/**
 * A facility list's --crs / crs: value split for the list reader: the degree systems (wgs84,
 * gcj02, bd09) go the list pipeline's own way; anything else (EPSG codes, .prj/WKT) is kept as
 * given and reprojected by the input stage. Parsed here once so a bad value fails before any work.
 */
import type { Crs } from '../facilities/types.js';
import { parseCrsSpec } from './crs.js';

export function listCrs(value: string | undefined, where: string): { crs: Crs; crsSpec?: string } {
  if (value === undefined || value.trim() === '') return { crs: 'wgs84' };
  const c = parseCrsSpec(value, where);
  return c.offset ? { crs: c.offset } : { crs: 'wgs84', crsSpec: value };
}
