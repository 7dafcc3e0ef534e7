/** Tiny OSM XML files written from plain data, for hand-checked network tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmp } from './env.js';

export type Tags = Record<string, string>;
export interface Fixture {
  nodes: [id: number, lon: number, lat: number, tags?: Tags][];
  ways: [id: number, refs: number[], tags: Tags][];
  relations?: [id: number, members: [type: string, ref: number, role: string][], tags: Tags][];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const tagXml = (t: Tags = {}) =>
  Object.entries(t)
    .map(([k, v]) => `<tag k="${esc(k)}" v="${esc(v)}"/>`)
    .join('');

export function osmXml(f: Fixture): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="lifecircle-test">'];
  for (const [id, lon, lat, tags] of f.nodes)
    out.push(`<node id="${id}" lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}">${tagXml(tags)}</node>`);
  for (const [id, refs, tags] of f.ways)
    out.push(`<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${tagXml(tags)}</way>`);
  for (const [id, mem, tags] of f.relations ?? [])
    out.push(
      `<relation id="${id}">${mem.map(([t, r, role]) => `<member type="${t}" ref="${r}" role="${role}"/>`).join('')}${tagXml(tags)}</relation>`,
    );
  out.push('</osm>');
  return out.join('\n');
}

export function writeFixture(f: Fixture, name = 'fixture.osm'): string {
  const p = join(tmp(), name);
  writeFileSync(p, osmXml(f));
  return p;
}

/** A lon/lat grid helper: metres east/north of a base point (approximate, for fixtures). */
export function at(eastM: number, northM: number, base: [number, number] = [113.05, 23.68]): [number, number] {
  const ky = 110_760; // m per degree latitude near 23.7°N
  const kx = 102_000; // m per degree longitude near 23.7°N
  return [base[0] + eastM / kx, base[1] + northM / ky];
}
