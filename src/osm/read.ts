/**
 * Reads any supported OSM input and emits OsmBlocks: PBF, OSM XML (plain, .gz, .bz2) and
 * Overpass JSON (plain or .gz). The format comes from the content, not the extension.
 * The source's SHA-256 is computed while reading (it identifies the input in network files and run.json).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputError, oneLine, quote } from '../util/errors.js';
import { Bzip2Failure, bzip2Stream } from './bzip2.js';
import type { OsmBlock } from './block.js';
import { checkBlock, DuplicateCheck } from './limits.js';
import { describeHead, probeFile, sniffContent, type Compression, type FileProbe } from './detect.js';
import { readPbf } from './pbf/read-pbf.js';

export interface OsmCounts {
  nodes: number;
  ways: number;
  relations: number;
}

export interface ReadInfo {
  path: string;
  format: 'pbf' | 'xml' | 'json';
  compression: Compression;
  bytes: number;
  sha256: string;
  counts: OsmCounts;
  /** bounds declared by the file (PBF header bbox, XML <bounds>), if any */
  bounds?: [number, number, number, number];
  skipped: Record<string, number>;
}

export interface ReadOptions {
  workers?: number;
  onProgress?: (bytesRead: number, total: number) => void;
  /** things the reader skipped and the user should hear about (unknown PBF blob types) */
  onWarning?: (message: string) => void;
}

/**
 * Decompressed text may be at most this much larger than the file: OSM XML compresses about
 * 10:1 with gzip or bzip2 (measured on the real extracts), so 50:1 plus 16 MiB is generous for
 * real data and stops a small "bomb" (a megabyte of compressed whitespace) early.
 */
export const MAX_INFLATE_RATIO = 50;
export const INFLATE_SLACK = 16 * 1024 * 1024;
/** Overpass JSON is parsed in memory (about ten times its size); larger extracts belong in PBF */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export async function readOsm(path: string, onBlock: (b: OsmBlock) => void, opts: ReadOptions = {}): Promise<ReadInfo> {
  const probe = probeFile(path);
  return readProbed(probe, onBlock, opts);
}

export async function readProbed(
  probe: FileProbe,
  onBlock: (b: OsmBlock) => void,
  opts: ReadOptions = {},
): Promise<ReadInfo> {
  const { path, size } = probe;
  const hash = createHash('sha256');
  const counts: OsmCounts = { nodes: 0, ways: 0, relations: 0 };
  const dups = new DuplicateCheck();
  let blockNo = 0;
  let consumerError: unknown = null;
  const counting = (b: OsmBlock) => {
    blockNo++;
    checkBlock(path, b, probe.format === 'pbf' ? `PBF data block ${blockNo}` : `block ${blockNo} of the file`);
    dups.add(b);
    counts.nodes += b.nodes.count;
    counts.ways += b.ways.count;
    counts.relations += b.relations.count;
    try {
      onBlock(b);
    } catch (e) {
      consumerError = e; // the consumer's own error, passed on as it is (not "corrupted data")
      throw e;
    }
  };
  const hint = 'remove the repeats (e.g. osmium sort, then check with osmium fileinfo -e) or export the file again';
  const info = (format: ReadInfo['format'], extra: Partial<ReadInfo> = {}): ReadInfo => ({
    path,
    format,
    compression: probe.compression,
    bytes: size,
    sha256: hash.digest('hex'),
    counts,
    skipped: {},
    ...extra,
  });

  if (probe.compression === 'none') {
    if (probe.format === 'pbf') {
      const r = await readPbf(path, size, counting, {
        workers: opts.workers,
        hash,
        onProgress: (n) => opts.onProgress?.(n, size),
      });
      dups.finish(path, hint);
      const skipped: Record<string, number> = {};
      for (const [type, n] of Object.entries(r.unknownBlobs)) {
        const t = quote(type, 30);
        skipped[`PBF blobs of type ${t} (not OSMData)`] = n;
        opts.onWarning?.(
          `${path}: skipped ${n} PBF blob${n === 1 ? '' : 's'} of type ${t}: only OSMData blobs hold map ` +
            `data, so a damaged type name loses data here; check the file with osmium fileinfo -e`,
        );
      }
      return info('pbf', { bounds: r.header.bbox, skipped });
    }
    if (probe.format === 'network')
      throw new InputError(
        `${path} is a lifecircle network file, not an OSM file; give the OSM extract it was prepared from`,
      );
    if (probe.format === null)
      throw new InputError(
        `${path}: format not recognised (first bytes ${describeHead(probe.head)}); expected .osm.pbf, OSM XML (.osm, .osm.gz, .osm.bz2) or Overpass JSON`,
      );
  }

  // Text formats, possibly compressed: stream file -> hash -> decompress -> parser.
  let read = 0;
  let inflated = 0;
  const maxInflated =
    probe.compression === 'none' ? Number.POSITIVE_INFINITY : INFLATE_SLACK + MAX_INFLATE_RATIO * size;
  const bounded = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      inflated += chunk.length;
      if (inflated > maxInflated)
        return cb(
          new InputError(
            `${path}: the ${probe.compression} data inflates to more than ${Math.round(maxInflated / 1048576)} MiB ` +
              `(${MAX_INFLATE_RATIO} times the file and more; real OSM data compresses about 10:1): the file is not a plausible OSM extract`,
          ),
        );
      cb(null, chunk);
    },
  });
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      read += chunk.length;
      opts.onProgress?.(read, size);
      cb(null, chunk);
    },
  });
  const decompress = (): Transform | PassThrough => {
    if (probe.compression === 'gzip') return createGunzip();
    if (probe.compression === 'bzip2') return bzip2Stream();
    return new PassThrough();
  };
  let format: 'xml' | 'json' | null = probe.format === 'xml' || probe.format === 'json' ? probe.format : null;
  let result: ReadInfo | null = null;
  const src = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    await pipeline(src, hasher, decompress(), bounded, async (stream: AsyncIterable<Buffer>) => {
      const it = stream[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done) throw new InputError(`${path}: the ${probe.compression} data is empty`);
      const head: Buffer = first.value;
      if (!format) {
        const inner = sniffContent(head);
        if (inner === 'xml' || inner === 'json') format = inner;
        else
          throw new InputError(
            `${path}: the ${probe.compression} file does not hold OSM XML or Overpass JSON (inner bytes ${describeHead(head)})`,
          );
      }
      const rest = (async function* () {
        yield head;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
      })();
      if (format === 'xml') {
        const { readOsmXml } = await import('./xml.js'); // saxes is loaded only for XML input
        const r = await readOsmXml(path, rest, counting);
        dups.finish(path, hint);
        const skipped: Record<string, number> = {};
        if (r.skipped.deleted)
          skipped['objects marked deleted (JOSM action="delete", visible="false")'] = r.skipped.deleted;
        if (r.skipped.noCoordinates) skipped['nodes without coordinates'] = r.skipped.noCoordinates;
        result = info('xml', { bounds: r.bounds, skipped });
      } else {
        const parts: Buffer[] = [];
        let bytes = 0;
        for await (const c of rest) {
          bytes += c.length;
          if (bytes > MAX_JSON_BYTES)
            throw new InputError(
              `${path}: Overpass JSON larger than ${MAX_JSON_BYTES / 1048576} MiB is not read into memory; ` +
                `download the area as .osm.pbf (e.g. from Geofabrik) or split the query`,
            );
          parts.push(c);
        }
        const text = Buffer.concat(parts).toString('utf8');
        const { readOverpassJson } = await import('./overpass-json.js');
        readOverpassJson(path, text, counting);
        dups.finish(path, hint);
        result = info('json');
      }
    });
  } catch (e) {
    if (e instanceof InputError || e === consumerError) throw e;
    const msg = (e as Error).message ?? String(e);
    // zlib's reasons are short and useful; unbzip2-stream's are not ("I gave up a while ago on writing error messages")
    if (probe.compression === 'gzip')
      throw new InputError(`${path}: corrupted or truncated gzip data (${msg}); download or export the file again`);
    if (probe.compression === 'bzip2')
      throw new InputError(
        `${path}: corrupted or truncated bzip2 data${e instanceof Bzip2Failure ? ` (${oneLine(msg)})` : ''}; download or export the file again`,
      );
    throw new InputError(`${path}: cannot read (${msg})`);
  }
  return result!;
}

export type { Readable };
