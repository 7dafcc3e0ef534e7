/**
 * network: the walking network the run used, one line per edge, with what the walk rules said about
 * it (which rule admitted it, its flags) and its connected component (id, size; 0 is the largest).
 * results.gpkg and the `network` command's outputs (network/export.ts) both read this one description.
 */
import {
  EDGE_AREA,
  EDGE_BACKWARD_ONLY,
  EDGE_FORWARD_ONLY,
  EDGE_STEPS,
  roadFeatureOf,
  type WalkNetwork,
} from '../../network/types.js';
import { edgeIndex } from '../../snap/edge-index.js';
import type { DatasetSpec } from '../schema.js';
import { r1 } from './labels.js';

/** edges e … end - 1, one after another along one way (one edge: end = e + 1) */
export interface EdgeRow {
  net: WalkNetwork;
  e: number;
  end: number;
}

const geometry: DatasetSpec<EdgeRow>['geometry'] = {
  kind: 'LINESTRING',
  get: ({ net, e, end }) => ({ type: 'FlatLine', lon: net.geomLon, lat: net.geomLat, off: net.geomOff, first: e, end }),
};

/** what every edge of a row shares (edgeLinesNear joins only such edges), and the row's length */
const sharedFields: DatasetSpec<EdgeRow>['fields'] = [
  {
    key: 'osm_way',
    zh: 'OSM 路径',
    en: 'osm_way',
    type: 'text',
    get: (r) => {
      // an edge from the planner's road file (--roads) names its feature there
      const f = roadFeatureOf(r.net.edgeWay[r.e]);
      return f === null ? `way/${r.net.edgeWay[r.e]}` : `road/${f}`;
    },
  },
  {
    key: 'highway',
    zh: '道路类型',
    en: 'highway',
    type: 'text',
    get: (r) => r.net.meta.highwayNames[r.net.edgeHighway[r.e]] ?? null,
  },
  {
    key: 'length_m',
    zh: '长度(米)',
    en: 'length_m',
    type: 'real',
    get: ({ net, e, end }) => {
      let m = 0;
      for (let k = e; k < end; k++) m += net.edgeLen[k];
      return r1(m);
    },
  },
  { key: 'steps', zh: '台阶', en: 'steps', type: 'boolean', get: (r) => (r.net.edgeFlags[r.e] & EDGE_STEPS) !== 0 },
  {
    key: 'area_outline',
    zh: '广场边线',
    en: 'area_outline',
    type: 'boolean',
    get: (r) => (r.net.edgeFlags[r.e] & EDGE_AREA) !== 0,
  },
  {
    key: 'oneway_foot',
    zh: '步行单向',
    en: 'oneway_foot',
    type: 'text',
    get: (r) => {
      const f = r.net.edgeFlags[r.e];
      return f & EDGE_FORWARD_ONLY ? 'forward' : f & EDGE_BACKWARD_ONLY ? 'backward' : null;
    },
  },
  {
    key: 'component',
    zh: '连通分量',
    en: 'component',
    type: 'integer',
    get: (r) => r.net.nodeComp[r.net.edgeU[r.e]],
  },
  {
    key: 'component_nodes',
    zh: '连通分量节点数',
    en: 'component_nodes',
    type: 'integer',
    get: (r) => r.net.meta.componentSizes[r.net.nodeComp[r.net.edgeU[r.e]]] ?? null,
  },
  {
    key: 'walk_rule',
    zh: '步行规则',
    en: 'walk_rule',
    type: 'text',
    // "12: Streets and paths people walk on." — the rule of data/walk-rules.yaml that made the way walkable
    get: (r) => r.net.meta.walkRuleNames[r.net.edgeRule[r.e]] || null,
  },
];

/** one row per edge: the `network` command's layer */
export const networkTable: DatasetSpec<EdgeRow> = {
  name: 'network',
  zh: '步行网络',
  en: 'walking network',
  geometry,
  fields: [{ key: 'edge', zh: '边编号', en: 'edge', type: 'integer', get: (r) => r.e }, ...sharedFields],
};

/** one row per line of consecutive edges of a way (edgeLinesNear): results.gpkg's network layer */
export const networkLinesTable: DatasetSpec<EdgeRow> = {
  ...networkTable,
  fields: [
    { key: 'edge', zh: '起始边编号', en: 'first edge', type: 'integer', get: (r) => r.e },
    { key: 'edges', zh: '边数', en: 'edges', type: 'integer', get: (r) => r.end - r.e },
    ...sharedFields,
  ],
};

export function edgeRows(net: WalkNetwork): EdgeRow[] {
  return Array.from({ length: net.edgeCount }, (_, e) => ({ net, e, end: e + 1 }));
}

/**
 * The part of the network the run's walks can use: edges that pass within `marginM` (the largest
 * category distance or isochrone band) of a community's bounding box, in edge order. Every walk
 * measured from a community up to that distance (to the facilities within their distance, its
 * isochrones) stays inside, since a walk is never shorter than the straight line; routes to a
 * farther nearest facility are in the routes layer. At city scale the whole clipped
 * network was most of results.gpkg (361,000 edges, 31 MB of its 94 MB of geometry).
 */
export function edgeLinesNear(net: WalkNetwork, boxes: [number, number, number, number][], marginM: number): EdgeRow[] {
  const { proj, index, segEdge } = edgeIndex(net);
  const keep = new Uint8Array(net.edgeCount);
  // each segment marked as the index finds it: its own result lists were most of this at city scale
  const mark = (s: number) => {
    keep[segEdge[s]] = 1;
    return false;
  };
  for (const [x0, y0, x1, y1] of boxes)
    index.search(proj.x(x0) - marginM, proj.y(y0) - marginM, proj.x(x1) + marginM, proj.y(y1) + marginM, mark);
  const rows: EdgeRow[] = [];
  for (let e = 0; e < net.edgeCount; e++) {
    if (!keep[e]) continue;
    const last = rows[rows.length - 1];
    if (last?.end === e && joins(net, e - 1, e)) last.end = e + 1;
    else rows.push({ net, e, end: e + 1 });
  }
  return rows;
}

/**
 * Edge b continues edge a (the edge before it) as one line: the same way, from where a ends, with
 * the same highway, flags and walk rule (so the same component and every other field). A way cut
 * at its shared nodes gives consecutive edges in way order, so each way's kept stretches become
 * lines: 163,184 edges → 37,328 lines at city scale (BENCHMARKS.md, issue 11), the same drawing
 * in QGIS; its junctions are still vertices of the lines that cross there.
 */
export function joins(net: WalkNetwork, a: number, b: number): boolean {
  return (
    net.edgeWay[a] === net.edgeWay[b] &&
    net.edgeV[a] === net.edgeU[b] &&
    net.edgeHighway[a] === net.edgeHighway[b] &&
    net.edgeFlags[a] === net.edgeFlags[b] &&
    net.edgeRule[a] === net.edgeRule[b]
  );
}
