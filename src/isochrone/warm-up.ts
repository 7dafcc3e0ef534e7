/** Runs the isochrone engine on a small synthetic street grid so that V8 has compiled its hot loops. */
import { buildCsr } from '../network/csr.js';
import type { Seed } from '../route/dijkstra.js';
import { IsochroneEngine } from './engine.js';
import { shareNetwork, type EngineNetwork } from './shared-network.js';

export function warmUp(o: { resolutionM: number; corridorM: number }): void {
  const n = 30; // 30 x 30 intersections, 60 m apart (~1.7 km square)
  const step = 60 / 111_000;
  const u: number[] = [];
  const v: number[] = [];
  const id = (i: number, j: number) => i * n + j;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (j + 1 < n) {
        u.push(id(i, j));
        v.push(id(i, j + 1));
      }
      if (i + 1 < n) {
        u.push(id(i, j));
        v.push(id(i + 1, j));
      }
    }
  const m = u.length;
  const lon = (k: number) => 10 + (k % n) * step;
  const lat = (k: number) => 45 + Math.floor(k / n) * step * 0.7;
  const geomLon = new Float64Array(2 * m);
  const geomLat = new Float64Array(2 * m);
  const geomOff = new Uint32Array(m + 1);
  const edgeLen = new Float64Array(m).fill(60);
  for (let e = 0; e < m; e++) {
    geomLon[2 * e] = lon(u[e]);
    geomLat[2 * e] = lat(u[e]);
    geomLon[2 * e + 1] = lon(v[e]);
    geomLat[2 * e + 1] = lat(v[e]);
    geomOff[e + 1] = 2 * e + 2;
  }
  const net: EngineNetwork = {
    nodeCount: n * n,
    edgeCount: m,
    edgeU: Uint32Array.from(u),
    edgeV: Uint32Array.from(v),
    edgeLen,
    edgeFlags: new Uint8Array(m),
    geomOff,
    geomLon,
    geomLat,
  };
  // the real network arrives in SharedArrayBuffers: warm up on the same kind of arrays
  const shared = shareNetwork(net as never, buildCsr(net));
  const engine = new IsochroneEngine(shared.net, shared.csr, {
    budgets: [300, 600, 900],
    corridorM: o.corridorM,
    resolutionM: o.resolutionM,
  });
  for (let k = 0; k < 12; k++) {
    const e = (k * 97) % m;
    const seeds: Seed[] = [
      { node: u[e], cost: 10 },
      { node: v[e], cost: 50 },
    ];
    engine.compute(
      [
        {
          lon: geomLon[2 * e],
          lat: geomLat[2 * e],
          snap: { edge: e, along: 10, lon: geomLon[2 * e], lat: geomLat[2 * e], dist: 0 },
        },
      ],
      seeds,
    );
  }
}
