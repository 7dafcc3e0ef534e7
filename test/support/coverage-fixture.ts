/**
 * Hand cases of the coverage stage on osm-fixture.ts networks: the analysis options, rectangular
 * communities and list facilities in the fixture's metre frame (`at(x, y)`).
 */
import type { Polygon } from 'geojson';
import type { CoverageOptions } from '../../src/coverage/analysis.js';
import type { Community } from '../../src/coverage/communities.js';
import type { Facility } from '../../src/facilities/facility.js';
import { parseBands } from '../../src/isochrone/bands.js';
import { at } from './osm-fixture.js';

/** the defaults of a run, with one-node fragments allowed (hand networks are tiny) */
export function handOptions(bands = '300m'): CoverageOptions {
  return {
    passShare: 0.9,
    snap: { maxSnapM: 200, minComponent: 1 },
    bands: parseBands(bands, 60),
    corridorM: 50,
    resolutionM: 10,
    gapResolutionM: 10,
  };
}

export const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]],
});

export const community = (id: string, g: Polygon, households: number | null = null): Community => ({
  id,
  name: id,
  households,
  population: null,
  geometry: g,
  source: 'file',
  feature: 1,
  repairs: [],
});

/** a planner's list facility at (x, y) */
export const listFacility = (
  category: string,
  x: number,
  y: number,
  id: string,
  floorAreaM2: number | null = null,
): Facility => ({
  key: `list:t:${id}:${category}`,
  category,
  source: 'list',
  sourceId: id,
  name: id,
  points: [at(x, y)],
  pointKind: 'point',
  floorAreaM2,
  merged: [],
});
