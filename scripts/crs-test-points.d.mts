/** Types of crs-test-points.mjs (plain JavaScript, shared with scripts/check-crs-table.mjs). */
export function testPoints(proj4: string): [number, number][];
