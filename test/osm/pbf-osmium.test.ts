/**
 * PBF features that osmium writes and planners' files may carry: negative ids (files made in JOSM)
 * and node locations stored on ways (`osmium add-locations-to-ways`, which drops untagged nodes).
 * The PBFs are made with osmium from small XML fixtures; the XML reader is the reference.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OsmBlock } from '../../src/osm/block.js';
import { readOsm } from '../../src/osm/read.js';
import { networkFromOsm } from '../../src/network/build.js';
import { HAS_OSMIUM, tmp } from '../support/env.js';
import { at, osmXml } from '../support/osm-fixture.js';

const run = HAS_OSMIUM ? describe : describe.skip;

async function ids(path: string) {
  const out = {
    nodes: [] as number[],
    ways: [] as number[],
    refs: [] as number[],
    rels: [] as number[],
    members: [] as number[],
  };
  await readOsm(path, (b: OsmBlock) => {
    out.nodes.push(...b.nodes.ids);
    out.ways.push(...b.ways.ids);
    out.refs.push(...b.ways.refs);
    out.rels.push(...b.relations.ids);
    out.members.push(...b.relations.memRefs);
  });
  return out;
}

run('PBF written by osmium', () => {
  it('negative way and relation ids (int64) read as in the XML', async () => {
    const dir = tmp();
    const xml = join(dir, 'neg.osm');
    writeFileSync(
      xml,
      `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
<node id="-1" lat="23.68" lon="113.05"/>
<node id="-2" lat="23.681" lon="113.05"/>
<way id="-5"><nd ref="-1"/><nd ref="-2"/><tag k="highway" v="footway"/></way>
<way id="-6"><nd ref="-2"/><nd ref="-1"/><tag k="highway" v="footway"/></way>
<relation id="-7"><member type="way" ref="-5" role="outer"/><tag k="type" v="multipolygon"/></relation>
</osm>`,
    );
    const pbf = join(dir, 'neg.osm.pbf');
    execFileSync('osmium', ['cat', xml, '-o', pbf, '--overwrite']);
    const fromXml = await ids(xml);
    expect(fromXml).toMatchObject({ ways: [-5, -6], rels: [-7], members: [-5] });
    expect(await ids(pbf)).toEqual(fromXml);
  });

  it('node locations on ways: the same network without the untagged nodes in the file', async () => {
    const dir = tmp();
    const xml = join(dir, 'low.osm');
    writeFileSync(
      xml,
      osmXml({
        nodes: [
          [1, ...at(0, 0)],
          [2, ...at(100, 0)],
          [3, ...at(200, 0)],
          [4, ...at(100, 100)],
          [5, ...at(100, -80), { amenity: 'pharmacy' }],
        ],
        ways: [
          [10, [1, 2, 3], { highway: 'residential' }],
          [11, [2, 4], { highway: 'footway' }],
          [12, [2, 5], { highway: 'service' }],
        ],
      }),
    );
    const pbf = join(dir, 'low.osm.pbf');
    execFileSync('osmium', ['add-locations-to-ways', xml, '-o', pbf, '--overwrite']);
    const fromPbf = await ids(pbf);
    expect(fromPbf.nodes).toEqual([5]); // only the tagged node is left as a node
    const plain = await networkFromOsm(xml);
    const low = await networkFromOsm(pbf);
    for (const k of [
      'nodeOsmId',
      'nodeLon',
      'nodeLat',
      'edgeU',
      'edgeV',
      'edgeLen',
      'edgeWay',
      'geomLon',
      'geomLat',
    ] as const)
      expect(Array.from(low[k]), k).toEqual(Array.from(plain[k]));
    expect(low.features()).toEqual(plain.features());
    expect(low.features().tagged.features).toHaveLength(1);
  });
});
