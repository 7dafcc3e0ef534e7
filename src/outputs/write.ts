/**
 * The output stage: the run's tables and layers are evaluated once (datasets.ts), then each
 * selected format writes its files from them; all files are staged and renamed into the output
 * folder together (io/atomic.ts), so a failed run leaves the previous results as they were.
 */
import { join } from 'node:path';
import { type FileData, OutputSet } from '../io/atomic.js';
import { withSmallInlining } from '../util/compile-budget.js';
import { mark } from '../util/timing.js';
import { csvFiles } from './csv.js';
import { buildDatasets, type Datasets } from './datasets.js';
import type { Dataset } from './schema.js';
import { DEFAULT_OUTPUTS, OUTPUT_FORMATS, type OutputFormat } from './formats.js';
import { geojsonChunks } from './geojson.js';
import { resultsGpkg } from './gpkg/results-gpkg.js';
import type { OutputInput } from './input.js';
import { licenseText, readmeText } from './notices.js';
import { findBrowser, NO_BROWSER_NOTE, printPdf } from './pdf.js';
import { reportHtml } from './report/html.js';
import { runRecordJson } from './run-record.js';
import { sheetFromDataset, xlsxBytesAsync } from './xlsx.js';
import { listTemplateCsv } from '../facilities/template.js';

/** the list template written beside the outputs for the categories with no data */
export const NO_DATA_TEMPLATE = 'no_data_template.csv';

/** below this many network edges (a city: ~300,000) the outputs are written with less inlining (util/compile-budget.ts) */
const SMALL_INLINING_EDGES = 1_000_000;

export { DEFAULT_OUTPUTS, OUTPUT_FORMATS, type OutputFormat };

interface OutFile {
  name: string;
  /** a promise for what is made on a worker thread meanwhile (the workbook's zip) */
  data?: FileData | Promise<FileData>;
  /** a file the output set stages as a worker writes it (the GeoPackage) */
  staging?: Promise<void>;
}

/** which tables become CSVs (and XLSX sheets), and which layers GeoJSON files */
type Key = Exclude<keyof Datasets, 'flagRows'>;
const TABLES: Key[] = [
  'communities',
  'coverage',
  'categories',
  'gaps',
  'facilities',
  'flags',
  'suggestions',
  'planned',
];
const GEOJSON_LAYERS: Key[] = ['communities', 'isochrones', 'gaps', 'facilities', 'routes', 'suggestions'];

/** the tables present in this run (suggestions only when the run sited facilities) */
const tables = (ds: Datasets): Dataset[] => TABLES.flatMap((t) => (ds[t] ? [ds[t]] : []));

export interface WriteOptions {
  formats?: readonly OutputFormat[];
  /** the browser for the PDF (else looked up) */
  browser?: string | null;
  /** a note for the user (the PDF could not be made); the rest is written regardless */
  note?: (msg: string) => void;
}

async function formatFiles(
  fmt: OutputFormat,
  ds: Datasets,
  inp: OutputInput,
  o: WriteOptions,
  html: () => Uint8Array[],
  out: OutputSet,
): Promise<OutFile[]> {
  switch (fmt) {
    case 'csv':
      return tables(ds).flatMap((d) => csvFiles(d, inp.lang));
    case 'xlsx': {
      const data = xlsxBytesAsync(
        tables(ds).map((d) => sheetFromDataset(d, inp.lang)),
        inp.lang,
      );
      // awaited before the files are staged; a failure elsewhere first must not leave it unhandled
      data.catch(() => {});
      return [{ name: 'results.xlsx', data }];
    }
    case 'report':
      return [{ name: 'report.html', data: html() }];
    case 'gpkg': {
      // SQLite inserts and writes the file on a worker while the report is written; awaited before the commit
      const staging = out.stageFd(join(out.dir!, 'results.gpkg'), (fd) => resultsGpkg(ds, inp, fd));
      staging.catch(() => {});
      return [{ name: 'results.gpkg', staging }];
    }
    case 'geojson':
      return GEOJSON_LAYERS.flatMap((t) => {
        const d = ds[t];
        return d ? [{ name: `${d.name}.geojson`, data: geojsonChunks(d) }] : [];
      });
    case 'pdf': {
      const browser = findBrowser(o.browser);
      if (!browser) {
        o.note?.(
          o.browser ? `report.pdf not written: --browser ${o.browser} is not an executable file` : NO_BROWSER_NOTE,
        );
        return [];
      }
      try {
        return [{ name: 'report.pdf', data: await printPdf(browser, html()) }];
      } catch (e) {
        o.note?.(`report.pdf not written: ${(e as Error).message}`);
        return [];
      }
    }
  }
}

/** every selected format's files for the run, staged and renamed into `dir` together */
export function writeOutputs(dir: string, inp: OutputInput, o: WriteOptions = {}): Promise<string[]> {
  // a city's outputs: each writer runs briefly; a province's run long enough to pay for inlining
  return withSmallInlining(inp.net.edgeCount < SMALL_INLINING_EDGES, () => writeAll(dir, inp, o));
}

async function writeAll(dir: string, inp: OutputInput, o: WriteOptions): Promise<string[]> {
  const formats = o.formats ?? DEFAULT_OUTPUTS;
  const ds = buildDatasets(inp);
  mark('outputs: tables');
  let htmlText: Uint8Array[] | null = null;
  const html = () => (htmlText ??= reportHtml(ds, inp));
  const files: OutFile[] = [];
  // the GeoPackage is staged from the start (a worker writes it); any failure removes what is staged
  const out = new OutputSet(dir);
  try {
    for (const f of OUTPUT_FORMATS)
      if (formats.includes(f)) {
        files.push(...(await formatFiles(f, ds, inp, o, html, out)));
        mark(`outputs: ${f}`);
      }
    // categories with no facility anywhere: a list template to supply them (lifecircle template)
    const noData = inp.profile.categories.filter((c) => !inp.facilities.some((f) => f.category === c.id));
    if (noData.length) files.push({ name: NO_DATA_TEMPLATE, data: listTemplateCsv(noData, inp.lang) });
    const names = [...files.map((f) => f.name), 'run.json', 'README.txt', 'LICENSE.txt'];
    files.push({ name: 'run.json', data: runRecordJson(inp, ds, names) });
    files.push({ name: 'README.txt', data: readmeText(names, inp.lang) });
    files.push({ name: 'LICENSE.txt', data: licenseText() });
    // the files at hand are staged while the workers finish (the GeoJSONs are formatted as they are written)
    const pending = files.filter((f) => f.data instanceof Promise || f.staging);
    for (const f of files) if (!pending.includes(f)) out.stage(join(dir, f.name), f.data as FileData);
    if (pending.length) {
      mark('outputs: staged the files at hand');
      for (const f of pending) {
        if (f.staging) await f.staging;
        else out.stage(join(dir, f.name), await f.data!);
      }
      mark('outputs: waited for the workers (xlsx zip, gpkg)');
    }
  } catch (e) {
    out.abort();
    throw e;
  }
  // listed in the files' order, as before the workers
  const rank = new Map(files.map((f, i) => [join(dir, f.name), i]));
  return out.commit().sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
}
