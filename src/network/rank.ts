/**
 * Dense numbers for a set of positions, in position order: `of(j)` is j's rank among them, or -1.
 * One bit per position and a count per 32 of them (0.25 bytes a position) instead of an Int32 map
 * of every position: the split numbers its graph nodes among every node of the file this way, and
 * the walkable ways' nodes are renumbered so (node-store.ts NodeSubset).
 */
export class Rank {
  /** how many positions are in the set */
  readonly count: number;
  private readonly before: Uint32Array;

  private constructor(private readonly bits: Uint32Array) {
    this.before = new Uint32Array(bits.length);
    let count = 0;
    for (let w = 0; w < bits.length; w++) {
      this.before[w] = count;
      count += popcount(bits[w]);
    }
    this.count = count;
  }

  /** the positions j < n with bytes[j] >= min */
  static ofBytes(bytes: Uint8Array, n: number, min: number): Rank {
    const bits = new Uint32Array((n + 31) >>> 5);
    for (let w = 0; w < bits.length; w++) {
      let b = 0;
      const end = Math.min(n, (w + 1) << 5);
      for (let j = w << 5; j < end; j++) if (bytes[j] >= min) b |= 1 << (j & 31);
      bits[w] = b;
    }
    return new Rank(bits);
  }

  /** the positions (< n) that `marks` holds (negative entries mark none) */
  static ofMarks(marks: Int32Array, n: number): Rank {
    const bits = new Uint32Array((n + 31) >>> 5);
    for (let k = 0; k < marks.length; k++) {
      const j = marks[k];
      if (j >= 0) bits[j >>> 5] |= 1 << (j & 31);
    }
    return new Rank(bits);
  }

  has(j: number): boolean {
    return ((this.bits[j >>> 5] >>> (j & 31)) & 1) !== 0;
  }

  of(j: number): number {
    const w = j >>> 5;
    const b = this.bits[w];
    const s = j & 31;
    if (((b >>> s) & 1) === 0) return -1;
    return this.before[w] + popcount(b & ((1 << s) - 1));
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
