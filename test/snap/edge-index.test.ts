/**
 * The snapping index built on SharedArrayBuffers (as the coverage search thread builds it) is the
 * index edgeIndex builds here, to the byte, and once adopted, snapping through it gives the same
 * answers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { DEFAULT_SNAP } from '../../src/params/parameters.js';
import { adoptEdgeIndex, buildEdgeIndex, edgeIndex } from '../../src/snap/edge-index.js';
import { snapPoint } from '../../src/snap/snap.js';
import { lcg } from '../support/rng.js';
import { TOWN, townLonLat } from '../support/sample-town.js';

let built: WalkNetwork;
let adopted: WalkNetwork;
beforeAll(async () => {
  built = await networkFromOsm(TOWN);
  adopted = await networkFromOsm(TOWN);
});

describe('edge index built elsewhere', () => {
  it('is the same index, on SharedArrayBuffers', () => {
    const here = edgeIndex(built);
    const there = buildEdgeIndex({ ...adopted, bbox: adopted.meta.bbox }, true);
    expect(there.index.data).toBeInstanceOf(SharedArrayBuffer);
    expect(there.segEdge.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(new Uint8Array(there.index.data)).equals(Buffer.from(new Uint8Array(here.index.data)))).toBe(
      true,
    );
    expect(Array.from(there.segEdge)).toEqual(Array.from(here.segEdge));
    expect(Array.from(there.segVertex)).toEqual(Array.from(here.segVertex));
    adoptEdgeIndex(adopted, {
      data: there.index.data as unknown as SharedArrayBuffer,
      segEdge: there.segEdge,
      segVertex: there.segVertex,
    });
    expect(edgeIndex(adopted).index.data).toBe(there.index.data);
  });

  it('snaps as the index built here does', () => {
    const rnd = lcg(5);
    for (let i = 0; i < 500; i++) {
      const [lon, lat] = townLonLat((rnd() - 0.5) * 3000, (rnd() - 0.5) * 3000);
      expect(snapPoint(adopted, lon, lat, DEFAULT_SNAP)).toEqual(snapPoint(built, lon, lat, DEFAULT_SNAP));
    }
  });
});
