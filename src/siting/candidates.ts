/**
 * Candidate sites for new facilities: a planner's file (vacant lots, ground floors for lease — any
 * list the facility-list readers take; a category column, when present, restricts a site to that
 * category), or points generated along the walkable streets in and near the communities at a
 * stated spacing (no steps, no water: a bridge is no building plot; motorways are not in the
 * walking network at all), optionally with OSM brownfield/greenfield/construction parcels.
 *
 * Every candidate is rounded to 7 decimals (the precision of every output) *before* it is
 * snapped, so a suggestion fed back as a planned facility snaps to exactly the same place.
 */
import { basename } from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { readFacilityList, rowLabel } from '../facilities/facility-list.js';
import type { ColumnMapping, Crs } from '../facilities/types.js';
import { resolveCategory } from '../profiles/names.js';
import type { Profile } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import { metresPerDegree } from '../geo/geodesy.js';
import { PolygonIndex } from '../geo/polygon-index.js';
import type { WalkNetwork } from '../network/types.js';
import { snapPoint, type SnapOptions, type SnappedPoint } from '../snap/snap.js';
import type { Community } from '../coverage/communities.js';
import { type GeneratedCandidates, round7, streetCandidates, waterAreas } from './street-candidates.js';

export type { GeneratedCandidates };

export interface Candidate {
  id: string;
  name: string | null;
  lon: number;
  lat: number;
  source: 'generated' | 'file' | 'parcel';
  /** category ids this site may take; null: any */
  categories: string[] | null;
  snap: SnappedPoint;
}

export const DEFAULT_SPACING_M = 100;
const PARCEL_LANDUSE = new Set(['brownfield', 'greenfield', 'construction']);

/** lon/lat boxes around the communities, widened by `marginM` */
export function studyBoxes(communities: Community[], marginM: number): [number, number, number, number][] {
  return communities.map((c) => {
    const pi = new PolygonIndex(c.geometry);
    const [x0, y0, x1, y1] = pi.lonLatBbox;
    const { kx, ky } = metresPerDegree((y0 + y1) / 2);
    return [x0 - marginM / kx, y0 - marginM / ky, x1 + marginM / kx, y1 + marginM / ky];
  });
}

export function inBoxes(boxes: [number, number, number, number][], lon: number, lat: number): boolean {
  for (const b of boxes) if (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]) return true;
  return false;
}

/**
 * Generated candidate sites: along the streets (street-candidates.ts), optionally with OSM
 * brownfield/greenfield/construction parcels.
 */
export function generateCandidates(
  net: WalkNetwork,
  boxes: [number, number, number, number][],
  spacingM: number,
  snapOpts: SnapOptions,
  { parcels = false } = {},
): GeneratedCandidates {
  const water = waterAreas(net).map((g) => new PolygonIndex(g));
  const g = streetCandidates(net, water, boxes, spacingM, snapOpts);
  if (parcels) g.candidates.push(...parcelCandidates(net, boxes, snapOpts, g.skipped));
  return g;
}

/** OSM landuse=brownfield|greenfield|construction areas: a point inside each (its pole of the bbox centre, else a vertex) */
function parcelCandidates(
  net: WalkNetwork,
  boxes: [number, number, number, number][],
  snapOpts: SnapOptions,
  skipped: { unsnapped: number },
): Candidate[] {
  const out: Candidate[] = [];
  for (const f of net.features().tagged.features as Feature[]) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const p = (f.properties ?? {}) as { tags?: Record<string, string>; osm_type?: string; osm_id?: number };
    const t = p.tags ?? {};
    if (!PARCEL_LANDUSE.has(t.landuse ?? '')) continue;
    const pi = new PolygonIndex(g as Polygon | MultiPolygon);
    const [x0, y0, x1, y1] = pi.lonLatBbox;
    let lon = (x0 + x1) / 2;
    let lat = (y0 + y1) / 2;
    if (!pi.contains(lon, lat)) {
      const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
      [lon, lat] = ring[0];
    }
    lon = round7(lon);
    lat = round7(lat);
    if (!inBoxes(boxes, lon, lat)) continue;
    const s = snapPoint(net, lon, lat, snapOpts);
    if (!s.ok) {
      skipped.unsnapped++;
      continue;
    }
    out.push({
      id: `${p.osm_type ?? 'way'}/${p.osm_id ?? out.length}`,
      name: t.name ?? null,
      lon,
      lat,
      source: 'parcel',
      categories: null,
      snap: s.snap,
    });
  }
  return out;
}

export interface FileCandidates {
  candidates: Candidate[];
  rows: number;
  outside: number;
  unsnapped: number;
  unknownCategories: Record<string, number>;
}

/**
 * A planner's candidate sites from any file the facility-list readers take. A category column, if
 * the file has one, limits each site to that category (an empty cell: any category).
 */
export async function readCandidateFile(
  net: WalkNetwork,
  spec: { file: string; crs: Crs; crsSpec?: string; layer?: string; columns?: ColumnMapping; sheet?: string },
  profile: Profile,
  boxes: [number, number, number, number][],
  snapOpts: SnapOptions,
): Promise<FileCandidates> {
  const list = await readFacilityList(spec.file, {
    crs: spec.crs,
    crsSpec: spec.crsSpec,
    layer: spec.layer,
    columns: spec.columns,
    sheet: spec.sheet,
  });
  const out: Candidate[] = [];
  let outside = 0;
  let unsnapped = 0;
  const unknown: Record<string, number> = {};
  for (const r of list.rows) {
    const lon = round7(r.lon);
    const lat = round7(r.lat);
    if (!inBoxes(boxes, lon, lat)) {
      outside++;
      continue;
    }
    let cats: string[] | null = null;
    const v = r.category?.trim();
    if (v) {
      const id = resolveCategory(profile, v);
      if (!id) {
        unknown[v] = (unknown[v] ?? 0) + 1;
        continue;
      }
      cats = [id];
    }
    const s = snapPoint(net, lon, lat, snapOpts);
    if (!s.ok) {
      unsnapped++;
      continue;
    }
    out.push({
      id: r.sourceId ?? `${basename(spec.file)} ${rowLabel(list.format)} ${r.row}`,
      name: r.name,
      lon,
      lat,
      source: 'file',
      categories: cats,
      snap: s.snap,
    });
  }
  if (!out.length)
    throw new InputError(
      `${spec.file}: none of its ${list.rows.length} candidate sites lies inside the study area (the communities and ` +
        `their walking distance around them)${outside ? `: ${outside} are outside` : ''}${unsnapped ? `, ${unsnapped} are too far from a walkable way` : ''}` +
        '; check the coordinate system (--candidates-crs) and that the file covers these communities',
    );
  return { candidates: out, rows: list.rows.length, outside, unsnapped, unknownCategories: unknown };
}
