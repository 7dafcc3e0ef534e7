/**
 * The parts of a network the isochrone engine reads, copied into SharedArrayBuffers so worker
 * threads can use them without copies of their own.
 */
import type { Csr } from '../network/csr.js';
import type { WalkNetwork } from '../network/types.js';
import { shareArray as share } from '../util/shared-array.js';

export type EngineNetwork = Pick<
  WalkNetwork,
  'nodeCount' | 'edgeCount' | 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags' | 'geomOff' | 'geomLon' | 'geomLat'
>;

export interface SharedNetwork {
  net: EngineNetwork;
  csr: Csr;
}

export function shareNetwork(net: WalkNetwork, csr: Csr): SharedNetwork {
  return {
    net: {
      nodeCount: net.nodeCount,
      edgeCount: net.edgeCount,
      edgeU: share(net.edgeU),
      edgeV: share(net.edgeV),
      edgeLen: share(net.edgeLen),
      edgeFlags: share(net.edgeFlags),
      geomOff: share(net.geomOff),
      geomLon: share(net.geomLon),
      geomLat: share(net.geomLat),
    },
    csr: { off: share(csr.off), head: share(csr.head), w: share(csr.w), edge: share(csr.edge) },
  };
}
