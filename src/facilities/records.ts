/**
 * The records of a table (CSV or sheet) as the reader walks them: how many, the line (CSV) or sheet
 * row where each starts, and its cells by number. A CSV split by csv-split.ts keeps the decoded text
 * once and each cell as two offsets into it (`TextRecords`): a million-row list held a million
 * arrays of seven strings before (half the reader's memory), and most of those cells are never
 * read. Sheets and csv-parse's records are arrays of strings already (`ArrayRecords`).
 */

export interface TableRecord {
  /** CSV: line in the file where the record starts; XLSX: sheet row */
  row: number;
  cells: string[];
}

export interface Records {
  readonly length: number;
  /** CSV: line in the file where record r starts; XLSX: sheet row */
  row(r: number): number;
  /** number of cells of record r */
  size(r: number): number;
  /** cell c of record r, '' past its last cell */
  cell(r: number, c: number): string;
  /** true when every cell of record r is empty or white space */
  blank(r: number): boolean;
}

export class ArrayRecords implements Records {
  constructor(private readonly recs: readonly TableRecord[]) {}
  get length(): number {
    return this.recs.length;
  }
  row(r: number): number {
    return this.recs[r]!.row;
  }
  size(r: number): number {
    return this.recs[r]!.cells.length;
  }
  cell(r: number, c: number): string {
    return this.recs[r]!.cells[c] ?? '';
  }
  blank(r: number): boolean {
    return this.recs[r]!.cells.every((c) => c.trim() === '');
  }
}

/** a growable Int32Array */
export class IntList {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** the values, trimmed to length (a copy: the doubling slack is released) */
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

/**
 * Cells as [start, end) offsets into the text, already trimmed as csv-split.ts trims them; an
 * end stored as ~end marks a quoted value with doubled quotes inside ("" → ").
 */
export class TextRecords implements Records {
  constructor(
    private readonly text: string,
    /** record r's cells are fields first[r] … first[r + 1] - 1 */
    private readonly first: Int32Array,
    private readonly rows: Int32Array,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}
  get length(): number {
    return this.rows.length;
  }
  row(r: number): number {
    return this.rows[r]!;
  }
  size(r: number): number {
    return this.first[r + 1]! - this.first[r]!;
  }
  cell(r: number, c: number): string {
    const f = this.first[r]! + c;
    if (c < 0 || f >= this.first[r + 1]!) return '';
    const e = this.ends[f]!;
    if (e >= 0) return this.text.slice(this.starts[f], e);
    return this.text.slice(this.starts[f], ~e).replaceAll('""', '"');
  }
  blank(r: number): boolean {
    for (let f = this.first[r]!; f < this.first[r + 1]!; f++) {
      const s = this.starts[f]!;
      const e = this.ends[f]!;
      // an unquoted value is trimmed already: only a quoted one can hold nothing but spaces
      if (e !== s && (e < 0 || this.text.slice(s, e).trim() !== '')) return false;
    }
    return true;
  }
}

/** the records as arrays (tests and the benchmark compare them with csv-parse's) */
export function recordList(recs: Records): TableRecord[] {
  const out: TableRecord[] = [];
  for (let r = 0; r < recs.length; r++) {
    const cells: string[] = [];
    for (let c = 0; c < recs.size(r); c++) cells.push(recs.cell(r, c));
    out.push({ row: recs.row(r), cells });
  }
  return out;
}
