/**
 * CSV as GDAL, QGIS and Excel read it: pure data (a header and one line per row, nothing else —
 * the attribution is in README.txt/LICENSE.txt beside it), UTF-8 with a byte-order mark (Excel
 * shows Chinese), CRLF, text always quoted, and a `.csvt` beside it naming each column's type so
 * GDAL/QGIS keep ids as text and numbers as numbers. A point table's lon/lat are typed
 * CoordX/CoordY and a `.prj` says WGS-84, so QGIS opens it as points.
 */
import { type ChunkSource, Chunks, collectChunks } from '../io/chunks.js';
import type { Lang } from '../profiles/types.js';
import { header, humanValue, type Dataset, type Field, type Value } from './schema.js';

export const WGS84_PRJ =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';

/**
 * One cell as csv-stringify wrote it with { quoted_string: true, quoted_empty: false } (the
 * writer before; test/outputs/csv.test.ts compares the two on random tables): a non-empty string
 * in quotes with its quotes doubled, an empty one and null as nothing, numbers bare, booleans 1 or
 * nothing. Written by hand because csv-stringify builds its options object anew for every cell:
 * a third of the time of writing 800,000 facilities.
 */
function cell(v: Value): string {
  if (typeof v === 'string') return v === '' ? '' : `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
  if (typeof v === 'number') return `${v}`;
  if (typeof v === 'boolean') return v ? '1' : '';
  return '';
}

/** the CSV file written chunk by chunk: BOM, header, one CRLF-ended line per row */
export const csvChunks =
  (d: Dataset, lang: Lang): ChunkSource =>
  (emit) => {
    const out = new Chunks(emit);
    out.text(`\uFEFF${d.fields.map((f) => cell(header(f, lang))).join(',')}\r\n`);
    const n = d.fields.length;
    for (const r of d.rows) {
      let line = '';
      for (let i = 0; i < n; i++) line += (i ? ',' : '') + cell(humanValue(d.fields[i], r[i], lang));
      out.text(`${line}\r\n`);
    }
    out.flush();
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
