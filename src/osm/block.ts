/**
 * The unit every OSM reader emits: a batch of nodes, ways and relations in compact typed arrays,
 * with tags as index pairs into the batch's own string table (as in a PBF PrimitiveBlock).
 * One shape for PBF, XML and JSON keeps the network builder format-agnostic and lets PBF blocks
 * be decoded on worker threads and transferred without copying.
 * Coordinates are integers in 1e-7 degrees (OSM's own precision), so every format gives identical numbers.
 */
export interface OsmBlock {
  strings: string[];
  nodes: {
    count: number;
    ids: Float64Array;
    lon: Int32Array;
    lat: Int32Array;
    /** node i has tags kv[kvOff[i]..kvOff[i+1]) as (key, value) string-index pairs */
    kvOff: Uint32Array;
    kv: Uint32Array;
  };
  ways: {
    count: number;
    ids: Float64Array;
    refOff: Uint32Array;
    refs: Float64Array;
    kvOff: Uint32Array;
    kv: Uint32Array;
    /**
     * PBF LocationsOnWays (`osmium add-locations-to-ways`): each reference's coordinates, parallel
     * to `refs`, NO_LOCATION where a way carries none. Such files may omit the untagged nodes.
     */
    lon?: Int32Array;
    lat?: Int32Array;
  };
  relations: {
    count: number;
    ids: Float64Array;
    memOff: Uint32Array;
    memRefs: Float64Array;
    /** 0 node, 1 way, 2 relation */
    memTypes: Uint8Array;
    memRoles: Uint32Array;
    kvOff: Uint32Array;
    kv: Uint32Array;
  };
}

/** A reference without coordinates in `ways.lon/lat` (below any valid 1e-7 degree value). */
export const NO_LOCATION = -2147483648;

export type Tags = Record<string, string>;

export function tagsOf(strings: string[], kv: Uint32Array, from: number, to: number): Tags {
  const tags: Tags = {};
  for (let k = from; k < to; k += 2) tags[strings[kv[k]]] = strings[kv[k + 1]];
  return tags;
}

/** Transferable buffers of a block, for postMessage. */
export function blockTransferList(b: OsmBlock): ArrayBuffer[] {
  const arrays = [
    b.nodes.ids,
    b.nodes.lon,
    b.nodes.lat,
    b.nodes.kvOff,
    b.nodes.kv,
    b.ways.ids,
    b.ways.refOff,
    b.ways.refs,
    b.ways.kvOff,
    b.ways.kv,
    ...(b.ways.lon && b.ways.lat ? [b.ways.lon, b.ways.lat] : []),
    b.relations.ids,
    b.relations.memOff,
    b.relations.memRefs,
    b.relations.memTypes,
    b.relations.memRoles,
    b.relations.kvOff,
    b.relations.kv,
  ];
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) seen.add(a.buffer as ArrayBuffer);
  return [...seen];
}

/**
 * Growable typed-array helpers used by the builders. One small class per element type on purpose:
 * their push() runs per node and per reference, and a generic class would make those call sites
 * polymorphic.
 */
export class F64 {
  a: Float64Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Float64Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  grow(min: number): void {
    const b = new Float64Array(Math.max(min, this.a.length * 2));
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  take(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

export class I32 {
  a: Int32Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  grow(min: number): void {
    const b = new Int32Array(Math.max(min, this.a.length * 2));
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  take(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

export class U32 {
  a: Uint32Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Uint32Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  grow(min: number): void {
    const b = new Uint32Array(Math.max(min, this.a.length * 2));
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  take(): Uint32Array {
    return this.a.slice(0, this.n);
  }
}

export class U8 {
  a: Uint8Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Uint8Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint8Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  take(): Uint8Array {
    return this.a.slice(0, this.n);
  }
}

/**
 * Builds OsmBlocks element by element, for the text formats (XML, JSON).
 * Emits a block every `blockSize` elements so memory stays flat while streaming.
 */
export class BlockBuilder {
  private strings: string[] = [];
  private stringIndex = new Map<string, number>();
  private nIds = new F64();
  private nLon = new I32();
  private nLat = new I32();
  private nKvOff = new U32();
  private nKv = new U32();
  private wIds = new F64();
  private wRefOff = new U32();
  private wRefs = new F64();
  private wKvOff = new U32();
  private wKv = new U32();
  private rIds = new F64();
  private rMemOff = new U32();
  private rMemRefs = new F64();
  private rMemTypes = new U8();
  private rMemRoles = new U32();
  private rKvOff = new U32();
  private rKv = new U32();
  private elements = 0;

  constructor(
    private readonly emit: (b: OsmBlock) => void,
    private readonly blockSize = 8000,
  ) {
    this.reset();
  }

  private reset(): void {
    this.strings = [];
    this.stringIndex = new Map();
    this.nIds = new F64();
    this.nLon = new I32();
    this.nLat = new I32();
    this.nKvOff = new U32();
    this.nKv = new U32();
    this.wIds = new F64();
    this.wRefOff = new U32();
    this.wRefs = new F64();
    this.wKvOff = new U32();
    this.wKv = new U32();
    this.rIds = new F64();
    this.rMemOff = new U32();
    this.rMemRefs = new F64();
    this.rMemTypes = new U8();
    this.rMemRoles = new U32();
    this.rKvOff = new U32();
    this.rKv = new U32();
    this.nKvOff.push(0);
    this.wRefOff.push(0);
    this.wKvOff.push(0);
    this.rMemOff.push(0);
    this.rKvOff.push(0);
    this.elements = 0;
  }

  private str(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  /** lon/lat in 1e-7 degrees; tags as flat [k, v, k, v, ...] */
  node(id: number, lon7: number, lat7: number, kv: string[]): void {
    this.nIds.push(id);
    this.nLon.push(lon7);
    this.nLat.push(lat7);
    for (const s of kv) this.nKv.push(this.str(s));
    this.nKvOff.push(this.nKv.n);
    this.tick();
  }

  way(id: number, refs: ArrayLike<number>, kv: string[]): void {
    this.wIds.push(id);
    for (let i = 0; i < refs.length; i++) this.wRefs.push(refs[i]);
    this.wRefOff.push(this.wRefs.n);
    for (const s of kv) this.wKv.push(this.str(s));
    this.wKvOff.push(this.wKv.n);
    this.tick();
  }

  relation(id: number, members: { type: number; ref: number; role: string }[], kv: string[]): void {
    this.rIds.push(id);
    for (const m of members) {
      this.rMemRefs.push(m.ref);
      this.rMemTypes.push(m.type);
      this.rMemRoles.push(this.str(m.role));
    }
    this.rMemOff.push(this.rMemRefs.n);
    for (const s of kv) this.rKv.push(this.str(s));
    this.rKvOff.push(this.rKv.n);
    this.tick();
  }

  private tick(): void {
    if (++this.elements >= this.blockSize) this.flush();
  }

  flush(): void {
    if (this.elements === 0) return;
    this.emit({
      strings: this.strings,
      nodes: {
        count: this.nIds.n,
        ids: this.nIds.take(),
        lon: this.nLon.take(),
        lat: this.nLat.take(),
        kvOff: this.nKvOff.take(),
        kv: this.nKv.take(),
      },
      ways: {
        count: this.wIds.n,
        ids: this.wIds.take(),
        refOff: this.wRefOff.take(),
        refs: this.wRefs.take(),
        kvOff: this.wKvOff.take(),
        kv: this.wKv.take(),
      },
      relations: {
        count: this.rIds.n,
        ids: this.rIds.take(),
        memOff: this.rMemOff.take(),
        memRefs: this.rMemRefs.take(),
        memTypes: this.rMemTypes.take(),
        memRoles: this.rMemRoles.take(),
        kvOff: this.rKvOff.take(),
        kv: this.rKv.take(),
      },
    });
    this.reset();
  }
}
