/**
 * Large outputs as a list of UTF-8 chunks of about CHUNK_CHARS characters each, written one after
 * the other to the temporary file (`writeFileAtomic`, `OutputSet.stage`). A facilities file of
 * 800,000 rows is 300 MB: built as one string, then one Buffer, then copied again by
 * Buffer.concat, it took three times that at once; as chunks only the pieces exist, once.
 */
const CHUNK_CHARS = 1 << 18;

export class Chunks {
  private readonly out: Uint8Array[] = [];
  private s = '';

  /** appends text */
  text(t: string): void {
    this.s += t;
    if (this.s.length >= CHUNK_CHARS) this.flush();
  }

  /** appends bytes that are already UTF-8 (a geometry written digit by digit) */
  bytes(b: Uint8Array): void {
    this.flush();
    this.out.push(b);
  }

  private flush(): void {
    if (this.s === '') return;
    this.out.push(Buffer.from(this.s, 'utf8'));
    this.s = '';
  }

  /** the chunks, in order; the builder is empty afterwards */
  done(): Uint8Array[] {
    this.flush();
    return this.out.splice(0);
  }
}

/** the chunks as one buffer (small outputs and tests) */
export function joinChunks(chunks: Uint8Array[]): Buffer {
  return Buffer.concat(chunks);
}
