/**
 * The walking network back out, for checking it in QGIS (where is a road missing, which fragment
 * is cut off, which gate is not mapped): one line per edge with its OSM way, highway type, length,
 * flags, connected component (id and size; component 0 is the largest) and the walk rule that
 * admitted it — the fields of outputs/tables/network.ts, which results.gpkg's network layer reads
 * too — and the origins of communities as the analysis uses them (coverage/community-context.ts:
 * gates, entrances, boundary crossings or centroid) with where each joins the network. As GeoJSON
 * (one file, a `layer` property per feature) or a GeoPackage (layers network, origins,
 * origin_links; styled for QGIS; the one GeoPackage writer, outputs/gpkg/). Deterministic: edges
 * in network order, origins in community order.
 */
import type { Feature, LineString, Point } from 'geojson';
import type { Community } from '../coverage/communities.js';
import { communityOrigins } from '../coverage/community-context.js';
import { PolygonIndex } from '../geo/polygon-index.js';
import { ATTRIBUTION } from '../io/geojson.js';
import { type GpkgLayer, gpkgToFile } from '../outputs/gpkg/write-gpkg.js';
import { networkQml, originLinksQml, originsCheckQml } from '../outputs/gpkg/qgis-styles.js';
import { header, materialize, type DatasetSpec } from '../outputs/schema.js';
import { edgeRows, networkTable } from '../outputs/tables/network.js';
import { type CheckedOriginRow, checkedOriginsTable, originLinksTable } from '../outputs/tables/origins.js';
import type { Lang } from '../profiles/types.js';
import type { SnapOptions } from '../snap/snap.js';
import { VERSION } from '../util/version.js';
import { roadFeatureOf, type WalkNetwork } from './types.js';

/** 7 decimals (~1 cm), as every GeoJSON the tool writes */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

function properties<R>(spec: DatasetSpec<R>, r: R): Record<string, unknown> {
  return Object.fromEntries(spec.fields.map((f) => [f.key, f.get(r, 'en')]));
}

export function edgeFeatures(net: WalkNetwork): Feature<LineString>[] {
  return edgeRows(net).map((r) => {
    const coords: [number, number][] = [];
    for (let k = net.geomOff[r.e]; k < net.geomOff[r.e + 1]; k++)
      coords.push([round7(net.geomLon[k]), round7(net.geomLat[k])]);
    return {
      type: 'Feature',
      properties: {
        layer: 'edge',
        ...properties(networkTable, r),
        // an edge from the planner's road file (--roads) names its feature there instead
        osm_way_id: roadFeatureOf(net.edgeWay[r.e]) === null ? net.edgeWay[r.e] : null,
        ...(roadFeatureOf(net.edgeWay[r.e]) === null ? {} : { road_feature: roadFeatureOf(net.edgeWay[r.e]) }),
      },
      geometry: { type: 'LineString', coordinates: coords },
    };
  });
}

/** every origin of every community (its gates when it has some: set `community.gates` first), snapped or not */
export async function originRows(
  net: WalkNetwork,
  communities: Community[],
  snap: SnapOptions,
): Promise<CheckedOriginRow[]> {
  const rows: CheckedOriginRow[] = [];
  for (const community of communities) {
    const found = await communityOrigins(net, community, new PolygonIndex(community.geometry), snap);
    for (const o of found.points) rows.push({ community, kind: found.kind, o, net });
  }
  return rows;
}

/** the origins as GeoJSON: a point per origin (layer origin) and its leg onto the network (layer snap) */
export function originFeatures(rows: CheckedOriginRow[]): Feature<Point | LineString>[] {
  const out: Feature<Point | LineString>[] = [];
  for (const r of rows) {
    const at: [number, number] = [round7(r.o.lon), round7(r.o.lat)];
    out.push({
      type: 'Feature',
      properties: { layer: 'origin', ...properties(checkedOriginsTable, r) },
      geometry: { type: 'Point', coordinates: at },
    });
    if (r.o.snap && r.o.snap.dist > 0)
      out.push({
        type: 'Feature',
        properties: { layer: 'snap', ...properties(originLinksTable, r) },
        geometry: { type: 'LineString', coordinates: [at, [round7(r.o.snap.lon), round7(r.o.snap.lat)]] },
      });
  }
  return out;
}

/**
 * The same as a GeoPackage written into the open file `fd` (SQLite's database lives in that file,
 * not in the WASM heap: a province's network layer is ~1 GB): network, and with communities
 * origins and origin_links, each styled.
 */
export async function networkGpkg(
  net: WalkNetwork,
  origins: CheckedOriginRow[] | null,
  lang: Lang,
  fd: number,
): Promise<void> {
  const layer = (d: ReturnType<typeof materialize>, qml: string): GpkgLayer => ({
    data: d,
    title: header(d, lang),
    description: `${header(d, lang)} — lifecircle ${VERSION}. ${ATTRIBUTION}`,
    qml,
    styleName: header(d, lang),
  });
  const edges = materialize(networkTable, edgeRows(net), lang);
  const layers: GpkgLayer[] = [layer(edges, networkQml(edges, lang))];
  if (origins) {
    const points = materialize(checkedOriginsTable, origins, lang);
    const links = materialize(
      originLinksTable,
      origins.filter((r) => r.o.snap && r.o.snap.dist > 0),
      lang,
    );
    layers.push(layer(points, originsCheckQml(points, lang)), layer(links, originLinksQml(links, lang)));
  }
  await gpkgToFile(
    layers,
    {
      items: {
        attribution: ATTRIBUTION,
        generator: `lifecircle ${VERSION}`,
        osm_sha256: net.meta.source.sha256,
        components: String(net.meta.componentSizes.length),
      },
    },
    fd,
  );
}
