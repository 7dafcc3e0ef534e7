/** Small OSM PBF files written from plain data, for reader tests (and damaged on purpose). */
import { deflateSync } from 'node:zlib';
import { PbfWriter } from 'pbf';

export interface PbfNode {
  id: number;
  lat7: number;
  lon7: number;
}
export interface PbfWay {
  id: number;
  refs: number[];
  tags?: Record<string, string>;
}

/** One framed blob: 4-byte length, BlobHeader, Blob (zlib unless raw). */
export function frameBlob(type: string, payload: Uint8Array, opts: { raw?: boolean; rawSize?: number } = {}): Buffer {
  const bw = new PbfWriter();
  if (opts.raw) bw.writeBytesField(1, payload);
  else {
    bw.writeVarintField(2, opts.rawSize ?? payload.length);
    bw.writeBytesField(3, deflateSync(payload));
  }
  const body = bw.finish();
  const hw = new PbfWriter();
  hw.writeStringField(1, type);
  hw.writeVarintField(3, body.length);
  const head = hw.finish();
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  return Buffer.concat([len, head, body]);
}

export function headerBlock(features = ['OsmSchema-V0.6', 'DenseNodes']): Uint8Array {
  const w = new PbfWriter();
  for (const f of features) w.writeStringField(4, f);
  return w.finish();
}

const deltas = (xs: number[]) => xs.map((x, i) => x - (i ? xs[i - 1] : 0));

/** A PrimitiveBlock with dense nodes and ways; `granularity` in nanodegrees (default 100). */
export function primitiveBlock(nodes: PbfNode[], ways: PbfWay[], granularity = 100): Uint8Array {
  const strings = [''];
  const idx = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  for (const w of ways) for (const [k, v] of Object.entries(w.tags ?? {})) idx(k), idx(v);
  const w = new PbfWriter();
  w.writeMessage(
    1,
    (_: unknown, st: PbfWriter) => {
      for (const s of strings) st.writeBytesField(1, new TextEncoder().encode(s));
    },
    null,
  );
  if (nodes.length)
    w.writeMessage(
      2,
      (_: unknown, g: PbfWriter) =>
        g.writeMessage(
          2,
          (__: unknown, d: PbfWriter) => {
            d.writePackedSVarint(1, deltas(nodes.map((n) => n.id)));
            d.writePackedSVarint(8, deltas(nodes.map((n) => Math.round((n.lat7 * 100) / granularity))));
            d.writePackedSVarint(9, deltas(nodes.map((n) => Math.round((n.lon7 * 100) / granularity))));
          },
          null,
        ),
      null,
    );
  if (ways.length)
    w.writeMessage(
      2,
      (_: unknown, g: PbfWriter) => {
        for (const way of ways)
          g.writeMessage(
            3,
            (__: unknown, m: PbfWriter) => {
              m.writeVarintField(1, way.id);
              const t = Object.entries(way.tags ?? {});
              m.writePackedVarint(
                2,
                t.map(([k]) => idx(k)),
              );
              m.writePackedVarint(
                3,
                t.map(([, v]) => idx(v)),
              );
              m.writePackedSVarint(8, deltas(way.refs));
            },
            null,
          );
      },
      null,
    );
  if (granularity !== 100) w.writeVarintField(17, granularity);
  return w.finish();
}

/** A whole file: header blob, then one OSMData blob per block (each given as [type, payload]). */
export function pbfFile(blocks: (Uint8Array | [string, Uint8Array])[]): Buffer {
  return Buffer.concat([
    frameBlob('OSMHeader', headerBlock()),
    ...blocks.map((b) => (Array.isArray(b) ? frameBlob(b[0], b[1]) : frameBlob('OSMData', b))),
  ]);
}

/** A street of `n` nodes 0.0001° apart, as one residential way (ids from `base`). */
export function street(base: number, n = 3): { nodes: PbfNode[]; way: PbfWay } {
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: base + i,
    lat7: 236_800_000,
    lon7: 1_130_500_000 + i * 1000,
  }));
  return { nodes, way: { id: base, refs: nodes.map((x) => x.id), tags: { highway: 'residential' } } };
}
