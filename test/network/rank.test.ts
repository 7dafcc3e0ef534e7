import { describe, expect, it } from 'vitest';
import { Rank } from '../../src/network/rank.js';

describe('Rank (dense numbers for a set of positions, a bit each)', () => {
  it('numbers the positions in order, -1 elsewhere: from bytes and from marks', () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const [n, p] of [
      [0, 0.5],
      [1, 1],
      [31, 0.5],
      [32, 1],
      [33, 0.3],
      [1000, 0.01],
      [5000, 0.5],
      [4097, 0.97],
    ]) {
      const bytes = new Uint8Array(n);
      for (let j = 0; j < n; j++) bytes[j] = rnd() < p ? 2 + Math.floor(rnd() * 3) : Math.floor(rnd() * 2);
      const marks = Int32Array.from({ length: 3 * n }, () => (rnd() < 0.2 ? -1 : Math.floor(rnd() * n)));
      const byBytes = Rank.ofBytes(bytes, n, 2);
      const byMarks = Rank.ofMarks(marks, n);
      const inMarks = new Uint8Array(n);
      for (const j of marks) if (j >= 0) inMarks[j] = 1;
      let a = 0;
      let b = 0;
      for (let j = 0; j < n; j++) {
        expect(byBytes.of(j)).toBe(bytes[j] >= 2 ? a++ : -1);
        expect(byMarks.of(j)).toBe(inMarks[j] ? b++ : -1);
        expect(byMarks.has(j)).toBe(inMarks[j] === 1);
      }
      expect(byBytes.count).toBe(a);
      expect(byMarks.count).toBe(b);
    }
  });
});
