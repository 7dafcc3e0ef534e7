/**
 * Streaming OSM PBF reader: blob by blob from the file descriptor, so memory stays flat.
 * Blobs are independent, so inflate + decode can run on worker threads (`workers` > 0, with the
 * compiled worker); blocks are still delivered in file order, which keeps the output
 * deterministic. Inline decoding is the default: on 2 cores the workers measured slower
 * (BENCHMARKS.md), the transfer and the main thread's collecting cost more than they save.
 * Blob types other than OSMHeader/OSMData are skipped, as the format says, but counted and
 * reported: a damaged type name ('OSMDatq') would otherwise lose a block without a word.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Hash } from 'node:crypto';
import { PbfReader } from 'pbf';
import { InputError, quote } from '../../util/errors.js';
import type { OsmBlock } from '../block.js';
import { BlobError, inflateBlob, MAX_BLOB_RAW } from './blob.js';
import { decodePrimitiveBlock } from './decode-block.js';
import { BlobHeader } from './fields.js';
import { decodeHeaderBlock, SUPPORTED_FEATURES, type PbfHeader } from './header-block.js';

export interface PbfReadOptions {
  workers?: number;
  hash?: Hash;
  onProgress?: (bytesRead: number) => void;
}

/** fileformat.proto: a BlobHeader must be under 64 KiB, a Blob under 32 MiB */
const MAX_HEADER = 64 * 1024;
const MAX_BLOB = MAX_BLOB_RAW;

interface RawBlob {
  type: string;
  data: Buffer;
  offset: number;
}

class BlobFile {
  private fd: number;
  pos = 0;
  constructor(
    private readonly path: string,
    readonly size: number,
    private readonly hash?: Hash,
  ) {
    this.fd = openSync(path, 'r');
  }
  private read(n: number, what: string): Buffer {
    // blob payloads get their own ArrayBuffer so they can be transferred to a worker without a copy
    const buf = n > 4096 ? Buffer.from(new ArrayBuffer(n)) : Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, this.pos + got);
      if (r === 0) break;
      got += r;
    }
    if (got < n)
      throw new InputError(
        `${this.path}: truncated PBF at byte ${this.pos + got}: ${what} needs ${n} bytes but the file ends after ${got}; download or export the file again`,
      );
    this.hash?.update(buf);
    this.pos += n;
    return buf;
  }
  next(): RawBlob | null {
    if (this.pos >= this.size) return null;
    const offset = this.pos;
    const len = this.read(4, 'blob header length').readUInt32BE(0);
    if (len === 0 || len > MAX_HEADER)
      throw new InputError(
        `${this.path}: not a valid OSM PBF at byte ${offset}: blob header length ${len} is out of range (0..${MAX_HEADER}); the file is corrupted or not PBF`,
      );
    const hdr = this.read(len, 'blob header');
    let type = '';
    let datasize = -1;
    try {
      const p = new PbfReader(hdr);
      p.readFields((tag, _r, q) => {
        if (tag === BlobHeader.type) type = q.readString();
        else if (tag === BlobHeader.datasize) datasize = q.readVarint();
      }, null);
    } catch {
      throw new InputError(`${this.path}: corrupted PBF blob header at byte ${offset}`);
    }
    if (!type || datasize < 0 || datasize > MAX_BLOB)
      throw new InputError(
        `${this.path}: corrupted PBF blob header at byte ${offset} (type ${quote(type)}, ` +
          `size ${datasize}${datasize > MAX_BLOB ? ', over the 32 MiB limit' : ''})`,
      );
    return { type, data: this.read(datasize, `blob '${type}'`), offset };
  }
  close(): void {
    closeSync(this.fd);
  }
}

function workerUrl(): URL | null {
  const url = new URL('./worker.js', import.meta.url);
  // When running from TypeScript sources (tests), there is no compiled worker: decode in-process.
  return existsSync(fileURLToPath(url)) ? url : null;
}

export interface PbfReadResult {
  header: PbfHeader;
  blobs: number;
  /** blobs of types other than OSMHeader/OSMData, skipped, by type */
  unknownBlobs: Record<string, number>;
}

export async function readPbf(
  path: string,
  size: number,
  onBlock: (b: OsmBlock) => void,
  opts: PbfReadOptions = {},
): Promise<PbfReadResult> {
  const file = new BlobFile(path, size, opts.hash);
  try {
    const first = file.next();
    if (first?.type !== 'OSMHeader')
      throw new InputError(
        `${path}: not an OSM PBF file: the first blob is '${first?.type ?? 'missing'}', expected 'OSMHeader'`,
      );
    let header: PbfHeader;
    try {
      header = decodeHeaderBlock(inflateBlob(first.data));
    } catch (e) {
      throw new InputError(`${path}: bad PBF header blob at byte ${first.offset}: ${(e as Error).message}`);
    }
    const unsupported = header.requiredFeatures.filter((f) => !SUPPORTED_FEATURES.has(f));
    if (unsupported.length)
      throw new InputError(
        `${path}: the PBF requires features this reader does not support: ${unsupported.join(', ')}; convert it with: osmium cat in.osm.pbf -o out.osm.pbf`,
      );
    const nWorkers = opts.workers ?? 0;
    const url = nWorkers > 0 ? workerUrl() : null;
    let blobs = 0;
    const unknownBlobs: Record<string, number> = {};
    const isData = (b: RawBlob) => {
      if (b.type === 'OSMData') return true;
      unknownBlobs[b.type] = (unknownBlobs[b.type] ?? 0) + 1; // skipped, as the format says, but counted
      return false;
    };
    if (!url) {
      for (let b = file.next(); b; b = file.next()) {
        opts.onProgress?.(file.pos);
        if (!isData(b)) continue;
        blobs++;
        onBlock(decodeData(path, b));
      }
    } else {
      blobs = await readWithWorkers(path, file, url, nWorkers, onBlock, opts, isData);
    }
    return { header, blobs, unknownBlobs };
  } finally {
    file.close();
  }
}

function decodeData(path: string, b: RawBlob): OsmBlock {
  try {
    return decodePrimitiveBlock(inflateBlob(b.data), true);
  } catch (e) {
    throw blobFailure(path, b.offset, e as Error);
  }
}

function blobFailure(path: string, offset: number, e: Error | string): InputError {
  const msg = typeof e === 'string' ? e : e instanceof BlobError ? e.message : `undecodable data (${e.message})`;
  return new InputError(
    `${path}: bad PBF data blob at byte ${offset}: ${msg}; the file is corrupted, download or export it again`,
  );
}

async function readWithWorkers(
  path: string,
  file: BlobFile,
  url: URL,
  n: number,
  onBlock: (b: OsmBlock) => void,
  opts: PbfReadOptions,
  isData: (b: RawBlob) => boolean,
): Promise<number> {
  const workers = Array.from({ length: n }, () => new Worker(url));
  const results = new Map<number, { block?: OsmBlock; error?: string }>();
  const offsets = new Map<number, number>();
  const load = new Array<number>(n).fill(0); // blobs queued on each worker
  const perWorker = 3; // keep each worker's queue non-empty so it never waits for a round trip
  let sent = 0;
  let delivered = 0;
  let eof = false;
  let failure: Error | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => {
        if (!failure) {
          failure = e;
          reject(e);
        }
      };
      const pump = () => {
        if (failure) return;
        // deliver in file order
        for (let r = results.get(delivered); r; r = results.get(delivered)) {
          results.delete(delivered);
          if (r.error) return fail(blobFailure(path, offsets.get(delivered)!, r.error));
          offsets.delete(delivered);
          try {
            onBlock(r.block!);
          } catch (e) {
            return fail(e as Error);
          }
          delivered++;
        }
        for (;;) {
          if (eof) break;
          let k = 0;
          for (let i = 1; i < n; i++) if (load[i] < load[k]) k = i;
          if (load[k] >= perWorker) break;
          let b: RawBlob | null;
          try {
            b = file.next();
          } catch (e) {
            return fail(e as Error);
          }
          opts.onProgress?.(file.pos);
          if (!b) {
            eof = true;
            break;
          }
          if (!isData(b)) continue;
          const seq = sent++;
          offsets.set(seq, b.offset);
          load[k]++;
          const u8 = new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength);
          const own = u8.byteOffset === 0 && u8.byteLength === u8.buffer.byteLength;
          workers[k].postMessage({ seq, blob: u8 }, own ? [u8.buffer as ArrayBuffer] : []);
        }
        if (eof && delivered === sent) resolve();
      };
      workers.forEach((w, k) => {
        w.on('message', (m: { seq: number; block?: OsmBlock; error?: string }) => {
          load[k]--;
          results.set(m.seq, m);
          pump();
        });
        w.on('error', (e) => fail(e));
      });
      pump();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return sent;
}
