/** Loads the network for a command (network file or OSM file), reporting progress on stderr. */
import { basename } from 'node:path';
import { probeFile } from '../osm/detect.js';
import { networkFromOsm } from '../network/build.js';
import type { ClipArea } from '../network/clip.js';
import type { WalkNetwork } from '../network/types.js';
import { InputError } from '../util/errors.js';
import { Progress } from './progress.js';
import { type Walker, walkerNetwork } from '../walkers/walkers.js';
import type { RoadsSpec } from '../roads/read-roads.js';
import { fmtBytes, fmtInt, ui } from './ui.js';

export function defaultWorkers(): number {
  const env = Number(process.env.LIFECIRCLE_WORKERS);
  if (Number.isInteger(env) && env >= 0) return env;
  return 0; // inline decoding measured faster than worker threads on 2 cores (BENCHMARKS.md)
}

export async function openNetwork(
  path: string,
  opts: {
    clip?: ClipArea;
    features?: boolean;
    allowEmpty?: boolean;
    walker?: Walker;
    roads?: RoadsSpec;
    /** encode the features for the network file as they are built (prepare) */
    featuresJson?: boolean;
  } = {},
): Promise<WalkNetwork> {
  const net = await loadAny(path, opts);
  if (!opts.walker) return net;
  const view = walkerNetwork(net, opts.walker);
  if (view !== net)
    ui.ok(
      `walker ${opts.walker.id}: ${fmtInt(view.edgeCount)} of ${fmtInt(net.edgeCount)} edges usable (${opts.walker.exclude.join(', ') || 'penalties only'})`,
    );
  return view;
}

async function loadAny(
  path: string,
  opts: { clip?: ClipArea; features?: boolean; allowEmpty?: boolean; roads?: RoadsSpec; featuresJson?: boolean },
): Promise<WalkNetwork> {
  const probe = probeFile(path);
  if (probe.format === 'network') {
    if (opts.roads)
      throw new InputError(
        `--roads applies when reading an OSM file; ${path} is a prepared network (give --roads to prepare, or the OSM file here)`,
      );
    if (opts.clip)
      throw new InputError(
        `--clip applies when reading an OSM file; ${path} is a prepared network (clip when running prepare)`,
      );
    // loaded here, not at start-up: a run on an OSM file never reads a network file
    const { loadNetworkFile } = await import('../network/network-file.js');
    const p = new Progress(`loading ${basename(path)}`, 1);
    const net = loadNetworkFile(path);
    p.done(`${fmtInt(net.nodeCount)} nodes, ${fmtInt(net.edgeCount)} edges`);
    return net;
  }
  // the road file is read first: a file with no lines, or none walkable, fails before the long read
  const roads = opts.roads ? await (await import('../roads/read-roads.js')).readRoads(opts.roads) : undefined;
  if (roads) {
    if (roads.input.crs.assumption) ui.warn(`${opts.roads!.file}: ${roads.input.crs.assumption}`);
    for (const w of roads.input.warnings) ui.warn(w);
  }
  const p = new Progress(`reading ${basename(path)}`, probe.size, '');
  const net = await networkFromOsm(path, {
    ...opts,
    roads,
    workers: defaultWorkers(),
    onProgress: (n, total) => p.update(n, total),
    onWarning: (m) => ui.warn(m),
  });
  const c = net.meta.source.counts;
  p.done(
    `${fmtBytes(probe.size)}, ${fmtInt(c.nodes)} nodes, ${fmtInt(c.ways)} ways → network of ${fmtInt(net.nodeCount)} nodes, ${fmtInt(net.edgeCount)} edges`,
  );
  if (net.meta.roads) {
    const { roadsReport } = await import('../roads/report.js');
    const r = roadsReport(net.meta.roads);
    ui.ok(r.summary);
    for (const w of r.warnings) ui.warn(w);
  }
  return net;
}
