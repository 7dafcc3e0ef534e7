/** A facility of one profile category, from OSM or a planner's list (or both, merged). */
export interface Facility {
  /** stable key: "osm:node/123:kindergarten", "list:<file>:<row>:kindergarten" */
  key: string;
  /** profile category id */
  category: string;
  /** 'osm', 'list', or 'osm+list' after a merge */
  source: string;
  /** OSM type/id ("way/123") or the list's id column, else "<file> line <n>" */
  sourceId: string;
  name: string | null;
  /**
   * where the facility is reached (WGS-84): an area's mapped entrances (all of them — parks and
   * campuses are entered through any gate), else one point on its surface; a point as given
   */
  points: [number, number][];
  pointKind: 'point' | 'entrance' | 'surface';
  floorAreaM2: number | null;
  /** keys of facilities from other sources merged into this one */
  merged: string[];
}

/** Facilities of the same category from different sources closer than this are the same one. */
export const MERGE_DISTANCE_M = 50;
