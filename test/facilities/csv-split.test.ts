/**
 * Our own CSV splitter (src/facilities/csv-split.ts) against csv-parse, the oracle it replaces for
 * the common case: on random text made of the characters that matter (quotes, delimiters, every
 * kind of line break, ASCII and wide spaces, Chinese), whenever the splitter answers, its records
 * and their line numbers are csv-parse's exactly; on well-formed RFC 4180 files it always answers.
 */
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../src/facilities/csv-table.js';
import { splitCsv as splitRecords } from '../../src/facilities/csv-split.js';
import { recordList } from '../../src/facilities/records.js';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { tmp } from '../support/env.js';

/** the splitter's records as arrays, to compare with csv-parse's */
const splitCsv = (text: string, d: string) => {
  const r = splitRecords(text, d);
  return r && recordList(r);
};

const oracle = (text: string) => {
  try {
    return parseCsvRecords(text, 'x.csv', { splitter: 'csv-parse' });
  } catch {
    return null;
  }
};

describe('csv-split against csv-parse', () => {
  it('random text: when the splitter answers, it is csv-parse’s answer (records and lines)', () => {
    const ch = fc.constantFrom(
      'a',
      'b',
      '中',
      ' ',
      '\t',
      ',',
      ';',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      '\u3000',
      '\u00a0',
      'x y',
    );
    let answered = 0;
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 40 }), fc.constantFrom(',', ';', '\t'), (parts, d) => {
        // a header line fixes the delimiter the same way for both (sniffDelimiter reads the first line)
        const text = `a${d}b\n${parts.join('')}`;
        const own = splitCsv(text, d);
        if (own === null) return;
        answered++;
        const ref = oracle(text);
        expect(ref, JSON.stringify(text)).not.toBeNull();
        expect(ref!.delimiter).toBe(d);
        expect(own, JSON.stringify(text)).toEqual(recordList(ref!.records));
      }),
      { numRuns: 5000, seed: 14 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it('well-formed RFC 4180 files (any cells, CRLF/LF/CR throughout) are always answered, cells as written', () => {
    const cell = fc.string({ maxLength: 8, unit: fc.constantFrom('a', '中', ' ', ',', '"', '\n', '\r\n', 'z') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        (rows, eol, finalEol) => {
          // every cell quoted that needs it (and some that do not), so nothing is trimmed or relaxed
          const q = (s: string) => (/[",\r\n ]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
          const text = rows.map((r) => r.map(q).join(',')).join(eol) + (finalEol ? eol : '');
          const own = splitCsv(text, ',');
          expect(own, JSON.stringify(text)).not.toBeNull();
          expect(own!.map((r) => r.cells)).toEqual(rows);
          expect(own).toEqual(recordList(parseCsvRecords(text, 'x.csv', { splitter: 'csv-parse' }).records));
        },
      ),
      { numRuns: 2000, seed: 9 },
    );
  });

  it('hand cases: line numbers past quoted line breaks and blank lines; what it leaves to csv-parse', () => {
    const text = 'name,lon,lat\r\n"东城\r\n幼儿园",113.05,23.67\r\n\r\n  \r\n"say ""hi""", 113.06 ,23.68\r\n';
    expect(splitCsv(text, ',')).toEqual([
      { row: 1, cells: ['name', 'lon', 'lat'] },
      { row: 2, cells: ['东城\r\n幼儿园', '113.05', '23.67'] },
      { row: 6, cells: ['say "hi"', '113.06', '23.68'] },
    ]);
    expect(splitCsv('a,b\nc"d,e\n', ',')).toBeNull(); // a quote inside a value
    expect(splitCsv('a,b\n"c"d,e\n', ',')).toBeNull(); // text after the closing quote
    expect(splitCsv('a,b\n"c,d\n', ',')).toBeNull(); // never closed
    expect(splitCsv('a,b\r\nc,d\ne,f\r\n', ',')).toBeNull(); // two kinds of line break
    // the file still reads, through csv-parse: relaxed quotes as before, the unclosed quote as an error
    const relaxed = parseCsvRecords('a,b\nc"d,e\n', 'x.csv');
    expect(relaxed.splitter).toBe('csv-parse');
    expect(recordList(relaxed.records)).toMatchObject([{ cells: ['a', 'b'] }, { cells: ['c"d', 'e'] }]);
    expect(() => parseCsvRecords('a,b\n"c,d\n', 'x.csv')).toThrow(/x\.csv: line 2: not readable as CSV/);
    expect(parseCsvRecords('\uFEFFa,b\n1,2\n', 'x.csv').splitter).toBe('own');
  });

  it('a GBK (GB18030) list with a BOM-less header reads the same as its UTF-8 original, through the splitter', async () => {
    const d = tmp();
    const csv =
      '名称,类型,经度,纬度\r\n"阳光幼儿园",幼儿园,113.045,23.672\r\n东城卫生站,社区卫生服务站,113.05,23.675\r\n';
    writeFileSync(join(d, 'utf8.csv'), `\uFEFF${csv}`);
    writeFileSync(join(d, 'gbk.csv'), iconv.encode(csv, 'gb18030'));
    const a = await readFacilityList(join(d, 'utf8.csv'), { crs: 'wgs84' });
    const b = await readFacilityList(join(d, 'gbk.csv'), { crs: 'wgs84' });
    expect(b.encoding).toBe('gb18030');
    expect(a.encoding).toBe('utf-8-bom');
    expect(b.rows).toEqual(a.rows);
    expect(b.rows.map((r) => [r.row, r.name])).toEqual([
      [2, '阳光幼儿园'],
      [3, '东城卫生站'],
    ]);
  });
});
