/**
 * What every OSM reader accepts, checked the same way for PBF, XML and Overpass JSON (in the
 * strict spirit of osmium): ids are integers a float holds exactly, coordinates are in range,
 * strings and element sizes stay within the limits the OSM API enforces (so no real extract
 * exceeds them, and a hostile file cannot make one element take gigabytes), and no object
 * appears twice. Each problem is one InputError naming the file, the object and what to do.
 */
import { InputError } from '../util/errors.js';
import type { OsmBlock } from './block.js';
import { IdList } from './id-list.js';

/** OSM API limits (https://wiki.openstreetmap.org/wiki/API_v0.6#Capabilities) */
export const MAX_STRING_CHARS = 255;
export const MAX_WAY_NODES = 2000;
export const MAX_RELATION_MEMBERS = 32000;
/** ids beyond 2^53 would silently change in a float */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
export const MAX_LAT7 = 900_000_000;
export const MAX_LON7 = 1_800_000_000;

const KIND = ['node', 'way', 'relation'] as const;

/** A string's length in characters (code points), counted only when it could be over the limit. */
export function tooLong(s: string): boolean {
  if (s.length <= MAX_STRING_CHARS) return false;
  let n = 0;
  for (const _ of s) if (++n > MAX_STRING_CHARS) return true;
  return false;
}

export function stringTooLong(path: string, where: string, s: string): InputError {
  const chars = [...s].length;
  return new InputError(
    `${path}: ${where} has a tag key, value or role of ${chars} characters, over OSM's ` +
      `limit of ${MAX_STRING_CHARS}; the file is damaged or not OpenStreetMap data`,
  );
}

export function badId(path: string, kind: string, id: number, where: string): InputError {
  return new InputError(
    `${path}: ${where}: ${kind} id ${id} is not an integer within ±2^53; the file is damaged or not OpenStreetMap data`,
  );
}

/**
 * Checks one decoded block (`where`: e.g. "PBF data blob at byte 1234"). The text readers check
 * the same things as they parse, with line numbers; this is the one check that covers every format.
 */
export function checkBlock(path: string, b: OsmBlock, where: string): void {
  const ids = [b.nodes.ids, b.ways.ids, b.relations.ids];
  for (let t = 0; t < 3; t++) {
    const a = ids[t];
    for (let i = 0; i < a.length; i++) {
      const id = a[i];
      if (!(id >= -MAX_ID && id <= MAX_ID) || id !== Math.trunc(id)) throw badId(path, KIND[t], id, where);
    }
  }
  const { lon, lat } = b.nodes;
  for (let i = 0; i < b.nodes.count; i++)
    if (!(Math.abs(lat[i]) <= MAX_LAT7 && Math.abs(lon[i]) <= MAX_LON7))
      throw new InputError(
        `${path}: ${where}: node ${b.nodes.ids[i]} lies at lat ${lat[i] / 1e7}, lon ${lon[i] / 1e7}, outside ±90°/±180°; the file is damaged`,
      );
  const w = b.ways;
  for (let i = 0; i < w.count; i++) {
    const n = w.refOff[i + 1] - w.refOff[i];
    if (n > MAX_WAY_NODES)
      throw new InputError(
        `${path}: ${where}: way ${w.ids[i]} has ${n} nodes, over OSM's limit of ${MAX_WAY_NODES}; the file is damaged or not OpenStreetMap data`,
      );
  }
  if (w.lon && w.lat)
    for (let k = 0; k < w.refs.length; k++)
      if (w.lat[k] !== -2147483648 && !(Math.abs(w.lat[k]) <= MAX_LAT7 && Math.abs(w.lon[k]) <= MAX_LON7))
        throw new InputError(
          `${path}: ${where}: a node location on a way (node ${w.refs[k]}) lies outside ±90°/±180°; the file is damaged`,
        );
  for (let k = 0; k < w.refs.length; k++) {
    const r = w.refs[k];
    if (!(r >= -MAX_ID && r <= MAX_ID)) throw badId(path, 'node', r, `${where}, a way's node reference`);
  }
  const r = b.relations;
  for (let i = 0; i < r.count; i++) {
    const n = r.memOff[i + 1] - r.memOff[i];
    if (n > MAX_RELATION_MEMBERS)
      throw new InputError(
        `${path}: ${where}: relation ${r.ids[i]} has ${n} members, over OSM's limit of ${MAX_RELATION_MEMBERS}; the file is damaged or not OpenStreetMap data`,
      );
  }
  for (let k = 0; k < r.memTypes.length; k++)
    if (r.memTypes[k] > 2)
      throw new InputError(
        `${path}: ${where}: a relation member has type ${r.memTypes[k]} (0–2 expected); the file is damaged`,
      );
  const ns = b.strings.length;
  for (const kv of [b.nodes.kv, b.ways.kv, b.relations.kv, b.relations.memRoles])
    for (let k = 0; k < kv.length; k++)
      if (kv[k] >= ns)
        throw new InputError(
          `${path}: ${where}: a tag or role refers to string ${kv[k]} of a table of ${ns}; the file is damaged`,
        );
  for (const s of b.strings) if (tooLong(s)) throw stringTooLong(path, where, s);
}

/**
 * Detects objects that appear more than once (a duplicated PBF block, a repeated element in XML
 * or Overpass JSON, an OSM history file): they would count twice (ways, kilometres). The ids are
 * kept while reading (4 bytes per object in an IdList, a third of what the node store takes); in files
 * sorted by type and id (PBFs from Geofabrik or osmium, openstreetmap.org exports) strictly
 * increasing ids cannot repeat and nothing more is done; once ids go backwards (JOSM, Overpass
 * `out qt`) they are sorted at the end and repeats counted. Repeats are refused, not dropped: two copies may
 * differ, and there is no telling which one is right.
 */
export class DuplicateCheck {
  private last = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  private sorted = [true, true, true];
  private seen: IdList[] = [new IdList(), new IdList(), new IdList()];
  /** the first id seen out of order, per type (reported when there are no repeats) */
  readonly firstUnordered: (number | null)[] = [null, null, null];

  add(b: OsmBlock): void {
    this.addIds(0, b.nodes.ids, b.nodes.count);
    this.addIds(1, b.ways.ids, b.ways.count);
    this.addIds(2, b.relations.ids, b.relations.count);
  }

  private addIds(t: number, ids: Float64Array, count: number): void {
    if (count === 0) return;
    this.seen[t].add(ids, count);
    if (!this.sorted[t]) return;
    let last = this.last[t];
    for (let i = 0; i < count; i++) {
      if (ids[i] <= last) {
        this.sorted[t] = false;
        this.firstUnordered[t] = ids[i];
        break;
      }
      last = ids[i];
    }
    this.last[t] = last;
  }

  /** Throws when an object appears twice: how many repeats of each type, and the first id. */
  finish(path: string, hint: string): void {
    const parts: string[] = [];
    let total = 0;
    let first: string | null = null;
    for (let t = 0; t < 3; t++) {
      if (this.sorted[t]) continue;
      const a = this.seen[t].toArray().sort();
      let repeats = 0;
      for (let i = 1; i < a.length; i++)
        if (a[i] === a[i - 1]) {
          if (repeats === 0 && first === null) first = `${KIND[t]} ${a[i]}`;
          repeats++;
        }
      if (repeats) parts.push(`${repeats} ${KIND[t]}${repeats === 1 ? '' : 's'}`);
      total += repeats;
    }
    this.seen = [];
    if (parts.length)
      throw new InputError(
        `${path}: ${parts.join(', ')} ${total === 1 ? 'appears' : 'appear'} more than once (first: ` +
          `${first}); a repeated object would count twice, so the file is refused: ${hint}`,
      );
  }
}
