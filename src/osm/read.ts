/**
 * Reads any supported OSM input and emits OsmBlocks: PBF, OSM XML (plain, .gz, .bz2) and
 * Overpass JSON (plain or .gz). The format comes from the content, not the extension.
 * The source's SHA-256 is computed while reading (it identifies the input in network files and run.json).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Duplex, PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { createRequire } from 'node:module';
import { InputError } from '../util/errors.js';
import type { OsmBlock } from './block.js';
import { describeHead, probeFile, sniffContent, type Compression, type FileProbe } from './detect.js';
import { readPbf } from './pbf/read-pbf.js';

const require = createRequire(import.meta.url);

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
}

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
  const counting = (b: OsmBlock) => {
    counts.nodes += b.nodes.count;
    counts.ways += b.ways.count;
    counts.relations += b.relations.count;
    onBlock(b);
  };
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
      return info('pbf', { bounds: r.header.bbox });
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
    if (probe.compression === 'bzip2') {
      // unbzip2-stream is an old-style `through` stream: bridge it into a modern Duplex for pipeline()
      const bz2 = (require('unbzip2-stream') as () => NodeJS.ReadWriteStream)();
      const input = new PassThrough();
      const output = new PassThrough();
      input.pipe(bz2).pipe(output);
      bz2.on('error', (e: Error) => output.destroy(e));
      return Duplex.from({ writable: input, readable: output }) as unknown as Transform;
    }
    return new PassThrough();
  };
  let format: 'xml' | 'json' | null = probe.format === 'xml' || probe.format === 'json' ? probe.format : null;
  let result: ReadInfo | null = null;
  const src = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    await pipeline(src, hasher, decompress(), async (stream: AsyncIterable<Buffer>) => {
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
        result = info('xml', { bounds: r.bounds, skipped: { ...r.skipped } });
      } else {
        const parts: Buffer[] = [];
        for await (const c of rest) parts.push(c);
        let text: string;
        try {
          text = Buffer.concat(parts).toString('utf8');
        } catch {
          throw new InputError(`${path}: the JSON is too large to read into memory; use .osm.pbf for large extracts`);
        }
        const { readOverpassJson } = await import('./overpass-json.js');
        const r = readOverpassJson(path, text, onBlock);
        Object.assign(counts, r.counts);
        result = info('json');
      }
    });
  } catch (e) {
    if (e instanceof InputError) throw e;
    const msg = (e as Error).message ?? String(e);
    if (probe.compression !== 'none')
      throw new InputError(
        `${path}: corrupted or truncated ${probe.compression} data (${msg}); download or export the file again`,
      );
    throw new InputError(`${path}: cannot read (${msg})`);
  }
  return result!;
}

export type { Readable };
