/**
 * Who walks (适老化、适儿化、无障碍): walking profiles as data (data/walkers.yaml). A walker sees
 * the walking network without the edges it cannot use (by the flags walk-rules.yaml sets: steps,
 * wheelchair=no, rough surfaces, steep inclines, raised kerbs), with the edges it avoids counted as
 * longer than they are (an elderly walker's steps), walks at its own speed (time bands), and may
 * scale the standard's distances.
 *
 * walkerNetwork() gives that view as a WalkNetwork of its own — the same nodes, fewer edges,
 * components relabelled — so every stage (snapping, searches, isochrones, coverage) runs on it
 * unchanged: a point is snapped only onto edges the walker can use.
 */
import { readFileSync } from 'node:fs';
import { parseDataYaml } from '../util/data-yaml.js';
import { labelComponents } from '../network/components.js';
import { FLAG_BITS } from '../network/rules.js';
import type { WalkNetwork } from '../network/types.js';
import type { Bilingual } from '../profiles/types.js';
import { dataPath } from '../util/data-files.js';
import { InputError } from '../util/errors.js';

export interface Walker extends Bilingual {
  id: string;
  speedKmh: number;
  distanceFactor: number;
  /** edge flag names the walker cannot use */
  exclude: string[];
  /** flag name -> cost multiplier (> 1: avoided where a way round within that factor exists) */
  costFactor: Record<string, number>;
  source: string;
}

let cache: Map<string, Walker> | null = null;

export function loadWalkers(path = dataPath('walkers.yaml')): Map<string, Walker> {
  if (cache && path === dataPath('walkers.yaml')) return cache;
  let doc: { walkers?: Record<string, Record<string, unknown>> };
  try {
    doc = parseDataYaml(readFileSync(path, 'utf8'), 'walkers.yaml') as typeof doc;
  } catch (e) {
    throw new InputError(`${path}: cannot read the walkers (${(e as Error).message.split('\n')[0]})`);
  }
  if (!doc?.walkers || typeof doc.walkers !== 'object') throw new InputError(`${path}: expected a 'walkers:' mapping`);
  const out = new Map<string, Walker>();
  for (const [id, w] of Object.entries(doc.walkers)) {
    const where = `${path}: walker '${id}'`;
    const speed = Number(w.speed_kmh ?? 4);
    if (!(speed > 0 && speed < 20)) throw new InputError(`${where}: speed_kmh must be between 0 and 20`);
    const factor = Number(w.distance_factor ?? 1);
    if (!(factor > 0 && factor <= 2)) throw new InputError(`${where}: distance_factor must be in (0, 2]`);
    const exclude = (w.exclude ?? []) as string[];
    const costFactor = (w.cost_factor ?? {}) as Record<string, number>;
    for (const f of [...exclude, ...Object.keys(costFactor)])
      if (!(f in FLAG_BITS))
        throw new InputError(`${where}: unknown edge flag '${f}' (known: ${Object.keys(FLAG_BITS).join(', ')})`);
    for (const [f, v] of Object.entries(costFactor))
      if (!(typeof v === 'number' && v >= 1)) throw new InputError(`${where}: cost_factor.${f} must be a number >= 1`);
    out.set(id, {
      id,
      zh: String(w.zh ?? id),
      en: String(w.en ?? id),
      speedKmh: speed,
      distanceFactor: factor,
      exclude,
      costFactor,
      source: String(w.source ?? ''),
    });
  }
  if (path === dataPath('walkers.yaml')) cache = out;
  return out;
}

/** a walker by name; an unknown name is an error that lists the known ones */
export function walkerByName(name: string, where = '--walker'): Walker {
  const all = loadWalkers();
  const w = all.get(name);
  if (!w)
    throw new InputError(
      `${where} ${name}: no such walker (known: ${[...all.keys()].join(', ')}; see data/walkers.yaml)`,
    );
  return w;
}

const views = new WeakMap<WalkNetwork, Map<string, WalkNetwork>>();

/** the network as `walker` sees it (the network itself for a walker that excludes and penalises nothing) */
export function walkerNetwork(net: WalkNetwork, walker: Walker): WalkNetwork {
  if (!walker.exclude.length && !Object.keys(walker.costFactor).length) return net;
  let m = views.get(net);
  if (!m) {
    m = new Map();
    views.set(net, m);
  }
  const hit = m.get(walker.id);
  if (hit) return hit;
  let excl = 0;
  for (const f of walker.exclude) excl |= FLAG_BITS[f];
  const keep: number[] = [];
  for (let e = 0; e < net.edgeCount; e++) if ((net.edgeFlags[e] & excl) === 0) keep.push(e);
  const n = keep.length;
  const edgeU = new Uint32Array(n);
  const edgeV = new Uint32Array(n);
  const edgeLen = new Float64Array(n);
  const edgeFlags = new Uint8Array(n);
  const edgeHighway = new Uint8Array(n);
  const edgeRule = new Uint8Array(n);
  const edgeWay = new Float64Array(n);
  const geomOff = new Uint32Array(n + 1);
  let g = 0;
  for (let i = 0; i < n; i++) {
    const e = keep[i];
    g += net.geomOff[e + 1] - net.geomOff[e];
    geomOff[i + 1] = g;
  }
  const geomLon = new Float64Array(g);
  const geomLat = new Float64Array(g);
  const penalised = Object.entries(walker.costFactor).map(([f, v]) => [FLAG_BITS[f], v] as const);
  const edgeCost = penalised.length ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const e = keep[i];
    edgeU[i] = net.edgeU[e];
    edgeV[i] = net.edgeV[e];
    edgeLen[i] = net.edgeLen[e];
    edgeFlags[i] = net.edgeFlags[e];
    edgeHighway[i] = net.edgeHighway[e];
    edgeRule[i] = net.edgeRule[e];
    edgeWay[i] = net.edgeWay[e];
    geomLon.set(net.geomLon.subarray(net.geomOff[e], net.geomOff[e + 1]), geomOff[i]);
    geomLat.set(net.geomLat.subarray(net.geomOff[e], net.geomOff[e + 1]), geomOff[i]);
    if (edgeCost) {
      let f = 1;
      for (const [bit, v] of penalised) if (net.edgeFlags[e] & bit) f = Math.max(f, v);
      edgeCost[i] = net.edgeLen[e] * f;
    }
  }
  const { nodeComp, sizes } = labelComponents(net.nodeCount, edgeU, edgeV);
  const view: WalkNetwork = {
    ...net,
    meta: { ...net.meta, componentSizes: sizes },
    edgeCount: n,
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
    nodeComp,
    ...(edgeCost ? { edgeCost } : {}),
    features: () => net.features(),
  };
  m.set(walker.id, view);
  return view;
}
