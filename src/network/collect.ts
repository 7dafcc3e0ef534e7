/**
 * First half of `prepare`: consumes OsmBlocks in one pass and keeps only what the network and
 * later stages need — every node's coordinates, walkable ways, tagged features (nodes, ways,
 * multipolygon relations), residential buildings and the untagged ways that relations may use.
 * Tags are turned into objects only for ways that can matter (highways, features); buildings
 * are read straight from the string table.
 */
import { F64, I32, NO_LOCATION, U32, U8, tagsOf, type OsmBlock, type Tags } from '../osm/block.js';
import { LEVEL_KEYS, wayLevel } from './level.js';
import { NodeStore } from './node-store.js';
import type { FeatureRules } from './feature-rules.js';
import { BuildingShape, SHAPE_MISSING, SHAPE_OK } from './features.js';
import type { WalkDecision, WalkRules } from './rules.js';
import {
  EDGE_AREA,
  EDGE_BACKWARD_ONLY,
  EDGE_FORWARD_ONLY,
  EDGE_KERB,
  EDGE_ROUGH,
  EDGE_STEEP,
  EDGE_STEPS,
  EDGE_WHEELCHAIR_NO,
} from './types.js';
import type { ReadClip } from './read-clip.js';
import { WayPool } from './way-pool.js';

export interface KeptRelation {
  id: number;
  members: { type: number; ref: number; role: string }[];
  tags: Tags;
}

// key classes, per string of a block
const K_HIGHWAY = 1;
const K_BUILDING = 2;
const K_LEVELS = 3;
const K_FEATURE = 4;
const K_RULE = 5; // a key the walking rules read
const K_LEVEL = 6; // bridge / tunnel / layer: a planner's road lines are noded by them (level.ts)
const LEVEL_KEY_SET = new Set<string>(LEVEL_KEYS);
/** distinct tag sets remembered (a city has a few thousand; the cache starts over beyond this) */
const WALK_CACHE_MAX = 100_000;

export class OsmCollector {
  readonly nodes = new NodeStore();
  // walkable ways, in arrival order
  readonly walkIds = new F64();
  readonly walkRefOff = new U32();
  readonly walkRefs = new F64();
  readonly walkFlags = new U8();
  readonly walkHighway = new U8();
  /** level of each walkable way (bridge/tunnel/layer), for noding road lines against it */
  readonly walkLevel = new I32();
  /** the walk rule that admitted each way (rules.ts WalkDecision.rule; 0: none) */
  readonly walkRule = new U8();
  readonly highwayNames: string[] = [];
  private highwayIndex = new Map<string, number>();
  // features
  readonly featureNodes: { id: number; lon7: number; lat7: number; tags: Tags }[] = [];
  readonly entranceNodes = new Set<number>();
  /** untagged ways (possible multipolygon members) and feature ways */
  readonly ways = new WayPool();
  /** tags of ways in `ways` that are features (others have none) */
  readonly wayTags = new Map<number, Tags>();
  readonly featureWays: number[] = [];
  /**
   * residential buildings in arrival order: centroid and footprint computed as each arrives (a
   * sorted file's nodes come first; features.ts BuildingShape), or its code: SHAPE_MISSING keeps
   * the outline in `buildings` for after the read (its nodes came later), others are skips
   */
  readonly buildingIds = new F64();
  readonly buildingState = new U8();
  readonly buildingLon = new F64();
  readonly buildingLat = new F64();
  readonly buildingArea = new F64();
  readonly buildingLevels = new F64();
  readonly buildingExplicit = new U8();
  /** outlines of the buildings whose nodes were not all read before them */
  readonly buildings = new WayPool();
  private readonly shape = new BuildingShape();
  readonly relations: KeptRelation[] = [];
  taggedNodes = 0;
  /** walk decisions by rule-key tag set (walkWayByKey) */
  private readonly walkCache = new Map<string, { d: WalkDecision | null; highway: string; level: number }>();
  /** `--clip` applied while reading (read-clip.ts), when the build asks for it */
  clip: ReadClip | null = null;

  constructor(
    private readonly walk: WalkRules,
    private readonly features: FeatureRules | null,
  ) {
    this.walkRefOff.push(0);
  }

  private highwayId(v: string): number {
    let i = this.highwayIndex.get(v);
    if (i === undefined) {
      i = this.highwayNames.length;
      if (i > 255)
        i = 255; // more than 255 distinct highway values: the rest share the last slot
      else {
        this.highwayNames.push(v);
        this.highwayIndex.set(v, i);
      }
    }
    return i;
  }

  addWalkWay(
    id: number,
    refs: ArrayLike<number>,
    decision: { rule?: number; steps: boolean; flags?: number; area: boolean; oneway: number },
    highway: string,
    level = 0,
  ): void {
    this.walkIds.push(id);
    this.walkLevel.push(level);
    const need = this.walkRefs.n + refs.length;
    if (need > this.walkRefs.a.length) this.walkRefs.grow(need);
    this.walkRefs.a.set(refs as Float64Array, this.walkRefs.n);
    this.walkRefs.n = need;
    this.walkRefOff.push(need);
    this.walkFlags.push(
      (decision.steps ? EDGE_STEPS : 0) |
        ((decision.flags ?? 0) & (EDGE_WHEELCHAIR_NO | EDGE_ROUGH | EDGE_STEEP | EDGE_KERB)) |
        (decision.area ? EDGE_AREA : 0) |
        (decision.oneway === 1 ? EDGE_FORWARD_ONLY : decision.oneway === -1 ? EDGE_BACKWARD_ONLY : 0),
    );
    this.walkHighway.push(this.highwayId(highway));
    this.walkRule.push(Math.min(255, decision.rule ?? 0));
  }

  /** after the split: the walkable ways' references are no longer needed (~40 % of what is held then) */
  releaseWalkRefs(): void {
    this.walkRefs.a = new Float64Array(0);
    this.walkRefs.n = 0;
  }

  /** after the split: the walkable ways themselves (ids, offsets, flags) are edges now */
  releaseWalkWays(): void {
    this.releaseWalkRefs();
    this.walkIds.a = new Float64Array(0);
    this.walkRefOff.a = new Uint32Array(0);
    this.walkLevel.a = new Int32Array(0);
    for (const a of [this.walkFlags, this.walkHighway, this.walkRule]) a.a = new Uint8Array(0);
    for (const a of [this.walkIds, this.walkRefOff, this.walkLevel, this.walkFlags, this.walkHighway, this.walkRule])
      a.n = 0;
  }

  /**
   * after the tagged features and the buildings are built: what only they read (the kept ways,
   * tagged nodes, relations, the buildings' pools) is let go before the split
   */
  releaseFeatureInputs(): void {
    this.featureNodes.length = 0;
    this.entranceNodes.clear();
    this.ways.release();
    this.wayTags.clear();
    this.featureWays.length = 0;
    this.relations.length = 0;
    this.releaseBuildingInputs();
  }

  /** after the buildings layer is built: the buildings' pools (a layer that is a view keeps its own) */
  releaseBuildingInputs(): void {
    this.buildings.release();
    for (const a of [this.buildingIds, this.buildingLon, this.buildingLat, this.buildingArea, this.buildingLevels]) {
      a.a = new Float64Array(0);
      a.n = 0;
    }
    for (const a of [this.buildingState, this.buildingExplicit]) {
      a.a = new Uint8Array(0);
      a.n = 0;
    }
  }

  private classify(strings: string[]): Uint8Array {
    const fr = this.features;
    const k = new Uint8Array(strings.length);
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i];
      if (s === 'highway') k[i] = K_HIGHWAY;
      else if (s === 'building') k[i] = K_BUILDING;
      else if (s === 'building:levels') k[i] = K_LEVELS;
      else if (fr?.keyMayMatter(s)) k[i] = K_FEATURE;
      else if (this.walk.keys.has(s)) k[i] = K_RULE;
      else if (LEVEL_KEY_SET.has(s)) k[i] = K_LEVEL;
    }
    return k;
  }

  /** LocationsOnWays: the references' coordinates stand in for nodes the file may leave out. */
  private wayLocations(refs: Float64Array, lon: Int32Array, lat: Int32Array): void {
    let n = 0;
    for (let k = 0; k < refs.length; k++) if (lat[k] !== NO_LOCATION) n++;
    if (n === refs.length) {
      this.nodes.add(refs, lon, lat, n);
      return;
    }
    const ids = new Float64Array(n);
    const x = new Int32Array(n);
    const y = new Int32Array(n);
    for (let k = 0, j = 0; k < refs.length; k++) {
      if (lat[k] === NO_LOCATION) continue;
      ids[j] = refs[k];
      x[j] = lon[k];
      y[j++] = lat[k];
    }
    this.nodes.add(ids, x, y, n);
  }

  /** One block of the file: its nodes, then its ways, then its relations. */
  block(b: OsmBlock): void {
    const cls = this.classify(b.strings);
    const locations = b.ways.lon !== undefined && b.ways.lat !== undefined && b.ways.count > 0;
    this.clip?.checkBlock(b.nodes.count, locations);
    this.nodes.add(b.nodes.ids, b.nodes.lon, b.nodes.lat, b.nodes.count);
    if (locations) {
      this.clip = null; // a node's location comes with each way: nothing is known before its way
      this.wayLocations(b.ways.refs, b.ways.lon!, b.ways.lat!);
    }
    this.clip?.checkStore(this.nodes.isSorted);
    this.taggedNodesOf(b, cls);
    this.waysOf(b, cls);
    this.relationsOf(b);
  }

  /** tagged nodes: entrances and kept features (tags built only for nodes with a key that matters) */
  private taggedNodesOf(b: OsmBlock, cls: Uint8Array): void {
    const s = b.strings;
    const n = b.nodes;
    const fr = this.features;
    for (let i = 0; i < n.count; i++) {
      const from = n.kvOff[i];
      const to = n.kvOff[i + 1];
      if (from === to) continue;
      this.taggedNodes++;
      if (!fr) continue;
      let interesting = false;
      for (let k = from; k < to; k += 2) {
        if (cls[n.kv[k]] !== 0 && cls[n.kv[k]] !== K_LEVEL) {
          interesting = true;
          break;
        }
      }
      if (!interesting) continue;
      const tags = tagsOf(s, n.kv, from, to);
      if (fr.isEntrance(tags)) this.entranceNodes.add(n.ids[i]);
      if (fr.keep(tags)) this.featureNodes.push({ id: n.ids[i], lon7: n.lon[i], lat7: n.lat[i], tags });
    }
  }

  /**
   * ways: untagged ones kept as possible multipolygon members; highways through the walking rules;
   * feature ways and residential buildings beside them
   */
  private waysOf(b: OsmBlock, cls: Uint8Array): void {
    const s = b.strings;
    const fr = this.features;
    const w = b.ways;
    for (let i = 0; i < w.count; i++) {
      const from = w.kvOff[i];
      const to = w.kvOff[i + 1];
      const id = w.ids[i];
      const r0 = w.refOff[i];
      const r1 = w.refOff[i + 1];
      if (from === to) {
        this.ways.add(id, w.refs.subarray(r0, r1)); // may be a multipolygon member (a facility or a pedestrian area)
        continue;
      }
      let highway = false;
      let feature = false;
      let building = -1;
      let levels = -1;
      for (let k = from; k < to; k += 2) {
        const c = cls[w.kv[k]];
        if (c === K_HIGHWAY) highway = true;
        else if (c === K_FEATURE) feature = true;
        else if (c === K_BUILDING) building = w.kv[k + 1];
        else if (c === K_LEVELS) levels = w.kv[k + 1];
      }
      if (!highway && !(fr && (feature || building >= 0))) continue;
      const refs = w.refs.subarray(r0, r1);
      const tags = fr && feature ? tagsOf(s, w.kv, from, to) : null;
      if (highway) {
        if (tags) this.walkWay(id, refs, tags);
        else this.walkWayByKey(id, refs, s, w.kv, from, to, cls);
      }
      if (!fr) continue;
      if (tags && fr.keep(tags)) {
        this.ways.add(id, refs);
        this.wayTags.set(id, tags);
        this.featureWays.push(id);
      }
      // building=yes with a facility tag (a school, a mall) is not housing; explicit types are
      if (building >= 0 && fr.residentialBuilding({ building: s[building] }) && !(feature && s[building] === 'yes'))
        this.addBuilding(id, refs, s[building], levels >= 0 ? s[levels] : null);
    }
  }

  /** only the keys the walking rules read (feature keys such as `amenity` never matter to them) */
  private ruleTags(s: string[], kv: Uint32Array, from: number, to: number, cls: Uint8Array): Tags {
    const rt: Tags = {};
    for (let k = from; k < to; k += 2) {
      const c = cls[kv[k]];
      if (c === K_HIGHWAY || c === K_RULE || c === K_LEVEL) rt[s[kv[k]]] = s[kv[k + 1]];
    }
    return rt;
  }

  /**
   * A highway with only the keys the walking rules read: most ways repeat a few tag sets
   * (highway=residential, footway=sidewalk…), so each set's decision is computed once, keyed by
   * its rule keys and values in file order (the same key is the same tags, so the same decision).
   */
  private walkWayByKey(
    id: number,
    refs: Float64Array,
    s: string[],
    kv: Uint32Array,
    from: number,
    to: number,
    cls: Uint8Array,
  ): void {
    let key = '';
    for (let k = from; k < to; k += 2) {
      const c = cls[kv[k]];
      if (c === K_HIGHWAY || c === K_RULE || c === K_LEVEL) key += `${s[kv[k]]}\u0000${s[kv[k + 1]]}\u0001`;
    }
    let e = this.walkCache.get(key);
    if (!e) {
      const rt = this.ruleTags(s, kv, from, to, cls);
      e = { d: this.walk.evaluate(rt), highway: rt.highway, level: wayLevel(rt) };
      if (this.walkCache.size >= WALK_CACHE_MAX) this.walkCache.clear();
      this.walkCache.set(key, e);
    }
    this.walkDecided(id, refs, e.d, e.highway, e.level);
  }

  private walkWay(id: number, refs: Float64Array, tags: Tags): void {
    this.walkDecided(id, refs, this.walk.evaluate(tags), tags.highway, wayLevel(tags));
  }

  private walkDecided(id: number, refs: Float64Array, d: WalkDecision | null, highway: string, level: number): void {
    if (!d) return;
    if (this.clip && !this.clip.keepWay(refs)) {
      this.highwayId(highway); // the names' order stays that of the whole file
      return;
    }
    this.addWalkWay(id, refs, d, highway, level);
  }

  private addBuilding(id: number, refs: Float64Array, building: string, levels: string | null): void {
    const shape = this.shape;
    const code = shape.of(refs, this.nodes);
    if (code === SHAPE_OK && this.clip && !this.clip.keepBuilding(shape.lon, shape.lat)) return;
    if (code === SHAPE_MISSING) this.buildings.add(id, refs);
    const ok = code === SHAPE_OK;
    this.buildingIds.push(id);
    this.buildingState.push(code);
    this.buildingLon.push(ok ? shape.lon : 0);
    this.buildingLat.push(ok ? shape.lat : 0);
    this.buildingArea.push(ok ? shape.area : 0);
    const lv = levels !== null ? Number.parseFloat(levels) : NaN;
    this.buildingLevels.push(Number.isFinite(lv) && lv > 0 ? lv : 0);
    this.buildingExplicit.push(building === 'yes' ? 0 : 1);
  }

  /**
   * multipolygons: facilities and residential areas (with feature rules), and pedestrian areas
   * (always: their outlines are part of the walking network)
   */
  private relationsOf(b: OsmBlock): void {
    const s = b.strings;
    const r = b.relations;
    for (let i = 0; i < r.count; i++) {
      const from = r.kvOff[i];
      const to = r.kvOff[i + 1];
      if (from === to) continue;
      const tags = tagsOf(s, r.kv, from, to);
      if (tags.type !== 'multipolygon') continue;
      const walkArea = tags.highway !== undefined && this.walk.evaluate({ ...tags, area: 'yes' }) !== null;
      if (!walkArea && !this.features?.keep(tags)) continue;
      const members: KeptRelation['members'] = [];
      for (let k = r.memOff[i]; k < r.memOff[i + 1]; k++)
        members.push({ type: r.memTypes[k], ref: r.memRefs[k], role: s[r.memRoles[k]] });
      this.relations.push({ id: r.ids[i], members, tags });
    }
  }
}
