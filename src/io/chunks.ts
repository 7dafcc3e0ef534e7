/**
 * Large outputs written as they are produced, in UTF-8 chunks of about CHUNK_CHARS characters,
 * straight to the temporary file (`writeFileAtomic`, `OutputSet.stage` take a `ChunkSource`). A
 * facilities file of 800,000 rows is 300 MB: built as one string, then one Buffer, then copied
 * again by Buffer.concat, it needed three times that at once; written chunk by chunk, one chunk.
 */
const CHUNK_CHARS = 1 << 18;

/** writes a file's content by handing its chunks, in order, to `emit` */
export type ChunkSource = (emit: (chunk: Uint8Array) => void) => void;

export class Chunks {
  private s = '';
  constructor(private readonly emit: (chunk: Uint8Array) => void) {}

  /** appends text */
  text(t: string): void {
    this.s += t;
    if (this.s.length >= CHUNK_CHARS) this.flush();
  }

  /** appends bytes that are already UTF-8 (a geometry written digit by digit) */
  bytes(b: Uint8Array): void {
    this.flush();
    this.emit(b);
  }

  /** hands on what is left; call once at the end */
  flush(): void {
    if (this.s === '') return;
    this.emit(Buffer.from(this.s, 'utf8'));
    this.s = '';
  }
}

/** the whole content of a source in memory (small outputs and tests) */
export function collectChunks(source: ChunkSource): Buffer {
  const parts: Uint8Array[] = [];
  source((c) => parts.push(c));
  return Buffer.concat(parts);
}
