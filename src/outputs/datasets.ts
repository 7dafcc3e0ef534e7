/** The run's tables and layers, each evaluated once; every writer reads these. */
import { categoriesTable, categoryRows } from './tables/categories.js';
import { coverageRows, coverageTable } from './tables/coverage.js';
import { communitiesTable } from './tables/communities.js';
import { edgeLinesNear, networkLinesTable } from './tables/network.js';
import { PolygonIndex } from '../geo/polygon-index.js';
import { facilitiesTable, facilityRows } from './tables/facilities.js';
import { flagRows, flagsTable, type FlagRow } from './tables/flags.js';
import { gapRows, gapsTable } from './tables/gaps.js';
import { isochroneRows, isochronesTable } from './tables/isochrones.js';
import { originRows, originsTable } from './tables/origins.js';
import { residentRows, residentsTable } from './tables/residents.js';
import { routeRows, routesTable } from './tables/routes.js';
import { plannedRows, plannedTable } from './tables/planned.js';
import { suggestionRows, suggestionsTable } from './tables/suggestions.js';
import type { OutputInput } from './input.js';
import { materialize, type Dataset } from './schema.js';

export interface Datasets {
  communities: Dataset;
  coverage: Dataset;
  categories: Dataset;
  gaps: Dataset;
  isochrones: Dataset;
  facilities: Dataset;
  routes: Dataset;
  residents: Dataset;
  origins: Dataset;
  network: Dataset;
  flags: Dataset;
  /** only when the run sited new facilities (`suggest`) */
  suggestions: Dataset | null;
  /** only when the run has planned facilities */
  planned: Dataset | null;
  flagRows: FlagRow[];
}

/**
 * The datasets, each materialized when first read and then kept: a run writes only the formats
 * it asked for, and the layers only results.gpkg shows (network, residents, origins) are ~40 % of
 * the rows at city scale and were materialized for a run of CSVs alone.
 */
export function buildDatasets(inp: OutputInput): Datasets {
  const { profile, result: res, lang } = inp;
  const off = new Set(res.unsnappedFacilities.map((u) => u.facility.key));
  const counts = new Map<string, number>();
  for (const f of inp.facilities) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  const flags = flagRows(res, profile, counts, inp.run.warnings);
  return lazily<Datasets>({
    communities: () => materialize(communitiesTable(profile), res.communities, lang),
    categories: () => materialize(categoriesTable, categoryRows(res, profile, inp.facilities), lang),
    coverage: () => materialize(coverageTable(profile), coverageRows(res.communities), lang),
    gaps: () => materialize(gapsTable(profile), gapRows(res.communities), lang),
    isochrones: () => materialize(isochronesTable(inp.bands), isochroneRows(res.communities, inp.bands), lang),
    facilities: () => materialize(facilitiesTable(profile), facilityRows(inp.facilities, profile, off), lang),
    routes: () => materialize(routesTable(profile), routeRows(res.communities), lang),
    residents: () => materialize(residentsTable, residentRows(res.communities), lang),
    origins: () => materialize(originsTable, originRows(res.communities), lang),
    network: () => materialize(networkLinesTable, networkLines(inp), lang),
    flags: () => materialize(flagsTable, flags, lang),
    suggestions: () =>
      inp.suggest ? materialize(suggestionsTable, suggestionRows(inp.suggest.result, res.communities), lang) : null,
    planned: () => (inp.planned ? materialize(plannedTable, plannedRows(inp.planned, res.communities), lang) : null),
    flagRows: () => flags,
  });
}

/** an object whose members are made by `make` when first read, then kept */
function lazily<T extends object>(make: { [K in keyof T]: () => T[K] }): T {
  const o = {} as T;
  for (const k of Object.keys(make) as (keyof T)[])
    Object.defineProperty(o, k, {
      enumerable: true,
      configurable: true,
      get() {
        const v = make[k]();
        Object.defineProperty(o, k, { value: v, enumerable: true });
        return v;
      },
    });
  return o;
}

/**
 * the network layer: the part within the largest category distance or isochrone band of the
 * communities, a way's consecutive edges as one line (tables/network.ts)
 */
function networkLines(inp: OutputInput) {
  const margin = Math.max(0, ...inp.profile.categories.map((c) => c.threshold_m), ...inp.bands.map((b) => b.metres));
  const boxes = inp.result.communities.map((c) => new PolygonIndex(c.community.geometry).lonLatBbox);
  return edgeLinesNear(inp.net, boxes, margin);
}
