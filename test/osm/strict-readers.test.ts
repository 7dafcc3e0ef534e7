/**
 * Issue 14, classes 1, 3, 4 and 8 for the OSM readers: every reader validates what it reads
 * (decimal ids, coordinates in range, typed Overpass fields, declared encodings), refuses
 * repeated objects, reports skipped PBF blobs, bounds what it inflates, and says it in one line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readOsm } from '../../src/osm/read.js';
import { InputError, oneLine } from '../../src/util/errors.js';
import { cli, HAS_SHARED, real, tmp } from '../support/env.js';
import { frameBlob, headerBlock, pbfFile, primitiveBlock, street } from '../support/pbf-fixture.js';

const hasControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20);

function file(name: string, data: string | Buffer): string {
  const p = join(tmp(), name);
  writeFileSync(p, data);
  return p;
}

async function read(path: string) {
  const warnings: string[] = [];
  const info = await readOsm(path, () => {}, { onWarning: (m) => warnings.push(m) });
  return { info, warnings };
}

async function refused(path: string, pattern: RegExp): Promise<string> {
  const err = await readOsm(path, () => {}).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${path} was accepted`).toBeInstanceOf(InputError);
  const msg = (err as InputError).message;
  expect(msg).toMatch(pattern);
  expect(hasControl(msg)).toBe(false); // one line, no raw bytes
  return msg;
}

const node = (id: string, lat = '23.68', lon = '113.05') => `<node id="${id}" lat="${lat}" lon="${lon}"/>`;
const osm = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n${body}\n</osm>\n`;
const street2 = `${node('1')}${node('2', '23.68', '113.051')}`;
const way = (id: number, refs: string[]) =>
  `<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}<tag k="highway" v="residential"/></way>`;

describe('class 1: XML ids, refs and coordinates are strict (no Number() coercion)', () => {
  for (const [label, id] of [
    ['hex', '0x10'],
    ['padded', ' 12 '],
    ['empty', ''],
    ['fraction', '1.5'],
    ['beyond 2^53', '123456789012345678901'],
  ])
    it(`node id ${label} (${JSON.stringify(id)}) is refused`, async () => {
      await refused(file('a.osm', osm(node(id))), /<node> at line 3, column \d+ has id .*decimal integers/);
    });

  it('a way reference that is NaN, missing or hex is refused, not the end of the way', async () => {
    await refused(file('a.osm', osm(street2 + way(5, ['1', 'NaN']))), /way 5 .* has <nd ref="NaN">/);
    await refused(
      file('a.osm', osm(street2 + way(5, ['1']).replace('</way>', '<nd/></way>'))),
      /way 5 .*<nd ref=\(none\)>/,
    );
    await refused(file('a.osm', osm(street2 + way(5, ['1', '0x2']))), /way 5 .*<nd ref="0x2">/);
  });

  it('lat="0x10" and out-of-range coordinates are refused', async () => {
    await refused(file('a.osm', osm(node('1', '0x10'))), /node 1 at line 3.*invalid coordinates lat="0x10"/);
    await refused(file('a.osm', osm(node('1', '91'))), /invalid coordinates lat="91"/);
    await refused(file('a.osm', osm(node('1', '23.6', ''))), /invalid coordinates .*lon=""/);
  });

  it('a relation member without ref is refused', async () => {
    const rel = '<relation id="9"><member type="way" role="outer"/></relation>';
    await refused(file('a.osm', osm(street2 + rel)), /relation 9 .* member with ref=\(none\)/);
  });

  it('a repeated way element is refused with the count and first id', async () => {
    const msg = await refused(
      file('a.osm', osm(street2 + way(5, ['1', '2']) + way(5, ['1', '2']))),
      /1 way appears more than once/,
    );
    expect(msg).toMatch(/first: way 5/);
  });

  it('unsorted but unrepeated objects (JOSM) are read', async () => {
    const { info } = await read(
      file('a.osm', osm(`${node('2', '23.68', '113.051')}${node('1')}${node('-3')}${way(5, ['1', '2'])}`)),
    );
    expect(info.counts).toEqual({ nodes: 3, ways: 1, relations: 0 });
  });

  it('a declared GBK encoding is honoured; an unknown one is refused; bad UTF-8 is refused', async () => {
    const gbk = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="GBK"?>\n<osm version="0.6"><node id="1" lat="23.68" lon="113.05"><tag k="name" v="',
      ),
      Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), // 中文 in GBK
      Buffer.from('"/></node></osm>'),
    ]);
    let name = '';
    await readOsm(file('gbk.osm', gbk), (b) => {
      name = b.strings[b.nodes.kv[1]];
    });
    expect(name).toBe('中文');
    await refused(
      file('x.osm', '<?xml version="1.0" encoding="X-UNKNOWN"?><osm/>'),
      /declares encoding "X-UNKNOWN", which lifecircle cannot read/,
    );
    const prefix = '<osm version="0.6"><node id="1" lat="1" lon="2"><tag k="name" v="';
    const bad = Buffer.concat([Buffer.from(prefix), Buffer.from([0xd6, 0xd0]), Buffer.from('"/></node></osm>')]);
    await refused(file('u.osm', bad), new RegExp(`not valid UTF-8 \\(at byte ${prefix.length} of the text\\)`));
  });
});

describe('class 1: Overpass JSON fields are typed', () => {
  const json = (els: unknown[]) => file('a.json', JSON.stringify({ version: 0.6, elements: els }));
  it('lat 215 is refused (it used to wrap to -214.5)', async () => {
    await refused(
      json([{ type: 'node', id: 1, lat: 215, lon: 113 }]),
      /element 0 \(node 1\) lies at lat 215, lon 113, outside/,
    );
  });
  it('nodes: "abc", id: 1.5, tags: "x" are refused', async () => {
    await refused(json([{ type: 'way', id: 1, nodes: 'abc' }]), /element 0 \(way 1\) has "nodes" "abc"/);
    await refused(json([{ type: 'way', id: 1.5, nodes: [] }]), /element 0 has "id" 1\.5; ids are integers/);
    await refused(
      json([{ type: 'way', id: 1, nodes: [1], tags: 'x' }]),
      /has "tags" "x"; expected an object of strings/,
    );
    await refused(json([{ type: 'way', id: 1, nodes: [1, 'x'] }]), /"nodes" with an entry that is not an integer id/);
    await refused(json([{ type: 'relation', id: 1, members: [{ type: 'way', ref: '7' }] }]), /member 0 with ref "7"/);
  });
  it('a repeated element is refused', async () => {
    const n = { type: 'node', id: 1, lat: 23.68, lon: 113.05 };
    await refused(json([n, { ...n, id: 2 }, n]), /1 node appears more than once \(first: node 1\)/);
  });
  it('a UTF-8 byte-order mark is accepted', async () => {
    const p = file(
      'bom.json',
      `\ufeff${JSON.stringify({ elements: [{ type: 'node', id: 1, lat: 23.68, lon: 113.05 }] })}`,
    );
    expect((await read(p)).info.counts.nodes).toBe(1);
  });
  it('a JSON syntax error names line and byte and never quotes raw bytes', async () => {
    const msg = await refused(
      file('a.json', '{"elements": [\n{"type": "node",\u0000\n "id": 1}]}'),
      /invalid JSON.* at line 2, byte \d+/,
    );
    expect(msg).not.toContain('\u0000');
    await refused(file('cut.json', '{"elements": [{"type": "node"'), /the JSON ends too early/);
  });
});

describe('class 1 and 8: PBF blocks', () => {
  const a = street(1);
  const b = street(100);
  it('a duplicated data block is refused (it used to double ways and kilometres)', async () => {
    const blk = primitiveBlock(a.nodes, [a.way]);
    const msg = await refused(
      file('dup.osm.pbf', pbfFile([blk, primitiveBlock(b.nodes, [b.way]), blk])),
      /appear more than once/,
    );
    expect(msg).toMatch(/3 nodes, 1 way appear more than once \(first: node 1\)/);
  });
  it('a blob whose type name is damaged is skipped with a warning and its count', async () => {
    const p = file(
      'q.osm.pbf',
      pbfFile([primitiveBlock(a.nodes, [a.way]), ['OSMDatq', primitiveBlock(b.nodes, [b.way])]]),
    );
    const { info, warnings } = await read(p);
    expect(info.counts.ways).toBe(1);
    expect(info.skipped).toEqual({ 'PBF blobs of type "OSMDatq" (not OSMData)': 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/skipped 1 PBF blob of type "OSMDatq"/);
  });
  it('a granularity that puts coordinates out of range is refused', async () => {
    const blk = primitiveBlock(a.nodes, [a.way], 100);
    // the same raw values read with a granularity 1000 times larger: 23.68° becomes 23,680°
    const big = Buffer.concat([blk, Buffer.from([0x88, 0x01, 0xa0, 0x8d, 0x06])]); // field 17 = 100000
    await refused(
      file('g.osm.pbf', pbfFile([big])),
      /bad PBF data blob at byte \d+: .*coordinate of .* is out of range/,
    );
  });
  it('a blob declaring more than 32 MiB is refused before inflating; a zlib bomb stops at 32 MiB', async () => {
    const lie = Buffer.concat([
      frameBlob('OSMHeader', headerBlock()),
      frameBlob('OSMData', new Uint8Array(10), { rawSize: 1 << 30 }),
    ]);
    await refused(file('lie.osm.pbf', lie), /declares 1073741824 bytes uncompressed, over the format's 32 MiB limit/);
    const zeros = new Uint8Array(64 * 1024 * 1024); // inflates to 64 MiB, header claims 1 KiB
    const bomb = Buffer.concat([frameBlob('OSMHeader', headerBlock()), frameBlob('OSMData', zeros, { rawSize: 1024 })]);
    const before = process.memoryUsage().rss;
    await refused(file('bomb.osm.pbf', bomb), /inflates to more than the format's 32 MiB limit/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
  it('a header-only PBF reads as zeros', async () => {
    const { info } = await read(file('h.osm.pbf', pbfFile([])));
    expect(info.counts).toEqual({ nodes: 0, ways: 0, relations: 0 });
  });
  (HAS_SHARED ? it : it.skip)('a real extract with one block duplicated is refused', async () => {
    const buf = readFileSync(real('ext-andorra/andorra.osm.pbf'));
    // frame boundaries: [4-byte len][header][blob]
    const frames: Buffer[] = [];
    for (let p = 0; p < buf.length; ) {
      const hl = buf.readUInt32BE(p);
      let size = 0;
      const h = buf.subarray(p + 4, p + 4 + hl);
      for (let i = 0; i < h.length; ) {
        const key = h[i++];
        let v = 0;
        let s = 0;
        if ((key & 7) === 0) {
          for (;;) {
            const x = h[i++];
            v += (x & 0x7f) * 2 ** s;
            s += 7;
            if (x < 0x80) break;
          }
          if (key >> 3 === 3) size = v;
        } else {
          const len = h[i++];
          i += len;
        }
      }
      frames.push(buf.subarray(p, p + 4 + hl + size));
      p += 4 + hl + size;
    }
    expect(frames.length).toBeGreaterThan(2);
    const dup = Buffer.concat([...frames.slice(0, 3), frames[2], ...frames.slice(3)]);
    await refused(file('dup.osm.pbf', dup), /appear more than once/);
  });
});

describe('class 8: bounded memory and time on hostile text', () => {
  it('a 2 MB tag value without markup is refused while streaming; a 300-character value too', async () => {
    const huge = osm(`<node id="1" lat="1" lon="2"><tag k="note" v="${'x'.repeat(2 * 1024 * 1024)}"/></node>`);
    await refused(file('v.osm', huge), /more than 1048576 characters without markup after line 3/);
    await refused(
      file('v.osm', osm(`<node id="1" lat="1" lon="2"><tag k="note" v="${'字'.repeat(300)}"/></node>`)),
      /300 characters, over OSM's limit of 255/,
    );
  });
  it('a way with more nodes than OSM allows is refused', async () => {
    const refs = Array.from({ length: 2001 }, () => '1');
    await refused(file('w.osm', osm(node('1') + way(5, refs))), /way 5 .*more than 2000 nodes/);
  });
  it('a 1 MB .json.gz of whitespace stops at the inflate bound, not gigabytes', async () => {
    const p = file(
      'ws.json.gz',
      gzipSync(Buffer.concat([Buffer.from('{"elements": ['), Buffer.alloc(40 * 1024 * 1024, 0x20)])),
    );
    const t0 = Date.now();
    await refused(p, /inflates to more than \d+ MiB \(50 times the file/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
  it("a damaged bzip2 file gets our line, not the library's", async () => {
    const src = Buffer.from(osm(street2 + way(5, ['1', '2'])).repeat(1));
    const bz = execFileSync('bzip2', ['-c'], { input: src });
    const broken = Buffer.from(bz);
    for (let i = 20; i < broken.length - 10; i++) broken[i] ^= 0x55;
    const msg = await refused(
      file('b.osm.bz2', broken),
      /corrupted or truncated bzip2 data( \([^)]*\))?; download or export the file again|malformed XML|format not recognised|does not hold OSM/,
    );
    expect(msg).not.toMatch(/gave up/);
  });
});

describe('class 3: empty but valid files', () => {
  const empties: [string, string | Buffer][] = [
    ['empty.osm', '<osm version="0.6"/>'],
    ['empty.json', '{"elements": []}'],
    ['empty.osm.pbf', pbfFile([])],
  ];
  for (const [name, data] of empties)
    it(`${name}: inspect reports zeros (exit 0), prepare refuses it (exit 2)`, () => {
      const p = file(name, data);
      const r = cli(['inspect', p, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.osm).toEqual({ nodes: 0, ways: 0, relations: 0 });
      expect(s.network.edges).toBe(0);
      const out = join(tmp(), 'x.lcnet');
      const q = cli(['prepare', p, '-o', out]);
      expect(q.status).toBe(2);
      expect(q.stderr).toMatch(/holds no ways .* there is no street network/);
    });
  it('a clip far from the data exits 2', () => {
    const p = file('s.osm', osm(street2 + way(5, ['1', '2'])));
    const r = cli(['prepare', p, '-o', join(tmp(), 'x.lcnet'), '--clip', '10,10,10.01,10.01', '--clip-margin', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no walkable ways inside --clip .*check the clip area lies within the extract/);
  });
});

describe('class 4: one line means one line', () => {
  it('messages escape control characters and cut long text', () => {
    expect(oneLine('a\nb\u0000c\r\t\u001b[31m')).toBe('a\\nb\\x00c\\r\\t\\x1b[31m');
    expect(oneLine('x'.repeat(100), 20)).toHaveLength(20);
    expect(new InputError(`bad ${'\u0001'.repeat(2000)}`).message.length).toBeLessThanOrEqual(1000);
    expect(hasControl(new InputError('PBF header \u0000\u0000\u0000\u000e\n\u0009OSMHeader').message)).toBe(false);
  });
});

describe('class 4: a binary file in the wrong place', () => {
  it('a PBF given as --communities gets one printable line, not its binary header', () => {
    const pbf = file('x.osm.pbf', pbfFile([]));
    const net = join(tmp(), 'n.lcnet');
    expect(cli(['prepare', join(process.cwd(), 'data/sample/town.osm'), '-o', net, '-q']).status).toBe(0);
    const r = cli(['coverage', net, '--communities', pbf, '-o', join(tmp(), 'out')]);
    expect(r.status).toBe(2);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('error'));
    expect(lines).toHaveLength(1);
    expect(hasControl(r.stderr.replace(/\n/g, ''))).toBe(false);
  });
});
