/**
 * The PBF block decoder on blocks larger than its reused buffers: every id, coordinate, reference,
 * member and tag comes out as written. (A growth bug once lost the id at index 2048 of a way
 * array and 128 of a relation array when the block was a worker's first large one.)
 */
import { PbfWriter } from 'pbf';
import { describe, expect, it } from 'vitest';
import { decodePrimitiveBlock } from '../../src/osm/pbf/decode-block.js';

const N_DENSE = 40_000;
const N_PLAIN = 3_000;
const N_WAYS = 20_000;
const N_RELS = 3_000;

function deltas(xs: number[]): number[] {
  return xs.map((x, i) => x - (i ? xs[i - 1] : 0));
}

/** one PrimitiveBlock: string table, a dense-node group, a plain-node group, ways, relations */
function bigBlock(): Uint8Array {
  const w = new PbfWriter();
  w.writeMessage(
    1,
    (_: unknown, st: PbfWriter) => {
      for (const s of ['', 'highway', 'footway', 'type', 'multipolygon', 'outer', 'name'])
        st.writeBytesField(1, new TextEncoder().encode(s));
    },
    null,
  );
  const denseIds = Array.from({ length: N_DENSE }, (_, i) => 1 + i * 3);
  w.writeMessage(
    2,
    (_: unknown, g: PbfWriter) => {
      g.writeMessage(
        2,
        (__: unknown, d: PbfWriter) => {
          d.writePackedSVarint(1, deltas(denseIds));
          d.writePackedSVarint(8, deltas(denseIds.map((_, i) => 470_000_000 + i)));
          d.writePackedSVarint(9, deltas(denseIds.map((_, i) => 95_000_000 - i)));
          // every 1000th node tagged name=highway (string 6 = 1), the rest untagged
          d.writePackedVarint(
            10,
            denseIds.flatMap((_, i) => (i % 1000 === 0 ? [6, 1, 0] : [0])),
          );
        },
        null,
      );
    },
    null,
  );
  w.writeMessage(
    2,
    (_: unknown, g: PbfWriter) => {
      for (let i = 0; i < N_PLAIN; i++) {
        g.writeMessage(
          1,
          (__: unknown, n: PbfWriter) => {
            n.writeSVarintField(1, 500_000 + i);
            n.writeSVarintField(8, 10_000_000 + i);
            n.writeSVarintField(9, 20_000_000 + i);
          },
          null,
        );
      }
    },
    null,
  );
  w.writeMessage(
    2,
    (_: unknown, g: PbfWriter) => {
      for (let i = 0; i < N_WAYS; i++) {
        g.writeMessage(
          3,
          (__: unknown, way: PbfWriter) => {
            way.writeVarintField(1, 1_000_000 + 2 * i);
            way.writePackedVarint(2, [1]);
            way.writePackedVarint(3, [2]);
            way.writePackedSVarint(8, deltas([denseIds[i], denseIds[i + 1]]));
          },
          null,
        );
      }
    },
    null,
  );
  w.writeMessage(
    2,
    (_: unknown, g: PbfWriter) => {
      for (let i = 0; i < N_RELS; i++) {
        g.writeMessage(
          4,
          (__: unknown, r: PbfWriter) => {
            r.writeVarintField(1, 7_000_000 + i);
            r.writePackedVarint(2, [3]);
            r.writePackedVarint(3, [4]);
            r.writePackedVarint(8, [5]);
            r.writePackedSVarint(9, [1_000_000 + 2 * i]);
            r.writePackedVarint(10, [1]);
          },
          null,
        );
      }
    },
    null,
  );
  return w.finish();
}

describe('PBF block decoder', () => {
  it('decodes a block larger than its buffers exactly, twice in a row (buffers reused)', () => {
    const data = bigBlock();
    for (let round = 0; round < 2; round++) {
      const b = decodePrimitiveBlock(data);
      expect(b.nodes.count).toBe(N_DENSE + N_PLAIN);
      const nodeIds = Array.from(b.nodes.ids);
      expect(nodeIds.slice(0, N_DENSE)).toEqual(Array.from({ length: N_DENSE }, (_, i) => 1 + i * 3));
      expect(nodeIds.slice(N_DENSE)).toEqual(Array.from({ length: N_PLAIN }, (_, i) => 500_000 + i));
      expect(Array.from(b.nodes.lat.subarray(0, N_DENSE))).toEqual(
        Array.from({ length: N_DENSE }, (_, i) => 470_000_000 + i),
      );
      expect(Array.from(b.nodes.lon.subarray(N_DENSE))).toEqual(
        Array.from({ length: N_PLAIN }, (_, i) => 20_000_000 + i),
      );
      const tagged = [];
      for (let i = 0; i < b.nodes.count; i++) if (b.nodes.kvOff[i + 1] > b.nodes.kvOff[i]) tagged.push(i);
      expect(tagged).toEqual(Array.from({ length: N_DENSE / 1000 }, (_, k) => k * 1000));

      expect(b.ways.count).toBe(N_WAYS);
      expect(Array.from(b.ways.ids)).toEqual(Array.from({ length: N_WAYS }, (_, i) => 1_000_000 + 2 * i));
      expect(Array.from(b.ways.refOff)).toEqual(Array.from({ length: N_WAYS + 1 }, (_, i) => 2 * i));
      expect(Array.from(b.ways.refs.subarray(2 * 2048, 2 * 2048 + 2))).toEqual([1 + 2048 * 3, 1 + 2049 * 3]);
      expect(Array.from(b.ways.kvOff)).toEqual(Array.from({ length: N_WAYS + 1 }, (_, i) => 2 * i));

      expect(b.relations.count).toBe(N_RELS);
      expect(Array.from(b.relations.ids)).toEqual(Array.from({ length: N_RELS }, (_, i) => 7_000_000 + i));
      expect(Array.from(b.relations.memRefs)).toEqual(Array.from({ length: N_RELS }, (_, i) => 1_000_000 + 2 * i));
      expect(Array.from(b.relations.memOff)).toEqual(Array.from({ length: N_RELS + 1 }, (_, i) => i));
      expect(Array.from(b.relations.kvOff)).toEqual(Array.from({ length: N_RELS + 1 }, (_, i) => 2 * i));
    }
  });
});
