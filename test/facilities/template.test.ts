/** The list template for categories with no data reads back as those categories once filled in. */
import { describe, expect, it } from 'vitest';
import { listTemplateCsv } from '../../src/facilities/template.js';
import { listFacilities } from '../../src/facilities/list-facilities.js';
import { loadProfile } from '../../src/profiles/load-profile.js';
import { cli, tmp } from '../support/env.js';
import { fixture } from './helpers.js';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const cc = loadProfile('complete-community-2020');
const cats = cc.categories.filter((c) => c.id === 'elderly_service_station' || c.id === 'housekeeping');

describe('list template', () => {
  it.each(['zh', 'en'] as const)('%s: filled in, every row maps to its category with no --columns', async (lang) => {
    const text = listTemplateCsv(cats, lang);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    // fill in coordinates (and a floor area) the way a planner would
    const filled = [
      lines[0],
      ...lines.slice(1).map((l, i) => {
        const cells = l.split(',');
        cells[1] = `F${i}`;
        cells[3] = String(113.05 + i / 1000);
        cells[4] = '23.67';
        cells[5] = '350';
        return cells.join(',');
      }),
    ].join('\r\n');
    const r = await listFacilities({ path: fixture(`filled-${lang}.csv`, `\uFEFF${filled}\r\n`), crs: 'wgs84' }, cc);
    expect(r.facilities.map((f) => f.category)).toEqual(['elderly_service_station', 'housekeeping']);
    expect(r.facilities.map((f) => f.floorAreaM2)).toEqual([350, 350]);
  });

  it('an unfilled row is skipped and reported, never a facility', async () => {
    const r = await listFacilities(
      { path: fixture('unfilled.csv', listTemplateCsv(cats, 'zh')), crs: 'wgs84' },
      cc,
    ).catch((e: Error) => e);
    // no usable row at all: one clear error naming the empty coordinates
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toMatch(/no usable facility.*cells are empty/);
  });

  it('lifecircle template writes the file; an unknown category exits 2 naming the categories', () => {
    const dir = tmp();
    const out = join(dir, 't.csv');
    const r = cli(['template', 'elderly_service_station', '家政', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(listTemplateCsv(cats, 'zh'));
    const bad = cli(['template', 'no_such_category']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /'no_such_category' is not a category of profile complete-community-2020 \(categories: /,
    );
  });
});
