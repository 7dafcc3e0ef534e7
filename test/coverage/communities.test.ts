import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCommunities } from '../../src/coverage/communities.js';
import { tmp } from '../support/env.js';

const poly = (id: string, ring: number[][], props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { id, name: `社区${id}`, ...props },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

describe('community polygons: repaired or reported by id', () => {
  it('closes open rings, splits a bow-tie, reads 户数, and skips what cannot be used', async () => {
    const dir = tmp();
    const p = join(dir, 'c.geojson');
    writeFileSync(
      p,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          poly(
            'open',
            [
              [113.0, 23.0],
              [113.01, 23.0],
              [113.01, 23.01],
              [113.0, 23.01],
            ],
            { 户数: '1,200' },
          ),
          poly('bowtie', [
            [113.0, 23.0],
            [113.01, 23.01],
            [113.01, 23.0],
            [113.0, 23.01],
            [113.0, 23.0],
          ]),
          poly('degenerate', [
            [113.0, 23.0],
            [113.01, 23.0],
            [113.0, 23.0],
          ]),
          {
            type: 'Feature',
            properties: { id: 'line' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [113, 23],
                [113.1, 23.1],
              ],
            },
          },
          poly('open', [
            [114.0, 23.0],
            [114.01, 23.0],
            [114.01, 23.01],
            [114.0, 23.0],
          ]),
          {
            type: 'Feature',
            properties: { id: 'hole-only' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [113, 23],
                  [113.01, 23],
                  [113, 23],
                ],
                [
                  [113.002, 23.002],
                  [113.004, 23.002],
                  [113.004, 23.004],
                  [113.002, 23.002],
                ],
              ],
            },
          },
        ],
      }),
    );
    const r = await readCommunities(p);
    expect(r.communities.map((c) => c.id)).toEqual(['open', 'bowtie']);
    const open = r.communities[0];
    expect(open.repairs).toEqual(['ring 0 was not closed']);
    expect(open.households).toBe(1200);
    const bowtie = r.communities[1];
    expect(bowtie.repairs).toContain('self-intersecting outline split into simple parts');
    expect(bowtie.geometry.type).toBe('MultiPolygon');
    expect(r.skipped.map((s) => [s.id, s.reason])).toEqual([
      ['degenerate', expect.stringMatching(/no usable polygon/)],
      ['line', 'is a LineString; communities are polygons'],
      ['open', expect.stringMatching(/repeats the id of feature 1/)],
      ['hole-only', expect.stringMatching(/no usable polygon/)],
    ]);
  });
});
