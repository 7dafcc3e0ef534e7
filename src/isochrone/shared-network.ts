/**
 * The parts of a network the isochrone engine reads, copied into SharedArrayBuffers so worker
 * threads can use them without copies of their own.
 */
import type { Csr } from '../network/csr.js';
import type { WalkNetwork } from '../network/types.js';

export type EngineNetwork = Pick<
  WalkNetwork,
  'nodeCount' | 'edgeCount' | 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags' | 'geomOff' | 'geomLon' | 'geomLat'
>;

export interface SharedNetwork {
  net: EngineNetwork;
  csr: Csr;
}

function share<T extends Float64Array | Uint32Array | Uint8Array>(a: T): T {
  const sab = new SharedArrayBuffer(Math.max(8, a.byteLength));
  const out = new (a.constructor as { new (b: SharedArrayBuffer, o: number, n: number): T })(sab, 0, a.length);
  out.set(a);
  return out;
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
