/**
 * The walking network: graph nodes (intersections and way ends), edges with their geometry,
 * and connected components — all in typed arrays, the same layout as in the network file.
 */
import type { FeatureCollection } from 'geojson';
import type { FeaturesBytes } from './features-json.js';
import type { OsmCounts } from '../osm/read.js';

export const EDGE_STEPS = 1;
export const EDGE_AREA = 2; // outline of a pedestrian area
export const EDGE_FORWARD_ONLY = 4; // oneway:foot=yes
export const EDGE_BACKWARD_ONLY = 8; // oneway:foot=-1
// flags for walkers (data/walkers.yaml), set by data/walk-rules.yaml `flags:`
export const EDGE_WHEELCHAIR_NO = 16; // wheelchair=no
export const EDGE_ROUGH = 32; // surface/smoothness a wheelchair cannot use
export const EDGE_STEEP = 64; // incline beyond the ramp limit
export const EDGE_KERB = 128; // a raised kerb mapped on the way

/**
 * Ids of the nodes and ways made from a planner's road lines (src/roads): from 2^52 up, above any
 * OSM id and still exact in a Float64; a road way's id is ROAD_ID_BASE + its feature number in the file.
 */
export const ROAD_ID_BASE = 2 ** 52;

/** the road file's feature number of a way made from a road line, else null (an OSM way) */
export function roadFeatureOf(wayId: number): number | null {
  return wayId >= ROAD_ID_BASE ? wayId - ROAD_ID_BASE : null;
}

/** what merging a planner's road lines did (network meta, run.json `inputs.roads`) */
export interface RoadsRecord {
  path: string;
  /** the road file's size and sha256 when it was read (a changed file makes the network stale) */
  bytes?: number;
  sha256?: string;
  mode: 'replace' | 'add';
  class_field: string | null;
  classes_sha256: string;
  features: number;
  walkable_features: number;
  lines_used: number;
  /** length of the walkable lines used */
  km_lines: number;
  /** length of OSM's walkable ways (replaced, or kept beside the lines) */
  km_osm_ways: number;
  /** length of the network's edges made from road lines (after --clip) */
  km_in_network: number;
  /** add: stretches of road lines that repeat an OSM way node for node, left out */
  km_already_in_osm: number;
  shared_vertices: number;
  crossings_noded: number;
  crossings_separated: number;
  snap_tolerance_m: number;
  ends_snapped: number;
  max_snap_m: number;
  dead_ends: number;
  nodes_joined_to_osm: number;
  osm_ways_given_nodes: number;
  /** features (or lines) not used, per reason */
  skipped: Record<string, number>;
  excluded_classes: Record<string, number>;
  unknown_classes: Record<string, number>;
  no_class_value: number;
}

export interface NetworkSource {
  path: string;
  format: string;
  bytes: number;
  sha256: string;
  counts: OsmCounts;
  bounds?: [number, number, number, number];
}

export interface NetworkMeta {
  tool: string;
  source: NetworkSource;
  rulesHash: string;
  /** sha256 of data/features.yaml when the features were built (absent: built without features) */
  featureRulesHash?: string;
  clip?: { area: string; marginM: number };
  /** [minLon, minLat, maxLon, maxLat] of the network's nodes */
  bbox: [number, number, number, number];
  highwayNames: string[];
  /**
   * the walk rules (data/walk-rules.yaml) by number, "12: Streets and paths people walk on.", as
   * edgeRule indexes them; index 0 ('') stands for an edge no walk rule admitted (kept for lines added
   * from elsewhere; a planner's road lines go through the rules by their class, data/road-classes.yaml)
   */
  walkRuleNames: string[];
  /** sizes (node counts) of components by component id; component 0 is the largest */
  componentSizes: number[];
  stats: NetworkStats;
  /** the planner's road lines merged into the network (absent: OSM's ways only) */
  roads?: RoadsRecord;
}

export interface NetworkStats {
  taggedPoints: number;
  taggedAreas: number;
  residentialAreas: number;
  residentialBuildings: number;
  skipped: Record<string, number>;
}

export interface WalkNetwork {
  meta: NetworkMeta;
  nodeCount: number;
  edgeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  nodeOsmId: Float64Array;
  /** component id per node (0 = largest) */
  nodeComp: Uint32Array;
  edgeU: Uint32Array;
  edgeV: Uint32Array;
  /** geodesic length in metres */
  edgeLen: Float64Array;
  edgeFlags: Uint8Array;
  /**
   * search cost per edge when it differs from edgeLen (a walker's penalties: elderly walkers count
   * a flight of steps as longer than it is); the CSR weights read it, lengths and geometry do not
   */
  edgeCost?: Float64Array;
  /** index into meta.highwayNames */
  edgeHighway: Uint8Array;
  /** the walk rule that admitted the edge's way: index into meta.walkRuleNames (0: none) */
  edgeRule: Uint8Array;
  edgeWay: Float64Array;
  /** edge e's vertices are geomLon/geomLat[geomOff[e] .. geomOff[e+1]), from u to v */
  geomOff: Uint32Array;
  geomLon: Float64Array;
  geomLat: Float64Array;
  /** residential buildings as points (centroids) with footprint and levels */
  buildings: Buildings;
  /** entrance nodes among the tagged points (data/features.yaml `entrances`), in feature order */
  entrances: PointSet;
  /** indexes into features().tagged.features of the residential areas (`residential_areas`) */
  residentialAreas: Uint32Array;
  /** tagged points and areas, parsed lazily from the network file */
  features(): OsmFeatures;
  /** the features section's bytes, when the build encoded the features as it made them (prepare) */
  featuresJson?: FeaturesBytes;
}

export interface Buildings {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  /** footprint in m² */
  area: Float64Array;
  /** building:levels, 0 when unknown */
  levels: Float64Array;
  osmId: Float64Array;
  /** 1 for an explicitly residential type (apartments, house, …), 0 for building=yes */
  explicit: Uint8Array;
}

/** Points with their OSM node ids (query them with feature-index.ts). */
export interface PointSet {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  osmId: Float64Array;
}

/** Tagged OSM objects kept beside the network (GeoJSON, WGS-84). */
export interface OsmFeatures {
  /** points and areas with tags; properties: osm_type, osm_id, tags, entrances? ([lon, lat, node id][]) */
  tagged: FeatureCollection;
}
