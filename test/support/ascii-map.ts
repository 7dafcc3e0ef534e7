/**
 * Hand cases drawn as maps, after OSRM's cucumber node maps:
 *
 *     a---b---c
 *         |
 *         d   1
 *
 * Every lowercase letter is an OSM node and every digit a place that is not a node (a point to snap,
 * route or measure from). One character is `gridM` metres across and one line `gridM` metres down
 * (default 10 m), so `a---b` is 40 m; x grows east, y north, from the top-left corner or from the
 * place named `origin`. The dashes and bars are for the reader only: the ways are
 * listed by their nodes, like OSRM's ways table — `['abc', { highway: 'residential' }]`.
 *
 * OSM ids: node `a` is 1, `b` 2, …; the i-th way is 101 + i; the i-th relation 201 + i.
 */
import { networkFromOsm, type BuildOptions } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { at, writeFixture, type Fixture, type Tags } from './osm-fixture.js';

export interface DrawnMap {
  /** the drawing; its common indentation is ignored */
  map: string;
  /** metres per character and per line (default 10) */
  gridM?: number;
  /** the place at (0, 0) of the test's frame (default: the drawing's top-left corner) */
  origin?: string;
  /** ways by their nodes, in order: `'abca'` is a closed ring */
  ways: [nodes: string, tags: Tags][];
  /** tags of nodes, by letter */
  nodeTags?: Record<string, Tags>;
  /** multipolygons: members are way indexes into `ways` with their role */
  relations?: [members: [way: number, role: string][], tags: Tags][];
}

export interface Drawn {
  fixture: Fixture;
  /** [lon, lat] of a letter or digit on the map */
  lonLat(name: string): [number, number];
  /** metres east and north of the map's top-left corner */
  xy(name: string): [number, number];
  nodeId(letter: string): number;
  /** the OSM id of the i-th way */
  wayId(i: number): number;
  /** a way's nodes as listed (`'abc'`), by its OSM id: the way's name in route tables */
  wayName(osmId: number): string;
}

const NODE = /[a-z]/;
const PLACE = /[0-9]/;

/** The places on a map: every letter or digit with its position in metres (x east, y north). */
export function mapPlaces(map: string, gridM = 10, origin?: string): Map<string, [number, number]> {
  const lines = map
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const places = new Map<string, [number, number]>();
  lines.forEach((line, row) => {
    for (let col = indent; col < line.length; col++) {
      const ch = line[col];
      if (!NODE.test(ch) && !PLACE.test(ch)) continue;
      if (places.has(ch)) throw new Error(`ascii map: '${ch}' is drawn twice`);
      places.set(ch, [(col - indent) * gridM, row === 0 ? 0 : -row * gridM]); // no -0 on the first line
    }
  });
  if (origin === undefined) return places;
  const o = places.get(origin);
  if (!o) throw new Error(`ascii map: the origin '${origin}' is not on the map`);
  return new Map([...places].map(([ch, [x, y]]) => [ch, [x - o[0], y - o[1]]]));
}

export function drawMap(d: DrawnMap): Drawn {
  const places = mapPlaces(d.map, d.gridM ?? 10, d.origin);
  const nodeId = (ch: string) => {
    if (!NODE.test(ch) || !places.has(ch)) throw new Error(`ascii map: no node '${ch}' on the map`);
    return ch.charCodeAt(0) - 96;
  };
  const xy = (name: string): [number, number] => {
    const p = places.get(name);
    if (!p) throw new Error(`ascii map: no '${name}' on the map`);
    return p;
  };
  const lonLat = (name: string) => at(...xy(name));
  const fixture: Fixture = {
    nodes: [...places.keys()]
      .filter((ch) => NODE.test(ch))
      .sort()
      .map((ch) => [nodeId(ch), ...lonLat(ch), d.nodeTags?.[ch]]),
    ways: d.ways.map(([nodes, tags], i) => [101 + i, [...nodes].map(nodeId), tags]),
    relations: (d.relations ?? []).map(([members, tags], i) => [
      201 + i,
      members.map(([w, role]): [string, number, string] => ['way', 101 + w, role]),
      tags,
    ]),
  };
  for (const ch of Object.keys(d.nodeTags ?? {})) nodeId(ch);
  return { fixture, lonLat, xy, nodeId, wayId: (i) => 101 + i, wayName: (id) => d.ways[id - 101][0] };
}

/** The walking network of a drawn map, built the way `prepare` builds it (through an OSM XML file). */
export async function drawnNetwork(d: DrawnMap, opts: BuildOptions = {}): Promise<{ net: WalkNetwork; map: Drawn }> {
  const map = drawMap(d);
  return { net: await networkFromOsm(writeFixture(map.fixture), opts), map };
}
