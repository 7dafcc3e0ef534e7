/**
 * The walking network as GeoJSON features, for checking it in QGIS (where is a road missing, which
 * fragment is cut off, which gate is not mapped): one LineString per edge with its OSM way, highway
 * type, length, flags and connected component (id and size; component 0 is the largest), and the
 * snapped origins of communities (their gates / boundary crossings / centroid and where each joins
 * the network). Deterministic: edges in network order, coordinates at 7 decimals.
 */
import type { Feature, LineString, Point } from 'geojson';
import { polygonOrigins } from '../isochrone/origins.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import type { Community } from '../coverage/communities.js';
import {
  EDGE_AREA,
  EDGE_BACKWARD_ONLY,
  EDGE_FORWARD_ONLY,
  EDGE_STEPS,
  roadFeatureOf,
  type WalkNetwork,
} from './types.js';

/** 7 decimals (~1 cm), as every GeoJSON the tool writes */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export function edgeFeatures(net: WalkNetwork): Feature<LineString>[] {
  const out: Feature<LineString>[] = [];
  for (let e = 0; e < net.edgeCount; e++) {
    const coords: [number, number][] = [];
    for (let k = net.geomOff[e]; k < net.geomOff[e + 1]; k++)
      coords.push([round7(net.geomLon[k]), round7(net.geomLat[k])]);
    const comp = net.nodeComp[net.edgeU[e]];
    const f = net.edgeFlags[e];
    const road = roadFeatureOf(net.edgeWay[e]); // an edge from the planner's road file: its feature there
    out.push({
      type: 'Feature',
      properties: {
        layer: 'edge',
        edge: e,
        osm_way_id: road === null ? net.edgeWay[e] : null,
        ...(road === null ? {} : { road_feature: road }),
        highway: net.meta.highwayNames[net.edgeHighway[e]] ?? null,
        length_m: Math.round(net.edgeLen[e] * 100) / 100,
        component: comp,
        component_nodes: net.meta.componentSizes[comp] ?? null,
        steps: (f & EDGE_STEPS) !== 0,
        area_outline: (f & EDGE_AREA) !== 0,
        oneway_foot: f & EDGE_FORWARD_ONLY ? 'forward' : f & EDGE_BACKWARD_ONLY ? 'backward' : null,
      },
      geometry: { type: 'LineString', coordinates: coords },
    });
  }
  return out;
}

/** each community's origins as the analysis uses them, and where each joins the network */
export async function originFeatures(
  net: WalkNetwork,
  communities: Community[],
  snap: SnapOptions,
): Promise<Feature<Point | LineString>[]> {
  const out: Feature<Point | LineString>[] = [];
  for (const c of communities) {
    const po = await polygonOrigins(net, c.geometry);
    for (const p of po.points) {
      const s = snapPoint(net, p[0], p[1], snap);
      const at: [number, number] = [round7(p[0]), round7(p[1])];
      const base = { community_id: c.id, community_name: c.name, origin_kind: po.kind };
      out.push({
        type: 'Feature',
        properties: {
          layer: 'origin',
          ...base,
          snapped: s.ok,
          snap_m: s.ok ? Math.round(s.snap.dist * 100) / 100 : null,
          edge: s.ok ? s.snap.edge : null,
          component: s.ok ? net.nodeComp[net.edgeU[s.snap.edge]] : null,
          reason: s.ok ? null : s.reason,
        },
        geometry: { type: 'Point', coordinates: at },
      });
      if (s.ok && s.snap.dist > 0)
        out.push({
          type: 'Feature',
          properties: { layer: 'snap', ...base, snap_m: Math.round(s.snap.dist * 100) / 100 },
          geometry: { type: 'LineString', coordinates: [at, [round7(s.snap.lon), round7(s.snap.lat)]] },
        });
    }
  }
  return out;
}
