/** The output formats a run can write, and the default selection (job key `outputs`, option `--outputs`). */
export const OUTPUT_FORMATS = ['csv', 'xlsx', 'gpkg', 'report', 'geojson', 'pdf'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** everything but the PDF, which needs a browser (`--pdf` adds it) */
export const DEFAULT_OUTPUTS: readonly OutputFormat[] = ['csv', 'xlsx', 'gpkg', 'report', 'geojson'];

/** "csv,xlsx" or ['csv', 'xlsx'] -> formats; null with the offending value when one is unknown */
export function parseOutputs(v: unknown): { formats: OutputFormat[] } | { bad: string } {
  const items = (Array.isArray(v) ? v.map(String) : String(v).split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const out: OutputFormat[] = [];
  for (const s of items) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(s)) return { bad: s };
    if (!out.includes(s as OutputFormat)) out.push(s as OutputFormat);
  }
  if (!out.length) return { bad: '' };
  return { formats: out };
}

/**
 * whether any of these outputs draws the communities' isochrones (the GeoPackage's layer, the
 * GeoJSON file, the report's maps and the PDF printed from it): a run writing none of them (CSV,
 * workbook) does not compute them — a worker's ~1 s of CPU on the city case
 */
export function drawsIsochrones(formats: readonly OutputFormat[]): boolean {
  return formats.some((f) => f === 'gpkg' || f === 'geojson' || f === 'report' || f === 'pdf');
}
