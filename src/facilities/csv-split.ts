/**
 * The common case of CSV split by hand, for lists of a million rows: RFC 4180 quoting ("" inside
 * quotes, line breaks inside quotes), one kind of line ending throughout (CRLF, LF or CR), values
 * trimmed of whitespace outside quotes, blank lines skipped. The result is csv-parse's with the
 * options csv-table.ts gives it (relax_quotes, relax_column_count, skip_empty_lines, trim) —
 * test/facilities/csv-split.test.ts checks that on random files — at a fraction of its cost:
 * csv-parse builds an info object and byte counts per record, which dominated reading large lists.
 * Anything outside the common case — a quote inside an unquoted value, text after a closing quote,
 * a quote never closed, line endings of two kinds — returns null, and the caller hands the file
 * to csv-parse, which decides (and words the error) as before. The records keep the text and
 * their cells as offsets into it (records.ts): no string is made until a cell is read.
 */
import { IntList, TextRecords } from './records.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** ECMAScript whitespace other than line breaks: what String.prototype.trim (and csv-parse's trim) removes */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** what String.prototype.trimEnd removes: the spaces above and line breaks */
const isTrimmed = (c: number) => isSpace(c) || c === LF || c === CR;

/**
 * Records with the line where each starts (the first character that is not a space, tab or line
 * break after the previous record, as csv-table.ts has always counted), or null when the text
 * needs csv-parse. `delimiter` is one character.
 */
export function splitCsv(text: string, delimiter: string): TextRecords | null {
  const D = delimiter.charCodeAt(0);
  const n = text.length;
  const starts = new IntList();
  const ends = new IntList();
  const firsts = new IntList();
  const rows = new IntList();
  /** the first field of the record being read */
  let recFirst = 0;
  /** 0 until the first line break outside quotes: then LF (1), CRLF (2) or CR (3) */
  let mode = 0;
  let line = 1;
  let i = 0;
  let recLine = 0;
  let quotedInRecord = false;
  // records of tab- or space-delimited empty cells only: csv-table.ts always gave them the line of
  // whatever comes next (they are blank rows, passed over later; kept for the line numbers)
  const pending: number[] = [];
  for (;;) {
    // ---- one field: leading whitespace, then a quoted or an unquoted value
    let c = i < n ? text.charCodeAt(i) : -1;
    let wideSpace = false;
    while (c !== -1 && c !== D && isSpace(c)) {
      if (c >= 0x80) wideSpace = true;
      if (recLine === 0 && c !== 0x20 && c !== 0x09) recLine = line;
      c = ++i < n ? text.charCodeAt(i) : -1;
    }
    /** the value: [start, end) in the text, end as ~end when "" inside must become " */
    let start: number;
    let end: number;
    if (c === QUOTE) {
      if (wideSpace) return null; // csv-parse trims multi-byte spaces before a quote its own way
      if (recLine === 0) recLine = line;
      quotedInRecord = true;
      start = ++i;
      let doubled = false;
      for (;;) {
        if (i >= n) return null; // never closed: csv-parse words the error
        const q = text.charCodeAt(i);
        if (q === QUOTE) {
          if (i + 1 < n && text.charCodeAt(i + 1) === QUOTE) {
            doubled = true;
            i += 2;
            continue;
          }
          end = doubled ? ~i : i;
          i++;
          break;
        }
        if (q === LF || (q === CR && (i + 1 >= n || text.charCodeAt(i + 1) !== LF))) line++;
        i++;
      }
      // after the closing quote: ASCII spaces, then a delimiter, a line break or the end
      c = i < n ? text.charCodeAt(i) : -1;
      while (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c) {
        if (c === D) break;
        c = ++i < n ? text.charCodeAt(i) : -1;
      }
      if (c !== -1 && c !== D && c !== LF && c !== CR) return null;
    } else {
      start = i;
      if (recLine === 0 && c !== -1 && c !== LF && c !== CR && c !== 0x09) recLine = line;
      while (c !== -1 && c !== D && c !== LF && c !== CR) {
        if (c === QUOTE) return null; // a quote inside an unquoted value
        c = ++i < n ? text.charCodeAt(i) : -1;
      }
      end = i;
      while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--; // trimEnd
    }
    // ---- what ends the field
    if (c === D) {
      if (recLine === 0 && c !== 0x20 && c !== 0x09) recLine = line;
      starts.push(start);
      ends.push(end!);
      i++;
      continue;
    }
    const atEnd = c === -1;
    if (!atEnd) {
      // a line break outside quotes: it must be the file's one kind
      const kind = c === LF ? 1 : i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 3;
      if (mode === 0) mode = kind;
      else if (kind !== mode) return null;
      i += kind === 2 ? 2 : 1;
      line++;
    }
    if (starts.n > recFirst || end! !== start || quotedInRecord) {
      starts.push(start);
      ends.push(end!);
      firsts.push(recFirst);
      recFirst = starts.n;
      if (recLine === 0) pending.push(rows.n);
      else {
        for (const p of pending) rows.a[p] = recLine;
        pending.length = 0;
      }
      rows.push(recLine);
      recLine = 0;
      quotedInRecord = false;
    }
    if (atEnd) {
      for (const p of pending) rows.a[p] = recLine || line;
      firsts.push(recFirst);
      return new TextRecords(text, firsts.done(), rows.done(), starts.done(), ends.done());
    }
  }
}
