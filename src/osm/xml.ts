/**
 * Streaming OSM XML reader (saxes): never builds a DOM, emits OsmBlocks as it goes.
 * Handles JOSM files (action="delete" elements are skipped) and openstreetmap.org exports.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InputError } from '../util/errors.js';
import { BlockBuilder, type OsmBlock } from './block.js';

export interface XmlReadResult {
  bounds?: [number, number, number, number];
  skipped: { deleted: number; noCoordinates: number };
}

const MEMBER_TYPE: Record<string, number> = { node: 0, way: 1, relation: 2 };

/** Parse a decimal degree string to integer 1e-7 degrees. */
export function deg7(s: string): number {
  return Math.round(Number(s) * 1e7);
}

export async function readOsmXml(
  path: string,
  chunks: AsyncIterable<Uint8Array>,
  onBlock: (b: OsmBlock) => void,
): Promise<XmlReadResult> {
  const builder = new BlockBuilder(onBlock);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const result: XmlReadResult = { skipped: { deleted: 0, noCoordinates: 0 } };
  let error: InputError | null = null;
  let depth = 0;
  let rootSeen = false;
  // the element being collected
  let kind: 'node' | 'way' | 'relation' | null = null;
  let id = 0;
  let lon7 = 0;
  let lat7 = 0;
  let hasCoords = false;
  let deleted = false;
  let kv: string[] = [];
  let refs: number[] = [];
  let members: { type: number; ref: number; role: string }[] = [];

  const where = () => `line ${parser.line}, column ${parser.column}`;
  const fail = (msg: string) => {
    if (!error) error = new InputError(`${path}: ${msg}`);
  };

  parser.on('error', (e) => {
    // saxes prefixes messages with "line:column: "
    const m = /^(\d+):(\d+): (.*)$/s.exec(e.message);
    fail(
      m
        ? `malformed XML at line ${m[1]}, column ${m[2]}: ${m[3]}; fix or re-export the file`
        : `malformed XML at ${where()}: ${e.message}`,
    );
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    depth++;
    const a = tag.attributes as Record<string, string>;
    if (depth === 1) {
      rootSeen = true;
      if (tag.name !== 'osm') fail(`the XML root element is <${tag.name}>, expected <osm> (an OpenStreetMap XML file)`);
      return;
    }
    if (depth === 2) {
      const name = tag.name;
      if (name === 'node' || name === 'way' || name === 'relation') {
        kind = name;
        id = Number(a.id);
        if (!Number.isFinite(id)) fail(`<${name}> without a numeric id at ${where()}`);
        deleted = a.action === 'delete' || a.visible === 'false';
        kv = [];
        if (name === 'node') {
          hasCoords = a.lat !== undefined && a.lon !== undefined;
          if (hasCoords) {
            lat7 = deg7(a.lat);
            lon7 = deg7(a.lon);
            if (
              !Number.isFinite(lat7) ||
              !Number.isFinite(lon7) ||
              Math.abs(lat7) > 900000000 ||
              Math.abs(lon7) > 1800000000
            ) {
              fail(`node ${a.id} has invalid coordinates lat="${a.lat}" lon="${a.lon}" at ${where()}`);
            }
          }
        } else if (name === 'way') refs = [];
        else members = [];
      } else if (name === 'bounds') {
        result.bounds = [Number(a.minlon), Number(a.minlat), Number(a.maxlon), Number(a.maxlat)];
      }
      return;
    }
    if (depth === 3 && kind) {
      if (tag.name === 'tag') kv.push(a.k ?? '', a.v ?? '');
      else if (tag.name === 'nd' && kind === 'way') refs.push(Number(a.ref));
      else if (tag.name === 'member' && kind === 'relation') {
        const t = MEMBER_TYPE[a.type];
        if (t === undefined) fail(`relation ${id} has a member of unknown type '${a.type}' at ${where()}`);
        members.push({ type: t, ref: Number(a.ref), role: a.role ?? '' });
      }
    }
  });
  parser.on('closetag', () => {
    if (depth === 2 && kind) {
      if (deleted) result.skipped.deleted++;
      else if (kind === 'node') {
        if (hasCoords) builder.node(id, lon7, lat7, kv);
        else result.skipped.noCoordinates++;
      } else if (kind === 'way') builder.way(id, refs, kv);
      else builder.relation(id, members, kv);
      kind = null;
    }
    depth--;
  });

  const decoder = new TextDecoder('utf-8', { fatal: false });
  for await (const chunk of chunks) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (error) throw error;
  }
  parser.write(decoder.decode());
  parser.close();
  if (error) throw error;
  if (!rootSeen) throw new InputError(`${path}: no <osm> element found; this is not an OpenStreetMap XML file`);
  builder.flush();
  return result;
}
