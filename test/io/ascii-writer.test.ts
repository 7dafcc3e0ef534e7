/** AsciiWriter's numbers are the text `${v}` (and JSON) writes, on the digit paths and off them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiWriter } from '../../src/io/ascii-writer.js';

const text = (f: (w: AsciiWriter) => void) => {
  const w = new AsciiWriter(4);
  f(w);
  return Buffer.from(w.bytes()).toString('latin1');
};

describe('AsciiWriter', () => {
  it('num writes `${v}` for every number', () => {
    const edge = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31),
      2 ** 53 - 1,
      2 ** 53,
      2 ** 53 + 2,
      1e21,
      1e-6,
      -1e-6,
      9.999999e-7,
      1e-7,
      5e-7,
      0.0000015,
      9999999.9999999,
      1e7,
      1e7 + 0.1,
      0.1 + 0.2,
      112.9023753,
      -23.6769824,
      180,
      1.5,
      NaN,
      Infinity,
      -Infinity,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
    ];
    for (const v of edge)
      expect(
        text((w) => w.num(v)),
        String(v),
      ).toBe(`${v}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: false }),
          fc.integer({ min: -1e15, max: 1e15 }).map((k) => k / 1e7),
          fc.integer({ min: -1e8, max: 1e8 }).map((k) => k / 1e7),
          fc.integer({ min: -2e9, max: 2e9 }).map((k) => k / 100),
          fc.maxSafeInteger(),
        ),
        (v) => {
          expect(text((w) => w.num(v))).toBe(`${v}`);
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('coord7 writes the value rounded to 7 decimals, never in exponent form', () => {
    expect(text((w) => w.coord7(112.90237534))).toBe('112.9023753');
    expect(text((w) => w.coord7(1e-7))).toBe('0.0000001');
    expect(text((w) => w.coord7(-0.00000004))).toBe('0');
    fc.assert(
      fc.property(fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }), (k) => {
        const want = (k / 1e7)
          .toFixed(7)
          .replace(/\.?0+$/, '')
          .replace(/^-0$/, '0');
        expect(text((w) => w.coord7(k / 1e7))).toBe(want);
      }),
      { numRuns: 20000 },
    );
  });

  it('utf8 and str keep what they are given, across growth; take hands it on and starts again', () => {
    const w = new AsciiWriter(2);
    w.str('ab');
    w.utf8('社区😀');
    w.raw(new Uint8Array(40).fill(65));
    expect(Buffer.from(w.take()).toString('utf8')).toBe(`ab社区😀${'A'.repeat(40)}`);
    expect(w.length).toBe(0);
  });
});
