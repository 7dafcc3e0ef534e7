/** Every command's entry to the network: a prepared network file, or any OSM file (built on the fly). */
import { probeFile } from '../osm/detect.js';
import { networkFromOsm, type BuildOptions } from './build.js';
import { loadNetworkFile } from './network-file.js';
import type { WalkNetwork } from './types.js';
import { InputError } from '../util/errors.js';

export async function loadNetwork(path: string, opts: BuildOptions = {}): Promise<WalkNetwork> {
  const probe = probeFile(path);
  if (probe.format === 'network') {
    if (opts.clip)
      throw new InputError(
        `--clip applies when reading an OSM file; ${path} is a prepared network (clip when running prepare)`,
      );
    return loadNetworkFile(path);
  }
  return networkFromOsm(path, opts);
}
