/** results.xlsx read by an independent reader (Debian's python3-openpyxl): ids as text, numbers as numbers. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnName, type Sheet, textWidth, xlsxBytes } from '../../src/outputs/xlsx.js';
import type { Value } from '../../src/outputs/schema.js';
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

/**
 * The sheets' XML as the writer made it before it wrote bytes (strings per cell, joined): the
 * oracle the byte writer must match to the byte. Shared strings are numbered in the same order.
 */
function referenceSheets(sheets: Sheet[]): string[] {
  const index = new Map<string, number>();
  const ref = (s: string) => {
    if (!index.has(s)) index.set(s, index.size);
    return index.get(s)!;
  };
  const cell = (r: string, v: Value, kind: Sheet['kinds'][number]) => {
    if (v === null || v === '') return '';
    if (typeof v === 'number' && kind !== 'text' && Number.isFinite(v))
      return `<c r="${r}" s="${kind === 'int' ? 3 : 4}"><v>${v}</v></c>`;
    return `<c r="${r}" s="2" t="s"><v>${ref(String(v))}</v></c>`;
  };
  return sheets.map((s) => {
    const widths = s.header.map((h, i) => {
      let w = textWidth(h);
      for (const r of s.rows) if (r[i] !== null) w = Math.max(w, textWidth(String(r[i])));
      return Math.min(60, Math.max(6, w + 2));
    });
    const rows = [
      `<row r="1">${s.header.map((h, i) => `<c r="${columnName(i)}1" s="1" t="s"><v>${ref(h)}</v></c>`).join('')}</row>`,
    ];
    s.rows.forEach((r, k) => {
      let line = `<row r="${k + 2}">`;
      for (let i = 0; i < r.length; i++) line += cell(`${columnName(i)}${k + 2}`, r[i], s.kinds[i]);
      rows.push(`${line}</row>`);
    });
    const last = `${columnName(Math.max(0, s.header.length - 1))}${s.rows.length + 1}`;
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<dimension ref="A1:${last}"/>` +
      '<sheetViews><sheetView workbookViewId="0">' +
      (s.rows.length
        ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        : '') +
      '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
      `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
      `<sheetData>${rows.join('')}</sheetData>` +
      (s.rows.length && s.header.length ? `<autoFilter ref="A1:${last}"/>` : '') +
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    );
  });
}

describe('XLSX writer', () => {
  it('column letters and the width of Chinese text', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(textWidth('社区ab')).toBe(6);
  });

  it('writes the sheets byte for byte as the string writer did, on random sheets', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const values: Value[] = [
      null,
      '',
      0,
      -0,
      7,
      -12,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 60),
      1e21,
      1.5e-7,
      0.1 + 0.2,
      -3.25,
      NaN,
      Infinity,
      true,
      false,
      '社区',
      'a"b',
      'x & <y>',
      '007',
      '440307001001',
      '😀 宽',
    ];
    const sheets: Sheet[] = Array.from({ length: 4 }, (_, k) => {
      const nc = 1 + Math.floor(rnd() * 30);
      return {
        name: `s${k}`,
        header: Array.from({ length: nc }, (_, i) => (i % 3 ? `列${i}` : `col ${i}`)),
        kinds: Array.from({ length: nc }, () => pick(['text', 'int', 'real'] as const)),
        rows: Array.from({ length: k * 40 }, () =>
          Array.from({ length: nc }, () =>
            rnd() < 0.5 ? pick(values) : rnd() < 0.5 ? rnd() * 1000 : Math.floor(rnd() * 1e6),
          ),
        ),
      };
    });
    const parts = unzipSync(xlsxBytes(sheets, 'en'));
    const about: Sheet = { name: 'about', header: ['about'], kinds: ['text'], rows: [] };
    const want = referenceSheets([...sheets, about]);
    sheets.forEach((_, i) =>
      expect(strFromU8(parts[`xl/worksheets/sheet${i + 1}.xml`]), `sheet ${i + 1}`).toBe(want[i]),
    );
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
