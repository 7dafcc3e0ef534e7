/**
 * Issue 14, class 2: a network file with a valid checksum but inconsistent content is refused on
 * load with one line (it used to crash the snapping index, "Added 496 items when expected 463",
 * or hang route/isochrones). Each tampered file below is written by the real serializer, so its
 * checksum is right and only the structural checks can catch it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import { SECTION_RULES } from '../../src/network/network-file-check.js';
import { loadNetworkFile, serializeNetwork } from '../../src/network/network-file.js';
import type { WalkNetwork } from '../../src/network/types.js';
import { InputError } from '../../src/util/errors.js';
import { cli, ROOT, tmp } from '../support/env.js';

let net: WalkNetwork;
beforeAll(async () => {
  net = await networkFromOsm(join(ROOT, 'data/sample/town.osm'));
});

/** a copy of the sample network with its arrays copied (so tampering does not leak between tests) */
function copy(): WalkNetwork {
  const c = { ...net, meta: structuredClone(net.meta), buildings: { ...net.buildings } } as WalkNetwork;
  for (const k of Object.keys(c) as (keyof WalkNetwork)[]) {
    const v = c[k];
    if (ArrayBuffer.isView(v)) (c as unknown as Record<string, unknown>)[k] = (v as Float64Array).slice();
  }
  for (const k of Object.keys(c.buildings) as (keyof WalkNetwork['buildings'])[]) {
    const v = c.buildings[k];
    if (ArrayBuffer.isView(v)) (c.buildings as unknown as Record<string, unknown>)[k] = (v as Float64Array).slice();
  }
  return c;
}

function save(n: WalkNetwork): string {
  const p = join(tmp(), 'n.lcnet');
  writeFileSync(p, serializeNetwork(n));
  return p;
}

function refused(n: WalkNetwork, pattern: RegExp): void {
  let err: unknown = null;
  try {
    loadNetworkFile(save(n), { checkSource: false });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).toMatch(/run 'lifecircle prepare' on the OSM file again$/);
}

describe('network file structural validation', () => {
  it('every section the serializer writes has a rule (add one for a new section)', () => {
    const buf = serializeNetwork(net);
    const header = JSON.parse(buf.toString('utf8', 16, 16 + buf.readUInt32LE(12))) as { sections: { name: string }[] };
    const names = header.sections.map((s) => s.name).filter((n) => n !== 'features');
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect(SECTION_RULES[n], `no rule for section ${n}`).toBeDefined();
  });

  it('an untampered file loads', () => {
    expect(loadNetworkFile(save(copy()), { checkSource: false }).edgeCount).toBe(net.edgeCount);
  });

  it('an edge that points past the nodes', () => {
    const c = copy();
    c.edgeU[3] = c.nodeCount;
    refused(c, /section 'edgeU' value 3 is \d+, not a node index below the node count/);
  });

  it('a header whose edge count disagrees with the arrays (the Flatbush crash)', () => {
    const c = copy();
    c.edgeCount += 33;
    refused(c, /section 'edgeU' holds \d+ values where \d+ belong/);
  });

  it('geometry offsets that run backwards or past the vertices (the route hang)', () => {
    const c = copy();
    c.geomOff[5] = c.geomOff[4] - 1;
    refused(c, /section 'geomOff' (decreases at 5|value \d+ is)/);
    const d = copy();
    d.geomOff[d.edgeCount] = d.geomLon.length + 7;
    refused(d, /geomOff' value \d+ is \d+, not an offset within the edge geometry/);
  });

  it('an edge with one vertex, coordinates out of range, a bad component id, NaN lengths', () => {
    const c = copy();
    c.geomOff[1] = c.geomOff[0] + 1;
    refused(c, /edge 0 has 1 vertices/);
    const d = copy();
    d.nodeLat[0] = 123;
    refused(d, /section 'nodeLat' value 0 is 123, not a latitude/);
    const e = copy();
    e.nodeComp[2] = 9999;
    refused(e, /section 'nodeComp' value 2 is 9999/);
    const f = copy();
    f.edgeLen[1] = Number.NaN;
    refused(f, /section 'edgeLen' value 1 is NaN/);
  });

  it('an OSM id that is not whole, an infinite longitude (each element type has its own loop)', () => {
    const c = copy();
    c.nodeOsmId[7] = 12.5;
    refused(c, /section 'nodeOsmId' value 7 is 12.5, not an integer id/);
    const d = copy();
    d.edgeWay[2] = Number.POSITIVE_INFINITY;
    refused(d, /section 'edgeWay' value 2 is Infinity, not an integer id/);
    const e = copy();
    e.geomLon[e.geomLon.length - 1] = -181;
    refused(e, /section 'geomLon' value \d+ is -181, not a longitude/);
  });

  it('a walk rule index beyond the rule names, or no rule names', () => {
    const c = copy();
    c.edgeRule[4] = c.meta.walkRuleNames.length;
    refused(c, /section 'edgeRule' value 4 is \d+, not an index into the walk rule names/);
    const d = copy();
    (d.meta as { walkRuleNames?: string[] }).walkRuleNames = undefined;
    refused(d, /corrupted network file header \(walk rule names\)/);
  });

  it('component sizes that do not add up, building arrays of different lengths', () => {
    const c = copy();
    c.meta.componentSizes[0] += 1;
    refused(c, /component sizes do not add up to the node count/);
    const d = copy();
    d.buildings.area = d.buildings.area.slice(1);
    refused(d, /section 'buildings.area' holds \d+ values where \d+ belong/);
  });

  it('route and isochrones on a tampered file exit 2 at once with one line', () => {
    const c = copy();
    c.edgeV[0] = c.nodeCount + 5;
    const p = save(c);
    const t0 = Date.now();
    const r = cli(['route', p, '--from', '113.05,23.68', '--to', '113.06,23.69']);
    expect(r.status).toBe(2);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error:')),
    ).toHaveLength(1);
    expect(r.stderr).toMatch(/corrupted network file: section 'edgeV'/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
