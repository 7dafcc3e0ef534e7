#!/usr/bin/env node
/**
 * Generates data/crs/epsg-china.json: the coordinate systems Chinese planning files come in, as
 * proj4 definitions taken from PROJ's own database (`projinfo`, Debian proj-bin), so the tool needs
 * no 40 MB EPSG table at run time. Families: CGCS2000 (geographic 4490 and every Gauss–Krüger 3° and
 * 6° zone, with and without the zone number in the false easting), Xi'an 1980, Beijing 1954 and
 * New Beijing (the same zone sets), WGS 84 (4326), Web Mercator (3857) and WGS 84 / UTM (north and
 * south). Run: node scripts/make-crs-table.mjs (about a minute); the output is deterministic.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'crs', 'epsg-china.json');
const FAMILIES = [
  ['CGCS2000', /^(China Geodetic Coordinate System 2000|CGCS2000 \/ (3-degree )?Gauss-Kruger (zone \d+|CM \d+E))$/],
  ['Xian 1980', /^Xian 1980( \/ (3-degree )?Gauss-Kruger (zone \d+|CM \d+E))?$/],
  ['Beijing 1954', /^Beijing 1954( \/ (3-degree )?Gauss-Kruger (zone \d+|CM \d+E))?$/],
  ['New Beijing', /^New Beijing( \/ (3-degree )?Gauss-Kruger (zone \d+|CM \d+E))?$/],
  ['WGS 84', /^WGS 84( \/ (UTM zone \d+[NS]|Pseudo-Mercator))?$/],
];

const list = execFileSync('projinfo', ['--list-crs', '--authority', 'EPSG'], { encoding: 'utf8' });
const table = {};
for (const line of list.split('\n')) {
  const m = /^EPSG:(\d+) "(.*)"( \[deprecated\])?$/.exec(line.trim());
  if (!m || m[3]) continue;
  const [, code, name] = m;
  const fam = FAMILIES.find(([, re]) => re.test(name));
  if (!fam) continue;
  const proj = execFileSync('projinfo', [`EPSG:${code}`, '-o', 'PROJ', '-q'], { encoding: 'utf8' })
    .trim()
    .replace(/ \+type=crs$/, '');
  if (!/^\+proj=(longlat|tmerc|utm|merc)/.test(proj)) continue; // geocentric and 3D entries are not planners' files
  table[code] = { name, family: fam[0], proj4: proj };
}
const sorted = Object.fromEntries(Object.entries(table).sort((a, b) => Number(a[0]) - Number(b[0])));
writeFileSync(OUT, `${JSON.stringify(sorted, null, 0).replace(/},"/g, '},\n"')}\n`);
const byFamily = {};
for (const v of Object.values(sorted)) byFamily[v.family] = (byFamily[v.family] ?? 0) + 1;
console.log(`${Object.keys(sorted).length} definitions → ${OUT}`, byFamily);
