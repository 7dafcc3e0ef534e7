/**
 * The output stage: the run's tables and layers are evaluated once (datasets.ts), then each
 * selected format writes its files from them; all files are staged and renamed into the output
 * folder together (io/atomic.ts), so a failed run leaves the previous results as they were.
 */
import { join } from 'node:path';
import { OutputSet } from '../io/atomic.js';
import { csvFiles } from './csv.js';
import { buildDatasets, type Datasets } from './datasets.js';
import { geojsonBytes } from './geojson.js';
import { resultsGpkg } from './gpkg/results-gpkg.js';
import type { OutputInput } from './input.js';
import { licenseText, readmeText } from './notices.js';
import { runRecordJson } from './run-record.js';

export type OutputFormat = 'csv' | 'gpkg' | 'geojson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['csv', 'gpkg', 'geojson'];
export const DEFAULT_OUTPUTS: readonly OutputFormat[] = ['csv', 'gpkg', 'geojson'];

interface OutFile {
  name: string;
  data: string | Uint8Array;
}

/** which tables become CSVs (and XLSX sheets), and which layers GeoJSON files */
type Key = Exclude<keyof Datasets, 'flagRows'>;
const TABLES: Key[] = ['communities', 'coverage', 'gaps', 'facilities', 'flags', 'suggestions', 'planned'];
const GEOJSON_LAYERS: Key[] = ['communities', 'isochrones', 'gaps', 'facilities', 'routes', 'suggestions'];

async function formatFiles(fmt: OutputFormat, ds: Datasets, inp: OutputInput): Promise<OutFile[]> {
  switch (fmt) {
    case 'csv':
      return TABLES.flatMap((t) => (ds[t] ? csvFiles(ds[t], inp.lang) : []));
    case 'gpkg':
      return [{ name: 'results.gpkg', data: await resultsGpkg(ds, inp) }];
    case 'geojson':
      return GEOJSON_LAYERS.flatMap((t) => {
        const d = ds[t];
        return d ? [{ name: `${d.name}.geojson`, data: geojsonBytes(d) }] : [];
      });
  }
}

export async function writeOutputs(
  dir: string,
  inp: OutputInput,
  formats: readonly OutputFormat[] = DEFAULT_OUTPUTS,
): Promise<string[]> {
  const ds = buildDatasets(inp);
  const files: OutFile[] = [];
  for (const f of OUTPUT_FORMATS) if (formats.includes(f)) files.push(...(await formatFiles(f, ds, inp)));
  const names = [...files.map((f) => f.name), 'run.json', 'README.txt', 'LICENSE.txt'];
  files.push({ name: 'run.json', data: runRecordJson(inp, ds, names) });
  files.push({ name: 'README.txt', data: readmeText(names, inp.lang) });
  files.push({ name: 'LICENSE.txt', data: licenseText() });
  const out = new OutputSet(dir);
  for (const f of files) out.stage(join(dir, f.name), f.data);
  return out.commit();
}
