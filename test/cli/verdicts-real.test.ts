/**
 * Must-show of issue 10 on every Chinese extract with OSM residential areas: the categories not
 * assessed are exactly those with no facility at all, and none of them counts as failed;
 * `--missing-data fail` restores the old fails. Also: the summary on stdout, messages on stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, HAS_SHARED, real, tmp } from '../support/env.js';

const rows = (f: string): Record<string, string>[] =>
  parse(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''), { columns: true });

const run = HAS_SHARED ? describe : describe.skip;
if (!HAS_SHARED) console.log('notice: ../shared/data/real is absent, so the real-extract verdict tests are skipped');

// the four Chinese extracts that map residential areas (Guixi and Ninghua map none)
const EXTRACTS = [
  'cn-shenzhen-longgang/map.osm',
  'cn-beijing-tsinghua-pku/map.osm',
  'cn-beijing-bupt/map.osm',
  'cn-shanghai-shu-baoshan/map.osm',
];

run('real Chinese extracts: not assessed = no facility data, never failed', () => {
  it.each(EXTRACTS)('%s', (rel) => {
    const dir = tmp();
    const r = cli(['coverage', real(rel), '-o', dir, '--lang', 'en']);
    expect(r.status, r.stderr).toBe(0);
    // the summary is data on stdout; warnings and progress stay on stderr
    expect(r.stdout).toMatch(/communities × 10 required categories/);
    expect(r.stdout).toMatch(/Categories with no data \(not assessed\):/);
    expect(r.stderr).not.toMatch(/required categories \(/);
    expect(r.stderr).toMatch(/warning: no \S+ \(.+\) facilities at all in OSM or the lists: not assessed/);
    const cats = rows(join(dir, 'categories.csv'));
    const zero = new Set(cats.filter((c) => Number(c.facilities) === 0).map((c) => c.category));
    expect(zero.size).toBeGreaterThan(0);
    const cov = rows(join(dir, 'coverage.csv'));
    const notAssessed = new Set(
      [...new Set(cov.map((x) => x.category))].filter((k) =>
        cov.filter((x) => x.category === k).every((x) => x.result === 'not assessed: no data'),
      ),
    );
    expect([...notAssessed].sort()).toEqual([...zero].sort());
    for (const x of cov)
      if (zero.has(x.category)) expect(x.result, `${x.community_id} ${x.category}`).toBe('not assessed: no data');
    // no gap for a no-data category; required met counts only assessed categories
    for (const g of rows(join(dir, 'gaps.csv'))) expect(zero.has(g.category)).toBe(false);
    const requiredZero = cats.filter((c) => zero.has(c.category) && c.required === 'yes').length;
    for (const c of rows(join(dir, 'communities.csv')))
      expect(Number(c.required_assessed)).toBe(Number(c.required_total) - requiredZero);
    expect(readFileSync(join(dir, 'no_data_template.csv'), 'utf8').trim().split('\r\n')).toHaveLength(zero.size + 1);
  });

  it('--missing-data fail restores the old verdict (every no-data category fails)', () => {
    const dir = tmp();
    const r = cli(['coverage', real('cn-beijing-bupt/map.osm'), '-o', dir, '--lang', 'en', '--missing-data', 'fail']);
    expect(r.status, r.stderr).toBe(0);
    const zero = new Set(
      rows(join(dir, 'categories.csv'))
        .filter((c) => Number(c.facilities) === 0)
        .map((c) => c.category),
    );
    const cov = rows(join(dir, 'coverage.csv'));
    for (const x of cov) if (zero.has(x.category)) expect(x.result).toBe('fail');
    for (const c of rows(join(dir, 'communities.csv'))) expect(c.required_assessed).toBe(c.required_total);
    const bad = cli(['coverage', real('cn-beijing-bupt/map.osm'), '-o', tmp(), '--missing-data', 'maybe']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--missing-data maybe: expected not_assessed \(the default\) or fail/);
  });
});
