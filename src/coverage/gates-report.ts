/**
 * What the gates file did, for stderr and run.json: how many gates each community got (from the
 * file and from OSM), which gates lie near no community boundary, and which could not join the
 * network. Nothing is dropped without a count.
 */
import { inputRecord } from '../inputs/read.js';
import type { CoverageResult } from './analysis.js';
import type { Community } from './communities.js';
import { GATE_TOLERANCE_M, type GateAssignment, type GatesFile } from './gates.js';
import type { JobReporter } from './run-job.js';

const FIRST = 5;
const list = (ids: string[]) =>
  ids.slice(0, FIRST).join(', ') + (ids.length > FIRST ? `, … (${ids.length} in all)` : '');

/** the file's gates by community, printed once the communities are known */
export function reportGates(
  file: GatesFile,
  a: GateAssignment,
  communities: Community[],
  rep: JobReporter,
  warn: (m: string) => void,
): void {
  const assigned = file.gates.length - a.unassigned.length;
  const known = new Set(communities.map((c) => c.id));
  const closed = [...a.byCommunity.keys()].filter((id) => known.has(id)).length;
  rep.stageDone(
    'gates',
    `${assigned} of ${file.gates.length} from ${file.path} (${file.input.format}, ${file.input.crs.label}` +
      `${file.input.crsSource === 'default' ? ' assumed' : ''}) on the boundaries of ${closed} ${closed === 1 ? 'community' : 'communities'}, ` +
      'which are left and entered only through their gates',
  );
  if (a.unassigned.length)
    warn(
      `${file.path}: ${a.unassigned.length} of ${file.gates.length} gates lie more than ${GATE_TOLERANCE_M} m from every ` +
        `community boundary and were not used (${list(a.unassigned.map((u) => `${u.gate.id}${u.nearestM === null ? '' : ` ${u.nearestM} m`}`))})`,
    );
}

/** after the analysis: gates that could not join the network, and compounds none of whose gates did */
export function warnUnusedGates(result: CoverageResult, warn: (m: string) => void): void {
  for (const c of result.communities) {
    const g = c.gates;
    if (!g?.unsnapped.length) continue;
    const name = `community ${c.community.id}${c.community.name ? ` (${c.community.name})` : ''}`;
    if (!g.placed.length)
      warn(
        `${name}: none of its ${g.unsnapped.length} gates is on the network (${g.unsnapped[0].reason}); its residents ` +
          'are joined to the nearest walkable way directly, as without gates — map the road at the gate',
      );
    else
      warn(
        `${name}: ${g.unsnapped.length} of its gates are not on the network and were not used ` +
          `(${list(g.unsnapped.map((u) => u.gate.id))}: ${g.unsnapped[0].reason})`,
      );
  }
}

/** run.json's inputs.gates: the file as read and, per community, the gates its walks used */
export function gatesRecord(
  file: GatesFile,
  a: GateAssignment,
  result: CoverageResult,
  sha256: string,
): Record<string, unknown> {
  const perCommunity: Record<string, { file: number; osm: number; not_on_network: number }> = {};
  for (const c of result.communities)
    if (c.gates)
      perCommunity[c.community.id] = {
        file: c.gates.fromFile,
        osm: c.gates.fromOsm,
        not_on_network: c.gates.unsnapped.length,
      };
  return {
    ...inputRecord(file.input),
    sha256,
    keys: { id: file.keys.id },
    points: file.gates.length,
    skipped_features: file.skipped.length,
    tolerance_m: GATE_TOLERANCE_M,
    near_no_community: a.unassigned.map((u) => ({
      id: u.gate.id,
      lon: u.gate.lon,
      lat: u.gate.lat,
      nearest_m: u.nearestM,
    })),
    gates_used: perCommunity,
  };
}
