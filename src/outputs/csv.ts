/**
 * CSV as GDAL, QGIS and Excel read it: pure data (a header and one line per row, nothing else —
 * the attribution is in README.txt/LICENSE.txt beside it), UTF-8 with a byte-order mark (Excel
 * shows Chinese), CRLF, text always quoted, and a `.csvt` beside it naming each column's type so
 * GDAL/QGIS keep ids as text and numbers as numbers. A point table's lon/lat are typed
 * CoordX/CoordY and a `.prj` says WGS-84, so QGIS opens it as points.
 */
import { AsciiWriter } from '../io/ascii-writer.js';
import { type ChunkSource, collectChunks } from '../io/chunks.js';
import type { Lang } from '../profiles/types.js';
import { header, humanValue, type Dataset, type Field, type Value } from './schema.js';

export const WGS84_PRJ =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';

/** bytes of rows gathered before they are handed on (written to the file) */
const CHUNK_BYTES = 1 << 20;

/**
 * One cell as csv-stringify wrote it with { quoted_string: true, quoted_empty: false } (the
 * writer before; test/outputs/csv.test.ts compares the two on random tables): a non-empty string
 * in quotes with its quotes doubled, an empty one and null as nothing, numbers bare, booleans 1 or
 * nothing. Written as bytes by hand: csv-stringify built its options object anew for every cell
 * (a third of the time of writing 800,000 facilities), and strings joined per line then encoded
 * cost twice the bytes' writing.
 */
function cell(w: AsciiWriter, v: Value): void {
  if (typeof v === 'string') {
    if (v === '') return;
    w.byte(34);
    let ascii = true;
    for (let i = 0; ascii && i < v.length; i++) {
      const c = v.charCodeAt(i);
      ascii = c < 0x80 && c !== 34;
    }
    if (ascii) w.str(v);
    else w.utf8(v.includes('"') ? v.replaceAll('"', '""') : v);
    w.byte(34);
  } else if (typeof v === 'number') w.num(v);
  else if (v === true) w.byte(49);
}

/** the CSV file written chunk by chunk (about a megabyte at a time): BOM, header, one CRLF-ended line per row */
export const csvChunks =
  (d: Dataset, lang: Lang): ChunkSource =>
  (emit) => {
    const w = new AsciiWriter(CHUNK_BYTES + (1 << 16));
    w.utf8('\uFEFF');
    const { fields } = d;
    const n = fields.length;
    fields.forEach((f, i) => {
      if (i) w.byte(44);
      cell(w, header(f, lang));
    });
    w.str('\r\n');
    for (const r of d.rows) {
      for (let i = 0; i < n; i++) {
        if (i) w.byte(44);
        cell(w, humanValue(fields[i], r[i], lang));
      }
      w.str('\r\n');
      if (w.length >= CHUNK_BYTES) emit(w.take());
    }
    emit(w.take());
  };

export function csvText(d: Dataset, lang: Lang): string {
  return collectChunks(csvChunks(d, lang)).toString('utf8');
}

function csvType(f: Omit<Field<never>, 'get'>, d: Dataset): string {
  if (d.csvPoint?.lon === f.key) return 'CoordX';
  if (d.csvPoint?.lat === f.key) return 'CoordY';
  return f.type === 'integer' ? 'Integer' : f.type === 'real' ? 'Real' : 'String';
}

/** GDAL's .csvt: one line of quoted column types */
export function csvtText(d: Dataset): string {
  return `${d.fields.map((f) => `"${csvType(f, d)}"`).join(',')}\r\n`;
}

/** the files of one table: name.csv, name.csvt and, for point tables, name.prj */
export function csvFiles(d: Dataset, lang: Lang): { name: string; data: string | ChunkSource }[] {
  const files: { name: string; data: string | ChunkSource }[] = [
    { name: `${d.name}.csv`, data: csvChunks(d, lang) },
    { name: `${d.name}.csvt`, data: csvtText(d) },
  ];
  if (d.csvPoint) files.push({ name: `${d.name}.prj`, data: WGS84_PRJ });
  return files;
}
