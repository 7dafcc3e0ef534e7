/** Noding road lines: shared vertices, crossings (levels respected), loose ends snapped within 2 m, OSM ways kept. */
import { describe, expect, it } from 'vitest';
import { nodeLines, type NodingInput } from '../../src/roads/noding.js';
import { at } from '../support/osm-fixture.js';

interface L {
  pts: [number, number][]; // metres east/north
  level?: number;
  fixed?: number[]; // node ids of a fixed (OSM) line
}

function input(lines: L[], snapM = 2): NodingInput {
  const off = [0];
  const lon7: number[] = [];
  const lat7: number[] = [];
  const nodeId: number[] = [];
  for (const l of lines) {
    l.pts.forEach(([e, n], i) => {
      const [lon, lat] = at(e, n);
      lon7.push(Math.round(lon * 1e7));
      lat7.push(Math.round(lat * 1e7));
      nodeId.push(l.fixed ? l.fixed[i] : NaN);
    });
    off.push(lon7.length);
  }
  return {
    lineCount: lines.length,
    off: Uint32Array.from(off),
    lon7: Int32Array.from(lon7),
    lat7: Int32Array.from(lat7),
    level: Int32Array.from(lines.map((l) => l.level ?? 0)),
    fixed: Uint8Array.from(lines.map((l) => (l.fixed ? 1 : 0))),
    nodeId: Float64Array.from(nodeId),
    snapM,
  };
}

const seq = (o: ReturnType<typeof nodeLines>, i: number) =>
  Array.from(o.linePoints.subarray(o.lineOff[i], o.lineOff[i + 1]));
const shared = (o: ReturnType<typeof nodeLines>, i: number, j: number) =>
  seq(o, i).filter((p) => seq(o, j).includes(p));

describe('nodeLines', () => {
  it('joins two lines that cross, at the crossing, inserted into both', () => {
    const o = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [100, 0],
          ],
        },
        {
          pts: [
            [50, -50],
            [50, 50],
          ],
        },
      ]),
    );
    expect(o.stats.crossings).toBe(1);
    expect(seq(o, 0)).toHaveLength(3);
    expect(seq(o, 1)).toHaveLength(3);
    const [p] = shared(o, 0, 1);
    expect(p).toBeDefined();
    const [lon, lat] = at(50, 0);
    expect(o.pointLon7[p] / 1e7).toBeCloseTo(lon, 6);
    expect(o.pointLat7[p] / 1e7).toBeCloseTo(lat, 6);
  });

  it('leaves a bridge over a street unconnected, and joins it where its ends land', () => {
    // the street runs east; the bridge crosses it going north, its ends on two other streets
    const o = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [100, 0],
          ],
        },
        {
          pts: [
            [50, -50],
            [50, 50],
          ],
          level: 1,
        },
        {
          pts: [
            [0, -50],
            [100, -50],
          ],
        },
        {
          pts: [
            [0, 50],
            [100, 50],
          ],
        },
      ]),
    );
    expect(shared(o, 0, 1)).toEqual([]);
    expect(o.stats.separatedCrossings).toBe(1);
    expect(shared(o, 1, 2)).toHaveLength(1);
    expect(shared(o, 1, 3)).toHaveLength(1);
  });

  it('joins lines at a shared vertex, but not middles of different levels drawn with a shared vertex', () => {
    const same = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [50, 0],
            [100, 0],
          ],
        },
        {
          pts: [
            [50, -50],
            [50, 0],
            [50, 50],
          ],
        },
      ]),
    );
    expect(shared(same, 0, 1)).toHaveLength(1);
    const bridge = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [50, 0],
            [100, 0],
          ],
        },
        {
          pts: [
            [50, -50],
            [50, 0],
            [50, 50],
          ],
          level: 1,
        },
      ]),
    );
    expect(shared(bridge, 0, 1)).toEqual([]);
  });

  it('snaps a loose end within 2 m onto the nearest line, and leaves one 3 m away a dead end', () => {
    const near = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [100, 0],
          ],
        },
        {
          pts: [
            [50, 1.5],
            [50, 60],
          ],
        },
      ]),
    );
    expect(near.stats.snappedEnds).toBe(1);
    expect(near.stats.maxSnapM).toBeCloseTo(1.5, 1);
    expect(shared(near, 0, 1)).toHaveLength(1);
    expect(seq(near, 0)).toHaveLength(3);
    const far = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [100, 0],
          ],
        },
        {
          pts: [
            [50, 3],
            [50, 60],
          ],
        },
      ]),
    );
    expect(far.stats.snappedEnds).toBe(0);
    expect(shared(far, 0, 1)).toEqual([]);
    expect(far.stats.deadEnds).toBe(4);
  });

  it('joins two loose ends 1 m apart end to end', () => {
    const o = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [50, 0],
          ],
        },
        {
          pts: [
            [51, 0],
            [100, 0],
          ],
        },
      ]),
    );
    expect(shared(o, 0, 1)).toHaveLength(1);
    expect(o.stats.snappedEnds).toBe(1);
  });

  it('keeps a fixed (OSM) line’s node ids and gives it the node where a road crosses it', () => {
    const o = nodeLines(
      input([
        {
          pts: [
            [0, 0],
            [100, 0],
          ],
          fixed: [11, 12],
        },
        {
          pts: [
            [50, -50],
            [50, 50],
          ],
        },
        {
          pts: [
            [0, 0],
            [0, 80],
          ],
        },
      ]),
    );
    const s = seq(o, 0);
    expect(s).toHaveLength(3);
    expect(o.pointNodeId[s[0]]).toBe(11);
    expect(o.pointNodeId[s[2]]).toBe(12);
    expect(Number.isNaN(o.pointNodeId[s[1]])).toBe(true);
    expect(o.changed[0]).toBe(1);
    // the third line starts on OSM node 11: the same point
    expect(seq(o, 2)[0]).toBe(s[0]);
    expect(o.stats.joinedToFixed).toBe(2);
  });

  it('nodes a grid of crossing lines at every crossing (near-linear with the index)', () => {
    const lines: L[] = [];
    const n = 40;
    for (let i = 0; i < n; i++) {
      lines.push({
        pts: [
          [-5, i * 20 + 3],
          [n * 20, i * 20 + 3],
        ],
      });
      lines.push({
        pts: [
          [i * 20 + 7, -5],
          [i * 20 + 7, n * 20],
        ],
      });
    }
    const o = nodeLines(input(lines));
    expect(o.stats.crossings).toBe(n * n);
    for (let i = 0; i < lines.length; i++) expect(seq(o, i)).toHaveLength(n + 2);
  });
});

/** the oracle: every pair of segments tested (no index), connectivity by a union-find over lines */
function bruteForce(lines: L[]): { same: number; apart: number; groups: number[] } {
  const parent = lines.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  let same = 0;
  let apart = 0;
  for (let i = 0; i < lines.length; i++)
    for (let j = i + 1; j < lines.length; j++) {
      const [[ax, ay], [bx, by]] = lines[i].pts;
      const [[cx, cy], [dx, dy]] = lines[j].pts;
      const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
      if (den === 0) continue;
      const ta = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
      const tb = ((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / den;
      if (!(ta > 0 && ta < 1 && tb > 0 && tb < 1)) continue;
      if ((lines[i].level ?? 0) === (lines[j].level ?? 0)) {
        same++;
        parent[find(i)] = find(j);
      } else apart++;
    }
  return { same, apart, groups: lines.map((_, i) => find(i)) };
}

describe('nodeLines against all pairs of segments (random straight streets)', () => {
  it('finds the same crossings and the same connected groups, levels respected, in 30 random cases', () => {
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let c = 0; c < 30; c++) {
      const lines: L[] = [];
      for (let i = 0; i < 40; i++)
        lines.push({
          pts: [
            [rnd() * 300, rnd() * 300],
            [rnd() * 300, rnd() * 300],
          ],
          level: rnd() < 0.2 ? 1 : 0,
        });
      const o = nodeLines(input(lines, 0));
      const want = bruteForce(lines);
      expect(o.stats.crossings, `case ${c}`).toBe(want.same);
      expect(o.stats.separatedCrossings, `case ${c}`).toBe(want.apart);
      // lines sharing a node are one group: the same partition as the oracle's
      const owner = new Map<number, number>();
      const parent = lines.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
      lines.forEach((_, i) => {
        for (const p of seq(o, i)) {
          const j = owner.get(p);
          if (j === undefined) owner.set(p, i);
          else parent[find(i)] = find(j);
        }
      });
      for (let i = 0; i < lines.length; i++)
        for (let j = i + 1; j < lines.length; j++)
          expect(find(i) === find(j), `case ${c} lines ${i} ${j}`).toBe(want.groups[i] === want.groups[j]);
    }
  });
});
