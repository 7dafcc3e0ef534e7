/**
 * The network file's features section: `JSON.stringify(OsmFeatures)` as UTF-8 bytes, the same
 * bytes, made feature by feature in ~1 MB batches (never one string: a city's features are ~100
 * MB of two-byte text, names in Chinese or Portuguese). `FeaturesJson` takes the features one at a
 * time as `prepare` builds them and writes each batch to a spill file as it is made, so neither the
 * features' objects nor their 50 MB of bytes (on a 100 MB file) are held through the split and the
 * compaction; the network file's writer copies them from there. `jsonChunks` walks a value already
 * built.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature } from 'geojson';

/** A features section's bytes, in memory or in a spill file. */
export interface FeaturesBytes {
  readonly byteLength: number;
  /**
   * calls `each` with the bytes in order, in pieces of ~1 MB; with `reuse` a piece is valid only
   * until `each` returns (a spill file reads them all into one buffer: no 50 MB of garbage)
   */
  forEach(each: (piece: Uint8Array) => void, reuse?: boolean): void;
}

/** bytes held as their batches */
export function inMemory(chunks: Uint8Array[]): FeaturesBytes {
  return {
    byteLength: chunks.reduce((n, c) => n + c.byteLength, 0),
    forEach: (each) => {
      for (const c of chunks) each(c);
    },
  };
}

let spills = 0;

/**
 * A temporary file that holds bytes until they are copied out, unlinked as soon as it is open (it
 * goes with its descriptor, whatever ends the process; where the system refuses, at exit).
 */
class SpillFile implements FeaturesBytes {
  byteLength = 0;
  private readonly fd: number;

  constructor() {
    const path = join(tmpdir(), `lifecircle-features-${process.pid}-${++spills}.json`);
    this.fd = openSync(path, 'wx+', 0o600);
    try {
      unlinkSync(path);
    } catch {
      process.once('exit', () => {
        try {
          closeSync(this.fd);
          unlinkSync(path);
        } catch {
          // gone already
        }
      });
    }
  }

  write(b: Uint8Array): void {
    for (let off = 0; off < b.byteLength; )
      off += writeSync(this.fd, b, off, b.byteLength - off, this.byteLength + off);
    this.byteLength += b.byteLength;
  }

  forEach(each: (piece: Uint8Array) => void, reuse = false): void {
    const scratch = reuse ? Buffer.allocUnsafe(Math.min(1 << 20, this.byteLength)) : null;
    for (let pos = 0; pos < this.byteLength; ) {
      const n = Math.min(1 << 20, this.byteLength - pos);
      const piece = scratch ? scratch.subarray(0, n) : Buffer.allocUnsafe(n);
      for (let got = 0; got < piece.length; ) {
        const read = readSync(this.fd, piece, got, piece.length - got, pos + got);
        if (read === 0) throw new Error('the features spill file ended early');
        got += read;
      }
      each(piece);
      pos += piece.length;
    }
  }
}

/** strings gathered into UTF-8 batches of ~1 MB, each handed to `sink` (default: kept in `chunks`) */
class Utf8Batches {
  readonly chunks: Buffer[] = [];
  private pending: string[] = [];
  private pendingLen = 0;

  constructor(private readonly sink: (b: Buffer) => void = (b) => this.chunks.push(b)) {}

  emit(s: string): void {
    this.pending.push(s);
    this.pendingLen += s.length;
    if (this.pendingLen >= 1 << 20) this.flush();
  }

  flush(): void {
    this.sink(Buffer.from(this.pending.join(''), 'utf8'));
    this.pending = [];
    this.pendingLen = 0;
  }
}

const HEAD = '{"tagged":{"type":"FeatureCollection","features":[';
const TAIL = ']}}';

/** The features section written as the features come, in their order: `add` each, then `finish`. */
export class FeaturesJson {
  private readonly file = new SpillFile();
  private readonly out = new Utf8Batches((b) => this.file.write(b));
  private count = 0;

  constructor() {
    this.out.emit(HEAD);
  }

  add(f: Feature): void {
    if (this.count++) this.out.emit(',');
    this.out.emit(JSON.stringify(f));
  }

  /** the section's bytes; the writer takes no more features after this */
  finish(): FeaturesBytes {
    this.out.emit(TAIL);
    this.out.flush();
    return this.file;
  }
}

/**
 * JSON.stringify(value) as UTF-8, the same bytes, built value by value: objects and arrays at the
 * top two levels are walked, the values below (each feature) stringified one at a time.
 */
export function jsonChunks(value: unknown): Buffer[] {
  const out = new Utf8Batches();
  const emit = (s: string) => out.emit(s);
  const walk = (v: unknown, depth: number) => {
    if (depth >= 3 || v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      emit(JSON.stringify(v) ?? 'null');
      return;
    }
    if (Array.isArray(v)) {
      emit('[');
      v.forEach((x, i) => {
        if (i) emit(',');
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') emit('null');
        else walk(x, depth + 1);
      });
      emit(']');
      return;
    }
    emit('{');
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      emit(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      walk(x, depth + 1);
    }
    emit('}');
  };
  walk(value, 0);
  out.flush();
  return out.chunks;
}
