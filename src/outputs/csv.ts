/**
 * CSV as GDAL, QGIS and Excel read it: pure data (a header and one line per row, nothing else —
 * the attribution is in README.txt/LICENSE.txt beside it), UTF-8 with a byte-order mark (Excel
 * shows Chinese), CRLF, text always quoted, and a `.csvt` beside it naming each column's type so
 * GDAL/QGIS keep ids as text and numbers as numbers. A point table's lon/lat are typed
 * CoordX/CoordY and a `.prj` says WGS-84, so QGIS opens it as points.
 */
import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../profiles/types.js';
import { header, humanValue, type Dataset, type Field } from './schema.js';

export const WGS84_PRJ =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';

export function csvText(d: Dataset, lang: Lang): string {
  const rows = d.rows.map((r) => r.map((v, i) => humanValue(d.fields[i], v, lang)));
  return `\uFEFF${stringify([d.fields.map((f) => header(f, lang)), ...rows], { record_delimiter: 'windows', quoted_string: true, quoted_empty: false })}`;
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
export function csvFiles(d: Dataset, lang: Lang): { name: string; data: string }[] {
  const files = [
    { name: `${d.name}.csv`, data: csvText(d, lang) },
    { name: `${d.name}.csvt`, data: csvtText(d) },
  ];
  if (d.csvPoint) files.push({ name: `${d.name}.prj`, data: WGS84_PRJ });
  return files;
}
