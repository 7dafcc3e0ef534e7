/**
 * A PBF Blob: raw or zlib-compressed bytes. Other compressions are refused with a clear reason.
 * The format caps a blob at 32 MiB uncompressed; the declared size is checked before inflating
 * and inflation stops at the cap whatever the header says, so a small "zlib bomb" cannot take gigabytes.
 */
import { inflateSync } from 'node:zlib';
import { PbfReader } from 'pbf';
import { Blob } from './fields.js';

/** the format's own limit on an uncompressed blob (fileformat.proto) */
export const MAX_BLOB_RAW = 32 * 1024 * 1024;

const COMPRESSION: Record<number, string> = {
  [Blob.lzma_data]: 'lzma',
  [Blob.OBSOLETE_bzip2_data]: 'bzip2',
  [Blob.lz4_data]: 'lz4',
  [Blob.zstd_data]: 'zstd',
};

export class BlobError extends Error {}

/** Returns the uncompressed blob payload. Throws BlobError with a reason fit for the user. */
export function inflateBlob(blob: Uint8Array): Uint8Array {
  const pbf = new PbfReader(blob);
  let raw: Uint8Array | undefined;
  let zlib: Uint8Array | undefined;
  let rawSize = -1;
  let other: string | undefined;
  while (pbf.pos < pbf.length) {
    const key = pbf.readVarint();
    const tag = key >> 3;
    pbf.type = key & 7;
    if (tag === Blob.raw) raw = pbf.readBytes();
    else if (tag === Blob.raw_size) rawSize = pbf.readVarint();
    else if (tag === Blob.zlib_data) zlib = pbf.readBytes();
    else if (COMPRESSION[tag]) {
      other = COMPRESSION[tag];
      pbf.skip(key);
    } else pbf.skip(key);
  }
  if (raw) {
    if (raw.length > MAX_BLOB_RAW)
      throw new BlobError(`raw blob of ${raw.length} bytes, over the format's 32 MiB limit`);
    return raw;
  }
  if (zlib) {
    if (rawSize > MAX_BLOB_RAW)
      throw new BlobError(`the blob declares ${rawSize} bytes uncompressed, over the format's 32 MiB limit`);
    let out: Uint8Array;
    try {
      out = inflateSync(zlib, { maxOutputLength: MAX_BLOB_RAW });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new BlobError(`zlib data inflates to more than the format's 32 MiB limit (a damaged or hostile file)`);
      throw new BlobError(`corrupted zlib data (${(e as Error).message})`);
    }
    if (rawSize >= 0 && out.length !== rawSize)
      throw new BlobError(`zlib data inflates to ${out.length} bytes, the blob header says ${rawSize}`);
    return out;
  }
  if (other)
    throw new BlobError(
      `${other} compression is not supported (only zlib and raw); convert the file with: osmium cat in.osm.pbf -o out.osm.pbf`,
    );
  throw new BlobError('blob has no data');
}
