/** A PBF Blob: raw or zlib-compressed bytes. Other compressions are refused with a clear reason. */
import { inflateSync } from 'node:zlib';
import { PbfReader } from 'pbf';

const COMPRESSION: Record<number, string> = { 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' };

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
    if (tag === 1) raw = pbf.readBytes();
    else if (tag === 2) rawSize = pbf.readVarint();
    else if (tag === 3) zlib = pbf.readBytes();
    else if (COMPRESSION[tag]) {
      other = COMPRESSION[tag];
      pbf.skip(key);
    } else pbf.skip(key);
  }
  if (raw) return raw;
  if (zlib) {
    let out: Uint8Array;
    try {
      out = inflateSync(zlib);
    } catch (e) {
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
