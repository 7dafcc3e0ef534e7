/** `lifecircle network`: the walking network and the communities' snapped origins back out as GeoJSON. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, hasTool, ROOT, tmp } from '../support/env.js';

const SAMPLE = join(ROOT, 'data/sample');
const TOWN = join(SAMPLE, 'town.osm');

describe('lifecircle network', () => {
  it("writes every edge with way id, highway, length and component, and each community's snapped origins", () => {
    const dir = tmp();
    const out = join(dir, 'walk.geojson');
    const r = cli(['network', TOWN, '--communities', join(SAMPLE, 'communities.geojson'), '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.attribution).toMatch(/OpenStreetMap contributors/);
    const edges = fc.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'edge');
    const info = JSON.parse(cli(['inspect', TOWN, '--json']).stdout);
    expect(edges).toHaveLength(info.network.edges);
    const km =
      edges.reduce((s: number, f: { properties: { length_m: number } }) => s + f.properties.length_m, 0) / 1000;
    expect(km).toBeCloseTo(info.network.lengthKm, 2);
    for (const f of edges) {
      expect(f.geometry.type).toBe('LineString');
      expect(Number.isInteger(f.properties.osm_way_id)).toBe(true);
      expect(typeof f.properties.highway).toBe('string');
      expect(f.properties.component_nodes).toBeGreaterThan(0);
    }
    const origins = fc.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'origin');
    const ids = new Set(origins.map((f: { properties: { community_id: string } }) => f.properties.community_id));
    expect([...ids].sort()).toEqual(['QC-001', 'QC-002', 'QC-003', 'QC-004', 'QC-005', 'QC-006']);
    expect(origins.every((f: { properties: { snapped: boolean } }) => f.properties.snapped)).toBe(true);
    // the same inputs give the same bytes
    const again = join(dir, 'walk2.geojson');
    expect(cli(['network', TOWN, '--communities', join(SAMPLE, 'communities.geojson'), '-o', again, '-q']).status).toBe(
      0,
    );
    expect(readFileSync(again)).toEqual(readFileSync(out));
    if (hasTool('ogrinfo', ['--version'])) {
      const o = spawnSync('ogrinfo', ['-ro', '-al', '-so', out], { encoding: 'utf8' });
      expect(o.status, o.stderr).toBe(0);
    }
  });

  it('refuses a .gpkg output for now, with one line and no file', () => {
    const dir = tmp();
    const r = cli(['network', TOWN, '-o', join(dir, 'walk.gpkg')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^error: -o .*walk\.gpkg: the network is written as GeoJSON \(\.geojson\); GeoPackage output is not available yet$/,
    );
    expect(existsSync(join(dir, 'walk.gpkg'))).toBe(false);
  });
});
