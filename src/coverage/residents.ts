/**
 * Where a community's residents live, as weighted sample points: its residential buildings
 * (weight = footprint × levels; unknown levels take the median of the community's known ones,
 * else 1), or without mapped buildings a regular grid (RESIDENT_GRID_SPACING_M, params/parameters.ts) over the polygon. When the
 * community gives households or population, the weights are scaled to add up to it.
 */
import { PolygonIndex } from '../geo/polygon-index.js';
import { buildingsWithin } from '../network/feature-index.js';
import type { WalkNetwork } from '../network/types.js';
import { RESIDENT_GRID_SPACING_M } from '../params/parameters.js';
import type { Community } from './communities.js';

export interface Residents {
  kind: 'buildings' | 'grid';
  lon: Float64Array;
  lat: Float64Array;
  weight: Float64Array;
  /** what the weights count */
  unit: 'households' | 'population' | 'floor area m²' | 'grid cells';
  total: number;
}

/** The residential buildings of a community: the network's own building index, asked per polygon. */
export class BuildingIndex {
  constructor(private readonly net: WalkNetwork) {}
  /** buildings whose centroid lies inside the polygon */
  inside(pi: PolygonIndex): number[] {
    const [x0, y0, x1, y1] = pi.lonLatBbox;
    const b = this.net.buildings;
    return buildingsWithin(this.net, x0, y0, x1, y1).filter((i) => pi.contains(b.lon[i], b.lat[i]));
  }
}

export function sampleResidents(
  net: WalkNetwork,
  c: Community,
  buildings: BuildingIndex,
  pi = new PolygonIndex(c.geometry),
  spacingM = RESIDENT_GRID_SPACING_M,
): Residents {
  const inside = buildings.inside(pi);
  let lon: number[] = [];
  let lat: number[] = [];
  let w: number[] = [];
  let kind: Residents['kind'];
  if (inside.length) {
    kind = 'buildings';
    const b = net.buildings;
    const known = inside
      .map((i) => b.levels[i])
      .filter((l) => l > 0)
      .sort((a, z) => a - z);
    const fallback = known.length ? known[Math.floor(known.length / 2)] : 1;
    for (const i of inside) {
      lon.push(b.lon[i]);
      lat.push(b.lat[i]);
      w.push(b.area[i] * (b.levels[i] > 0 ? b.levels[i] : fallback));
    }
  } else {
    kind = 'grid';
    const [x0, y0, x1, y1] = pi.bbox;
    // grid aligned to the polygon's bbox corner, cell centres
    for (let y = y0 + spacingM / 2; y < y1; y += spacingM)
      for (let x = x0 + spacingM / 2; x < x1; x += spacingM)
        if (pi.containsXY(x, y)) {
          lon.push(pi.proj.lon(x));
          lat.push(pi.proj.lat(y));
          w.push(1);
        }
    if (!lon.length) {
      // a sliver smaller than one cell: its interior point stands for it
      const [bx0, by0, bx1, by1] = pi.lonLatBbox;
      lon = [(bx0 + bx1) / 2];
      lat = [(by0 + by1) / 2];
      w = [1];
    }
  }
  const sum = w.reduce((s, v) => s + v, 0);
  const target = c.households ?? c.population;
  const unit: Residents['unit'] =
    c.households !== null
      ? 'households'
      : c.population !== null
        ? 'population'
        : kind === 'buildings'
          ? 'floor area m²'
          : 'grid cells';
  const scale = target !== null && sum > 0 ? target / sum : 1;
  const weight = Float64Array.from(w, (v) => v * scale);
  return { kind, lon: Float64Array.from(lon), lat: Float64Array.from(lat), weight, unit, total: target ?? sum };
}
