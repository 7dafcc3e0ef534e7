/**
 * The binary network file written by `prepare`: loads in milliseconds instead of re-parsing OSM.
 *
 *   "LIFECIRC"  u32 format version  u32 header length  header JSON (meta + section table)
 *   sections: typed arrays, each 8-byte aligned, little-endian (read as zero-copy views): the
 *     network, the residential buildings, the entrances, the residential areas (feature indexes)
 *   features JSON (tagged points/areas), parsed only when a command needs it
 *   trailer: u32 CRC-32 of everything before it, then "LCNETEND"
 *
 * A file from another format version, with a bad checksum, cut short, or prepared under other
 * walk or feature rules, or whose source OSM file has changed since, is refused with what to do about it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { InputError } from '../util/errors.js';
import { sharedArray } from '../util/shared-array.js';
import { NETWORK_MAGIC } from '../osm/detect.js';
import { loadFeatureRules } from './feature-rules.js';
import { type FeaturesBytes, inMemory, jsonChunks } from './features-json.js';
import { checkHeader, checkSections, type SectionKind } from './network-file-check.js';
import { loadWalkRules } from './rules.js';
import type { NetworkMeta, OsmFeatures, RoadsRecord, WalkNetwork } from './types.js';
import { loadRoadClasses } from '../roads/road-classes.js';

/**
 * 2: entrances and residential areas indexed (typed arrays), feature rules hashed;
 * 3: the walk rule that admitted each edge (edgeRule, meta.walkRuleNames)
 */
export const NETWORK_FORMAT_VERSION = 3;
const TRAILER = 'LCNETEND';
export { jsonChunks } from './features-json.js';

type ArrayName =
  | 'nodeLon'
  | 'nodeLat'
  | 'nodeOsmId'
  | 'nodeComp'
  | 'edgeU'
  | 'edgeV'
  | 'edgeLen'
  | 'edgeFlags'
  | 'edgeHighway'
  | 'edgeRule'
  | 'edgeWay'
  | 'geomOff'
  | 'geomLon'
  | 'geomLat';
type Kind = 'f64' | 'u32' | 'u8';
const ARRAYS: [ArrayName, Kind][] = [
  ['nodeLon', 'f64'],
  ['nodeLat', 'f64'],
  ['nodeOsmId', 'f64'],
  ['nodeComp', 'u32'],
  ['edgeU', 'u32'],
  ['edgeV', 'u32'],
  ['edgeLen', 'f64'],
  ['edgeFlags', 'u8'],
  ['edgeHighway', 'u8'],
  ['edgeRule', 'u8'],
  ['edgeWay', 'f64'],
  ['geomOff', 'u32'],
  ['geomLon', 'f64'],
  ['geomLat', 'f64'],
];
type BuildingArray = 'lon' | 'lat' | 'area' | 'levels' | 'osmId' | 'explicit';
const BUILDING_ARRAYS: [BuildingArray, Kind][] = [
  ['lon', 'f64'],
  ['lat', 'f64'],
  ['area', 'f64'],
  ['levels', 'f64'],
  ['osmId', 'f64'],
  ['explicit', 'u8'],
];

type PointArray = 'lon' | 'lat' | 'osmId';
const POINT_ARRAYS: [PointArray, Kind][] = [
  ['lon', 'f64'],
  ['lat', 'f64'],
  ['osmId', 'f64'],
];

interface Header {
  meta: NetworkMeta & { sourceMtimeMs?: number };
  nodeCount: number;
  edgeCount: number;
  sections: { name: string; offset: number; bytes: number }[];
  totalBytes: number;
}

const pad8 = (n: number) => (n + 7) & ~7;

/**
 * Emits a network file's bytes in file order and returns its length: the typed arrays as views of
 * their own memory, never copied into one big buffer; the features section as its pieces (from
 * the spill file `prepare` wrote them to, or encoded now from the features' objects). `prepare`
 * streams them into the output (a ChunkSource; `reuse`: `emit` is done with each piece when it
 * returns, so the spill file's pieces share one buffer); serializeNetworkParts keeps them.
 */
export function emitNetwork(net: WalkNetwork, emit: (bytes: Uint8Array) => void, reuse = false): number {
  const featuresJson = net.featuresJson ?? inMemory(jsonChunks(net.features()));
  let sourceMtimeMs: number | undefined;
  try {
    sourceMtimeMs = statSync(net.meta.source.path).mtimeMs;
  } catch {
    sourceMtimeMs = undefined;
  }
  const view = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const blobs: { name: string; bytes: Uint8Array | FeaturesBytes }[] = ARRAYS.map(([name]) => ({
    name,
    bytes: view(net[name]),
  }));
  for (const [name] of BUILDING_ARRAYS) blobs.push({ name: `buildings.${name}`, bytes: view(net.buildings[name]) });
  for (const [name] of POINT_ARRAYS) blobs.push({ name: `entrances.${name}`, bytes: view(net.entrances[name]) });
  blobs.push({ name: 'residentialAreas', bytes: view(net.residentialAreas) });
  blobs.push({ name: 'features', bytes: featuresJson });
  // header size depends on offsets; iterate until stable (offsets are written as decimal text)
  let headerLen = 0;
  let header: Header;
  let headerBytes: Buffer;
  for (;;) {
    let off = pad8(16 + headerLen);
    const sections = blobs.map((b) => {
      const s = { name: b.name, offset: off, bytes: b.bytes.byteLength };
      off = pad8(off + s.bytes);
      return s;
    });
    header = {
      meta: { ...net.meta, sourceMtimeMs },
      nodeCount: net.nodeCount,
      edgeCount: net.edgeCount,
      sections,
      totalBytes: off + 12,
    };
    headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    if (headerBytes.length === headerLen) break;
    headerLen = headerBytes.length;
  }
  let crc = 0;
  const out = (p: Uint8Array) => {
    // (zlib.crc32 returns 0 for a zero-length view of an empty ArrayBuffer, whatever the running value)
    if (p.byteLength) crc = crc32(p, crc);
    emit(p);
  };
  const head = Buffer.alloc(16);
  head.write(NETWORK_MAGIC, 0, 'latin1');
  head.writeUInt32LE(NETWORK_FORMAT_VERSION, 8);
  head.writeUInt32LE(headerBytes.length, 12);
  out(head);
  out(headerBytes);
  let pos = 16 + headerBytes.length;
  const zeros = new Uint8Array(8);
  header.sections.forEach((sec, i) => {
    if (sec.offset > pos) out(zeros.subarray(0, sec.offset - pos));
    const b = blobs[i].bytes;
    if (b instanceof Uint8Array) out(b);
    else b.forEach(out, reuse);
    pos = sec.offset + sec.bytes;
  });
  const end = header.totalBytes - 12;
  if (end > pos) out(zeros.subarray(0, end - pos));
  const trailer = Buffer.alloc(12);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.write(TRAILER, 4, 'latin1');
  emit(trailer);
  return header.totalBytes;
}

/** The network file as a list of byte chunks in file order (the caller writes them atomically). */
export function serializeNetworkParts(net: WalkNetwork): Uint8Array[] {
  const parts: Uint8Array[] = [];
  emitNetwork(net, (p) => parts.push(p));
  return parts;
}

/** The network file as one Buffer (tests, small networks). */
export function serializeNetwork(net: WalkNetwork): Buffer {
  return Buffer.concat(serializeNetworkParts(net));
}

export interface LoadOptions {
  /** refuse files prepared with other walk rules (default true) */
  checkRules?: boolean;
  /** refuse files whose source has changed since (default true) */
  checkSource?: boolean;
}

export function loadNetworkFile(path: string, opts: LoadOptions = {}): WalkNetwork {
  const buf = readFileSync(path);
  const bad = (why: string) => new InputError(`${path}: ${why}`);
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== NETWORK_MAGIC) throw bad('not a lifecircle network file');
  const version = buf.readUInt32LE(8);
  if (version !== NETWORK_FORMAT_VERSION)
    throw bad(
      `network file format ${version}, this lifecircle reads format ${NETWORK_FORMAT_VERSION}; run 'lifecircle prepare' on the OSM file again`,
    );
  const hl = buf.readUInt32LE(12);
  if (16 + hl > buf.length)
    throw bad(
      `truncated network file (${buf.length} bytes, the header alone needs ${16 + hl}); run 'lifecircle prepare' again`,
    );
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 16, 16 + hl)) as Header;
  } catch {
    throw bad("corrupted network file header; run 'lifecircle prepare' again");
  }
  if (buf.length !== header?.totalBytes || buf.toString('latin1', buf.length - 8) !== TRAILER)
    throw bad(`truncated network file (${buf.length} of ${header?.totalBytes} bytes); run 'lifecircle prepare' again`);
  const end = buf.length - 12;
  if (crc32(buf.subarray(0, end)) >>> 0 !== buf.readUInt32LE(end))
    throw bad("corrupted network file (checksum mismatch); run 'lifecircle prepare' again");
  const again = (why: string) => bad(`${why}; run 'lifecircle prepare' on the OSM file again`);
  const kinds: Record<string, SectionKind> = Object.fromEntries([
    ...ARRAYS,
    ...BUILDING_ARRAYS.map(([n, k]) => [`buildings.${n}`, k] as const),
    ...POINT_ARRAYS.map(([n, k]) => [`entrances.${n}`, k] as const),
    ['residentialAreas', 'u32'],
  ]);
  checkHeader(header, buf.length, 16 + hl, kinds, again);
  const meta = header.meta;
  if (opts.checkRules !== false) {
    const rules = loadWalkRules();
    if (rules.hash !== meta.rulesHash)
      throw bad(
        `stale network file: it was prepared with other walking rules than data/walk-rules.yaml now ` +
          `holds; run 'lifecircle prepare ${meta.source.path} -o ${path}' again`,
      );
    if (meta.featureRulesHash !== undefined && meta.featureRulesHash !== loadFeatureRules().hash)
      throw bad(
        `stale network file: it was prepared with other feature rules than data/features.yaml now ` +
          `holds; run 'lifecircle prepare ${meta.source.path} -o ${path}' again`,
      );
  }
  if (opts.checkSource !== false && meta.sourceMtimeMs !== undefined) {
    let st: { size: number; mtimeMs: number } | null = null;
    try {
      st = statSync(meta.source.path);
    } catch {
      st = null; // source moved away: the network file stands on its own
    }
    if (st && (st.size !== meta.source.bytes || Math.abs(st.mtimeMs - meta.sourceMtimeMs) > 1)) {
      throw bad(
        `stale network file: its source ${meta.source.path} has changed since it was prepared; run 'lifecircle prepare ${meta.source.path} -o ${path}' again`,
      );
    }
  }
  if (meta.roads) staleRoads(meta.roads, meta.source.path, path, opts, bad);
  const section = (name: string) => {
    const s = header.sections.find((x) => x.name === name);
    if (!s) throw bad(`corrupted network file (no '${name}' section)`);
    return s;
  };
  // each section copied into a SharedArrayBuffer of its own: worker threads then read the arrays
  // without copies (util/shared-array.ts), and the file's buffer is not kept alive by views into it
  const view = (name: string, type: 'f64' | 'u32' | 'u8') => {
    const s = section(name);
    const C = type === 'f64' ? Float64Array : type === 'u32' ? Uint32Array : Uint8Array;
    const a = sharedArray<Float64Array | Uint32Array | Uint8Array>(C, s.bytes / C.BYTES_PER_ELEMENT);
    new Uint8Array(a.buffer, 0, s.bytes).set(buf.subarray(s.offset, s.offset + s.bytes));
    return a;
  };
  const net: Record<string, unknown> = { meta, nodeCount: header.nodeCount, edgeCount: header.edgeCount };
  const arrays: Record<string, ArrayLike<number>> = {};
  for (const [name, type] of ARRAYS) net[name] = arrays[name] = view(name, type);
  const buildings: Record<string, unknown> = {};
  for (const [name, type] of BUILDING_ARRAYS)
    buildings[name] = arrays[`buildings.${name}`] = view(`buildings.${name}`, type);
  buildings.count = (buildings.lon as Float64Array).length;
  net.buildings = buildings;
  const entrances: Record<string, unknown> = {};
  for (const [name, type] of POINT_ARRAYS)
    entrances[name] = arrays[`entrances.${name}`] = view(`entrances.${name}`, type);
  entrances.count = (entrances.lon as Float64Array).length;
  net.entrances = entrances;
  net.residentialAreas = arrays.residentialAreas = view('residentialAreas', 'u32');
  checkSections(
    {
      nodeCount: header.nodeCount,
      edgeCount: header.edgeCount,
      componentCount: meta.componentSizes.length,
      highwayNames: meta.highwayNames.length,
      walkRules: meta.walkRuleNames.length,
      arrays,
    },
    again,
  );
  const fs = section('features');
  net.features = lazyFeatures(Buffer.from(buf.subarray(fs.offset, fs.offset + fs.bytes)), path);
  return net as unknown as WalkNetwork;
}

/**
 * The features' JSON, parsed when first asked for. A function of its own: a closure made inside
 * loadNetworkFile would share its scope's context (the error helpers' too), which holds the whole
 * file's buffer.
 */
function lazyFeatures(bytes: Buffer, path: string): () => OsmFeatures {
  const again = (why: string) => new InputError(`${path}: ${why}; run 'lifecircle prepare' on the OSM file again`);
  let json: Buffer | null = bytes;
  let features: OsmFeatures | null = null;
  return () => {
    if (features) return features;
    let f: OsmFeatures;
    try {
      f = JSON.parse(json!.toString('utf8')) as OsmFeatures;
    } catch {
      throw again('corrupted network file (its features section is not JSON)');
    }
    if (!Array.isArray(f?.tagged?.features))
      throw again('corrupted network file (its features section holds no feature list)');
    features = f;
    json = null;
    return f;
  };
}

/**
 * A network prepared with a planner's road lines is stale when those lines (the file, while it is
 * still there) or data/road-classes.yaml have changed since.
 */
function staleRoads(
  r: RoadsRecord,
  source: string,
  path: string,
  opts: { checkRules?: boolean; checkSource?: boolean },
  bad: (m: string) => Error,
): void {
  const again = `run 'lifecircle prepare ${source} --roads ${r.path} -o ${path}' again`;
  if (opts.checkRules !== false && r.classes_sha256 !== loadRoadClasses().hash)
    throw bad(
      `stale network file: it was prepared with other road classes than data/road-classes.yaml now holds; ${again}`,
    );
  if (opts.checkSource === false || r.sha256 === undefined) return;
  let bytes: Buffer;
  try {
    bytes = readFileSync(r.path);
  } catch {
    return; // moved away: the network file stands on its own
  }
  if (bytes.length !== r.bytes || createHash('sha256').update(bytes).digest('hex') !== r.sha256)
    throw bad(`stale network file: its road lines ${r.path} have changed since it was prepared; ${again}`);
}
