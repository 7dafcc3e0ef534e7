/**
 * Readers on the real extracts: counts equal `osmium fileinfo -e` in every format the file comes
 * in, and converting a file with osmium (PBF <-> XML <-> .gz/.bz2, and to Overpass JSON via OPL)
 * gives the identical network.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOsm } from '../../src/osm/read.js';
import { networkFromOsm } from '../../src/network/build.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { HAS_OSMIUM, HAS_SHARED, REAL_OSM_FILES, real, tmp } from '../support/env.js';
import { oplToOverpass } from '../support/opl.js';

const run = HAS_SHARED && HAS_OSMIUM ? describe : describe.skip;

function osmiumCounts(path: string): { nodes: number; ways: number; relations: number } {
  const j = JSON.parse(
    execFileSync('osmium', ['fileinfo', '-e', '-j', path], { encoding: 'utf8', maxBuffer: 1 << 26 }),
  );
  return { nodes: j.data.count.nodes, ways: j.data.count.ways, relations: j.data.count.relations };
}

function fingerprint(net: WalkNetwork): string {
  const h = createHash('sha256');
  for (const a of [
    net.nodeLon,
    net.nodeLat,
    net.nodeOsmId,
    net.nodeComp,
    net.edgeU,
    net.edgeV,
    net.edgeLen,
    net.edgeFlags,
    net.edgeWay,
    net.geomOff,
    net.geomLon,
    net.geomLat,
  ])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(JSON.stringify(net.edgeHighway.length ? Array.from(net.edgeHighway, (i) => net.meta.highwayNames[i]) : []));
  h.update(JSON.stringify(net.features()));
  for (const a of [net.buildings.lon, net.buildings.lat, net.buildings.area, net.buildings.levels, net.buildings.osmId])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

run('OSM readers on ../shared/data/real', () => {
  it.each(REAL_OSM_FILES)('%s: counts equal osmium fileinfo -e', async (rel) => {
    const path = real(rel);
    const info = await readOsm(path, () => undefined);
    expect(info.counts).toEqual(osmiumCounts(path));
  });

  it.each(REAL_OSM_FILES)("%s: every node, way and relation id, in file order, equals osmium's", async (rel) => {
    const path = real(rel);
    const ours: Record<'n' | 'w' | 'r', number[]> = { n: [], w: [], r: [] };
    await readOsm(path, (b) => {
      for (const [k, part] of [
        ['n', b.nodes],
        ['w', b.ways],
        ['r', b.relations],
      ] as const)
        for (let i = 0; i < part.count; i++) ours[k].push(part.ids[i]);
    });
    const theirs: Record<'n' | 'w' | 'r', number[]> = { n: [], w: [], r: [] };
    const opl = execFileSync('osmium', ['cat', path, '-f', 'opl,add_metadata=false'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    for (const line of opl.split('\n'))
      if (line) theirs[line[0] as 'n' | 'w' | 'r'].push(Number(line.slice(1, line.indexOf(' '))));
    for (const k of ['n', 'w', 'r'] as const) {
      const a = ours[k];
      const b = theirs[k];
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      // the first difference, if any, names the element: `w 2048: 0 vs 299038760`
      expect(
        i === a.length && a.length === b.length ? 'same' : `${k} ${i}: ${a[i]} vs ${b[i]} (${a.length} vs ${b.length})`,
      ).toBe('same');
    }
  });

  const conversions: [string, string[]][] = [
    ['ext-andorra/andorra.osm.pbf', ['osm', 'osm.gz', 'osm.bz2', 'json']],
    ['ext-west-oakland/West-Oakland.osm.bz2', ['osm.pbf', 'osm', 'json']],
    ['cn-beijing-tsinghua-pku/map.osm', ['osm.pbf', 'osm.gz', 'json']],
    ['ext-monaco/monaco.osm.gz', ['osm.pbf', 'osm.bz2']],
  ];
  it.each(conversions)('%s: osmium conversions give the identical network', async (rel, targets) => {
    const src = real(rel);
    const dir = tmp();
    const base = await networkFromOsm(src);
    const want = fingerprint(base);
    expect(base.edgeCount).toBeGreaterThan(10);
    for (const t of targets) {
      let out = join(dir, `converted.${t}`);
      if (t === 'json') {
        const opl = execFileSync('osmium', ['cat', src, '-f', 'opl,add_metadata=false'], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        });
        out = join(dir, 'converted.json');
        writeFileSync(out, JSON.stringify(oplToOverpass(opl)));
      } else execFileSync('osmium', ['cat', src, '-o', out, '--overwrite']);
      const net = await networkFromOsm(out);
      expect({ format: t, counts: net.meta.source.counts }).toEqual({ format: t, counts: base.meta.source.counts });
      expect({ format: t, fp: fingerprint(net) }).toEqual({ format: t, fp: want });
    }
  });
});
