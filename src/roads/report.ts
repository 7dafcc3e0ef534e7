/** What merging the road lines did, as the lines printed on stderr (run.json keeps the record itself). */
import type { RoadsRecord } from '../network/types.js';

const list = (o: Record<string, number>, n = 6) => {
  const e = Object.entries(o).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const s = e
    .slice(0, n)
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
  return e.length > n ? `${s}, … (${e.length} values)` : s;
};

/** one summary line, and the warnings (what was left out or guessed) */
export function roadsReport(r: RoadsRecord): { summary: string; warnings: string[] } {
  const km = (v: number) => `${v.toFixed(1)} km`;
  const summary =
    `roads (${r.mode}): ${r.lines_used} lines from ${r.walkable_features} of ${r.features} features, ` +
    `${km(r.km_in_network)} in the network` +
    (r.mode === 'replace'
      ? ` instead of OSM's ${km(r.km_osm_ways)}`
      : ` added to OSM's ${km(r.km_osm_ways)}${r.km_already_in_osm ? ` (${km(r.km_already_in_osm)} already in OSM node for node, left out)` : ''}`) +
    `; class field ${r.class_field ?? 'none'}; ${r.shared_vertices} shared vertices, ${r.crossings_noded} crossings noded` +
    `, ${r.crossings_separated} left apart (bridge/tunnel/layer), ${r.ends_snapped} loose ends snapped within ${r.snap_tolerance_m} m` +
    (r.ends_snapped ? ` (farthest ${r.max_snap_m} m)` : '') +
    `, ${r.dead_ends} dead ends` +
    (r.mode === 'add' ? `; ${r.nodes_joined_to_osm} nodes joined to OSM ways` : '');
  const warnings: string[] = [];
  if (r.class_field === null)
    warnings.push(
      `${r.path}: no road class field found (looked for the keys in data/road-classes.yaml class_fields): every line is walked; ` +
        'name it with --road-class-field',
    );
  const skipped = Object.values(r.skipped).reduce((a, b) => a + b, 0);
  if (skipped) warnings.push(`${r.path}: ${skipped} features or lines not used: ${list(r.skipped)}`);
  const excluded = Object.values(r.excluded_classes).reduce((a, b) => a + b, 0);
  if (excluded)
    warnings.push(`${r.path}: ${excluded} lines not walkable by their class and left out: ${list(r.excluded_classes)}`);
  const unknown = Object.values(r.unknown_classes).reduce((a, b) => a + b, 0);
  if (unknown)
    warnings.push(
      `${r.path}: ${unknown} lines have a class value data/road-classes.yaml does not know, walked as ordinary roads: ${list(r.unknown_classes)}`,
    );
  if (r.no_class_value && r.class_field !== null)
    warnings.push(
      `${r.path}: ${r.no_class_value} lines have no ${r.class_field} value and are walked as ordinary roads`,
    );
  return { summary, warnings };
}
