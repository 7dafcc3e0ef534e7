/**
 * Overpass JSON ({"elements": [...]}, as overpass-turbo exports). Ways exported with `out geom`
 * carry their coordinates inline; those become nodes here so the rest of the pipeline sees plain OSM.
 */
import { InputError } from '../util/errors.js';
import { BlockBuilder, type OsmBlock } from './block.js';

interface JsonElement {
  type?: string;
  id?: number;
  lat?: number;
  lon?: number;
  tags?: Record<string, string>;
  nodes?: number[];
  geometry?: ({ lat: number; lon: number } | null)[];
  members?: { type: string; ref: number; role?: string }[];
}

const MEMBER_TYPE: Record<string, number> = { node: 0, way: 1, relation: 2 };

function flatTags(t: Record<string, string> | undefined): string[] {
  const kv: string[] = [];
  if (t) for (const k of Object.keys(t)) kv.push(k, String(t[k]));
  return kv;
}

export function readOverpassJson(
  path: string,
  text: string,
  onBlock: (b: OsmBlock) => void,
): { counts: { nodes: number; ways: number; relations: number } } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    throw new InputError(`${path}: invalid JSON${m ? ` at byte ${m[1]}` : ''}: ${(e as Error).message}`);
  }
  const elements = (doc as { elements?: unknown } | null)?.elements;
  if (!Array.isArray(elements)) {
    const what = Array.isArray(doc)
      ? 'a JSON array'
      : doc && typeof doc === 'object' && 'type' in doc
        ? `GeoJSON or other JSON (type "${String((doc as { type: unknown }).type)}")`
        : 'JSON without an "elements" array';
    throw new InputError(
      `${path}: this is ${what}, not Overpass JSON; export OSM data from overpass-turbo as "raw OSM data" ({"elements": [...]}) or use .osm.pbf / .osm`,
    );
  }
  const b = new BlockBuilder(onBlock);
  const counts = { nodes: 0, ways: 0, relations: 0 };
  const inlineNodes = new Set<number>();
  const explicitNodes = new Set<number>();
  for (const el of elements as JsonElement[])
    if (el && el.type === 'node' && typeof el.id === 'number') explicitNodes.add(el.id);
  let synthetic = -1e15; // ids for `out geom` vertices that come without node ids
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i] as JsonElement;
    const where = `element ${i}${el && el.id !== undefined ? ` (${el.type} ${el.id})` : ''}`;
    if (!el || typeof el !== 'object' || typeof el.type !== 'string')
      throw new InputError(`${path}: ${where} has no "type"; not Overpass JSON`);
    if (el.type === 'area' || el.type === 'count' || el.type === 'timeline') continue; // Overpass derived elements
    if (typeof el.id !== 'number') throw new InputError(`${path}: ${where} has no numeric "id"`);
    if (el.type === 'node') {
      if (typeof el.lat !== 'number' || typeof el.lon !== 'number')
        throw new InputError(`${path}: ${where} has no lat/lon; export with "out body" or "out geom"`);
      counts.nodes++;
      b.node(el.id, Math.round(el.lon * 1e7), Math.round(el.lat * 1e7), flatTags(el.tags));
    } else if (el.type === 'way') {
      counts.ways++;
      let refs = el.nodes ?? [];
      if (el.geometry) {
        if (!el.nodes) refs = el.geometry.map(() => synthetic++);
        el.geometry.forEach((g, k) => {
          const ref = refs[k];
          if (g && ref !== undefined && !explicitNodes.has(ref) && !inlineNodes.has(ref)) {
            inlineNodes.add(ref);
            b.node(ref, Math.round(g.lon * 1e7), Math.round(g.lat * 1e7), []);
          }
        });
      }
      b.way(el.id, refs, flatTags(el.tags));
    } else if (el.type === 'relation') {
      counts.relations++;
      const members = (el.members ?? []).map((m) => {
        const t = MEMBER_TYPE[m.type];
        if (t === undefined) throw new InputError(`${path}: ${where} has a member of unknown type '${m.type}'`);
        return { type: t, ref: m.ref, role: m.role ?? '' };
      });
      b.relation(el.id, members, flatTags(el.tags));
    } else throw new InputError(`${path}: ${where} has unknown type '${el.type}'`);
  }
  b.flush();
  return { counts };
}
