/** Shapes of the input stage: a planner's file as read (raw) and as delivered in WGS-84. */
import type { Geometry } from 'geojson';
import type { InputCrs } from './crs.js';

export type InputFormat = 'geojson' | 'shapefile' | 'geopackage' | 'csv' | 'xlsx';

/** one feature as stored in the file, coordinates not yet converted */
export interface RawFeature {
  /** 1-based position in the file (GeoJSON feature, Shapefile record, GeoPackage row, table row) */
  index: number;
  /** the file's own feature id (GeoJSON `id`, GeoPackage fid), or null */
  id: string | null;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
  /** why the geometry could not be read, when it could not */
  problem?: string;
}

export interface RawLayer {
  format: InputFormat;
  layer: string | null;
  /** the CRS the file declares (.prj, gpkg srs, GeoJSON crs), null when it declares none */
  fileCrs: InputCrs | null;
  /** text encoding found (GeoJSON, DBF), null when the format fixes it */
  encoding: string | null;
  features: RawFeature[];
  warnings: string[];
  /** the features are already WGS-84, converted from this CRS by the reader (tables) */
  converted?: InputCrs;
}

export interface SkippedFeature {
  feature: number;
  id: string | null;
  reason: string;
}

/** a planner's file in WGS-84, with what was read and assumed */
export interface InputLayer {
  path: string;
  format: InputFormat;
  layer: string | null;
  crs: InputCrs;
  /** where the CRS came from */
  crsSource: 'given' | 'file' | 'default';
  /** projected coordinates came northing first and were swapped */
  axisSwapped: boolean;
  encoding: string | null;
  features: RawFeature[];
  skipped: SkippedFeature[];
  warnings: string[];
}

/** what a caller asks for: the file and how to read it (the job's `{file, crs, layer, …}`) */
export interface InputSpec {
  file: string;
  /** the --crs / crs: value as given */
  crs?: string;
  layer?: string;
  towgs84?: string;
  /** what the file holds, for messages ("communities", "gates", "road lines") */
  what: string;
  /** a point of the study area (the network's centre), to name the likely CRS of projected coordinates */
  near?: [number, number];
}
