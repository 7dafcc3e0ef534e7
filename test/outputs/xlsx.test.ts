/** results.xlsx read by an independent reader (Debian's python3-openpyxl): ids as text, numbers as numbers. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnName, textWidth, xlsxBytes } from '../../src/outputs/xlsx.js';
import { hasTool, tmp } from '../support/env.js';
import { sampleOutputs } from '../support/sample-run.js';

const HAS_OPENPYXL = hasTool('/usr/bin/python3', ['-c', 'import openpyxl']);
if (!HAS_OPENPYXL) console.warn('skipping the XLSX reader checks: python3-openpyxl is not installed');

/** every sheet as [name, freeze_panes, widths, rows of [value, data_type, number_format]] */
function readXlsx(path: string): [string, string | null, number[], [unknown, string, string][][]][] {
  const r = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      `import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(ws.max_column)]
    rows = [[[c.value, c.data_type, c.number_format] for c in row] for row in ws.iter_rows()]
    out.append([ws.title, ws.freeze_panes, widths, rows])
print(json.dumps(out, ensure_ascii=False))`,
      path,
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('XLSX writer', () => {
  it('column letters and the width of Chinese text', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(textWidth('社区ab')).toBe(6);
  });

  it('textWidth counts as the wide-character ranges do, astral and lone surrogates included', () => {
    const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
    const byRegex = (s: string) => [...s].reduce((w, ch) => w + (wide.test(ch) ? 2 : 1), 0);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 20000; k++) {
      let s = '';
      for (let j = Math.floor(rnd() * 8); j > 0; j--) {
        const r = rnd();
        s +=
          r < 0.1
            ? String.fromCodePoint(0x10000 + Math.floor(rnd() * 0xfffff))
            : String.fromCharCode(Math.floor(rnd() * (r < 0.4 ? 0x80 : 0x10000)));
      }
      expect(textWidth(s), JSON.stringify(s)).toBe(byRegex(s));
    }
  });

  it.skipIf(!HAS_OPENPYXL)('a 12-digit code and a leading zero stay text, numbers stay numbers (openpyxl)', () => {
    const path = join(tmp('lc-xlsx-'), 't.xlsx');
    writeFileSync(
      path,
      xlsxBytes(
        [
          {
            name: '表 [1]',
            header: ['编号', '数量', '比例'],
            kinds: ['text', 'int', 'real'],
            rows: [
              ['440307001001', 3, 0.25],
              ['007', null, 1.5],
            ],
          },
        ],
        'zh',
      ),
    );
    const [sheet, about] = readXlsx(path);
    expect(sheet[0]).toBe('表 _1_');
    expect(sheet[1]).toBe('A2');
    const [, r1, r2] = sheet[3];
    expect(r1).toEqual([
      ['440307001001', 's', '@'],
      [3, 'n', '0'],
      [0.25, 'n', 'General'],
    ]);
    expect(r2[0]).toEqual(['007', 's', '@']);
    expect(r2[1][0]).toBeNull();
    expect(about[0]).toBe('说明');
    expect(JSON.stringify(about[3])).toMatch(/OpenStreetMap contributors/);
  });
});

describe.skipIf(!HAS_OPENPYXL)('results.xlsx of the sample job', () => {
  let out = '';
  beforeAll(() => {
    out = sampleOutputs();
  });

  it('one sheet per table with the CSV rows, ids as text, numbers as numbers, frozen header, widths for Chinese', () => {
    const book = readXlsx(join(out, 'results.xlsx'));
    expect(book.map((s) => s[0])).toEqual(['社区', '覆盖评估', '设施类别汇总', '覆盖缺口', '设施', '数据质量', '说明']);
    const csvRows = (n: string) =>
      readFileSync(join(out, `${n}.csv`), 'utf8')
        .trim()
        .split('\r\n').length;
    ['communities', 'coverage', 'categories', 'gaps', 'facilities', 'data_quality'].forEach((n, i) => {
      const [, freeze, widths, rows] = book[i];
      expect(rows.length, n).toBe(csvRows(n));
      expect(freeze).toBe('A2');
      expect(rows[0].every((c) => c[1] === 's')).toBe(true);
      // every header fits its column, counting a Chinese character as two
      rows[0].forEach((c, k) => expect(widths[k]).toBeGreaterThanOrEqual(Math.min(60, textWidth(String(c[0])))));
    });
    const [, , , comm] = book[0];
    const col = (name: string) => comm[0].findIndex((c) => c[0] === name);
    for (const row of comm.slice(1)) {
      expect(row[col('社区编号')]).toEqual([expect.stringMatching(/^QC-\d{3}$/), 's', '@']);
      expect(row[col('户数')][1]).toBe('n');
      expect(typeof row[col('户数')][0]).toBe('number');
      expect(row[col('必配达标数')][1]).toBe('n');
    }
    const cov = book[1][3];
    const share = cov[0].findIndex((c) => c[0] === '达标比例');
    expect(cov.slice(1).every((r) => r[share][1] === 'n')).toBe(true);
  });

  it('a rerun writes a byte-identical workbook', () => {
    const again = sampleOutputs(['--quiet']);
    expect(readFileSync(join(again, 'results.xlsx')).equals(readFileSync(join(out, 'results.xlsx')))).toBe(true);
  });
});
