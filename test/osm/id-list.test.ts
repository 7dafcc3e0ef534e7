import { describe, expect, it } from 'vitest';
import { IdList } from '../../src/osm/id-list.js';

describe('IdList (the repeat check keeps every id in 4 bytes where it can)', () => {
  it('gives back every id in the order added: dense, unsorted, negative, spans beyond 2^32, across chunks', () => {
    let s = 7;
    const rand = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 4294967296;
    };
    const ids: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const r = rand();
      ids.push(r < 0.5 ? i : r < 0.9 ? Math.floor(rand() * 1e6) - 5e5 : Math.floor(rand() * 2 ** 52));
    }
    const list = new IdList();
    for (let i = 0; i < ids.length; ) {
      const k = Math.min(ids.length - i, 1 + Math.floor(rand() * 70_000));
      list.add(Float64Array.from(ids.slice(i, i + k)), k);
      i += k;
    }
    expect(list.length).toBe(ids.length);
    const back = list.toArray();
    let wrong = -1;
    for (let i = 0; i < ids.length && wrong < 0; i++) if (back[i] !== ids[i]) wrong = i;
    expect(wrong).toBe(-1);
  });

  it('increasing ids (kept as varint differences) come back exact: gaps of 1 to 2^45, negative, repeats after', () => {
    let s = 11;
    const rand = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 4294967296;
    };
    const ids: number[] = [];
    let id = -3e6;
    for (let i = 0; i < 300_000; i++) {
      const r = rand();
      id += r < 0.7 ? 1 : r < 0.95 ? 1 + Math.floor(rand() * 5000) : 1 + Math.floor(rand() * 2 ** 45);
      ids.push(id);
    }
    ids.push(ids[5], ids[70_000]); // out of order at the end: that chunk is kept as it is
    const list = new IdList();
    for (let i = 0; i < ids.length; ) {
      const k = Math.min(ids.length - i, 1 + Math.floor(rand() * 90_000));
      list.add(Float64Array.from(ids.slice(i, i + k)), k);
      i += k;
    }
    const back = list.toArray();
    expect(back.length).toBe(ids.length);
    let wrong = -1;
    for (let i = 0; i < ids.length && wrong < 0; i++) if (back[i] !== ids[i]) wrong = i;
    expect(wrong).toBe(-1);
  });
});
