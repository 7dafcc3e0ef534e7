/**
 * `prepare`'s pipeline, one function per stage:
 *   read + collect (collect.ts) -> pedestrian-area outlines -> split ways into edges (split.ts)
 *   -> clip -> compact -> components, and beside the graph the tagged features, buildings and
 *   their indexes (features.ts, feature-index.ts).
 * Returns a WalkNetwork, ready to use or to write to a file.
 */
import type { Feature } from 'geojson';
import { readOsm, type ReadOptions } from '../osm/read.js';
import { InputError } from '../util/errors.js';
import { VERSION } from '../util/version.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { sharedArray } from '../util/shared-array.js';
import { mark } from '../util/timing.js';
import { clipTest, type ClipArea } from './clip.js';
import { ReadClip, ReadClipRestart } from './read-clip.js';
import { OsmCollector } from './collect.js';
import { labelComponents } from './components.js';
import { emptyPointSet, FeatureIndexer } from './feature-index.js';
import { type FeatureRules, loadFeatureRules } from './feature-rules.js';
import { buildBuildings, buildFeatures, type Inside } from './features.js';
import { type FeaturesBytes, FeaturesJson } from './features-json.js';
import { type NodeCoords, NodeSubset } from './node-store.js';
import { loadWalkRules, ruleNames, type WalkRules } from './rules.js';
import type { RoadLines } from '../roads/read-roads.js';
import { type EdgeArrays, resolveRefs, splitWays } from './split.js';
import {
  type Buildings,
  type NetworkStats,
  type OsmFeatures,
  type PointSet,
  ROAD_ID_BASE,
  type RoadsRecord,
  type WalkNetwork,
} from './types.js';

export interface BuildOptions extends ReadOptions {
  rules?: WalkRules;
  /** keep tagged features and buildings (default true); isochrones from an OSM file skip them */
  features?: boolean;
  clip?: ClipArea;
  /** return an empty network instead of refusing a file with no walkable ways (`inspect` reports zeros) */
  allowEmpty?: boolean;
  /** a planner's road lines (src/roads), used instead of OSM's walkable ways or added to them */
  roads?: RoadLines;
  /** `clip` applied while reading (default true; false: only after the read, for tests and A/Bs) */
  clipWhileReading?: boolean;
  /**
   * the features encoded into the network file's section as they are built, never held as
   * objects (`featuresJson`; `features()` parses it when asked): for `prepare`, which only writes them
   */
  featuresJson?: boolean;
}

/** nodes in the file from which a full collection before the split pays (~50 ms; ~40 MB of peak at 10 M) */
const GC_NODES = 2_000_000;

export async function networkFromOsm(path: string, opts: BuildOptions = {}): Promise<WalkNetwork> {
  const rules = opts.rules ?? loadWalkRules();
  const featureRules = opts.features === false ? null : loadFeatureRules();
  const inArea = opts.clip ? clipTest(opts.clip) : null;
  // --clip drops what lies outside while reading (read-clip.ts); a planner's roads are noded
  // against every OSM way first, so with roads the clip waits for the split
  const readClip = inArea !== null && !opts.roads && opts.clipWhileReading !== false;
  let c = new OsmCollector(rules, featureRules);
  if (readClip) c.clip = new ReadClip(inArea, c.nodes);
  mark('start');
  let info: Awaited<ReturnType<typeof readOsm>>;
  try {
    info = await readOsm(path, (b) => c.block(b), opts);
  } catch (e) {
    if (!(e instanceof ReadClipRestart)) throw e;
    c = new OsmCollector(rules, featureRules); // the file's order needs the whole read: again, keeping all
    info = await readOsm(path, (b) => c.block(b), opts);
  }
  mark('read+collect');
  c.nodes.finish();
  walkAreaOutlines(c, rules);
  let roads: RoadsRecord | undefined;
  if (opts.roads) {
    const { mergeRoads } = await import('../roads/merge.js');
    roads = mergeRoads(c, opts.roads, opts.clip);
    mark('roads');
  }
  // the walkable ways' references as store indexes (their ids let go), then the features and
  // buildings, so what only they read is gone before the split's arrays exist (the graph does not
  // depend on them; their skips are listed after the split's, as ever), then the nodes the ways
  // use copied out of the store and the store let go (every node of the file, 12 B each)
  let { idx, missingRefs } = resolveRefs(c.walkRefs.a.subarray(0, c.walkRefs.n), c.nodes);
  c.releaseWalkRefs();
  // their ids' pool (~64 MB on a 100 MB file) collected before the buildings and features allocate
  const atScale = c.nodes.n >= GC_NODES;
  if (atScale) collectGarbage();
  mark('resolve');
  const beside = featureRules ? featureLayers(c, featureRules, inArea, !!opts.featuresJson) : noFeatureLayers();
  c.releaseFeatureInputs();
  // what the features and buildings read is garbage now; collected before the subset is copied
  // beside the store, so the peak does not hold both (only at scale: one full collection)
  if (atScale) collectGarbage();
  let { nodes, perNode } = NodeSubset.of(c.nodes, idx, c.clip?.usage);
  c.nodes.release();
  if (atScale) collectGarbage(); // the store's slabs (121 MB) go back before the split allocates
  const dropped = c.clip ? { ...c.clip, usage: perNode! } : undefined;
  let split: EdgeArrays | null = splitWays(
    {
      count: c.walkIds.n,
      ids: c.walkIds.a,
      refOff: c.walkRefOff.a,
      idx,
      missingRefs,
      flags: c.walkFlags.a,
      highway: c.walkHighway.a,
      rule: c.walkRule.a,
    },
    nodes,
    dropped,
  );
  c.releaseWalkWays();
  idx = new Int32Array(0); // (locals of this function stay alive to its end unless replaced)
  perNode = undefined;
  // the graph nodes' OSM ids, so the subset keeps only coordinates through the compaction
  const splitIds = new Float64Array(split.nodeCount);
  for (let i = 0; i < split.nodeCount; i++) splitIds[i] = nodes.idAt(split.nodeStoreIdx[i]);
  nodes.releaseIds();
  // the walkable ways' pools, the resolved references and the subset's ids are garbage now: one
  // collection before the compaction allocates the graph's geometry (102 MB file: 0-60 MB of the peak)
  if (atScale) collectGarbage();
  mark('split');
  const skipped: Record<string, number> = {};
  if (split.missingRefs) skipped['way node references missing from the file (ways split there)'] = split.missingRefs;
  if (split.degenerateWays) skipped['walkable ways with fewer than two usable nodes'] = split.degenerateWays;

  const graph = compact(split, nodes, splitIds, inArea ? clipMask(split, nodes, inArea) : null);
  split = null; // the edges before compacting (~80 MB on a 100 MB file): garbage from here on
  nodes = NodeSubset.empty();
  // no walking network is bad input (exit 2): an empty export, or a clip that misses the data
  if (graph.edgeCount === 0 && !opts.allowEmpty) {
    if (roads)
      throw new InputError(
        `${roads.path}: no walkable road lines ${opts.clip ? `inside --clip ${opts.clip.label}` : 'in the OSM data’s area'}; ` +
          'check the clip area and --roads-crs',
      );
    const why = opts.clip
      ? `no walkable ways inside --clip ${opts.clip.label} (plus ${opts.clip.marginM} m)`
      : 'no walkable ways (highway=* that pass data/walk-rules.yaml)';
    if (info.counts.ways === 0 && !opts.clip)
      throw new InputError(
        `${path}: the file holds no ways (${info.counts.nodes} nodes, ${info.counts.relations} ` +
          `relations): there is no street network; export an area with streets`,
      );
    throw new InputError(
      `${path}: the file has ${info.counts.ways} ways but ${why}; ` +
        `${opts.clip ? 'check the clip area lies within the extract' : 'check the extract covers a built-up area'}`,
    );
  }
  if (roads) {
    let m = 0;
    for (let e = 0; e < graph.edgeCount; e++) if (graph.edgeWay[e] >= ROAD_ID_BASE) m += graph.edgeLen[e];
    roads.km_in_network = Math.round(m) / 1000;
  }
  const { nodeComp, sizes } = labelComponents(graph.nodeCount, graph.edgeU, graph.edgeV);
  mark('compact+components');

  const { bbox, ...arrays } = graph;
  return {
    meta: {
      tool: `lifecircle ${VERSION}`,
      source: {
        path: info.path,
        format: info.compression === 'none' ? info.format : `${info.format}+${info.compression}`,
        bytes: info.bytes,
        sha256: info.sha256,
        counts: info.counts,
        bounds: info.bounds,
      },
      rulesHash: rules.hash,
      featureRulesHash: featureRules?.hash,
      clip: opts.clip ? { area: opts.clip.label, marginM: opts.clip.marginM } : undefined,
      bbox,
      highwayNames: c.highwayNames,
      walkRuleNames: ruleNames(rules),
      componentSizes: sizes,
      stats: { ...beside.counts, skipped: { ...info.skipped, ...skipped, ...beside.skipped } },
      ...(roads ? { roads } : {}),
    },
    ...arrays,
    nodeComp,
    buildings: beside.buildings,
    entrances: beside.entrances,
    residentialAreas: beside.residentialAreas,
    features: beside.json ? parsedFeatures(beside.json) : featuresOf(beside.features),
    ...(beside.json ? { featuresJson: beside.json } : {}),
  };
}

/**
 * The features' getter, made here rather than inline: a closure inside `networkFromOsm` would keep
 * that function's whole context alive with the network — the collector, its node store and way
 * pools, hundreds of MB on a large file — through serialising and writing.
 */
function featuresOf(features: OsmFeatures): () => OsmFeatures {
  return () => features;
}

/** the features from their encoded section, parsed when first asked for (not by `prepare`) */
function parsedFeatures(json: FeaturesBytes): () => OsmFeatures {
  let features: OsmFeatures | null = null;
  return () => {
    if (features) return features;
    const pieces: Uint8Array[] = [];
    json.forEach((p) => {
      pieces.push(p);
    });
    features = JSON.parse(Buffer.concat(pieces).toString('utf8')) as OsmFeatures;
    return features;
  };
}

/**
 * Pedestrian areas mapped as multipolygons are walked along their member rings' outlines, added
 * to the collector's walkable ways (a way shared by two areas, or listed twice, is walked once).
 */
function walkAreaOutlines(c: OsmCollector, rules: WalkRules): void {
  const outlineWays = new Set<number>();
  for (const r of c.relations) {
    if (r.tags.highway === undefined) continue;
    const d = rules.evaluate({ ...r.tags, area: 'yes' });
    if (!d) continue;
    for (const m of r.members) {
      const i = m.type === 1 ? c.ways.find(m.ref) : -1;
      const tags = c.wayTags.get(m.ref);
      if (i < 0 || (tags && rules.evaluate(tags)) || outlineWays.has(m.ref)) continue;
      outlineWays.add(m.ref);
      c.addWalkWay(m.ref, c.ways.refsOf(i), d, r.tags.highway);
    }
  }
}

/** --clip: an edge is kept when any of its vertices is inside the area */
function clipMask(split: EdgeArrays, store: NodeCoords, inArea: (lon: number, lat: number) => boolean): Uint8Array {
  const keepEdge = new Uint8Array(split.edgeCount);
  for (let e = 0; e < split.edgeCount; e++) {
    for (let k = split.geomOff[e]; k < split.geomOff[e + 1]; k++) {
      const j = split.geomIdx[k];
      if (inArea(store.lonAt(j) / 1e7, store.latAt(j) / 1e7)) {
        keepEdge[e] = 1;
        break;
      }
    }
  }
  return keepEdge;
}

type CompactGraph = Pick<
  WalkNetwork,
  | 'nodeCount'
  | 'edgeCount'
  | 'nodeLon'
  | 'nodeLat'
  | 'nodeOsmId'
  | 'edgeU'
  | 'edgeV'
  | 'edgeLen'
  | 'edgeFlags'
  | 'edgeHighway'
  | 'edgeRule'
  | 'edgeWay'
  | 'geomOff'
  | 'geomLon'
  | 'geomLat'
> & { bbox: [number, number, number, number] };

/**
 * The kept edges (all without a mask) and the nodes they use (their OSM ids in splitIds, by the
 * split's node number), renumbered densely in their order,
 * with coordinates turned from 1e-7 degree integers into degrees, and the bbox of the geometry.
 */
function compact(
  split: EdgeArrays,
  store: NodeCoords,
  splitIds: Float64Array,
  keepEdge: Uint8Array | null,
): CompactGraph {
  const nodeMap = new Int32Array(split.nodeCount).fill(-1);
  let nodeCount = 0;
  let edgeCount = 0;
  let vertexCount = 0;
  for (let e = 0; e < split.edgeCount; e++) {
    if (keepEdge && !keepEdge[e]) continue;
    edgeCount++;
    vertexCount += split.geomOff[e + 1] - split.geomOff[e];
    nodeMap[split.edgeU[e]] = 0;
    nodeMap[split.edgeV[e]] = 0;
  }
  for (let i = 0; i < split.nodeCount; i++) if (nodeMap[i] === 0) nodeMap[i] = nodeCount++;
  // on SharedArrayBuffers, like a network file's sections (network-file.ts): the coverage search
  // thread builds the snapping index and the gap grids from them without copies
  const nodeLon = sharedArray(Float64Array, nodeCount);
  const nodeLat = sharedArray(Float64Array, nodeCount);
  const nodeOsmId = sharedArray(Float64Array, nodeCount);
  for (let i = 0; i < split.nodeCount; i++) {
    const g = nodeMap[i];
    if (g < 0) continue;
    const j = split.nodeStoreIdx[i];
    nodeLon[g] = store.lonAt(j) / 1e7;
    nodeLat[g] = store.latAt(j) / 1e7;
    nodeOsmId[g] = splitIds[i];
  }
  // every edge kept (no clip): the split's arrays, which are of the edges' size, become the
  // graph's (its node numbers renumbered in place) instead of being copied beside themselves
  const all = !keepEdge;
  const edgeU = all ? split.edgeU : sharedArray(Uint32Array, edgeCount);
  const edgeV = all ? split.edgeV : sharedArray(Uint32Array, edgeCount);
  const edgeLen = all ? split.edgeLen : sharedArray(Float64Array, edgeCount);
  const edgeFlags = all ? split.edgeFlags : sharedArray(Uint8Array, edgeCount);
  const edgeHighway = all ? split.edgeHighway : sharedArray(Uint8Array, edgeCount);
  const edgeRule = all ? split.edgeRule : sharedArray(Uint8Array, edgeCount);
  const edgeWay = all ? split.edgeWay : sharedArray(Float64Array, edgeCount);
  const geomOff = all ? split.geomOff : sharedArray(Uint32Array, edgeCount + 1);
  const geomLon = sharedArray(Float64Array, vertexCount);
  const geomLat = sharedArray(Float64Array, vertexCount);
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (let e = 0, o = 0, v = 0; e < split.edgeCount; e++) {
    if (keepEdge && !keepEdge[e]) continue;
    edgeU[o] = nodeMap[split.edgeU[e]];
    edgeV[o] = nodeMap[split.edgeV[e]];
    edgeLen[o] = split.edgeLen[e];
    edgeFlags[o] = split.edgeFlags[e];
    edgeHighway[o] = split.edgeHighway[e];
    edgeRule[o] = split.edgeRule[e];
    edgeWay[o] = split.edgeWay[e];
    const to = split.geomOff[e + 1]; // read before geomOff[o + 1] is written: they may be one array
    for (let k = split.geomOff[e]; k < to; k++) {
      const j = split.geomIdx[k];
      const lon = store.lonAt(j) / 1e7;
      const lat = store.latAt(j) / 1e7;
      geomLon[v] = lon;
      geomLat[v] = lat;
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
      v++;
    }
    geomOff[++o] = v;
  }
  return {
    nodeCount,
    edgeCount,
    nodeLon,
    nodeLat,
    nodeOsmId,
    edgeU,
    edgeV,
    edgeLen,
    edgeFlags,
    edgeHighway,
    edgeRule,
    edgeWay,
    geomOff,
    geomLon,
    geomLat,
    bbox: edgeCount === 0 ? [0, 0, 0, 0] : [minLon, minLat, maxLon, maxLat],
  };
}

interface FeatureLayers {
  features: OsmFeatures;
  /** the features section's bytes instead of `features` (BuildOptions.featuresJson) */
  json?: FeaturesBytes;
  buildings: Buildings;
  entrances: PointSet;
  residentialAreas: Uint32Array;
  /** what the features and buildings skipped, and why */
  skipped: Record<string, number>;
  counts: Omit<NetworkStats, 'skipped'>;
}

/**
 * Beside the graph: residential buildings (first: their pools are let go before the features are
 * made), tagged features, and the indexes over them; what was skipped, listed as when the features
 * were counted first.
 */
function featureLayers(c: OsmCollector, rules: FeatureRules, inArea: Inside, asJson: boolean): FeatureLayers {
  const buildingSkips: Record<string, number> = {};
  const buildings = buildBuildings(c, inArea, (why) => (buildingSkips[why] = (buildingSkips[why] ?? 0) + 1));
  c.releaseBuildingInputs();
  mark('buildings');
  const skipped: Record<string, number> = {};
  const index = new FeatureIndexer(rules);
  const encoder = asJson ? new FeaturesJson() : null;
  const kept: Feature[] = [];
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);
  buildFeatures(c, rules, inArea, skip, {
    add: (f) => {
      index.add(f);
      if (encoder) encoder.add(f);
      else kept.push(f);
    },
  });
  const json = encoder?.finish();
  mark('features');
  for (const [why, n] of Object.entries(buildingSkips)) skipped[why] = (skipped[why] ?? 0) + n;
  const { entrances, residentialAreas } = index.result();
  return {
    features: { tagged: { type: 'FeatureCollection', features: kept } },
    json,
    buildings,
    entrances,
    residentialAreas,
    skipped,
    counts: {
      taggedPoints: index.taggedPoints,
      taggedAreas: index.taggedAreas,
      residentialAreas: residentialAreas.length,
      residentialBuildings: buildings.count,
    },
  };
}

function noFeatureLayers(): FeatureLayers {
  return {
    features: { tagged: { type: 'FeatureCollection', features: [] } },
    buildings: emptyBuildings(),
    entrances: emptyPointSet(),
    residentialAreas: new Uint32Array(0),
    skipped: {},
    counts: { taggedPoints: 0, taggedAreas: 0, residentialAreas: 0, residentialBuildings: 0 },
  };
}

export function emptyBuildings(): Buildings {
  return {
    count: 0,
    lon: new Float64Array(0),
    lat: new Float64Array(0),
    area: new Float64Array(0),
    levels: new Float64Array(0),
    osmId: new Float64Array(0),
    explicit: new Uint8Array(0),
  };
}
