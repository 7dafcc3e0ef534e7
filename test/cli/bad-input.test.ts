/**
 * Bad input gets one clear line on stderr, exit code 2, and leaves no output file behind.
 */
import { copyFileSync, readdirSync, readFileSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { PbfWriter } from 'pbf';
import { describe, expect, it } from 'vitest';
import { serializeNetwork } from '../../src/network/network-file.js';
import { networkFromOsm } from '../../src/network/build.js';
import { cli, HAS_SHARED, real, tmp } from '../support/env.js';
import { at, writeFixture } from '../support/osm-fixture.js';

function expectBadInput(args: string[], dir: string, pattern: RegExp): void {
  const before = readdirSync(dir).sort();
  const r = cli(args);
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('error:'));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(readdirSync(dir).sort()).toEqual(before); // nothing written, no temp files left
}

/** a minimal PBF: raw OSMHeader blob, then one OSMData blob whose payload field is `dataField` */
function pbfWithData(dataField: number, payload: Uint8Array): Buffer {
  const blob = (type: string, write: (w: PbfWriter) => void) => {
    const bw = new PbfWriter();
    write(bw);
    const body = bw.finish();
    const hw = new PbfWriter();
    hw.writeStringField(1, type);
    hw.writeVarintField(3, body.length);
    const head = hw.finish();
    const len = Buffer.alloc(4);
    len.writeUInt32BE(head.length);
    return Buffer.concat([len, head, body]);
  };
  const header = new PbfWriter();
  header.writeStringField(4, 'OsmSchema-V0.6');
  header.writeStringField(4, 'DenseNodes');
  const hb = header.finish();
  return Buffer.concat([
    blob('OSMHeader', (w) => w.writeBytesField(1, hb)),
    blob('OSMData', (w) => {
      w.writeVarintField(2, 100);
      w.writeBytesField(dataField, payload);
    }),
  ]);
}

describe('bad input to prepare / inspect', () => {
  const fixture = () =>
    writeFixture({
      nodes: [
        [1, ...at(0, 0)],
        [2, ...at(100, 0)],
      ],
      ways: [[10, [1, 2], { highway: 'residential' }]],
    });

  it('a --clip GeoJSON with a damaged polygon (a null position, a ring given as a number, null) is one line naming it', () => {
    const dir = tmp();
    const osm = fixture();
    const sq = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const fc = (geometry: unknown) =>
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry }] });
    for (const [doc, msg] of [
      [
        fc({ type: 'Polygon', coordinates: [[...sq.slice(0, 2), null, ...sq.slice(2)]] }),
        /feature 1: a position is not \[longitude, latitude\]/,
      ],
      [fc({ type: 'Polygon', coordinates: [5] }), /feature 1: a ring is not a list of at least 4 positions/],
      [fc({ type: 'MultiPolygon', coordinates: 'x' }), /feature 1: the coordinates are not a list of polygons/],
      ['null', /the file: it is not a GeoJSON object/],
    ] as const) {
      const clip = join(dir, `clip-${Math.random()}.geojson`);
      writeFileSync(clip, doc);
      expectBadInput(['prepare', osm, '--clip', clip, '-o', join(dir, 'out/x.lcnet')], dir, msg);
    }
  });

  it('a missing file', () => {
    const dir = tmp();
    expectBadInput(
      ['prepare', join(dir, 'nope.osm.pbf'), '-o', join(dir, 'x.lcnet')],
      dir,
      /nope\.osm\.pbf: file not found/,
    );
  });

  it('an empty file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'empty.osm.pbf'), '');
    expectBadInput(
      ['prepare', join(dir, 'empty.osm.pbf'), '-o', join(dir, 'x.lcnet')],
      dir,
      /empty\.osm\.pbf: the file is empty/,
    );
  });

  it('a file in no known format', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'what.osm'), 'hello world');
    expectBadInput(['inspect', join(dir, 'what.osm')], dir, /format not recognised/);
  });

  it('malformed XML reports line and column', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'bad.osm'),
      '<?xml version="1.0"?>\n<osm version="0.6">\n  <node id="1" lat="1" lon="2">\n  <tag k="a" v="b">\n</osm>\n',
    );
    expectBadInput(
      ['prepare', join(dir, 'bad.osm'), '-o', join(dir, 'x.lcnet')],
      dir,
      /bad\.osm: malformed XML at line \d+, column \d+/,
    );
  });

  it('JSON that is not Overpass JSON', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'area.json'), JSON.stringify({ type: 'FeatureCollection', features: [] }));
    expectBadInput(['inspect', join(dir, 'area.json')], dir, /not Overpass JSON/);
  });

  it('unsupported blob compression', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'zstd.osm.pbf'), pbfWithData(7, new Uint8Array([1, 2, 3])));
    expectBadInput(
      ['prepare', join(dir, 'zstd.osm.pbf'), '-o', join(dir, 'x.lcnet')],
      dir,
      /zstd compression is not supported/,
    );
  });

  it('an output path that cannot be written (a file where a folder belongs)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'a file, not a folder');
    expectBadInput(
      ['prepare', fixture(), '-o', join(dir, 'notes.txt/sub/x.lcnet')],
      dir,
      /cannot write .*notes\.txt\/sub.*: a part of the path is not a folder/,
    );
  });

  it('a foreign, truncated, or stale network file', async () => {
    const dir = tmp();
    const src = join(dir, 'town.osm');
    copyFileSync(fixture(), src);
    const netPath = join(dir, 'town.lcnet');
    expect(cli(['prepare', src, '-o', netPath, '-q']).status).toBe(0);
    expect(cli(['inspect', netPath, '--json']).status).toBe(0);
    const bytes = readFileSync(netPath);
    writeFileSync(join(dir, 'cut.lcnet'), bytes.subarray(0, bytes.length - 100));
    expectBadInput(['inspect', join(dir, 'cut.lcnet')], dir, /truncated network file/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 40] ^= 0xff;
    writeFileSync(join(dir, 'flip.lcnet'), flipped);
    expectBadInput(['inspect', join(dir, 'flip.lcnet')], dir, /corrupted network file \(checksum mismatch\)/);
    const net = await networkFromOsm(src);
    net.meta.rulesHash = 'other-rules';
    writeFileSync(join(dir, 'rules.lcnet'), serializeNetwork(net));
    expectBadInput(
      ['inspect', join(dir, 'rules.lcnet')],
      dir,
      /stale network file: it was prepared with other walking rules/,
    );
    const net2 = await networkFromOsm(src);
    net2.meta.featureRulesHash = 'other-feature-rules';
    writeFileSync(join(dir, 'features.lcnet'), serializeNetwork(net2));
    expectBadInput(
      ['inspect', join(dir, 'features.lcnet')],
      dir,
      /stale network file: it was prepared with other feature rules than data\/features\.yaml now holds/,
    );
    appendFileSync(src, '\n<!-- edited -->\n');
    utimesSync(src, new Date(), new Date(Date.now() + 5000));
    expectBadInput(['inspect', netPath], dir, /stale network file: its source .*town\.osm has changed/);
  });
});

(HAS_SHARED ? describe : describe.skip)('bad PBF data (real extract, damaged)', () => {
  const andorra = () => readFileSync(real('ext-andorra/andorra.osm.pbf'));

  it('a truncated PBF', () => {
    const dir = tmp();
    const b = andorra();
    writeFileSync(join(dir, 'cut.osm.pbf'), b.subarray(0, Math.floor(b.length / 2)));
    expectBadInput(
      ['prepare', join(dir, 'cut.osm.pbf'), '-o', join(dir, 'x.lcnet')],
      dir,
      /cut\.osm\.pbf: truncated PBF at byte \d+/,
    );
  });

  it('a corrupted zlib blob', () => {
    const dir = tmp();
    const b = Buffer.from(andorra());
    // second blob: skip the header blob, then damage the middle of the data blob's zlib stream
    const h1 = b.readUInt32BE(0);
    const size1 = 4 + h1 + blobSize(b.subarray(4, 4 + h1));
    const h2 = b.readUInt32BE(size1);
    const dataStart = size1 + 4 + h2;
    for (let i = 0; i < 64; i++) b[dataStart + 200 + i] ^= 0x5a;
    writeFileSync(join(dir, 'zlib.osm.pbf'), b);
    expectBadInput(
      ['prepare', join(dir, 'zlib.osm.pbf'), '-o', join(dir, 'x.lcnet')],
      dir,
      new RegExp(`zlib\\.osm\\.pbf: bad PBF data blob at byte ${size1}: corrupted zlib data`),
    );
  });
});

/** datasize (field 3) of a BlobHeader */
function blobSize(h: Buffer): number {
  let p = 0;
  while (p < h.length) {
    const key = h[p++];
    if (key >> 3 === 3) {
      let v = 0;
      let s = 0;
      for (;;) {
        const x = h[p++];
        v += (x & 0x7f) * 2 ** s;
        s += 7;
        if (x < 0x80) return v;
      }
    }
    const len = h[p++];
    p += len;
  }
  throw new Error('no datasize');
}
