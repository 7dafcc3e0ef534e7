/** run.json: what went in (with SHA-256), the parameters, counts, every warning, and which files came out. */
import { ATTRIBUTION } from '../io/geojson.js';
import { VERSION } from '../util/version.js';
import type { Datasets } from './datasets.js';
import type { OutputInput } from './input.js';
import { plannedRecord } from './tables/planned.js';

export function runRecordJson(inp: OutputInput, ds: Datasets, outputs: string[]): string {
  const { profile, result: res, facilities, run } = inp;
  const counts = {
    communities: res.communities.length,
    communities_without_network: res.communities.filter((c) => c.status !== 'ok').length,
    categories: profile.categories.length,
    facilities: facilities.length,
    facilities_not_on_network: res.unsnappedFacilities.length,
    failing_pairs: res.communities.reduce((s, c) => s + c.categories.filter((o) => o.pass === false).length, 0),
    gaps: ds.gaps.rows.length,
    routes: ds.routes.rows.length,
    data_quality_flags: ds.flags.rows.length,
    ...run.extraCounts,
  };
  const record = {
    tool: 'lifecircle',
    version: VERSION,
    attribution: ATTRIBUTION,
    profile: {
      id: profile.id,
      file: profile.file,
      builtin: profile.builtin,
      categories: profile.categories.map((c) => ({
        id: c.id,
        threshold_m: c.threshold_m,
        required: c.required,
        ...(c.original_threshold_m !== undefined ? { original_threshold_m: c.original_threshold_m } : {}),
      })),
    },
    inputs: run.inputs,
    parameters: run.parameters,
    counts,
    facilities_not_on_network: res.unsnappedFacilities.map((u) => ({
      category: u.facility.category,
      source: u.facility.source,
      source_id: u.facility.sourceId,
      name: u.facility.name,
      reason: u.reason,
    })),
    communities_without_network: res.communities
      .filter((c) => c.status !== 'ok')
      .map((c) => ({ id: c.community.id, name: c.community.name, reason: c.reason?.en })),
    ...(inp.suggest ? { suggest: inp.suggest.record } : {}),
    ...(inp.planned ? { planned: plannedRecord(inp.planned, res.communities) } : {}),
    warnings: run.warnings,
    outputs,
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}
