/**
 * Structural validation of a network file on load, beyond its checksum: a file can carry a valid
 * CRC and still be inconsistent (written by another tool, or edited), and an edge pointing past
 * the node arrays or a geometry offset running backwards used to crash the snapping index or
 * hang a route. Every section has a rule here: its element count from the header's counts, and
 * what its values must satisfy. A section added to the file format needs one line in
 * SECTION_RULES (a test fails for a section without one). Checks are linear scans of typed
 * arrays: milliseconds on a city network.
 */
import { InputError } from '../util/errors.js';

export type SectionKind = 'f64' | 'u32' | 'u8';
export const ELEMENT_BYTES: Record<SectionKind, number> = { f64: 8, u32: 4, u8: 1 };

/** What the rules see: the header's counts and the sections already read, by name. */
export interface FileShape {
  nodeCount: number;
  edgeCount: number;
  componentCount: number;
  highwayNames: number;
  /** entries of meta.walkRuleNames (index 0 included) */
  walkRules: number;
  arrays: Record<string, ArrayLike<number>>;
}

export interface SectionRule {
  /** how many elements the section holds (undefined: as many as a sibling section, see `sameAs`) */
  length?: (s: FileShape) => number;
  /** the section holds as many elements as this one */
  sameAs?: string;
  /** every value within [lo, hi] (NaN never is); `what` says what a value is, for the message */
  range?: (s: FileShape) => [number, number];
  /** every value a whole number */
  integer?: boolean;
  what?: string;
  /** values never decrease (offset arrays) */
  nondecreasing?: boolean;
}

const MAX = Number.MAX_VALUE; // finite
const lon = { range: (): [number, number] => [-180, 180], what: 'a longitude within ±180°' };
const lat = { range: (): [number, number] => [-90, 90], what: 'a latitude within ±90°' };
const nodeIndex = {
  range: (s: FileShape): [number, number] => [0, s.nodeCount - 1],
  integer: true,
  what: 'a node index below the node count',
};
const id = {
  range: (): [number, number] => [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  integer: true,
  what: 'an integer id',
};
const nonNegative = (what: string) => ({ range: (): [number, number] => [0, MAX], what });

export const SECTION_RULES: Record<string, SectionRule> = {
  nodeLon: { length: (s) => s.nodeCount, ...lon },
  nodeLat: { length: (s) => s.nodeCount, ...lat },
  nodeOsmId: { length: (s) => s.nodeCount, ...id },
  nodeComp: {
    length: (s) => s.nodeCount,
    range: (s) => [0, s.componentCount - 1],
    what: 'a component id below the number of components',
  },
  edgeU: { length: (s) => s.edgeCount, ...nodeIndex },
  edgeV: { length: (s) => s.edgeCount, ...nodeIndex },
  edgeLen: { length: (s) => s.edgeCount, ...nonNegative('a length in metres >= 0') },
  edgeFlags: { length: (s) => s.edgeCount },
  edgeHighway: {
    length: (s) => s.edgeCount,
    range: (s) => [0, Math.max(1, s.highwayNames) - 1],
    what: 'an index into the highway names',
  },
  edgeRule: {
    length: (s) => s.edgeCount,
    range: (s) => [0, s.walkRules - 1],
    what: 'an index into the walk rule names',
  },
  edgeWay: { length: (s) => s.edgeCount, ...id },
  geomOff: {
    length: (s) => s.edgeCount + 1,
    nondecreasing: true,
    range: (s) => [0, s.arrays.geomLon?.length ?? 0],
    what: 'an offset within the edge geometry',
  },
  geomLon: { ...lon },
  geomLat: { sameAs: 'geomLon', ...lat },
  'buildings.lon': { ...lon },
  'buildings.lat': { sameAs: 'buildings.lon', ...lat },
  'buildings.area': { sameAs: 'buildings.lon', ...nonNegative('an area >= 0') },
  'buildings.levels': { sameAs: 'buildings.lon', ...nonNegative('a number of levels >= 0') },
  'buildings.osmId': { sameAs: 'buildings.lon', ...id },
  'buildings.explicit': { sameAs: 'buildings.lon' },
  'entrances.lon': { ...lon },
  'entrances.lat': { sameAs: 'entrances.lon', ...lat },
  'entrances.osmId': { sameAs: 'entrances.lon', ...id },
  // indexes into the features section (JSON, checked when parsed): ascending, as prepare writes them
  residentialAreas: { nondecreasing: true },
};

/** Checks the sections against SECTION_RULES; `bad` makes the one-line error. */
export function checkSections(s: FileShape, bad: (why: string) => InputError): void {
  for (const [name, a] of Object.entries(s.arrays)) {
    const rule = SECTION_RULES[name];
    if (!rule) continue;
    const want = rule.length ? rule.length(s) : rule.sameAs ? s.arrays[rule.sameAs]?.length : undefined;
    if (want !== undefined && a.length !== want)
      throw bad(`corrupted network file: section '${name}' holds ${a.length} values where ${want} belong`);
    if (rule.range) {
      const [lo, hi] = rule.range(s);
      const i = firstOutside(a, lo, hi, rule.integer === true);
      if (i >= 0) throw bad(`corrupted network file: section '${name}' value ${i} is ${a[i]}, not ${rule.what}`);
    }
    if (rule.nondecreasing)
      for (let i = 1; i < a.length; i++)
        if (a[i] < a[i - 1]) throw bad(`corrupted network file: section '${name}' decreases at ${i}`);
  }
  // relations between sections that no single rule sees
  const off = s.arrays.geomOff;
  if (off && off.length) {
    if (off[0] !== 0) throw bad(`corrupted network file: edge geometry starts at ${off[0]}, not 0`);
    const n = s.arrays.geomLon?.length ?? 0;
    if (off[off.length - 1] !== n)
      throw bad(`corrupted network file: edge geometry ends at ${off[off.length - 1]} of ${n} vertices`);
    for (let e = 0; e + 1 < off.length; e++)
      if (off[e + 1] - off[e] < 2)
        throw bad(`corrupted network file: edge ${e} has ${off[e + 1] - off[e]} vertices (at least 2)`);
  }
}

/**
 * The first index whose value lies outside [lo, hi] (or is not whole, with `int`), or -1. One tight
 * loop per element type: a single loop fed Float64, Uint32 and Uint8 sections in turn went
 * megamorphic — V8 compiled it 7 times and deoptimised it ~10 times per load, boxing every float
 * it read — and took ~100 ms of the city network's first load (bench/network-file-load.mjs; BENCHMARKS.md,
 * issue 13 round 13).
 */
function firstOutside(a: ArrayLike<number>, lo: number, hi: number, int: boolean): number {
  if (a instanceof Float64Array) return int ? firstOutsideWholeF64(a, lo, hi) : firstOutsideF64(a, lo, hi);
  if (a instanceof Uint32Array) return firstOutsideU32(a, lo, hi);
  if (a instanceof Uint8Array) return firstOutsideU8(a, lo, hi);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!(v >= lo && v <= hi) || (int && v !== Math.trunc(v))) return i;
  }
  return -1;
}

function firstOutsideF64(a: Float64Array, lo: number, hi: number): number {
  for (let i = 0; i < a.length; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}

function firstOutsideWholeF64(a: Float64Array, lo: number, hi: number): number {
  for (let i = 0; i < a.length; i++) if (!(a[i] >= lo && a[i] <= hi) || a[i] !== Math.trunc(a[i])) return i;
  return -1;
}

// whole numbers by their type
function firstOutsideU32(a: Uint32Array, lo: number, hi: number): number {
  for (let i = 0; i < a.length; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}

function firstOutsideU8(a: Uint8Array, lo: number, hi: number): number {
  for (let i = 0; i < a.length; i++) if (!(a[i] >= lo && a[i] <= hi)) return i;
  return -1;
}

/** The header's fields, typed: a hand-made header must not smuggle in a string count or a negative offset. */
export function checkHeader(
  h: unknown,
  fileBytes: number,
  dataStart: number,
  kinds: Record<string, SectionKind>,
  bad: (why: string) => InputError,
): void {
  const o = h as Record<string, unknown> | null;
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!o || typeof o !== 'object') throw bad('corrupted network file header (not an object)');
  if (!count(o.nodeCount) || !count(o.edgeCount)) throw bad('corrupted network file header (node or edge count)');
  if (o.totalBytes !== fileBytes) throw bad(`truncated network file (${fileBytes} of ${String(o.totalBytes)} bytes)`);
  const meta = o.meta as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object') throw bad('corrupted network file header (no meta)');
  const sizes = meta.componentSizes;
  if (!Array.isArray(sizes) || !sizes.every(count) || sizes.reduce((a: number, b: number) => a + b, 0) !== o.nodeCount)
    throw bad('corrupted network file header (component sizes do not add up to the node count)');
  if (!Array.isArray(meta.highwayNames) || !meta.highwayNames.every((x) => typeof x === 'string'))
    throw bad('corrupted network file header (highway names)');
  if (
    !Array.isArray(meta.walkRuleNames) ||
    meta.walkRuleNames.length < 1 ||
    !meta.walkRuleNames.every((x) => typeof x === 'string')
  )
    throw bad('corrupted network file header (walk rule names)');
  if (!meta.source || typeof meta.source !== 'object' || !meta.stats || typeof meta.stats !== 'object')
    throw bad('corrupted network file header (source or stats)');
  if (!Array.isArray(o.sections)) throw bad('corrupted network file header (no section table)');
  const seen = new Set<string>();
  for (const sec of o.sections as Record<string, unknown>[]) {
    const name = typeof sec?.name === 'string' ? sec.name : '?';
    if (!count(sec?.offset) || !count(sec?.bytes) || seen.has(name))
      throw bad(`corrupted network file header (section '${name}')`);
    seen.add(name);
    const offset = sec.offset as number;
    const bytes = sec.bytes as number;
    if (offset < dataStart || offset + bytes > fileBytes - 12)
      throw bad(`corrupted network file: section '${name}' (${bytes} bytes at ${offset}) lies outside the file's data`);
    const kind = kinds[name];
    if (kind && (offset % 8 !== 0 || bytes % ELEMENT_BYTES[kind] !== 0))
      throw bad(`corrupted network file: section '${name}' is not a whole number of ${kind} values`);
  }
}
