/**
 * Decodes one OSM PBF PrimitiveBlock (already inflated) into an OsmBlock.
 * Format: https://wiki.openstreetmap.org/wiki/PBF_Format. Runs on the main thread or a worker.
 */
import { PbfReader } from 'pbf';
import { NO_LOCATION, type OsmBlock } from '../block.js';
import { DenseNodes, Node, PrimitiveBlock, PrimitiveGroup, Relation, StringTable, Way, WIRE_BYTES } from './fields.js';
import { readPackedDelta, readPackedUnsigned } from './varint.js';

interface Growable {
  a: Float64Array;
}

class Out {
  // nodes
  nIds: Growable = { a: new Float64Array(8192) };
  nLon: Int32Array = new Int32Array(8192);
  nLat: Int32Array = new Int32Array(8192);
  nKvOff: Uint32Array = new Uint32Array(8193);
  nKv: { a: Uint32Array } = { a: new Uint32Array(1024) };
  nCount = 0;
  nKvCount = 0;
  // ways
  wIds: Float64Array = new Float64Array(1024);
  wRefOff: Uint32Array = new Uint32Array(1025);
  wRefs: Growable = { a: new Float64Array(16384) };
  wKvOff: Uint32Array = new Uint32Array(1025);
  wKv: { a: Uint32Array } = { a: new Uint32Array(4096) };
  // LocationsOnWays: per reference, parallel to wRefs; only filled once a way carries locations
  wLon: Int32Array = new Int32Array(0);
  wLat: Int32Array = new Int32Array(0);
  wHasLoc = false;
  wCount = 0;
  wRefCount = 0;
  wKvCount = 0;
  // relations
  rIds: Float64Array = new Float64Array(64);
  rMemOff: Uint32Array = new Uint32Array(65);
  rMemRefs: Growable = { a: new Float64Array(1024) };
  rMemTypes: Uint8Array = new Uint8Array(1024);
  rMemRoles: Uint32Array = new Uint32Array(1024);
  rKvOff: Uint32Array = new Uint32Array(65);
  rKv: { a: Uint32Array } = { a: new Uint32Array(256) };
  rCount = 0;
  rMemCount = 0;
  rKvCount = 0;
}

// Output buffers reused across blocks: results are copied out (slice) at the end of each block.
const REUSED_OUTPUT = new Out();

// Packed fields decoded per object, reused across blocks (a worker decodes one block at a time):
// ids (dense node ids, way refs, relation member ids), lat/lon deltas, and key/value string indexes
// (dense nodes keep their interleaved keys_vals in packedKeys).
const packedIds: Growable = { a: new Float64Array(8192) };
const packedLats: Growable = { a: new Float64Array(8192) };
const packedLons: Growable = { a: new Float64Array(8192) };
const packedKeys: { a: Uint32Array } = { a: new Uint32Array(8192) };
const packedVals: { a: Uint32Array } = { a: new Uint32Array(8192) };

type AnyTyped = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** the first n elements of a reused buffer: a view, or a copy */
function part<T extends AnyTyped>(a: T, n: number, views: boolean): T {
  return (views ? a.subarray(0, n) : a.slice(0, n)) as T;
}

/** `a` if it holds `need` elements, else a copy at least twice as large */
function grow<T extends AnyTyped>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a as never);
  return b;
}

interface BlockMeta {
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

/**
 * Convert a raw coordinate to 1e-7 degrees: deg = 1e-9 * (offset + granularity * raw). A value
 * beyond ±180° (a damaged granularity or offset) is refused here, before an Int32Array wraps it
 * round to a plausible-looking coordinate.
 */
function to7(raw: number, offset: number, gran: number): number {
  const v = gran === 100 && offset === 0 ? raw : Math.round((offset + gran * raw) / 100);
  if (!(v >= -1_800_000_000 && v <= 1_800_000_000))
    throw new RangeError(`a coordinate of ${v / 1e7}° (granularity ${gran}, offset ${offset}) is out of range`);
  return v;
}

/**
 * `views`: the block's arrays are views of the decoder's reused buffers, valid until the next
 * call (the inline reader: its consumer copies what it keeps before asking for the next block, so
 * a large file leaves no garbage of typed arrays behind, ~1 MB per block); otherwise copies (a
 * worker transfers them).
 */
export function decodePrimitiveBlock(data: Uint8Array, views = false): OsmBlock {
  const pbf = new PbfReader(data);
  const strings: string[] = [];
  const groups: [number, number][] = [];
  const meta: BlockMeta = { granularity: 100, latOffset: 0, lonOffset: 0 };
  const td = new TextDecoder();
  // First pass: string table, group extents and block parameters (they may follow the groups).
  while (pbf.pos < pbf.length) {
    const key = pbf.readVarint();
    const tag = key >> 3;
    pbf.type = key & 7;
    if (tag === PrimitiveBlock.stringtable) {
      const end = pbf.readVarint() + pbf.pos;
      while (pbf.pos < end) {
        const k = pbf.readVarint();
        if (k >> 3 === StringTable.s) {
          const len = pbf.readVarint();
          strings.push(len === 0 ? '' : td.decode(data.subarray(pbf.pos, pbf.pos + len)));
          pbf.pos += len;
        } else {
          pbf.type = k & 7;
          pbf.skip(k);
        }
      }
    } else if (tag === PrimitiveBlock.primitivegroup) {
      const len = pbf.readVarint();
      groups.push([pbf.pos, pbf.pos + len]);
      pbf.pos += len;
    } else if (tag === PrimitiveBlock.granularity) meta.granularity = pbf.readVarint(true);
    else if (tag === PrimitiveBlock.lat_offset) meta.latOffset = pbf.readVarint(true);
    else if (tag === PrimitiveBlock.lon_offset) meta.lonOffset = pbf.readVarint(true);
    else pbf.skip(key);
  }
  const out = REUSED_OUTPUT;
  out.nCount = out.nKvCount = 0;
  out.wCount = out.wRefCount = out.wKvCount = 0;
  out.wHasLoc = false;
  out.rCount = out.rMemCount = out.rKvCount = 0;
  out.nKvOff[0] = 0;
  out.wRefOff[0] = 0;
  out.wKvOff[0] = 0;
  out.rMemOff[0] = 0;
  out.rKvOff[0] = 0;
  for (const [start, end] of groups) {
    pbf.pos = start;
    while (pbf.pos < end) {
      const key = pbf.readVarint();
      const tag = key >> 3;
      pbf.type = key & 7;
      const len = pbf.readVarint();
      const s = pbf.pos;
      const e = s + len;
      if (tag === PrimitiveGroup.nodes) decodeNode(pbf, e, out, meta);
      else if (tag === PrimitiveGroup.dense) decodeDense(data, s, e, out, meta);
      else if (tag === PrimitiveGroup.ways) decodeWay(pbf, e, out, meta);
      else if (tag === PrimitiveGroup.relations) decodeRelation(pbf, e, out);
      pbf.pos = e;
    }
  }
  return {
    strings,
    nodes: {
      count: out.nCount,
      ids: part(out.nIds.a, out.nCount, views),
      lon: part(out.nLon, out.nCount, views),
      lat: part(out.nLat, out.nCount, views),
      kvOff: part(out.nKvOff, out.nCount + 1, views),
      kv: part(out.nKv.a, out.nKvCount, views),
    },
    ways: {
      count: out.wCount,
      ids: part(out.wIds, out.wCount, views),
      refOff: part(out.wRefOff, out.wCount + 1, views),
      refs: part(out.wRefs.a, out.wRefCount, views),
      kvOff: part(out.wKvOff, out.wCount + 1, views),
      kv: part(out.wKv.a, out.wKvCount, views),
      ...(out.wHasLoc ? { lon: part(out.wLon, out.wRefCount, views), lat: part(out.wLat, out.wRefCount, views) } : {}),
    },
    relations: {
      count: out.rCount,
      ids: part(out.rIds, out.rCount, views),
      memOff: part(out.rMemOff, out.rCount + 1, views),
      memRefs: part(out.rMemRefs.a, out.rMemCount, views),
      memTypes: part(out.rMemTypes, out.rMemCount, views),
      memRoles: part(out.rMemRoles, out.rMemCount, views),
      kvOff: part(out.rKvOff, out.rCount + 1, views),
      kv: part(out.rKv.a, out.rKvCount, views),
    },
  };
}

// Each parallel array is checked on its own: doubling arrays of length n and n + 1 gives 2n and
// 2n + 2, so testing one of them for all let a write past the end of the other (a lost id).
function ensureNodes(out: Out, need: number): void {
  out.nIds.a = grow(out.nIds.a, need);
  out.nLon = grow(out.nLon, need);
  out.nLat = grow(out.nLat, need);
  out.nKvOff = grow(out.nKvOff, need + 1);
}

function pushKv(target: { a: Uint32Array }, count: number, keys: Uint32Array, vals: Uint32Array, n: number): number {
  target.a = grow(target.a, count + 2 * n);
  const a = target.a;
  for (let i = 0; i < n; i++) {
    a[count++] = keys[i];
    a[count++] = vals[i];
  }
  return count;
}

function decodeDense(buf: Uint8Array, start: number, end: number, out: Out, meta: BlockMeta): void {
  let nIds = 0;
  let nLat = 0;
  let nLon = 0;
  let kvStart = -1;
  let kvEnd = -1;
  const pbf = new PbfReader(buf);
  pbf.pos = start;
  while (pbf.pos < end) {
    const key = pbf.readVarint();
    const tag = key >> 3;
    pbf.type = key & 7;
    if ((key & 7) !== WIRE_BYTES) {
      pbf.skip(key);
      continue;
    }
    const len = pbf.readVarint();
    const s = pbf.pos;
    const e = s + len;
    if (tag === DenseNodes.id) nIds = readPackedDelta(buf, s, e, packedIds);
    else if (tag === DenseNodes.lat) nLat = readPackedDelta(buf, s, e, packedLats);
    else if (tag === DenseNodes.lon) nLon = readPackedDelta(buf, s, e, packedLons);
    else if (tag === DenseNodes.keys_vals) {
      kvStart = s;
      kvEnd = e;
    }
    pbf.pos = e;
  }
  if (nIds !== nLat || nIds !== nLon)
    throw new RangeError(`DenseNodes has ${nIds} ids but ${nLat} lats and ${nLon} lons`);
  const base = out.nCount;
  ensureNodes(out, base + nIds);
  const ids = out.nIds.a;
  const lats = out.nLat;
  const lons = out.nLon;
  const ida = packedIds.a;
  const lata = packedLats.a;
  const lona = packedLons.a;
  const { granularity: g, latOffset: lao, lonOffset: loo } = meta;
  for (let i = 0; i < nIds; i++) {
    ids[base + i] = ida[i];
    lats[base + i] = to7(lata[i], lao, g);
    lons[base + i] = to7(lona[i], loo, g);
  }
  const kvOff = out.nKvOff;
  if (kvStart < 0) {
    for (let i = 1; i <= nIds; i++) kvOff[base + i] = out.nKvCount;
  } else {
    // keys_vals: for each node, (key, val)* then 0
    const n = readPackedUnsigned(buf, kvStart, kvEnd, packedKeys);
    const kv = packedKeys.a;
    out.nKv.a = grow(out.nKv.a, out.nKvCount + n);
    const dst = out.nKv.a;
    let c = out.nKvCount;
    let node = 0;
    for (let j = 0; j < n && node < nIds; ) {
      const k = kv[j++];
      if (k === 0) {
        kvOff[base + ++node] = c;
        continue;
      }
      dst[c++] = k;
      dst[c++] = kv[j++];
    }
    while (node < nIds) kvOff[base + ++node] = c;
    out.nKvCount = c;
  }
  out.nCount = base + nIds;
}

function decodeNode(pbf: PbfReader, end: number, out: Out, meta: BlockMeta): void {
  let id = 0;
  let lat = 0;
  let lon = 0;
  let nk = 0;
  let nv = 0;
  const buf = pbf.buf;
  while (pbf.pos < end) {
    const key = pbf.readVarint();
    const tag = key >> 3;
    pbf.type = key & 7;
    if (tag === Node.id) id = pbf.readSVarint();
    else if (tag === Node.lat) lat = pbf.readSVarint();
    else if (tag === Node.lon) lon = pbf.readSVarint();
    else if ((tag === Node.keys || tag === Node.vals) && (key & 7) === WIRE_BYTES) {
      const len = pbf.readVarint();
      const n = readPackedUnsigned(buf, pbf.pos, pbf.pos + len, tag === Node.keys ? packedKeys : packedVals);
      if (tag === Node.keys) nk = n;
      else nv = n;
      pbf.pos += len;
    } else pbf.skip(key);
  }
  if (nk !== nv) throw new RangeError(`node ${id} has ${nk} keys but ${nv} values`);
  const i = out.nCount;
  ensureNodes(out, i + 1);
  out.nIds.a[i] = id;
  out.nLat[i] = to7(lat, meta.latOffset, meta.granularity);
  out.nLon[i] = to7(lon, meta.lonOffset, meta.granularity);
  out.nKvCount = pushKv(out.nKv, out.nKvCount, packedKeys.a, packedVals.a, nk);
  out.nKvOff[i + 1] = out.nKvCount;
  out.nCount = i + 1;
}

function decodeWay(pbf: PbfReader, end: number, out: Out, meta: BlockMeta): void {
  let id = 0;
  let nk = 0;
  let nv = 0;
  let nr = 0;
  let nLat = -1;
  let nLon = -1;
  const buf = pbf.buf;
  while (pbf.pos < end) {
    const key = pbf.readVarint();
    const tag = key >> 3;
    pbf.type = key & 7;
    if (tag === Way.id)
      id = pbf.readVarint(true); // int64, not zigzag: negative ids (JOSM files) are 10-byte two's complement
    else if (
      (tag === Way.keys || tag === Way.vals || tag === Way.refs || tag === Way.lat || tag === Way.lon) &&
      (key & 7) === WIRE_BYTES
    ) {
      const len = pbf.readVarint();
      const s = pbf.pos;
      if (tag === Way.keys) nk = readPackedUnsigned(buf, s, s + len, packedKeys);
      else if (tag === Way.vals) nv = readPackedUnsigned(buf, s, s + len, packedVals);
      else if (tag === Way.refs) nr = readPackedDelta(buf, s, s + len, packedIds);
      else if (tag === Way.lat) nLat = readPackedDelta(buf, s, s + len, packedLats);
      else nLon = readPackedDelta(buf, s, s + len, packedLons);
      pbf.pos = s + len;
    } else pbf.skip(key);
  }
  if (nk !== nv) throw new RangeError(`way ${id} has ${nk} keys but ${nv} values`);
  const hasLoc = nLat >= 0 || nLon >= 0;
  if (hasLoc && (nLat !== nr || nLon !== nr))
    throw new RangeError(
      `way ${id} has ${nr} node references but ${Math.max(nLat, 0)} lats and ${Math.max(nLon, 0)} lons`,
    );
  if (hasLoc || out.wHasLoc) wayLocations(out, nr, hasLoc, meta);
  const i = out.wCount;
  out.wIds = grow(out.wIds, i + 1);
  out.wRefOff = grow(out.wRefOff, i + 2);
  out.wKvOff = grow(out.wKvOff, i + 2);
  out.wIds[i] = id;
  const rc = out.wRefCount;
  out.wRefs.a = grow(out.wRefs.a, rc + nr);
  out.wRefs.a.set(packedIds.a.subarray(0, nr), rc);
  out.wRefCount = rc + nr;
  out.wRefOff[i + 1] = out.wRefCount;
  out.wKvCount = pushKv(out.wKv, out.wKvCount, packedKeys.a, packedVals.a, nk);
  out.wKvOff[i + 1] = out.wKvCount;
  out.wCount = i + 1;
}

/** Stores one way's reference locations at wRefCount.. (NO_LOCATION when it has none). */
function wayLocations(out: Out, nr: number, hasLoc: boolean, meta: BlockMeta): void {
  const rc = out.wRefCount;
  out.wLon = grow(out.wLon, rc + nr);
  out.wLat = grow(out.wLat, rc + nr);
  if (!out.wHasLoc) {
    // the first way with locations in this block: the ways before it had none
    out.wLon.fill(NO_LOCATION, 0, rc);
    out.wLat.fill(NO_LOCATION, 0, rc);
    out.wHasLoc = true;
  }
  const { granularity: g, latOffset: lao, lonOffset: loo } = meta;
  for (let i = 0; i < nr; i++) {
    out.wLat[rc + i] = hasLoc ? to7(packedLats.a[i], lao, g) : NO_LOCATION;
    out.wLon[rc + i] = hasLoc ? to7(packedLons.a[i], loo, g) : NO_LOCATION;
  }
}

function decodeRelation(pbf: PbfReader, end: number, out: Out): void {
  let id = 0;
  let nk = 0;
  let nv = 0;
  let nRoles = 0;
  let nMem = 0;
  let nTypes = 0;
  const roles = { a: new Uint32Array(64) };
  const types = { a: new Uint32Array(64) };
  const buf = pbf.buf;
  while (pbf.pos < end) {
    const key = pbf.readVarint();
    const tag = key >> 3;
    pbf.type = key & 7;
    if (tag === Relation.id)
      id = pbf.readVarint(true); // int64, not zigzag: negative ids (JOSM files) are 10-byte two's complement
    else if (
      (key & 7) === WIRE_BYTES &&
      (tag === Relation.keys ||
        tag === Relation.vals ||
        tag === Relation.roles_sid ||
        tag === Relation.memids ||
        tag === Relation.types)
    ) {
      const len = pbf.readVarint();
      const s = pbf.pos;
      const e = s + len;
      if (tag === Relation.keys) nk = readPackedUnsigned(buf, s, e, packedKeys);
      else if (tag === Relation.vals) nv = readPackedUnsigned(buf, s, e, packedVals);
      else if (tag === Relation.roles_sid) nRoles = readPackedUnsigned(buf, s, e, roles);
      else if (tag === Relation.memids) nMem = readPackedDelta(buf, s, e, packedIds);
      else nTypes = readPackedUnsigned(buf, s, e, types);
      pbf.pos = e;
    } else pbf.skip(key);
  }
  if (nk !== nv) throw new RangeError(`relation ${id} has ${nk} keys but ${nv} values`);
  if (nMem !== nRoles || nMem !== nTypes)
    throw new RangeError(`relation ${id} has ${nMem} members but ${nRoles} roles and ${nTypes} types`);
  const i = out.rCount;
  out.rIds = grow(out.rIds, i + 1);
  out.rMemOff = grow(out.rMemOff, i + 2);
  out.rKvOff = grow(out.rKvOff, i + 2);
  out.rIds[i] = id;
  const mc = out.rMemCount;
  out.rMemRefs.a = grow(out.rMemRefs.a, mc + nMem);
  out.rMemTypes = grow(out.rMemTypes, mc + nMem);
  out.rMemRoles = grow(out.rMemRoles, mc + nMem);
  for (let j = 0; j < nMem; j++) {
    out.rMemRefs.a[mc + j] = packedIds.a[j];
    out.rMemTypes[mc + j] = types.a[j];
    out.rMemRoles[mc + j] = roles.a[j];
  }
  out.rMemCount = mc + nMem;
  out.rMemOff[i + 1] = out.rMemCount;
  out.rKvCount = pushKv(out.rKv, out.rKvCount, packedKeys.a, packedVals.a, nk);
  out.rKvOff[i + 1] = out.rKvCount;
  out.rCount = i + 1;
}
