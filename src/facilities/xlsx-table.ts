/**
 * The rows of one sheet of an .xlsx workbook (the first unless named), as text cells numbered by
 * sheet row. read-excel-file keeps empty rows in place (only trailing ones are dropped), so the
 * array index + 1 is the row number Excel shows.
 */
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { InputError } from '../util/errors.js';
import { ArrayRecords, type Records } from './records.js';

type Cell = string | number | boolean | Date | null | undefined | object;

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  return String(c);
}

export async function readXlsxRecords(buf: Buffer, path: string, sheet?: string): Promise<Records> {
  let data: Cell[][];
  try {
    data = (sheet === undefined ? await readSheet(buf) : await readSheet(buf, sheet)) as Cell[][];
  } catch (e) {
    const err = e as Error;
    if (err.name === 'SheetNotFoundError') {
      const names = (await readXlsxFile(buf)).map((s) => s.sheet);
      throw new InputError(`${path}: there is no sheet "${sheet}"; the sheets are: ${names.join(', ')}`);
    }
    throw new InputError(
      `${path}: not a readable .xlsx workbook (${err.message}); open it in Excel or WPS and save it again as .xlsx, or as CSV UTF-8`,
    );
  }
  return new ArrayRecords(data.map((cells, i) => ({ row: i + 1, cells: cells.map(cellText) })));
}
