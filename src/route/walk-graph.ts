/**
 * The walking graph as the searches see it: the forward CSR (searches from origins: isochrones,
 * facilities in reach, routes) and the reverse CSR (searches towards facilities), each built once
 * per network — on first use, so a command that needs only one direction never builds the other.
 */
import { buildCsr, type Csr } from '../network/csr.js';
import type { WalkNetwork } from '../network/types.js';

/** the columns of the network a graph search reads */
export type GraphNetwork = Pick<WalkNetwork, 'nodeCount' | 'edgeCount' | 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags'>;

export class WalkGraph {
  private fwd: Csr | null = null;
  private rev: Csr | null = null;

  constructor(readonly net: GraphNetwork) {}

  /** arcs leaving each node in walking direction */
  get forward(): Csr {
    this.fwd ??= buildCsr(this.net);
    return this.fwd;
  }

  /** arcs entering each node (a search on it measures distances *to* its seeds) */
  get reverse(): Csr {
    this.rev ??= buildCsr(this.net, true);
    return this.rev;
  }
}

const graphs = new WeakMap<GraphNetwork, WalkGraph>();

/** the network's graph, built (lazily, per direction) once per network object */
export function walkGraph(net: GraphNetwork): WalkGraph {
  let g = graphs.get(net);
  if (!g) {
    g = new WalkGraph(net);
    graphs.set(net, g);
  }
  return g;
}

/**
 * Lets the network's graph go once no more searches will run (before a job's outputs: ~25 MB at
 * city scale that the GeoPackage's worker would otherwise stack on; BENCHMARKS.md, issue 13).
 * A later search simply builds it again.
 */
export function releaseWalkGraph(net: GraphNetwork): void {
  graphs.delete(net);
}
