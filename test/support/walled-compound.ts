/**
 * The walled compound hand case of the gates tests (test/coverage/gates.test.ts, test/cli/gates-cli.test.ts).
 */
import type { DrawnMap } from './ascii-map.js';

/**
 * A walled compound (the square 2-3-4-5, x and y 0..100 m) with one block of flats e-f-g-h (centroid
 * at (50, 40)) and one gate, 1, in its north wall at (50, 100). Streets run outside it: a-b to the
 * north (y = 120), a-c to the west (x = -20) and c-d to the south (y = -10), where the kindergarten
 * stands at d (200, -10). k at (0, 40) lies in the west wall: an OSM barrier=gate in the last case.
 * One character is 10 m. With `kindergartenInOsm` the kindergarten is an OSM node (amenity=kindergarten) at d.
 */
export const walledCompound = (osmGate: boolean, kindergartenInOsm = false): DrawnMap => ({
  origin: '2',
  map: `
    a-----------b
    |
    | 5    1    4
    |
    |
    |
    |
    |     e-f
    | k   | |
    |     h-g
    |
    |
    | 2         3
    c---------------------d
  `,
  ways: [
    ['ab', { highway: 'residential' }],
    ['ac', { highway: 'residential' }],
    ['cd', { highway: 'residential' }],
    ['efghe', { building: 'apartments', 'building:levels': '6' }],
  ],
  nodeTags: {
    ...(osmGate ? { k: { barrier: 'gate' } } : {}),
    ...(kindergartenInOsm ? { d: { amenity: 'kindergarten', name: '幼儿园' } } : {}),
  },
});
