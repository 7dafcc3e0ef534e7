/**
 * A shard's per-community results as merge reads them back: the CommunityOutcome objects of the
 * analysis, serialised with V8's structured clone (typed arrays, Infinity, -0 and every float
 * exactly as computed — JSON would not keep them), with what points outside the community named
 * by value: the community by id, categories by id, facilities by key, and network edges by OSM
 * way, end nodes and first shape point (the shard's clipped network numbers edges differently).
 */
import { deserialize, serialize } from 'node:v8';
import type { CategoryOutcome, CommunityOutcome } from '../coverage/analysis.js';
import type { Community } from '../coverage/communities.js';
import type { Facility } from '../facilities/facility.js';
import type { WalkNetwork } from '../network/types.js';
import type { Category, Profile } from '../profiles/types.js';
import type { SnappedPoint } from '../snap/snapped-point.js';
import { InputError } from '../util/errors.js';

/** an edge by what does not depend on the network's numbering */
interface EdgeRef {
  way: number;
  u: number;
  v: number;
  vertices: number;
  lon1: number;
  lat1: number;
}

export interface StoredCommunity {
  id: string;
  /** every result of it is what the whole network gives (shard/reach.ts) */
  exact: boolean;
  /** categories with no facility on the shard's network: exact only if the whole network has none either */
  noFacilityIn: string[];
  /** the outcome with references by value (undefined when not exact: merge recomputes it) */
  outcome?: unknown;
}

interface Stored {
  edges: EdgeRef[];
  communities: StoredCommunity[];
}

export function encodeResults(
  net: WalkNetwork,
  entries: { outcome: CommunityOutcome; exact: boolean; noFacilityIn: string[] }[],
): Uint8Array {
  const edges: EdgeRef[] = [];
  const seen = new Map<number, number>();
  const ref = (s: SnappedPoint | null): SnappedPoint | null => {
    if (!s) return null;
    let i = seen.get(s.edge);
    if (i === undefined) {
      const e = s.edge;
      const g = net.geomOff[e];
      i = edges.length;
      edges.push({
        way: net.edgeWay[e],
        u: net.nodeOsmId[net.edgeU[e]],
        v: net.nodeOsmId[net.edgeV[e]],
        vertices: net.geomOff[e + 1] - g,
        lon1: net.geomLon[g + 1],
        lat1: net.geomLat[g + 1],
      });
      seen.set(e, i);
    }
    return { ...s, edge: i };
  };
  const communities = entries.map(({ outcome: o, exact, noFacilityIn }) => ({
    id: o.community.id,
    exact,
    noFacilityIn,
    outcome: exact
      ? {
          ...o,
          community: null,
          residentSnaps: o.residentSnaps.map(ref),
          origins: o.origins.map((p) => ({ ...p, snap: ref(p.snap) })),
          categories: o.categories.map((c) => ({
            ...c,
            category: c.category.id,
            nearest: c.nearest && { ...c.nearest, facility: c.nearest.facility.key },
          })),
        }
      : undefined,
  }));
  return new Uint8Array(serialize({ edges, communities } satisfies Stored));
}

export function decodeResults(bytes: Uint8Array, where: string): Stored {
  try {
    const d = deserialize(bytes) as Stored;
    if (!Array.isArray(d?.edges) || !Array.isArray(d?.communities)) throw new Error('not shard results');
    return d;
  } catch (e) {
    throw new InputError(`${where}: cannot read the shard's results (${(e as Error).message}); run that shard again`);
  }
}

/** the stored outcomes back as the analysis made them, on the whole network and the merge's own objects */
export function rehydrate(
  stored: Stored,
  where: string,
  net: WalkNetwork,
  communities: Map<string, Community>,
  facilities: Map<string, Facility>,
  profile: Profile,
): Map<string, CommunityOutcome> {
  let byWay: Map<number, number[]> | null = null;
  const edgeOf = (r: EdgeRef): number => {
    if (!byWay) {
      byWay = new Map();
      for (let e = 0; e < net.edgeCount; e++) {
        const list = byWay.get(net.edgeWay[e]);
        if (list) list.push(e);
        else byWay.set(net.edgeWay[e], [e]);
      }
    }
    for (const e of byWay.get(r.way) ?? []) {
      const g = net.geomOff[e];
      if (
        net.nodeOsmId[net.edgeU[e]] === r.u &&
        net.nodeOsmId[net.edgeV[e]] === r.v &&
        net.geomOff[e + 1] - g === r.vertices &&
        net.geomLon[g + 1] === r.lon1 &&
        net.geomLat[g + 1] === r.lat1
      )
        return e;
    }
    throw new InputError(
      `${where}: way ${r.way} (nodes ${r.u}-${r.v}) of the shard's network is not in the job's network; the shard ran on other data: run it again`,
    );
  };
  const edges = stored.edges.map((r) => edgeOf(r));
  const snap = (s: SnappedPoint | null) => s && { ...s, edge: edges[s.edge] };
  const categories = new Map<string, Category>(profile.categories.map((c) => [c.id, c]));
  const out = new Map<string, CommunityOutcome>();
  for (const sc of stored.communities) {
    if (!sc.exact || !sc.outcome) continue;
    const o = sc.outcome as CommunityOutcome & { categories: (CategoryOutcome & { category: string })[] };
    const community = communities.get(sc.id);
    if (!community) throw new InputError(`${where}: community ${sc.id} is not in the job's communities file`);
    const cats = o.categories.map((c) => {
      const category = categories.get(c.category as unknown as string);
      const key = c.nearest?.facility as unknown as string | undefined;
      const facility = key === undefined ? undefined : facilities.get(key);
      if (!category || (key !== undefined && !facility))
        throw new InputError(
          `${where}: ${category ? `facility ${key}` : `category ${c.category}`} of the shard's results is not in the job's inputs; run the shard again`,
        );
      return { ...c, category, nearest: c.nearest && { ...c.nearest, facility: facility! } };
    });
    out.set(sc.id, {
      ...o,
      community,
      residentSnaps: o.residentSnaps.map(snap),
      origins: o.origins.map((p) => ({ ...p, snap: snap(p.snap)! })),
      categories: cats,
    });
  }
  return out;
}
