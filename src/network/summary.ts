/** What `inspect` reports about a network: counts, length, components, highway mix. */
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, EDGE_STEPS, type WalkNetwork } from './types.js';

export interface NetworkSummary {
  source: { path: string; format: string; bytes: number; sha256: string };
  osm: { nodes: number; ways: number; relations: number };
  network: {
    nodes: number;
    edges: number;
    lengthKm: number;
    components: number;
    largestComponentShare: number;
    largestComponentNodes: number;
    stepsEdges: number;
    onewayFootEdges: number;
  };
  bbox: [number, number, number, number];
  highways: Record<string, { edges: number; km: number }>;
  features: { taggedPoints: number; taggedAreas: number; residentialAreas: number; residentialBuildings: number };
  clip?: { area: string; marginM: number };
  rulesHash: string;
  skipped: Record<string, number>;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

export function summarize(net: WalkNetwork): NetworkSummary {
  let len = 0;
  let steps = 0;
  let oneway = 0;
  const hw: Record<string, { edges: number; km: number }> = {};
  for (let e = 0; e < net.edgeCount; e++) {
    len += net.edgeLen[e];
    if (net.edgeFlags[e] & EDGE_STEPS) steps++;
    if (net.edgeFlags[e] & (EDGE_FORWARD_ONLY | EDGE_BACKWARD_ONLY)) oneway++;
    const name = net.meta.highwayNames[net.edgeHighway[e]] ?? 'other';
    hw[name] ??= { edges: 0, km: 0 };
    const h = hw[name];
    h.edges++;
    h.km += net.edgeLen[e] / 1000;
  }
  const highways: Record<string, { edges: number; km: number }> = {};
  for (const k of Object.keys(hw).sort((a, b) => hw[b].km - hw[a].km || (a < b ? -1 : 1)))
    highways[k] = { edges: hw[k].edges, km: r3(hw[k].km) };
  const sizes = net.meta.componentSizes;
  const m = net.meta;
  const skipped = Object.fromEntries(Object.entries(m.stats.skipped).filter(([, v]) => v > 0));
  return {
    source: { path: m.source.path, format: m.source.format, bytes: m.source.bytes, sha256: m.source.sha256 },
    osm: { ...m.source.counts },
    network: {
      nodes: net.nodeCount,
      edges: net.edgeCount,
      lengthKm: r3(len / 1000),
      components: sizes.length,
      largestComponentShare: net.nodeCount ? Math.round((sizes[0] / net.nodeCount) * 10000) / 10000 : 0,
      largestComponentNodes: sizes[0] ?? 0,
      stepsEdges: steps,
      onewayFootEdges: oneway,
    },
    bbox: m.bbox,
    highways,
    features: {
      taggedPoints: m.stats.taggedPoints,
      taggedAreas: m.stats.taggedAreas,
      residentialAreas: m.stats.residentialAreas,
      residentialBuildings: m.stats.residentialBuildings,
    },
    ...(m.clip ? { clip: m.clip } : {}),
    rulesHash: m.rulesHash,
    skipped,
  };
}
