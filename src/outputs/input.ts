/** Everything the output stage reads: the run's results, its inputs' record, and the network for maps. */
import type { CoverageResult } from '../coverage/analysis.js';
import type { Facility } from '../facilities/facility.js';
import type { Band } from '../isochrone/bands.js';
import type { WalkNetwork } from '../network/types.js';
import type { Lang, Profile } from '../profiles/types.js';
import type { PlannedResult } from '../siting/planned.js';
import type { SuggestResult } from '../siting/suggest.js';

export interface RunRecord {
  inputs: Record<string, unknown>;
  parameters: Record<string, unknown>;
  warnings: string[];
  extraCounts?: Record<string, number>;
}

export interface OutputInput {
  profile: Profile;
  result: CoverageResult;
  facilities: Facility[];
  bands: Band[];
  lang: Lang;
  run: RunRecord;
  /** the walking network the run used (network layer, report base map) */
  net: WalkNetwork;
  /** where to build (`suggest:`), when the run sited new facilities; `record` goes into run.json */
  suggest?: { result: SuggestResult; record: Record<string, unknown> };
  /** what a plan changes (`planned:`), when the run has planned facilities */
  planned?: PlannedResult;
}
