/**
 * A shard's folder: shard.json (what ran: tool version, SHA-256 of every input, a hash of the
 * parameters, shard i/n, the communities it covered, the clip) beside its results; and the checks
 * merge makes before it trusts a set of them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../coverage/job.js';
import { inputSha256, readInput } from '../io/read-input.js';
import { InputError } from '../util/errors.js';

export const SHARD_MANIFEST = 'shard.json';
export const SHARD_RESULTS = 'shard-results.v8';
const FORMAT = 'lifecircle-shard';
const FORMAT_VERSION = 1;

export interface ShardManifest {
  format: typeof FORMAT;
  format_version: number;
  tool_version: string;
  /** V8's serialisation format is Node's: results are read back by the same major version */
  node: string;
  /** the job as the shards resolved it (paths absolute): merge runs it again without re-reading the job file */
  job: { from: string; resolved: Job };
  shard: { index: number; count: number };
  /** input name -> SHA-256 */
  inputs: Record<string, string>;
  parameters_sha256: string;
  lang: string;
  outputs: string[];
  browser: string | null;
  communities: string[];
  communities_total: number;
  /** communities whose results the clip may have changed: merge recomputes them */
  recompute: string[];
  network: {
    clip_bbox: number[] | null;
    margin_m: number | null;
    exact_within_m: number | null;
    /** the longest walk found beyond exact_within_m on a component the clip cut (0: none) */
    longest_walk_beyond_m: number;
    nodes: number;
    edges: number;
  };
  results_sha256: string;
}

/** a hash as messages show it */
export const short = (h: string | undefined) => (h ? `${h.slice(0, 12)}…` : 'absent');

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** an input's SHA-256 as it was read (or read now: the shard does not read candidate sites) */
function hashOf(path: string): string {
  try {
    return inputSha256(path);
  } catch {
    readInput(path);
    return inputSha256(path);
  }
}

/** SHA-256 of every input of the job, by a name that says which (osm, communities, facilities[0], …) */
export function jobInputHashes(job: Job, osmSha256: string, profileFile: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (job.from !== 'command line' && job.from !== 'options' && existsSync(job.from))
    h.job = sha256(readFileSync(job.from));
  h.osm = osmSha256;
  if (job.communities) h.communities = hashOf(job.communities.file);
  h.profile = hashOf(profileFile);
  for (const [i, f] of job.facilities.entries()) h[`facilities[${i}]`] = hashOf(f.file);
  if (job.categoryMap) h.category_map = hashOf(job.categoryMap);
  for (const [i, f] of job.planned.entries()) h[`planned[${i}]`] = hashOf(f.file);
  if (job.suggest?.candidates) h.candidates = hashOf(job.suggest.candidates.file);
  return h;
}

/** a hash of every value that shapes the results, but not where the files are or the results go */
export function jobParametersHash(job: Job): string {
  const {
    from: _f,
    output: _o,
    osm: _s,
    profile: _p,
    categoryMap: _c,
    browser: _b,
    outputs: _u,
    lang: _l,
    ...rest
  } = job;
  return sha256(JSON.stringify(rest, (k, v) => (k === 'file' ? undefined : v)));
}

export function readManifest(dir: string): ShardManifest {
  const p = join(dir, SHARD_MANIFEST);
  let m: ShardManifest;
  try {
    m = JSON.parse(readFileSync(p, 'utf8')) as ShardManifest;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `${dir}: not a shard folder (no ${SHARD_MANIFEST}); give the folders 'lifecircle run --shard' wrote, e.g. out/shard-*-of-4`
        : `${p}: cannot read (${(e as Error).message}); run that shard again`,
    );
  }
  if (m?.format !== FORMAT || m.format_version !== FORMAT_VERSION || !m.shard || !Array.isArray(m.communities))
    throw new InputError(
      `${p}: not a lifecircle shard manifest of format ${FORMAT_VERSION}; run that shard again with this version`,
    );
  return m;
}

export interface ShardSet {
  count: number;
  first: ShardManifest;
  shards: { dir: string; manifest: ShardManifest }[];
}

const label = (s: { dir: string; manifest: ShardManifest }) =>
  `shard ${s.manifest.shard.index}/${s.manifest.shard.count} (${s.dir})`;

/** the shards agree on version, inputs and parameters, and none is given twice */
export function checkShardSet(dirs: string[]): ShardSet {
  if (!dirs.length) throw new InputError('merge: no shard folders given');
  const shards = dirs.map((d) => ({ dir: d, manifest: readManifest(d) }));
  const a = shards[0];
  for (const b of shards.slice(1)) {
    const A = a.manifest;
    const B = b.manifest;
    if (A.tool_version !== B.tool_version || A.node.split('.')[0] !== B.node.split('.')[0])
      throw new InputError(
        `${label(b)} was written by lifecircle ${B.tool_version} on Node ${B.node}, ` +
          `${label(a)} by ${A.tool_version} on Node ${A.node}; run every shard with one version`,
      );
    const keys = [...new Set([...Object.keys(A.inputs), ...Object.keys(B.inputs)])];
    for (const k of keys)
      if (A.inputs[k] !== B.inputs[k])
        throw new InputError(
          `${label(b)} ran other inputs than ${label(a)}: ${k} SHA-256 ${short(B.inputs[k])} vs ${short(A.inputs[k])}; ` +
            'run every shard on the same files',
        );
    if (A.parameters_sha256 !== B.parameters_sha256 || A.lang !== B.lang || A.outputs.join() !== B.outputs.join())
      throw new InputError(
        `${label(b)} ran with other parameters than ${label(a)} (job values, --lang or --outputs); run every shard with the same job and options`,
      );
    if (A.shard.count !== B.shard.count)
      throw new InputError(
        `${label(b)} is one of ${B.shard.count} shards, ${label(a)} one of ${A.shard.count}; give the shards of one split`,
      );
  }
  const owner = new Map<string, (typeof shards)[number]>();
  for (const s of shards)
    for (const id of s.manifest.communities) {
      const o = owner.get(id);
      if (o)
        throw new InputError(
          `community ${id} is in ${label(o)} and in ${label(s)}: shards overlap; give each shard once`,
        );
      owner.set(id, s);
    }
  return { count: a.manifest.shard.count, first: a.manifest, shards };
}

/** every shard of the split is there and holds exactly its part of the communities */
export function checkComplete(set: ShardSet, parts: string[][]): void {
  const byIndex = new Map(set.shards.map((s) => [s.manifest.shard.index, s]));
  const missing: string[] = [];
  for (let i = 1; i <= set.count; i++) {
    const s = byIndex.get(i);
    const want = parts[i - 1];
    if (!s) {
      missing.push(
        `shard ${i}/${set.count} (communities ${want.slice(0, 5).join(', ')}${want.length > 5 ? `, … ${want.length} in all` : ''})`,
      );
      continue;
    }
    if (s.manifest.communities.join('\n') !== want.join('\n'))
      throw new InputError(
        `${label(s)} covers other communities than shard ${i}/${set.count} of this job; run it again`,
      );
  }
  if (missing.length)
    throw new InputError(
      `merge: ${missing.length === 1 ? 'missing' : `${missing.length} shards missing`}: ${missing.join('; ')}; ` +
        `run lifecircle run <job> --shard i/${set.count} for ${missing.length === 1 ? 'it' : 'them'} and merge again`,
    );
}

export function readResults(dir: string, m: ShardManifest): Uint8Array {
  const p = join(dir, SHARD_RESULTS);
  let b: Uint8Array;
  try {
    b = readFileSync(p);
  } catch (e) {
    throw new InputError(`${p}: cannot read (${(e as Error).message}); run that shard again`);
  }
  if (sha256(b) !== m.results_sha256)
    throw new InputError(`${p}: does not match its ${SHARD_MANIFEST} (changed or truncated); run that shard again`);
  return b;
}
