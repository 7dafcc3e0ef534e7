/**
 * CSV output for Excel: UTF-8 with a byte-order mark (so Excel shows Chinese correctly), CRLF line
 * ends, RFC 4180 quoting (csv-stringify), and the OpenStreetMap attribution as the last line.
 */
import { stringify } from 'csv-stringify/sync';
import { ATTRIBUTION } from './geojson.js';

export function csvText(
  header: string[],
  rows: (string | number | boolean | null | undefined)[][],
  attribution = true,
): string {
  const body = stringify(
    [
      header,
      ...rows.map((r) =>
        r.map((v) => (v === null || v === undefined ? '' : typeof v === 'number' && !Number.isFinite(v) ? '' : v)),
      ),
    ],
    { record_delimiter: 'windows' },
  );
  return `\uFEFF${body}${attribution ? `${stringify([[`# ${ATTRIBUTION}`]], { record_delimiter: 'windows' })}` : ''}`;
}
