/** Geometry along one network edge, for drawing routes that start or end part-way along it. */
import type { Position } from 'geojson';
import { segmentLength } from '../geo/geodesy.js';
import type { WalkNetwork } from './types.js';

/**
 * The points along edge e between metres `a` and `b` from its u end (reversed when a > b): the
 * cut points interpolated on their segments, the edge's own vertices in between.
 */
export function edgeSubline(
  net: Pick<WalkNetwork, 'geomOff' | 'geomLon' | 'geomLat'>,
  e: number,
  a: number,
  b: number,
): Position[] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const pts: Position[] = [];
  let s = 0;
  const g0 = net.geomOff[e];
  const g1 = net.geomOff[e + 1];
  for (let k = g0; k + 1 < g1; k++) {
    const x0 = net.geomLon[k];
    const y0 = net.geomLat[k];
    const x1 = net.geomLon[k + 1];
    const y1 = net.geomLat[k + 1];
    const l = segmentLength(x0, y0, x1, y1);
    const s1 = s + l;
    const at = (d: number): Position => {
      const t = l > 0 ? (d - s) / l : 0;
      return [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t];
    };
    if (s1 >= lo && s <= hi) {
      if (!pts.length) pts.push(at(Math.max(lo, s)));
      if (s1 <= hi) pts.push([x1, y1]);
      else {
        pts.push(at(hi));
        break;
      }
    }
    s = s1;
  }
  return a <= b ? pts : pts.reverse();
}
