/**
 * Issue 13 (memory): a loaded network's arrays are each on a SharedArrayBuffer of their own, so
 * worker threads read them without copies (util/shared-array.ts returns them as they are) and no
 * array keeps the whole file's buffer alive (it used to hold ~39 MB at city scale to the end).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCsr } from '../../src/network/csr.js';
import { networkFromOsm } from '../../src/network/build.js';
import { loadNetworkFile, serializeNetwork } from '../../src/network/network-file.js';
import { shareArray } from '../../src/util/shared-array.js';
import { ROOT, tmp } from '../support/env.js';

describe('network file: arrays on shared buffers of their own', () => {
  it('every array is shared and sized to itself; the same content as built; sharing copies nothing', async () => {
    const built = await networkFromOsm(join(ROOT, 'data/sample/town.osm'));
    const p = join(tmp(), 'town.lcnet');
    writeFileSync(p, serializeNetwork(built));
    const net = loadNetworkFile(p);
    const views = [
      ...Object.entries(net).filter(([, v]) => ArrayBuffer.isView(v)),
      ...Object.entries(net.buildings).filter(([, v]) => ArrayBuffer.isView(v)),
    ] as [string, Float64Array][];
    expect(views.length).toBeGreaterThan(10);
    for (const [name, a] of views) {
      expect(a.buffer instanceof SharedArrayBuffer, name).toBe(true);
      expect(a.byteOffset, name).toBe(0);
      expect(a.buffer.byteLength, name).toBe(Math.max(8, a.byteLength));
      expect(shareArray(a), name).toBe(a);
    }
    expect(Array.from(net.geomLat)).toEqual(Array.from(built.geomLat));
    expect(Array.from(net.edgeU)).toEqual(Array.from(built.edgeU));
    expect(net.features().tagged.features.length).toBe(built.features().tagged.features.length);
    const csr = buildCsr(net, true);
    for (const a of [csr.off, csr.head, csr.w, csr.edge]) expect(shareArray(a)).toBe(a);
    // a plain array is still copied into a shared one
    const plain = new Float64Array([1, 2, 3]);
    const s = shareArray(plain);
    expect(s).not.toBe(plain);
    expect(s.buffer instanceof SharedArrayBuffer && Array.from(s)).toEqual([1, 2, 3]);
  });
});
