/**
 * First half of `prepare`: consumes OsmBlocks in one pass and keeps only what the network and
 * later stages need — every node's coordinates, walkable ways, tagged features (nodes, ways,
 * multipolygon relations), residential buildings and the untagged ways that relations may use.
 */
import { F64, U32, U8, tagsOf, type OsmBlock, type Tags } from '../osm/block.js';
import { NodeStore } from './node-store.js';
import type { FeatureRules } from './feature-rules.js';
import type { WalkRules } from './rules.js';
import { EDGE_AREA, EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, EDGE_STEPS } from './types.js';

export interface KeptWay {
  refs: Float64Array;
  tags: Tags | null;
}

export interface KeptRelation {
  id: number;
  members: { type: number; ref: number; role: string }[];
  tags: Tags;
}

export class OsmCollector {
  readonly nodes = new NodeStore();
  // walkable ways, in arrival order
  readonly walkIds = new F64();
  readonly walkRefOff = new U32();
  readonly walkRefs = new F64();
  readonly walkFlags = new U8();
  readonly walkHighway = new U8();
  readonly highwayNames: string[] = [];
  private highwayIndex = new Map<string, number>();
  // features
  readonly featureNodes: { id: number; lon7: number; lat7: number; tags: Tags }[] = [];
  readonly entranceNodes = new Set<number>();
  readonly featureWays: number[] = [];
  readonly buildingWays: number[] = [];
  /** refs (and tags when kept as a feature/building) of ways other stages may need */
  readonly ways = new Map<number, KeptWay>();
  readonly relations: KeptRelation[] = [];
  taggedNodes = 0;

  constructor(private readonly walk: WalkRules, private readonly features: FeatureRules | null) {
    this.walkRefOff.push(0);
  }

  private highwayId(v: string): number {
    let i = this.highwayIndex.get(v);
    if (i === undefined) {
      i = this.highwayNames.length;
      if (i > 255) i = 255; // more than 255 distinct highway values: the rest share the last slot
      else {
        this.highwayNames.push(v);
        this.highwayIndex.set(v, i);
      }
    }
    return i;
  }

  addWalkWay(id: number, refs: ArrayLike<number>, decision: { steps: boolean; area: boolean; oneway: number }, highway: string): void {
    this.walkIds.push(id);
    for (let k = 0; k < refs.length; k++) this.walkRefs.push(refs[k]);
    this.walkRefOff.push(this.walkRefs.n);
    this.walkFlags.push((decision.steps ? EDGE_STEPS : 0) | (decision.area ? EDGE_AREA : 0) | (decision.oneway === 1 ? EDGE_FORWARD_ONLY : decision.oneway === -1 ? EDGE_BACKWARD_ONLY : 0));
    this.walkHighway.push(this.highwayId(highway));
  }

  block(b: OsmBlock): void {
    const s = b.strings;
    const n = b.nodes;
    this.nodes.add(n.ids, n.lon, n.lat, n.count);
    const fr = this.features;
    for (let i = 0; i < n.count; i++) {
      const from = n.kvOff[i];
      const to = n.kvOff[i + 1];
      if (from === to) continue;
      this.taggedNodes++;
      if (!fr) continue;
      let interesting = false;
      for (let k = from; k < to; k += 2) {
        if (fr.keyMayMatter(s[n.kv[k]])) {
          interesting = true;
          break;
        }
      }
      if (!interesting) continue;
      const tags = tagsOf(s, n.kv, from, to);
      if (fr.isEntrance(tags)) this.entranceNodes.add(n.ids[i]);
      if (fr.keep(tags)) this.featureNodes.push({ id: n.ids[i], lon7: n.lon[i], lat7: n.lat[i], tags });
    }
    const w = b.ways;
    for (let i = 0; i < w.count; i++) {
      const from = w.kvOff[i];
      const to = w.kvOff[i + 1];
      const refs = w.refs.subarray(w.refOff[i], w.refOff[i + 1]);
      const id = w.ids[i];
      if (from === to) {
        if (fr) this.ways.set(id, { refs: refs.slice(), tags: null }); // may be a multipolygon member
        continue;
      }
      const tags = tagsOf(s, w.kv, from, to);
      const d = this.walk.evaluate(tags);
      if (d) this.addWalkWay(id, refs, d, tags.highway);
      if (!fr) continue;
      const feature = fr.keep(tags);
      const building = fr.residentialBuilding(tags);
      if (feature) this.featureWays.push(id);
      if (building) this.buildingWays.push(id);
      if (feature || building) this.ways.set(id, { refs: refs.slice(), tags });
    }
    if (!fr) return;
    const r = b.relations;
    for (let i = 0; i < r.count; i++) {
      const from = r.kvOff[i];
      const to = r.kvOff[i + 1];
      if (from === to) continue;
      const tags = tagsOf(s, r.kv, from, to);
      if (tags.type !== 'multipolygon') continue;
      const walkArea = tags.highway !== undefined && this.walk.evaluate({ ...tags, area: 'yes' }) !== null;
      if (!fr.keep(tags) && !walkArea) continue;
      const members: KeptRelation['members'] = [];
      for (let k = r.memOff[i]; k < r.memOff[i + 1]; k++) members.push({ type: r.memTypes[k], ref: r.memRefs[k], role: s[r.memRoles[k]] });
      this.relations.push({ id: r.ids[i], members, tags });
    }
  }
}
