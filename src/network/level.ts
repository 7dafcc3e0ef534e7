/**
 * The level a way is on, for noding lines that cross without a shared node: its `layer` when it
 * has one, else +1 for a bridge, -1 for a tunnel, else 0 (OSM's layer semantics). Used for OSM ways
 * and a planner's road lines alike (src/roads/noding.ts).
 */
import type { Tags } from '../osm/block.js';

export const LEVEL_KEYS = ['bridge', 'tunnel', 'layer'] as const;

export function wayLevel(tags: Tags): number {
  const l = tags.layer !== undefined ? Number(tags.layer) : NaN;
  if (Number.isFinite(l)) return Math.max(-100, Math.min(100, Math.round(l)));
  if (tags.bridge !== undefined && tags.bridge !== 'no') return 1;
  if (tags.tunnel !== undefined && tags.tunnel !== 'no') return -1;
  return 0;
}
