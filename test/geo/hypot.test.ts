import { describe, expect, it } from 'vitest';
import { hypot } from '../../src/geo/hypot.js';
import { lcg } from '../support/rng.js';

describe('hypot (Math.hypot to the bit, without its allocations)', () => {
  it('equals Math.hypot on special values', () => {
    const special = [0, -0, 1, -1, 3, 4, 0.1, 1e-300, 5e-324, 1e308, Number.MAX_VALUE, Infinity, -Infinity, Number.NaN];
    for (const a of special) for (const b of special) expect(Object.is(hypot(a, b), Math.hypot(a, b))).toBe(true);
  });

  it('equals Math.hypot on a million pairs: metre-scale offsets, mixed magnitudes and random bit patterns', () => {
    const rnd = lcg(7);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    const any = () => {
      words[0] = (rnd() * 2 ** 32) >>> 0;
      words[1] = (rnd() * 2 ** 32) >>> 0;
      return bits[0];
    };
    let differ = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const kind = i % 3;
      const a = kind === 0 ? (rnd() - 0.5) * 2000 : kind === 1 ? (rnd() - 0.5) * 1e-3 : any();
      const b = kind === 0 ? (rnd() - 0.5) * 2000 : kind === 1 ? (rnd() - 0.5) * 5000 : any();
      if (!Object.is(hypot(a, b), Math.hypot(a, b))) differ++;
    }
    expect(differ).toBe(0);
  });
});
