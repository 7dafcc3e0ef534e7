/**
 * The features kept beside the network, indexed once: `prepare` sorts out the entrances (points)
 * and residential areas (indexes into the tagged features) by the feature rules, and stores them
 * with the buildings as typed arrays in the network file; the first query on a loaded network
 * builds a Flatbush over the points, so every community asks "what is in my bounding box" instead
 * of re-scanning every feature.
 */
import Flatbush from 'flatbush';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { InputError } from '../util/errors.js';
import { sortUint32 } from '../util/sort-uint32.js';
import type { FeatureRules } from './feature-rules.js';
import type { PointSet, WalkNetwork } from './types.js';

/**
 * Entrances and residential areas among the tagged features, by the feature rules, taken as the
 * features come in their order (`prepare` encodes each one and lets it go), with the counts of
 * tagged points and areas.
 */
export class FeatureIndexer {
  private readonly lon: number[] = [];
  private readonly lat: number[] = [];
  private readonly osmId: number[] = [];
  private readonly areas: number[] = [];
  private i = 0;
  taggedPoints = 0;
  taggedAreas = 0;

  constructor(private readonly rules: FeatureRules) {}

  add(f: Feature): void {
    const p = f.properties as { osm_id: number; tags: Record<string, string> };
    const g = f.geometry;
    const t = g.type;
    if (t === 'Point') this.taggedPoints++;
    else if (t === 'Polygon' || t === 'MultiPolygon') this.taggedAreas++;
    if (t === 'Point' && this.rules.isEntrance(p.tags)) {
      this.lon.push(g.coordinates[0]);
      this.lat.push(g.coordinates[1]);
      this.osmId.push(p.osm_id);
    } else if ((t === 'Polygon' || t === 'MultiPolygon') && this.rules.isResidentialArea(p.tags))
      this.areas.push(this.i);
    this.i++;
  }

  result(): { entrances: PointSet; residentialAreas: Uint32Array } {
    return {
      entrances: {
        count: this.lon.length,
        lon: Float64Array.from(this.lon),
        lat: Float64Array.from(this.lat),
        osmId: Float64Array.from(this.osmId),
      },
      residentialAreas: Uint32Array.from(this.areas),
    };
  }
}

export function emptyPointSet(): PointSet {
  return { count: 0, lon: new Float64Array(0), lat: new Float64Array(0), osmId: new Float64Array(0) };
}

const pointIndexes = new WeakMap<Float64Array, Flatbush | null>();

/** a Flatbush over points, built on first use and kept with the arrays (null for no points) */
function pointIndex(lon: Float64Array, lat: Float64Array): Flatbush | null {
  let index = pointIndexes.get(lon);
  if (index !== undefined) return index;
  if (lon.length === 0) index = null;
  else {
    index = new Flatbush(lon.length);
    for (let i = 0; i < lon.length; i++) index.add(lon[i], lat[i], lon[i], lat[i]);
    index.finish();
  }
  pointIndexes.set(lon, index);
  return index;
}

function within(lon: Float64Array, lat: Float64Array, minLon: number, minLat: number, maxLon: number, maxLat: number) {
  const index = pointIndex(lon, lat);
  return index ? index.search(minLon, minLat, maxLon, maxLat).sort((a, b) => a - b) : [];
}

/** Indexes into `net.entrances` of the entrances inside the box (edges included), ascending. */
export function entrancesWithin(
  net: WalkNetwork,
  minLon: number,
  minLat: number,
  maxLon: number,
  maxLat: number,
): number[] {
  return within(net.entrances.lon, net.entrances.lat, minLon, minLat, maxLon, maxLat);
}

/** Indexes into `net.buildings` of the residential buildings whose centroid is inside the box, ascending. */
export function buildingsWithin(
  net: WalkNetwork,
  minLon: number,
  minLat: number,
  maxLon: number,
  maxLat: number,
): number[] {
  return within(net.buildings.lon, net.buildings.lat, minLon, minLat, maxLon, maxLat);
}

/**
 * Indexes of the points (lon[i], lat[i]) inside the box (edges included), ascending, as a
 * Uint32Array: the same Flatbush (built on first use and kept with the arrays), radix-sorted. For
 * callers that ask for many points many times (the report's maps: 86 frames over the buildings and
 * facilities, the overview holds all of them), where buildingsWithin's comparator sort was most of
 * the query's time.
 */
export function pointIdsWithin(
  lon: Float64Array,
  lat: Float64Array,
  minLon: number,
  minLat: number,
  maxLon: number,
  maxLat: number,
): Uint32Array {
  const index = pointIndex(lon, lat);
  return index ? sortUint32(Uint32Array.from(index.search(minLon, minLat, maxLon, maxLat))) : new Uint32Array(0);
}

/** The residential areas mapped in OSM (data/features.yaml `residential_areas`), in feature order. */
export function residentialAreas(net: WalkNetwork): Feature<Polygon | MultiPolygon>[] {
  if (net.residentialAreas.length === 0) return [];
  const all = net.features().tagged.features;
  return Array.from(net.residentialAreas, (i) => {
    const f = all[i];
    const t = f?.geometry?.type;
    if (t !== 'Polygon' && t !== 'MultiPolygon')
      throw new InputError(
        `corrupted network file: residential area ${i} is not a polygon of its features; run 'lifecircle prepare' on the OSM file again`,
      );
    return f as Feature<Polygon | MultiPolygon>;
  });
}
