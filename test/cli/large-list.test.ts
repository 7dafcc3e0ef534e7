/**
 * Issue 14, class 8: a facility list of a hundred thousand rows and more is read in bounded memory,
 * with progress, and loses no row. A list as Amap exports it (BOM, CRLF, names quoted with a comma
 * and "" inside, GCJ-02) of 150,000 rows, a few of them broken on purpose, goes through the whole
 * `facilities` command in a child process whose peak RSS the child reports on exit. Main before
 * the chunked writers and the lighter table rows peaked at ~600 MB on this list; now ~360 MB.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tmp } from '../support/env.js';

const ROWS = 150_000;
/** the bound asserted: a third above the ~360 MB this list takes, a fifth below the ~600 MB it took before */
const PEAK_RSS_MB = 480;
/** data lines broken on purpose (line = index + 2): an unreadable longitude, an empty latitude */
const BAD_LON = new Set([777, 55_555]);
const NO_LAT = new Set([120_001]);

const dir = tmp('lc-large-list-');
const list = join(dir, 'big.csv');
const types = [
  '幼儿园',
  '科教文化服务;学校;幼儿园',
  '社区卫生服务站',
  '购物服务;超级市场;超市',
  '汽车服务;加油站;加油站',
];
const unmapped = 1 / types.length; // 加油站 maps to no category of the profile

beforeAll(() => {
  const lines = ['编号,名称,类型,地址,经度,纬度,建筑面积'];
  for (let i = 0; i < ROWS; i++) {
    // GCJ-02 over the sample town (113.04–113.07 E, 23.67–23.69 N), deterministic
    const lon = BAD_LON.has(i) ? 'abc' : (113.035 + ((i * 7919) % 40000) / 1e6).toFixed(6);
    const lat = NO_LAT.has(i) ? '' : (23.668 + ((i * 104729) % 24000) / 1e6).toFixed(6);
    const name = i % 10 === 0 ? `"清远${i}号店, 分店"` : i % 97 === 0 ? `"""老字号""${i}"` : `清远${i}号店`;
    lines.push(`B0${i},${name},${types[i % types.length]},清城区某路${i % 500}号,${lon},${lat},${(i % 900) + 20}`);
  }
  writeFileSync(list, `\uFEFF${lines.join('\r\n')}\r\n`);
});

/** the CLI in a child that prints its own peak RSS (process.resourceUsage, KB) as its last stderr line */
function cliWithPeak(args: string[]): { status: number; stdout: string; stderr: string; peakMb: number } {
  const report = "process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\\n`));";
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(report)}`, join(ROOT, 'bin/lifecircle.js'), ...args],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const m = /peak-rss-kb (\d+)\n?$/.exec(r.stderr);
  if (!m) throw new Error(`no peak RSS reported: ${r.stderr.slice(-500)}`);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, peakMb: Number(m[1]) / 1024 };
}

describe('a 150,000-row facility list (issue 14, class 8)', () => {
  it('the whole facilities command: bounded peak memory, progress, every row accounted for, row numbers in the skips', () => {
    const out = join(dir, 'out', 'f.geojson');
    const r = cliWithPeak([
      'facilities',
      join(ROOT, 'data/sample/town.osm'),
      '--facilities',
      list,
      '--crs',
      'gcj02',
      '-o',
      out,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    // progress: the row check's line with the whole count
    expect(r.stderr).toMatch(/✓ checking big\.csv: 150,000 rows/);
    const j = JSON.parse(r.stdout);
    const l = j.lists[0];
    // no row lost: read + skipped = the data lines; mapped + unmapped = read
    expect(l.rows + l.skipped).toBe(ROWS);
    expect(l.skipped).toBe(BAD_LON.size + NO_LAT.size);
    const unknown = Object.values(l.unknownCategories as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(l.mappedRows + unknown + l.noCategory).toBe(l.rows);
    expect(unknown).toBe(Math.round(ROWS * unmapped) - [...BAD_LON, ...NO_LAT].filter((i) => i % 5 === 4).length);
    // the skipped rows are named by their line (header = line 1)
    const skips = r.stderr.split('\n').find((x) => x.includes('rows skipped')) ?? '';
    expect(skips).toContain('3 rows skipped');
    expect(skips).toContain(`${779}: longitude "abc" (column "经度") is not a number`);
    expect(skips).toContain(`${55_557}: longitude "abc"`);
    expect(skips).toContain(`${120_003}: no coordinates: the "纬度" cell is empty`);
    // every facility is written: one feature and one CSV line each
    const gj = readFileSync(out, 'utf8');
    const features = gj.split('\n').filter((x) => x.startsWith('{"type":"Feature"')).length;
    expect(features).toBe(j.facilities);
    const csv = readFileSync(join(dir, 'out', 'f.csv'), 'utf8')
      .split('\r\n')
      .filter(Boolean);
    expect(csv.length - 1).toBe(j.facilities);
    const perCategory = Object.values(j.perCategory as Record<string, { total: number }>);
    expect(perCategory.reduce((s, c) => s + c.total, 0)).toBe(j.facilities);
    expect(l.used + l.outsideArea).toBe(l.mappedRows); // each of these types maps to one category
    expect(l.mappedRows).toBe(ROWS - l.skipped - unknown);
    expect(r.peakMb).toBeLessThan(PEAK_RSS_MB);
  }, 240_000);
});
