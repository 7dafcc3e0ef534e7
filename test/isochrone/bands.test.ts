import { describe, expect, it } from 'vitest';
import { parseBands, parseSpeed } from '../../src/isochrone/bands.js';
import { DEFAULT_BANDS, DEFAULT_SPEED } from '../../src/params/parameters.js';

describe('bands and speed', () => {
  it('the default is GB 50180-2018: 300, 500, 1000 m', () => {
    expect(parseBands(DEFAULT_BANDS, parseSpeed(DEFAULT_SPEED)).map((b) => [b.label, b.metres])).toEqual([
      ['300m', 300],
      ['500m', 500],
      ['1000m', 1000],
    ]);
  });
  it('time bands use the speed', () => {
    const b = parseBands('5,10,15min', parseSpeed('5km/h'));
    expect(b.map((x) => x.unit)).toEqual(['min', 'min', 'min']);
    expect(b.map((x) => Math.round(x.metres * 10) / 10)).toEqual([416.7, 833.3, 1250]);
    expect(parseSpeed('1.2m/s')).toBeCloseTo(72, 9);
    expect(parseSpeed('80m/min')).toBe(80);
    expect(parseSpeed('4')).toBeCloseTo(66.667, 2);
  });
  it('units per value, km, sorting', () => {
    expect(parseBands('1km,300m,0.5km', 60).map((b) => b.metres)).toEqual([300, 500, 1000]);
  });
  it.each([
    ['', /no thresholds/],
    [',', /no thresholds/],
    ['0,500m', /greater than zero/],
    ['-300,500m', /greater than zero/],
    ['300,500miles', /unknown unit 'miles'/],
    ['300m,10min', /mix of distance and time/],
    ['300,300m', /given twice/],
    ['abc', /not a number/],
  ])('rejects %j', (spec, msg) => {
    expect(() => parseBands(spec, 60)).toThrow(msg);
  });
  it.each(['0km/h', 'fast', '-4km/h', '100km/h'])('rejects speed %j', (s) => {
    expect(() => parseSpeed(s)).toThrow(/--speed/);
  });
});
