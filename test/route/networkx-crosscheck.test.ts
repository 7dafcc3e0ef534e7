/**
 * Cross-check with the networkx peer (../shared/peers, OSMnx walk filter) on Monaco with the
 * 85 shared origins. With the OSMnx filter expressed as lifecircle rules, the two graphs must be
 * the same and so must reached nodes and distances, up to the length formula (OSMnx: spherical
 * haversine; lifecircle: WGS-84 ellipsoid, which differs by up to ~0.3 %).
 * With lifecircle's own rules the differences are explained in docs/network.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkFromOsm } from '../../src/network/build.js';
import { buildCsr } from '../../src/network/csr.js';
import { parseWalkRules } from '../../src/network/rules.js';
import { Dijkstra } from '../../src/route/dijkstra.js';
import { HAS_SHARED, ROOT, hasTool, real } from '../support/env.js';

const HAS_NX = HAS_SHARED && hasTool('/usr/bin/python3', ['-c', 'import networkx, osmium']);
const CUTOFF = 1250;

(HAS_NX ? describe : describe.skip)('networkx walk graph vs lifecircle on Monaco (85 origins)', () => {
  it('same graph and same reached nodes and distances under the OSMnx walk filter', async () => {
    const pbf = real('ext-monaco-pbf/monaco.osm.pbf');
    const nx = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [join(ROOT, 'test/support/networkx_reach.py'), pbf, real('ext-monaco-pbf/origins85.geojson'), String(CUTOFF)],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      ),
    ) as {
      graph: { nodes: number; edges: number; km: number };
      origins: { id: number; source: number; dist: Record<string, number> }[];
    };
    const rulesPath = join(ROOT, 'test/fixtures/osmnx-walk-rules.yaml');
    const net = await networkFromOsm(pbf, {
      rules: parseWalkRules(readFileSync(rulesPath, 'utf8'), rulesPath),
      features: false,
    });
    expect(net.nodeCount).toBe(nx.graph.nodes);
    expect(net.edgeCount).toBe(nx.graph.edges);
    let km = 0;
    for (let e = 0; e < net.edgeCount; e++) km += net.edgeLen[e] / 1000;
    expect(Math.abs(km - nx.graph.km) / nx.graph.km).toBeLessThan(0.003);

    const index = new Map<number, number>();
    for (let i = 0; i < net.nodeCount; i++) index.set(net.nodeOsmId[i], i);
    const dj = new Dijkstra(buildCsr(net), net.nodeCount);
    let compared = 0;
    let worst = 0;
    for (const o of nx.origins) {
      dj.run([{ node: index.get(o.source)!, cost: 0 }], CUTOFF * 1.01);
      // nodes reached by networkx: reached by us at the same distance (relative 0.3 %)
      for (const [id, d] of Object.entries(o.dist)) {
        const ours = dj.dist[index.get(Number(id))!];
        expect(ours).toBeLessThan(Infinity);
        const rel = d > 0 ? Math.abs(ours - d) / d : Math.abs(ours - d);
        worst = Math.max(worst, rel);
        compared++;
      }
      // and nodes we reach well inside the cutoff are reached by networkx too
      for (let i = 0; i < dj.touchedCount; i++) {
        const v = dj.touched[i];
        if (dj.dist[v] < CUTOFF * 0.99)
          expect(o.dist[String(net.nodeOsmId[v])], `origin ${o.id} node ${net.nodeOsmId[v]}`).toBeDefined();
      }
    }
    expect(compared).toBeGreaterThan(20000);
    expect(worst).toBeLessThan(0.003);
    console.log(
      `networkx cross-check: ${compared} node distances compared over ${nx.origins.length} origins, worst relative difference ${worst.toExponential(2)}`,
    );
  });
});
