/**
 * results.xlsx: one sheet per table (communities, coverage, gaps, facilities, data quality) and an
 * "about" sheet with the attribution. Ids and names are text cells (formatted "@", so a 12-digit
 * community code stays a code and keeps its leading zeros), numbers are numbers, the header row is
 * bold and frozen with an autofilter, and column widths count a Chinese character as two. Texts are
 * shared strings (each distinct text once), deflated at level 1.
 *
 * Written here as SpreadsheetML on fflate rather than with write-excel-file 4.1.1 (by the author of
 * our read-excel-file): that package zips with the clock's time, so two runs gave two different
 * files (measured: sha256 differed for the same sheet), and it has no option to fix the entry dates.
 * SheetJS (xlsx 0.18.5) is not used: its npm releases carry open CVEs. Here every zip entry has the
 * same fixed date and order, so reruns are byte-identical.
 */
import type { Worker } from 'node:worker_threads';
import { workerFor } from './worker-ahead.js';
import { strToU8, zipSync } from 'fflate';
import { AsciiWriter } from '../io/ascii-writer.js';
import { ATTRIBUTION } from '../io/geojson.js';
import type { Lang } from '../profiles/types.js';
import { VERSION } from '../util/version.js';
import { type Dataset, type Field, header, humanValue, type Value } from './schema.js';

// C0 controls other than tab/newline/return, and U+FFFE/U+FFFF (built from a string: the linter forbids them in a literal)
const NOT_XML = new RegExp('[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]', 'g');
const xml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // characters XML 1.0 cannot hold at all
    .replace(NOT_XML, '');

/** column letters: 0 -> A, 26 -> AA */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** display width in Excel's character units: East Asian wide characters count two */
export function textWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    w++;
    if (c < 0x1100) continue;
    // a surrogate pair is one character of width one (no wide range lies outside the BMP)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      continue;
    }
    if (
      c <= 0x115f ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
    )
      w++;
  }
  return w;
}

// cell styles (styles.xml cellXfs): 0 default, 1 header, 2 text ("@"), 3 integer ("0"), 4 decimal (General)
const S_HEADER = 1;
const S_TEXT = 2;
const S_INT = 3;
const S_REAL = 4;

export interface Sheet {
  name: string;
  header: string[];
  /** per column: 'text' or 'number' */
  kinds: ('text' | 'int' | 'real')[];
  /** values as people read them; with `human`, as the dataset holds them, made so as they are written */
  rows: Value[][];
  /** per column, what schema.ts humanValue makes of a dataset's value for people, in `lang` */
  human?: { fields: Pick<Field<never>, 'type' | 'labels'>[]; lang: Lang };
}

/**
 * A dataset's table as a sheet: its own rows, made people's values (labels, yes/no) cell by cell
 * on the workbook's worker; a copy of every table's rows made here was garbage the command thread
 * allocated and collected, and no cheaper to clone (BENCHMARKS.md, issue 11).
 */
export function sheetFromDataset(d: Dataset, lang: Lang): Sheet {
  return {
    name: header(d, lang),
    header: d.fields.map((f) => header(f, lang)),
    kinds: d.fields.map((f) => (f.type === 'integer' ? 'int' : f.type === 'real' ? 'real' : 'text')),
    rows: d.rows,
    human: { fields: d.fields.map((f) => ({ type: f.type, labels: f.labels })), lang },
  };
}

/**
 * The workbook's shared strings (xl/sharedStrings.xml): each distinct text once, cells refer to
 * it by index. Category names, verdicts and labels repeat on every row, so the sheets' XML is a
 * fraction of the inline strings' and the deflate after it costs that much less. Each text's
 * display width is counted once, when it is first seen (the column widths read it per cell).
 */
class SharedStrings {
  private readonly index = new Map<string, number>();
  readonly list: string[] = [];
  readonly widths: number[] = [];
  count = 0;
  ref(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
      this.widths.push(textWidth(s));
    }
    return i;
  }
  xml(): string {
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">` +
      this.list.map((s) => `<si><t xml:space="preserve">${xml(s)}</t></si>`).join('') +
      '</sst>'
    );
  }
}

/**
 * A sheet's rows as XML bytes, straight into one buffer: every byte of it is ASCII (texts are
 * shared strings, referred to by number), so nothing is built as a string per cell or row; its
 * column widths are gathered in the same pass. Written as strings and joined, the sheets' XML was
 * two thirds of the workbook's time and most of its garbage (BENCHMARKS.md, issue 11).
 *   <row r="2"><c r="A2" s="2" t="s"><v>7</v></c><c r="B2" s="3"><v>1500</v></c>…</row>
 */
function sheetRows(s: Sheet, sst: SharedStrings, widths: number[]): Uint8Array {
  const w = new AsciiWriter(48 * (s.rows.length + 1) * Math.max(1, s.header.length));
  w.str('<row r="1">');
  s.header.forEach((h, i) => {
    w.str(`<c r="${columnName(i)}1" s="${S_HEADER}" t="s"><v>`);
    w.uint(sst.ref(h));
    w.str('</v></c>');
  });
  w.str('</row>');
  // per column: `<c r="AB` and what follows the row number in a number cell of its kind
  const open: string[] = [];
  const numberTail: string[] = [];
  const textTail = `" s="${S_TEXT}" t="s"><v>`;
  const nc = s.header.length;
  const { human } = s;
  for (let k = 0; k < s.rows.length; k++) {
    const r = s.rows[k];
    const n = `${k + 2}`;
    w.str('<row r="');
    w.str(n);
    w.str('">');
    for (let i = 0; i < r.length; i++) {
      const v = human ? humanValue(human.fields[i], r[i], human.lang) : r[i];
      if (v === null || v === '') continue;
      if (open[i] === undefined) {
        open[i] = `<c r="${columnName(i)}`;
        numberTail[i] = `" s="${s.kinds[i] === 'int' ? S_INT : S_REAL}"><v>`;
      }
      w.str(open[i]);
      w.str(n);
      let width: number;
      if (typeof v === 'number' && s.kinds[i] !== 'text' && Number.isFinite(v)) {
        w.str(numberTail[i]);
        const at = w.length;
        w.num(v);
        width = w.length - at;
      } else {
        w.str(textTail);
        const j = sst.ref(String(v));
        w.uint(j);
        width = sst.widths[j];
      }
      w.str('</v></c>');
      if (i < nc && width > widths[i]) widths[i] = width;
    }
    w.str('</row>');
  }
  return w.bytes();
}

function sheetXml(s: Sheet, sst: SharedStrings): Uint8Array {
  const widths = s.header.map(textWidth);
  const rows = sheetRows(s, sst, widths);
  const last = `${columnName(Math.max(0, s.header.length - 1))}${s.rows.length + 1}`;
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0">' +
    (s.rows.length
      ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
      : '') +
    '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${widths
      .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(60, Math.max(6, w + 2))}" customWidth="1"/>`)
      .join('')}</cols>` +
    '<sheetData>';
  const tail =
    '</sheetData>' +
    (s.rows.length && s.header.length ? `<autoFilter ref="A1:${last}"/>` : '') +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
  const out = new AsciiWriter(head.length + rows.length + tail.length);
  out.str(head);
  out.raw(rows);
  out.str(tail);
  return out.bytes();
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>' +
  '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Excel's rules for sheet names: at most 31 characters, none of []:*?/\, unique */
function sheetNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    const base = n.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
    let name = base;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base.slice(0, 28)}(${k})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** fixed zip entry date (local-time fields, so the bytes do not depend on the time zone either) */
const ZIP_DATE = new Date(1980, 0, 1, 0, 0, 0);

/** the workbook's parts (path → bytes), before zipping */
function xlsxParts(sheets: Sheet[], lang: Lang): Record<string, Uint8Array> {
  const about: Sheet = {
    name: lang === 'zh' ? '说明' : 'about',
    header: [lang === 'zh' ? '说明' : 'about'],
    kinds: ['text'],
    rows: [[`lifecircle ${VERSION}`], [ATTRIBUTION], ['https://www.openstreetmap.org/copyright']],
  };
  const all = [...sheets, about];
  const names = sheetNames(all.map((s) => s.name));
  const files: Record<string, Uint8Array> = {};
  const put = (path: string, text: string | Uint8Array) => {
    files[path] = typeof text === 'string' ? strToU8(text) : text;
  };
  put(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      all
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      '</Types>',
  );
  put(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      '</Relationships>',
  );
  put(
    'docProps/core.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties ' +
      'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      `<dc:creator>lifecircle ${VERSION}</dc:creator><dc:rights>${xml(ATTRIBUTION)}</dc:rights></cp:coreProperties>`,
  );
  put(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets>' +
      names.map((n, i) => `<sheet name="${xml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets><definedNames>' +
      all
        .map((s, i) =>
          s.rows.length && s.header.length
            ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xml(names[i].replaceAll("'", "''"))}'!$A$1:` +
              `$${columnName(s.header.length - 1)}$${s.rows.length + 1}</definedName>`
            : '',
        )
        .join('') +
      '</definedNames></workbook>',
  );
  put(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      all
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sh` +
            `eet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${all.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${all.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" ` +
      'Target="sharedStrings.xml"/>' +
      '</Relationships>',
  );
  put('xl/styles.xml', STYLES);
  const sst = new SharedStrings();
  for (const [i, s] of all.entries()) put(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s, sst));
  put('xl/sharedStrings.xml', sst.xml());
  return files;
}

// deflate level 1: ~half the CPU of level 6 on the sheets' XML for a somewhat larger file
// (BENCHMARKS.md, issue 11); the bytes are still the same on every run
const ZIP = { level: 1, mtime: ZIP_DATE } as const;

export function xlsxBytes(sheets: Sheet[], lang: Lang): Uint8Array {
  return zipSync(xlsxParts(sheets, lang), ZIP);
}

/** the workbook's worker (beside this file, as in the bundle: scripts/bundle.mjs) */
export const XLSX_WORKER = new URL('./xlsx-worker.js', import.meta.url);

/**
 * The same bytes, made on a worker thread (xlsx-worker.ts: the sheets' XML and its deflate) while
 * the caller goes on with the other formats: the sheets are plain rows of values, cloned for the
 * worker in a few tens of ms; the XML and the deflate were ~1 s of the main thread's output stage
 * (BENCHMARKS.md, issue 11). Where no worker can start, made here.
 */
export function xlsxBytesAsync(sheets: Sheet[], lang: Lang): Promise<Uint8Array> {
  let w: Worker;
  try {
    w = workerFor(XLSX_WORKER, { sheets, lang }, []);
  } catch {
    return Promise.resolve(xlsxBytes(sheets, lang));
  }
  return new Promise((resolve, reject) => {
    w.once('message', (out: Uint8Array) => resolve(out));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the workbook's worker stopped (exit ${code})`)));
  });
}
