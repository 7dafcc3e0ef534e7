/**
 * CSV text → a table with the file line where each record starts. The delimiter is sniffed on the
 * header line (Excel writes ";" in European locales and tab for "Unicode text"). csv-parse's own
 * line counter drifts on CRLF newlines inside quoted fields, so lines are counted here from the
 * byte offset where each record ends.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../util/errors.js';
import { splitCsv } from './csv-split.js';
import { ArrayRecords, type Records, type TableRecord } from './records.js';
import type { Table } from './table-rows.js';

const DELIMITERS = [',', '\t', ';', '|'] as const;

/** The delimiter that occurs most often outside quotes on the first non-blank line (comma on a tie). */
export function sniffDelimiter(text: string): string {
  const line = /^[^\S\r\n]*\S[^\r\n]*/m.exec(text)?.[0] ?? '';
  const count = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && count.has(ch)) count.set(ch, count.get(ch)! + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if (count.get(d)! > count.get(best)!) best = d;
  return best;
}

/** unique, non-blank names: a blank header cell becomes "column 3", a repeat "名称 (2)" */
export function uniqueHeader(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    const base = c.trim() === '' ? `column ${i + 1}` : c.trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

const delimiterName = (d: string) => (d === '\t' ? 'tab' : `"${d}"`);

/**
 * Records of the file, all of them including the header candidate(s), with their start lines. The
 * caller picks the header row; rows with more non-empty fields than the header get a `problem`.
 * The common case goes through our own splitter (csv-split.ts); csv-parse reads what it declines
 * (`splitter: 'csv-parse'` forces it, for the benchmark and the tests).
 */
export function parseCsvRecords(
  text: string,
  where: string,
  opts: { splitter?: 'auto' | 'csv-parse' } = {},
): { records: Records; delimiter: string; splitter: 'own' | 'csv-parse' } {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = sniffDelimiter(body);
  if (opts.splitter !== 'csv-parse') {
    const records = splitCsv(body, delimiter);
    if (records) return { records, delimiter, splitter: 'own' };
  }
  const buf = Buffer.from(body, 'utf8');
  // starts of lines, to turn byte offsets into line numbers; a lone CR (old Mac) ends a line too
  const lineStarts: number[] = [0];
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a || (buf[i] === 0x0d && buf[i + 1] !== 0x0a)) lineStarts.push(i + 1);
  }
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  /** first byte of the record that starts at or after `offset`, past blank lines */
  const recordStart = (offset: number) => {
    let i = offset;
    while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x20 || buf[i] === 0x09)) i++;
    return i;
  };

  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(buf, {
      delimiter,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    const err = e as { message: string; bytes_records?: number; bytes?: number };
    const line = lineAt(recordStart(err.bytes_records ?? err.bytes ?? 0));
    throw new InputError(
      `${where}: line ${line}: not readable as CSV with ${delimiterName(delimiter)} as delimiter ` +
        `(${err.message.replace(/\s+at line \d+.*$/, '')}); check the quotes on that line, or save ` +
        `the file again from Excel as CSV`,
    );
  }
  const records: TableRecord[] = [];
  let end = 0;
  for (const p of parsed) {
    records.push({ row: lineAt(recordStart(end)), cells: p.record });
    end = p.info.bytes;
  }
  return { records: new ArrayRecords(records), delimiter, splitter: 'csv-parse' };
}

/** Marks rows that have more non-empty fields than the header: an unquoted delimiter inside a value
 * shifts every later column, so the coordinates read would be wrong. */
export function markExtraFields(table: Table, delimiter: string): void {
  const n = table.header.length;
  const { records } = table;
  for (let r = 0; r < records.length; r++) {
    if (records.row(r) <= table.headerRow) continue;
    const size = records.size(r);
    if (size <= n) continue;
    let extra = false;
    for (let c = n; c < size && !extra; c++) extra = records.cell(r, c).trim() !== '';
    if (extra)
      table.problems.set(
        r,
        `has ${size} fields but the header has ${n}: a ${delimiterName(delimiter)} inside ` +
          `a value that is not in quotes? Put that value in double quotes`,
      );
  }
}
