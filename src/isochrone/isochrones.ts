/** Isochrones for a file of origins: snap, compute per origin set, and build GeoJSON features. */
import { polygonsJson, type RawFeature } from '../io/geojson.js';
import type { WalkNetwork } from '../network/types.js';
import { walkGraph } from '../route/walk-graph.js';
import type { SnapOptions } from '../snap/snap.js';
import { sourceSeeds } from '../snap/snapped-point.js';
import type { Band } from './bands.js';
import type { BandResult } from './engine.js';
import { mark } from '../util/timing.js';
import { IsochronePool, type IsochroneJob } from './pool.js';
import { snapOrigins, type OriginSet } from './origins.js';

export interface IsochroneRunOptions extends SnapOptions {
  bands: Band[];
  corridorM: number;
  resolutionM: number;
  onProgress?: (done: number, total: number) => void;
}

export interface UnsnappedOrigin {
  id: string;
  name: string | null;
  reason: string;
}

export interface IsochroneRun {
  features: (RawFeature & { polygons: Float64Array[][] | null })[];
  unsnapped: UnsnappedOrigin[];
  /** origin points that could not be snapped although others of their set could */
  partiallySnapped: { id: string; failed: number; reasons: string[] }[];
  sets: number;
}

export async function computeIsochrones(
  net: WalkNetwork,
  sets: OriginSet[],
  o: IsochroneRunOptions,
  pool: IsochronePool = new IsochronePool(0, o),
): Promise<IsochroneRun> {
  const snapped = snapOrigins(net, sets, o);
  mark('isochrones: snap');
  const jobs: IsochroneJob[] = [];
  const jobOf: number[] = [];
  snapped.forEach((s, k) => {
    if (s.points.length === 0) return;
    jobOf[k] = jobs.length;
    jobs.push({
      points: s.points.map((p) => ({ lon: p.lon, lat: p.lat, snap: p.snap })),
      seeds: s.points.flatMap((p) => sourceSeeds(net, p.snap)),
    });
  });
  const results: BandResult[][] = [];
  const csr = walkGraph(net).forward;
  mark('isochrones: csr');
  let done = 0;
  await pool.run(
    net,
    csr,
    { budgets: o.bands.map((b) => b.metres), corridorM: o.corridorM, resolutionM: o.resolutionM },
    jobs,
    (k, r) => {
      results[k] = r;
      o.onProgress?.(++done, jobs.length);
    },
  );
  const features: IsochroneRun['features'] = [];
  const unsnapped: UnsnappedOrigin[] = [];
  const partial: IsochroneRun['partiallySnapped'] = [];
  mark('isochrones: compute');
  snapped.forEach((s, k) => {
    const base = { ...originProperties(s.set.properties), id: s.set.id, name: s.set.name };
    if (s.points.length === 0) {
      const reason = [...new Set(s.failed.map((f) => f.reason))].join('; ');
      unsnapped.push({ id: s.set.id, name: s.set.name, reason });
      features.push({ properties: { ...base, status: 'unsnapped', reason }, geometryJson: null, polygons: null });
      return;
    }
    if (s.failed.length)
      partial.push({ id: s.set.id, failed: s.failed.length, reasons: [...new Set(s.failed.map((f) => f.reason))] });
    const res = results[jobOf[k]];
    const snapM = Math.max(...s.points.map((p) => p.snap.dist));
    // larger bands first, so that smaller ones draw on top in QGIS
    for (let b = o.bands.length - 1; b >= 0; b--) {
      const band = o.bands[b];
      const r = res[b];
      const has = r.polygons.length > 0;
      features.push({
        polygons: has ? r.polygons : null,
        geometryJson: has ? polygonsJson(r.polygons) : null,
        properties: {
          ...base,
          band: band.label,
          threshold: band.threshold,
          unit: band.unit,
          distance_m: round2(band.metres),
          area_m2: Math.round(r.areaM2),
          reached_length_m: round2(r.reachedLengthM),
          reached_nodes: r.reachedNodes,
          snap_m: round2(snapM),
          origin_kind: s.set.kind,
          origin_points: s.points.length,
          status: has ? 'ok' : 'nothing reachable',
        },
      });
    }
  });
  mark('isochrones: features');
  return { features, unsnapped, partiallySnapped: partial, sets: sets.length };
}

/** keys the isochrone features carry themselves; an origin's own property of that name is kept as origin_<key> */
const OWN_KEYS = new Set([
  'id',
  'name',
  'band',
  'threshold',
  'unit',
  'distance_m',
  'area_m2',
  'reached_length_m',
  'reached_nodes',
  'snap_m',
  'origin_kind',
  'origin_points',
  'status',
  'reason',
]);

function originProperties(p: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p ?? {})) {
    if (k === 'id' || k === 'name') continue; // the origin's id and name are ours
    out[OWN_KEYS.has(k) ? `origin_${k}` : k] = v;
  }
  return out;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
