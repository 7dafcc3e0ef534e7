/**
 * Overpass JSON ({"elements": [...]}, as overpass-turbo exports). Ways exported with `out geom`
 * carry their coordinates inline; those become nodes here so the rest of the pipeline sees plain OSM.
 * Every field is type-checked (ids integers, lat/lon numbers in range, nodes an array of ids,
 * tags an object of strings) so a damaged export is refused instead of read as wrong numbers.
 */
import { InputError, quote } from '../util/errors.js';
import { BlockBuilder, type OsmBlock } from './block.js';
import { MAX_ID, MAX_RELATION_MEMBERS, MAX_WAY_NODES, stringTooLong, tooLong } from './limits.js';

const MEMBER_TYPE: Record<string, number> = { node: 0, way: 1, relation: 2 };

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_ID;
const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'string'
        ? quote(v, 20)
        : typeof v === 'object'
          ? 'an object'
          : String(v);

/** JSON.parse's message without the input snippet it quotes (raw bytes, newlines), with the byte offset. */
export function jsonSyntaxError(path: string, text: string, e: Error): InputError {
  const msg = e.message;
  const pos = /position (\d+)/.exec(msg);
  const at = pos ? Number(pos[1]) : -1;
  let what = /^Unexpected end of JSON input/.test(msg)
    ? 'the JSON ends too early (the file is cut short)'
    : 'invalid JSON';
  const tok = /^Unexpected (token|non-whitespace character)/.exec(msg);
  if (tok && at >= 0) what = `invalid JSON: unexpected ${quote(text.slice(at, at + 1), 10)}`;
  if (at >= text.trimEnd().length) what = 'the JSON ends too early (the file is cut short)';
  let where = '';
  if (at >= 0) {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    where = ` at line ${line}, byte ${Buffer.byteLength(before)}`;
  }
  return new InputError(`${path}: ${what}${where}; export the file again`);
}

export function readOverpassJson(
  path: string,
  text: string,
  onBlock: (b: OsmBlock) => void,
): { counts: { nodes: number; ways: number; relations: number } } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark (Windows editors)
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw jsonSyntaxError(path, text, e as Error);
  }
  const elements = (doc as { elements?: unknown } | null)?.elements;
  if (!Array.isArray(elements)) {
    const what = Array.isArray(doc)
      ? 'a JSON array'
      : doc && typeof doc === 'object' && 'type' in doc
        ? `GeoJSON or other JSON (type ${describe((doc as { type: unknown }).type)})`
        : 'JSON without an "elements" array';
    throw new InputError(
      `${path}: this is ${what}, not Overpass JSON; export OSM data from overpass-turbo as "raw OSM data" ({"elements": [...]}) or use .osm.pbf / .osm`,
    );
  }
  const b = new BlockBuilder(onBlock);
  const counts = { nodes: 0, ways: 0, relations: 0 };
  const inlineNodes = new Set<number>();
  const explicitNodes = new Set<number>();
  for (const el of elements as { type?: unknown; id?: unknown }[])
    if (el && el.type === 'node' && isId(el.id)) explicitNodes.add(el.id);
  let synthetic = -1e15; // ids for `out geom` vertices that come without node ids
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i] as Record<string, unknown> | null;
    const where = `element ${i}${el && typeof el === 'object' && isId(el.id) ? ` (${String(el.type)} ${el.id})` : ''}`;
    const bad = (what: string) =>
      new InputError(`${path}: ${where} ${what}; export the file again from overpass-turbo`);
    if (!el || typeof el !== 'object' || Array.isArray(el) || typeof el.type !== 'string')
      throw bad('has no "type"; not Overpass JSON');
    if (el.type === 'area' || el.type === 'count' || el.type === 'timeline') continue; // Overpass derived elements
    if (!isId(el.id)) throw bad(`has "id" ${describe(el.id)}; ids are integers`);
    const tags = flatTags(el.tags, bad, path, where);
    if (el.type === 'node') {
      const lat = el.lat;
      const lon = el.lon;
      if (typeof lat !== 'number' || typeof lon !== 'number')
        throw bad(`has lat ${describe(lat)}, lon ${describe(lon)}; export with "out body" or "out geom"`);
      if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180))
        throw bad(`lies at lat ${lat}, lon ${lon}, outside ±90°/±180°`);
      counts.nodes++;
      b.node(el.id, Math.round(lon * 1e7), Math.round(lat * 1e7), tags);
    } else if (el.type === 'way') {
      counts.ways++;
      const nodes = el.nodes;
      const geometry = el.geometry;
      if (nodes !== undefined && (!Array.isArray(nodes) || !nodes.every(isId)))
        throw bad(
          `has "nodes" ${Array.isArray(nodes) ? 'with an entry that is not an integer id' : describe(nodes)}; expected an array of node ids`,
        );
      if (geometry !== undefined && !Array.isArray(geometry))
        throw bad(`has "geometry" ${describe(geometry)}; expected an array`);
      let refs: number[] = (nodes as number[] | undefined) ?? [];
      if (refs.length > MAX_WAY_NODES) throw bad(`has ${refs.length} nodes, over OSM's limit of ${MAX_WAY_NODES}`);
      if (geometry) {
        if (nodes && geometry.length !== nodes.length)
          throw bad(`has ${nodes.length} nodes but ${geometry.length} geometry points`);
        if (geometry.length > MAX_WAY_NODES)
          throw bad(`has ${geometry.length} points, over OSM's limit of ${MAX_WAY_NODES}`);
        if (!nodes) refs = geometry.map(() => synthetic++);
        geometry.forEach((g: unknown, k) => {
          if (g === null) return; // a vertex outside the query's bbox
          const p = g as { lat?: unknown; lon?: unknown };
          if (
            typeof g !== 'object' ||
            typeof p.lat !== 'number' ||
            typeof p.lon !== 'number' ||
            !(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180)
          )
            throw bad(`has geometry point ${k} that is not {lat, lon} within ±90°/±180°`);
          const ref = refs[k];
          if (!explicitNodes.has(ref) && !inlineNodes.has(ref)) {
            inlineNodes.add(ref);
            b.node(ref, Math.round(p.lon * 1e7), Math.round(p.lat * 1e7), []);
          }
        });
      }
      b.way(el.id, refs, tags);
    } else if (el.type === 'relation') {
      counts.relations++;
      const ms = el.members ?? [];
      if (!Array.isArray(ms)) throw bad(`has "members" ${describe(ms)}; expected an array`);
      if (ms.length > MAX_RELATION_MEMBERS)
        throw bad(`has ${ms.length} members, over OSM's limit of ${MAX_RELATION_MEMBERS}`);
      const members = ms.map((m: unknown, k) => {
        const mm = (m ?? {}) as { type?: unknown; ref?: unknown; role?: unknown };
        const t = typeof mm.type === 'string' ? MEMBER_TYPE[mm.type] : undefined;
        if (t === undefined) throw bad(`has member ${k} of unknown type ${describe(mm.type)}`);
        if (!isId(mm.ref)) throw bad(`has member ${k} with ref ${describe(mm.ref)}; refs are integers`);
        const role = mm.role ?? '';
        if (typeof role !== 'string') throw bad(`has member ${k} with role ${describe(role)}; expected a string`);
        if (tooLong(role)) throw stringTooLong(path, where, role);
        return { type: t, ref: mm.ref, role };
      });
      b.relation(el.id, members, tags);
    } else throw bad(`has unknown type ${describe(el.type)}`);
  }
  b.flush();
  return { counts };
}

function flatTags(t: unknown, bad: (w: string) => InputError, path: string, where: string): string[] {
  if (t === undefined) return [];
  if (t === null || typeof t !== 'object' || Array.isArray(t))
    throw bad(`has "tags" ${describe(t)}; expected an object of strings`);
  const kv: string[] = [];
  for (const [k, v] of Object.entries(t as Record<string, unknown>)) {
    // Overpass writes every value as a string; numbers from hand-edited files are read as written
    if (typeof v !== 'string' && typeof v !== 'number')
      throw bad(`has tag ${quote(k, 30)} with value ${describe(v)}; expected a string`);
    const s = String(v);
    if (tooLong(k) || tooLong(s)) throw stringTooLong(path, where, tooLong(k) ? k : s);
    kv.push(k, s);
  }
  return kv;
}
