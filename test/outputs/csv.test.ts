/** CSVs are pure data with a .csvt: GDAL counts exactly the data rows and types every column. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvChunks, csvFiles, csvText, csvtText } from '../../src/outputs/csv.js';
import { humanValue } from '../../src/outputs/schema.js';
import { collectChunks } from '../../src/io/chunks.js';
import { materialize, type DatasetSpec } from '../../src/outputs/schema.js';
import { cli, hasTool, tmp } from '../support/env.js';

interface R {
  id: string;
  name: string;
  n: number | null;
  share: number;
  ok: boolean;
}
const spec: DatasetSpec<R> = {
  name: 't',
  zh: '表',
  en: 'table',
  fields: [
    { key: 'id', zh: '编号', en: 'id', type: 'text', get: (r) => r.id },
    { key: 'name', zh: '名称', en: 'name', type: 'text', get: (r) => r.name },
    { key: 'n', zh: '数量', en: 'n', type: 'integer', get: (r) => r.n },
    { key: 'share', zh: '比例', en: 'share', type: 'real', get: (r) => r.share },
    { key: 'ok', zh: '达标', en: 'ok', type: 'boolean', get: (r) => r.ok },
  ],
};
const rows: R[] = [
  { id: '440307001001', name: '平安, "东"', n: 3, share: 0.25, ok: true },
  { id: '007', name: 'x', n: null, share: Infinity, ok: false },
];

describe('CSV writer', () => {
  it('quotes text (12-digit codes and leading zeros stay codes), leaves numbers bare, no extra rows', () => {
    const text = csvText(materialize(spec, rows, 'zh'), 'zh');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toEqual([
      '"编号","名称","数量","比例","达标"',
      '"440307001001","平安, ""东""",3,0.25,"是"',
      '"007","x",,,"否"',
      '',
    ]);
    expect(parse(text.slice(1), { columns: true })).toHaveLength(2);
    expect(csvtText(materialize(spec, rows, 'en'))).toBe('"String","String","Integer","Real","String"\r\n');
    expect(csvText(materialize(spec, rows, 'en'), 'en').split('\r\n')[0]).toBe('\uFEFF"id","name","n","share","ok"');
  });

  it('writes what csv-stringify wrote (the writer before) on random tables, in chunks that join to it', () => {
    const value = fc.oneof(
      fc.string({
        unit: fc.constantFrom('a', '"', ',', '\r', '\n', ' ', '东', '\uFEFF', "'", '=', '\uD800', '\uDC00'),
      }),
      fc.string(),
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.integer({ min: -2e15, max: 2e15 }).map((k) => k / 1e7),
      fc.boolean(),
      fc.constant(null),
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value, value, value), { maxLength: 30 }), (cells) => {
        const recs = cells.map(([id, name, n, share, ok]) => ({ id, name, n, share, ok }) as unknown as R);
        const d = materialize(spec, recs, 'zh');
        const before = `\uFEFF${stringify(
          [d.fields.map((f) => f.zh), ...d.rows.map((r) => r.map((v, i) => humanValue(d.fields[i], v, 'zh')))],
          { record_delimiter: 'windows', quoted_string: true, quoted_empty: false },
        )}`;
        const got = collectChunks(csvChunks(d, 'zh'));
        // a lone surrogate is U+FFFD in UTF-8, as Buffer.from wrote it before
        expect(got.toString('utf8')).toBe(Buffer.from(before, 'utf8').toString('utf8'));
        expect(got.equals(Buffer.from(before, 'utf8'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a point table gets CoordX/CoordY and a WGS-84 .prj', () => {
    const pts = { ...spec, csvPoint: { lon: 'share', lat: 'n' } };
    const files = csvFiles(materialize(pts, rows, 'en'), 'en');
    expect(files.map((f) => f.name)).toEqual(['t.csv', 't.csvt', 't.prj']);
    expect(files[1].data).toBe('"String","String","CoordY","CoordX","String"\r\n');
  });
});

const HAS_OGR = hasTool('ogrinfo', ['--version']);
if (!HAS_OGR) console.warn('skipping the GDAL CSV checks: ogrinfo (Debian gdal-bin) is not installed');

describe.skipIf(!HAS_OGR)('the sample job CSVs in GDAL', () => {
  let out = '';
  beforeAll(() => {
    const cwd = tmp('lc-csv-');
    const r = cli(['run', '-q'], { cwd });
    expect(r.status, r.stderr).toBe(0);
    out = join(cwd, 'lifecircle-sample-output');
  });

  for (const name of ['communities', 'coverage', 'gaps', 'facilities', 'data_quality'])
    it(`${name}.csv: as many features as data rows, every column typed as its .csvt says`, () => {
      const path = join(out, `${name}.csv`);
      const dataRows = parse(readFileSync(path, 'utf8').slice(1), { columns: true }).length;
      expect(dataRows).toBeGreaterThan(0);
      const r = spawnSync('ogrinfo', ['-ro', '-so', '-al', path], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`Feature Count: ${dataRows}\n`);
      const types = readFileSync(join(out, `${name}.csvt`), 'utf8')
        .trim()
        .split(',')
        .map((t) => t.replaceAll('"', ''));
      const gdal = [...r.stdout.matchAll(/^(.+): (String|Integer|Real) \(/gm)].map((m) => m[2]);
      expect(gdal).toEqual(types.map((t) => (t === 'CoordX' || t === 'CoordY' ? 'Real' : t)));
      if (name !== 'data_quality') expect(gdal.filter((t) => t !== 'String').length).toBeGreaterThan(0);
      if (name === 'facilities') {
        expect(r.stdout).toMatch(/Geometry: Point/);
        expect(r.stdout).toMatch(/GEOGCRS\["WGS 84"/);
      } else expect(r.stdout).toMatch(/Geometry: None/);
    });
});
