/**
 * `--clip` while reading (src/network/read-clip.ts) gives the network the after-read clip gives,
 * to the byte, while it drops ways and buildings as they arrive; a file whose order makes that
 * unsafe is read again without it, with the same result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import { parseClip } from '../../src/network/clip.js';
import { BuildingShape, SHAPE_MISSING } from '../../src/network/features.js';
import { serializeNetwork } from '../../src/network/network-file.js';
import { ReadClip } from '../../src/network/read-clip.js';
import { HAS_SHARED, ROOT, real, tmp } from '../support/env.js';

const TOWN = join(ROOT, 'data/sample/town.osm');

/** the network file's bytes with the clip applied while reading and only after the read */
async function both(path: string, clip: string, marginM: number) {
  const area = parseClip(clip, marginM);
  const drops = { ways: 0, buildings: 0 };
  const way = vi.spyOn(ReadClip.prototype, 'keepWay');
  const building = vi.spyOn(ReadClip.prototype, 'keepBuilding');
  const reading = serializeNetwork(await networkFromOsm(path, { clip: area }));
  drops.ways = way.mock.results.filter((r) => r.value === false).length;
  drops.buildings = building.mock.results.filter((r) => r.value === false).length;
  vi.restoreAllMocks();
  const after = serializeNetwork(await networkFromOsm(path, { clip: area, clipWhileReading: false }));
  return { reading, after, drops };
}

afterEach(() => vi.restoreAllMocks());

describe('--clip while reading', () => {
  it('the sample town, west part: the same network file, with ways and buildings dropped while reading', async () => {
    const { reading, after, drops } = await both(TOWN, '113.037,23.668,113.048,23.691', 100);
    expect(drops.ways).toBeGreaterThan(20);
    expect(drops.buildings).toBeGreaterThan(20);
    expect(Buffer.compare(reading, after)).toBe(0);
  });

  it('a clip that keeps everything and one with no margin: the same network file', async () => {
    for (const [clip, m] of [
      ['113.0,23.6,113.1,23.7', 0],
      ['113.05,23.675,113.06,23.685', 0],
    ] as const) {
      const { reading, after } = await both(TOWN, clip, m);
      expect(Buffer.compare(reading, after)).toBe(0);
    }
  });

  it('nodes after ways (an unsorted file): read again without dropping, the same network file', async () => {
    // the sample town, then 9,000 untagged nodes after its ways: the readers emit blocks of 8,000
    // objects, so nodes arrive in a block after ways were dropped
    const xml = readFileSync(TOWN, 'utf8').replace('</osm>', '');
    const late: string[] = [];
    for (let i = 0; i < 9000; i++)
      late.push(`<node id="${10_000_000 + i}" lat="23.6${(i % 900).toString().padStart(3, '0')}" lon="113.1"/>`);
    const unsorted = join(tmp(), 'town-late-nodes.osm');
    writeFileSync(unsorted, `${xml}${late.join('\n')}\n</osm>\n`);
    const check = vi.spyOn(ReadClip.prototype, 'checkBlock');
    const area = parseClip('113.037,23.668,113.048,23.691', 100);
    const reading = serializeNetwork(await networkFromOsm(unsorted, { clip: area }));
    expect(check.mock.results.some((r) => r.type === 'throw')).toBe(true);
    vi.restoreAllMocks();
    const after = serializeNetwork(await networkFromOsm(unsorted, { clip: area, clipWhileReading: false }));
    expect(Buffer.compare(reading, after)).toBe(0);
  });

  it.skipIf(!HAS_SHARED)('Monaco (real PBF): a clip of its west part gives the same network file', async () => {
    const { reading, after, drops } = await both(real('ext-monaco-pbf/monaco.osm.pbf'), '7.40,43.72,7.415,43.74', 200);
    expect(drops.ways).toBeGreaterThan(100);
    expect(Buffer.compare(reading, after)).toBe(0);
  });
});

describe('buildings reduced as they arrive', () => {
  it('outlines whose nodes come later (ways first) give the same buildings layer and skip counts', async () => {
    const lines = readFileSync(TOWN, 'utf8').split('\n');
    const head = lines.slice(0, 4);
    const nodes: string[] = [];
    const body: string[] = [];
    let inNode = false; // a tagged node spans lines up to </node>
    for (const l of lines.slice(4)) {
      const t = l.trim();
      if (t.startsWith('<node')) inNode = !t.endsWith('/>');
      else if (!inNode) {
        if (!t.startsWith('</osm>')) body.push(l);
        continue;
      } else if (t === '</node>') inNode = false;
      nodes.push(l);
    }
    expect(nodes.length).toBeGreaterThan(726);
    const waysFirst = join(tmp(), 'town-ways-first.osm');
    // 8,000 unused nodes after the ways fill the readers' first block (8,000 objects), so the
    // outlines arrive in a block before their nodes
    const filler = Array.from({ length: 8000 }, (_, i) => `<node id="${20_000_000 + i}" lat="23.7" lon="113.1"/>`);
    writeFileSync(waysFirst, [...head, ...body, ...filler, ...nodes, '</osm>'].join('\n'));
    const sorted = await networkFromOsm(TOWN);
    const shape = vi.spyOn(BuildingShape.prototype, 'of');
    const unsorted = await networkFromOsm(waysFirst);
    expect(shape.mock.results.filter((r) => r.value === SHAPE_MISSING).length).toBeGreaterThan(20);
    expect(sorted.buildings.count).toBeGreaterThan(20);
    expect(unsorted.buildings).toEqual(sorted.buildings);
    expect(unsorted.meta.stats).toEqual(sorted.meta.stats);
  });
});
