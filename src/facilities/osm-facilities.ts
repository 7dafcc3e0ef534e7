/**
 * Facilities found in OSM: every tagged point or area kept by `prepare` that a profile category's
 * selectors match. One OSM object may serve several categories (a community centre with an
 * elderly service station). Areas are reached through their mapped entrances; without any, through
 * one point on their surface.
 */
import type { Feature, Geometry } from 'geojson';
import type { WalkNetwork } from '../network/types.js';
import { compileProfileMatcher } from '../profiles/selectors.js';
import type { Profile } from '../profiles/types.js';
import type { Facility } from './facility.js';

export async function osmFacilities(net: WalkNetwork, profile: Profile): Promise<Facility[]> {
  const match = compileProfileMatcher(profile);
  const out: Facility[] = [];
  let turf: typeof import('@turf/turf') | null = null;
  for (const f of net.features().tagged.features as Feature<
    Geometry,
    { osm_type: string; osm_id: number; tags: Record<string, string>; entrances?: number[][] }
  >[]) {
    const p = f.properties;
    const cats = match(p.tags);
    if (!cats.length) continue;
    let points: [number, number][];
    let pointKind: Facility['pointKind'];
    if (f.geometry.type === 'Point') {
      points = [[f.geometry.coordinates[0], f.geometry.coordinates[1]]];
      pointKind = 'point';
    } else if (p.entrances?.length) {
      points = p.entrances.map((e) => [e[0], e[1]]);
      pointKind = 'entrance';
    } else {
      turf ??= await import('@turf/turf');
      const c = turf.pointOnFeature(f).geometry.coordinates;
      points = [[Math.round(c[0] * 1e7) / 1e7, Math.round(c[1] * 1e7) / 1e7]];
      pointKind = 'surface';
    }
    const sourceId = `${p.osm_type}/${p.osm_id}`;
    const name = p.tags['name:zh'] ?? p.tags.name ?? p.tags['name:en'] ?? null;
    for (const category of cats)
      out.push({
        key: `osm:${sourceId}:${category}`,
        category,
        source: 'osm',
        sourceId,
        name,
        points,
        pointKind,
        floorAreaM2: null,
        merged: [],
      });
  }
  return out;
}
