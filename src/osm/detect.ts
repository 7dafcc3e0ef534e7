/** Detects an input's format from its first bytes (magic numbers), not from its extension. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../util/errors.js';

export type Compression = 'none' | 'gzip' | 'bzip2';
export type OsmFormat = 'pbf' | 'xml' | 'json' | 'network';

export const NETWORK_MAGIC = 'LIFECIRC';

export function sniffContent(head: Uint8Array): OsmFormat | null {
  if (head.length >= 8 && Buffer.from(head.subarray(0, 8)).toString('latin1') === NETWORK_MAGIC) return 'network';
  // PBF: 4-byte big-endian header length, then BlobHeader field 1 (type) = "OSMHeader"
  if (
    head.length >= 15 &&
    head[0] === 0 &&
    head[1] === 0 &&
    head[4] === 0x0a &&
    head[5] === 9 &&
    Buffer.from(head.subarray(6, 15)).toString('latin1') === 'OSMHeader'
  )
    return 'pbf';
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (head[i] === 0x3c /* < */) return 'xml';
  if (head[i] === 0x7b /* { */ || head[i] === 0x5b /* [ */) return 'json';
  return null;
}

export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  return 'none';
}

export interface FileProbe {
  path: string;
  size: number;
  compression: Compression;
  /** content format when uncompressed; for compressed files it is decided after inflating the start */
  format: OsmFormat | null;
  head: Uint8Array;
}

export function probeFile(path: string): FileProbe {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory())
      throw new InputError(
        `${path} is a directory; give an OSM file (.osm.pbf, .osm, .osm.gz, .osm.bz2, Overpass .json) or a network file`,
      );
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: file not found; check the path`);
    if (code === 'EACCES') throw new InputError(`${path}: permission denied; check the file's permissions`);
    throw new InputError(`${path}: cannot read (${(e as Error).message})`);
  }
  if (size === 0) throw new InputError(`${path}: the file is empty; export or download it again`);
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(Math.min(512, size));
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const compression = sniffCompression(head);
  return { path, size, compression, format: compression === 'none' ? sniffContent(head) : null, head };
}

export function describeHead(head: Uint8Array): string {
  return Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
