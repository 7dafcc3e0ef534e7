/** Defaults of isochrones and snapping, in a module light enough for the CLI to load at start-up. */
export const DEFAULT_CORRIDOR_M = 50;
export const DEFAULT_RESOLUTION_M = 10;
/** a point farther than this from any walkable way is not snapped (see docs/isochrones.md) */
export const DEFAULT_MAX_SNAP_M = 200;
/** a point is not snapped onto a fragment with fewer graph nodes than this (unless it is the largest) */
export const DEFAULT_MIN_COMPONENT = 50;
