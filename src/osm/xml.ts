/**
 * Streaming OSM XML reader (saxes): never builds a DOM, emits OsmBlocks as it goes.
 * Handles JOSM files (action="delete" elements are skipped) and openstreetmap.org exports.
 * Strict like osmium: ids and refs are decimal integers, coordinates decimal degrees in range,
 * every <nd> and <member> has its ref, strings and element sizes within OSM's limits. The
 * declared encoding is honoured (GBK, Latin-1, …, through iconv-lite) or refused; UTF-8 must be valid.
 */
import iconv from 'iconv-lite';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { InputError, quote } from '../util/errors.js';
import { BlockBuilder, type OsmBlock } from './block.js';
import { MAX_ID, MAX_RELATION_MEMBERS, MAX_WAY_NODES, stringTooLong, tooLong } from './limits.js';

export interface XmlReadResult {
  bounds?: [number, number, number, number];
  skipped: { deleted: number; noCoordinates: number };
}

const MEMBER_TYPE: Record<string, number> = { node: 0, way: 1, relation: 2 };
const INTEGER = /^-?[0-9]{1,16}$/;
const DECIMAL = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?$/;
/**
 * Longest run of text without a '<' that OSM XML can hold: a tag value is at most 255 characters,
 * so a megabyte without markup is a damaged or hostile file (saxes would buffer all of it).
 */
const MAX_RUN_WITHOUT_MARKUP = 1 << 20;

/** Parse a decimal degree string to integer 1e-7 degrees (NaN when it is not a decimal number). */
export function deg7(s: string): number {
  return DECIMAL.test(s) ? Math.round(Number(s) * 1e7) : Number.NaN;
}

/** A decimal integer id or ref, or NaN (hex, spaces, empty, fractions, beyond 2^53). */
export function parseId(s: string | undefined): number {
  if (s === undefined || !INTEGER.test(s)) return Number.NaN;
  const v = Number(s);
  return Math.abs(v) <= MAX_ID ? v : Number.NaN;
}

interface TextDecoderLike {
  decode(chunk: Uint8Array): string;
  end(): string;
}

/** The decoder for the file's declared encoding (BOM, then <?xml … encoding="…"?>). */
function decoderFor(path: string, head: Uint8Array): { decoder: TextDecoderLike; skip: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { decoder: iconvDecoder('utf-16le'), skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { decoder: iconvDecoder('utf-16be'), skip: 2 };
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const decl = Buffer.from(head.subarray(bom, bom + 256)).toString('latin1');
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(decl);
  const name = m ? m[1].trim().toLowerCase() : 'utf-8';
  if (name === 'utf-8' || name === 'utf8' || name === 'us-ascii' || name === 'ascii') {
    const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    let offset = 0;
    const decode = (c: Uint8Array, stream: boolean) => {
      try {
        return td.decode(c, { stream });
      } catch {
        const text = Buffer.from(c).toString('utf8');
        const bad = text.indexOf('\ufffd');
        const at = offset + (bad < 0 ? 0 : Buffer.byteLength(text.slice(0, bad)));
        throw new InputError(
          `${path}: the file is not valid UTF-8 (at byte ${at} of the text) although it declares ${m ? quote(m[1]) : 'no other encoding'}; ` +
            'convert it to UTF-8 or declare its real encoding (e.g. encoding="GBK")',
        );
      } finally {
        offset += c.length;
      }
    };
    return { decoder: { decode: (c) => decode(c, true), end: () => decode(new Uint8Array(0), false) }, skip: 0 };
  }
  if (!iconv.encodingExists(name))
    throw new InputError(
      `${path}: the XML declares encoding ${quote(m ? m[1] : name)}, which lifecircle ` +
        `cannot read; convert the file to UTF-8 (e.g. iconv -f <encoding> -t UTF-8)`,
    );
  return { decoder: iconvDecoder(name), skip: bom };
}

function iconvDecoder(name: string): TextDecoderLike {
  const d = iconv.getDecoder(name);
  return { decode: (c) => d.write(Buffer.from(c.buffer, c.byteOffset, c.byteLength)), end: () => d.end() ?? '' };
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
  const what = () => `${kind} ${id} (${where()})`;

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
    if (error) return;
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
        id = parseId(a.id);
        deleted = a.action === 'delete' || a.visible === 'false';
        if (Number.isNaN(id))
          return fail(
            `<${name}> at ${where()} has id ${a.id === undefined ? '(none)' : quote(a.id)}; ids are decimal integers (within ±2^53)`,
          );
        kv = [];
        if (name === 'node') {
          hasCoords = a.lat !== undefined || a.lon !== undefined;
          if (hasCoords) {
            lat7 = deg7(a.lat ?? '');
            lon7 = deg7(a.lon ?? '');
            if (!(Math.abs(lat7) <= 900000000 && Math.abs(lon7) <= 1800000000))
              fail(
                `node ${a.id} at ${where()} has invalid coordinates lat=${quote(a.lat ?? '')} lon=${quote(a.lon ?? '')}; ` +
                  'expected decimal degrees within ±90 / ±180',
              );
          }
        } else if (name === 'way') refs = [];
        else members = [];
      } else if (name === 'bounds') {
        const b = [a.minlon, a.minlat, a.maxlon, a.maxlat].map((v) =>
          v !== undefined && DECIMAL.test(v) ? Number(v) : Number.NaN,
        );
        if (
          !b.every(Number.isFinite) ||
          Math.abs(b[1]) > 90 ||
          Math.abs(b[3]) > 90 ||
          Math.abs(b[0]) > 180 ||
          Math.abs(b[2]) > 180
        )
          fail(`<bounds> at ${where()} has invalid coordinates; expected decimal degrees within ±90 / ±180`);
        else result.bounds = b as [number, number, number, number];
      }
      return;
    }
    if (depth === 3 && kind) {
      if (tag.name === 'tag') {
        const k = a.k;
        const v = a.v;
        if (k === undefined || v === undefined) return fail(`${what()} has a <tag> without k or v`);
        if (tooLong(k) || tooLong(v)) {
          error ??= stringTooLong(path, what(), tooLong(k) ? k : v);
          return;
        }
        kv.push(k, v);
      } else if (tag.name === 'nd' && kind === 'way') {
        const ref = parseId(a.ref);
        if (Number.isNaN(ref))
          return fail(
            `${what()} has <nd ref=${a.ref === undefined ? '(none)' : quote(a.ref)}>; refs are decimal integers`,
          );
        if (refs.length >= MAX_WAY_NODES)
          return fail(
            `${what()} has more than ${MAX_WAY_NODES} nodes, over OSM's limit; the file is damaged or not OpenStreetMap data`,
          );
        refs.push(ref);
      } else if (tag.name === 'member' && kind === 'relation') {
        const t = MEMBER_TYPE[a.type];
        if (t === undefined) return fail(`${what()} has a member of unknown type ${quote(a.type ?? '')}`);
        const ref = parseId(a.ref);
        if (Number.isNaN(ref))
          return fail(
            `${what()} has a member with ref=${a.ref === undefined ? '(none)' : quote(a.ref)}; refs are decimal integers`,
          );
        const role = a.role ?? '';
        if (tooLong(role)) {
          error ??= stringTooLong(path, what(), role);
          return;
        }
        if (members.length >= MAX_RELATION_MEMBERS)
          return fail(
            `${what()} has more than ${MAX_RELATION_MEMBERS} members, over OSM's limit; the file is damaged or not OpenStreetMap data`,
          );
        members.push({ type: t, ref, role });
      }
    }
  });
  parser.on('closetag', () => {
    if (depth === 2 && kind && !error) {
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

  let decoder: TextDecoderLike | null = null;
  let run = 0; // characters since the last '<'
  let line = 1;
  const feed = (text: string) => {
    const lt = text.lastIndexOf('<');
    run = lt < 0 ? run + text.length : text.length - lt - 1;
    if (run > MAX_RUN_WITHOUT_MARKUP)
      throw new InputError(
        `${path}: more than ${MAX_RUN_WITHOUT_MARKUP} characters without markup after line ${line} ` +
          `(OSM tag values are at most 255 characters); the file is damaged or not OSM XML`,
      );
    parser.write(text);
    line = parser.line;
  };
  for await (const chunk of chunks) {
    let c = chunk;
    if (!decoder) {
      const d = decoderFor(path, c);
      decoder = d.decoder;
      c = c.subarray(d.skip);
    }
    feed(decoder.decode(c));
    if (error) throw error;
  }
  if (decoder) feed(decoder.end());
  parser.close();
  if (error) throw error;
  if (!rootSeen) throw new InputError(`${path}: no <osm> element found; this is not an OpenStreetMap XML file`);
  builder.flush();
  return result;
}
