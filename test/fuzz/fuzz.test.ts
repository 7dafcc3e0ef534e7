/**
 * The fuzz suite, briefly (issue 14): a fixed number of seeded mutations of small real files per
 * reader (in process), per input-stage format (communities and lists as GeoJSON, Shapefile and
 * GeoPackage, in process) and per CLI input kind. `npm run fuzz` runs the same cases at length.
 * Each case: read or refused with one line (exit 0 or 2), no stack trace, nothing left on disk,
 * peak RSS under 1 GB and under 30 s (see scripts/fuzz/core.mjs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCommunities } from '../../src/coverage/communities.js';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { loadNetworkFile } from '../../src/network/network-file.js';
import { readOsm } from '../../src/osm/read.js';
// @ts-expect-error plain JavaScript shared with scripts/fuzz.mjs
import * as fuzz from '../../scripts/fuzz/core.mjs';
import { ROOT, tmp } from '../support/env.js';

const READER_CASES = 100; // in process, milliseconds each
const CLI_CASES = 2; // per input kind, a CLI start each
const INPUT_CASES = 100; // the input stage in process

let net = '';
let work = '';
/** Shapefile and GeoPackage seeds (ogr2ogr writes them; without GDAL those kinds are left out) */
let gis: unknown = null;
beforeAll(() => {
  work = tmp('lc-fuzz-');
  gis = fuzz.makeGisSeeds(join(work, 'gis'));
  if (!gis) console.log('notice: ogr2ogr (gdal-bin) not installed: Shapefile and GeoPackage fuzz cases skipped');
  net = join(work, 'town.lcnet');
  execFileSync(process.execPath, [
    join(ROOT, 'bin/lifecircle.js'),
    'prepare',
    join(ROOT, 'data/sample/town.osm'),
    '-o',
    net,
    '-q',
  ]);
});

describe('fuzz: readers in process', () => {
  it(`${READER_CASES} mutated OSM files (XML, PBF, gzip, bzip2, Overpass JSON) are read or refused with one line`, async () => {
    const r = fuzz.rng(14);
    const failures: string[] = [];
    const perReader: Record<string, number> = {};
    for (let i = 0; i < READER_CASES; i++) {
      const [label, bytes, name] = await fuzz.readerInputs(i, r);
      const f = join(work, name);
      writeFileSync(f, bytes);
      perReader[label] = (perReader[label] ?? 0) + 1;
      const p = await fuzz.readerCase(readOsm, f);
      if (p) failures.push(`${label} case ${i}: ${p}`);
    }
    expect(failures).toEqual([]);
    expect(Object.keys(perReader).length).toBeGreaterThanOrEqual(2);
  });

  it('60 mutated network files (half with a valid checksum) load or are refused with one line', async () => {
    const r = fuzz.rng(140);
    const bytes = readFileSync(net);
    const failures: string[] = [];
    for (let i = 0; i < 60; i++) {
      const f = join(work, 'm.lcnet');
      writeFileSync(f, fuzz.mutateNetwork(bytes, r));
      const p = await fuzz.networkCase(loadNetworkFile, f);
      if (p) failures.push(`case ${i}: ${p}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('fuzz: the input stage in process', () => {
  it(`${INPUT_CASES} mutated communities and facility lists (GeoJSON, Shapefile, GeoPackage) are read or refused with one line`, async () => {
    const r = fuzz.rng(1409);
    const failures: string[] = [];
    const labels = new Set<string>();
    for (let i = 0; i < INPUT_CASES; i++) {
      const [label, files, main, as] = await fuzz.inputStageInputs(i, r, gis);
      labels.add(label);
      const d = join(work, `in-${i}`);
      mkdirSync(d);
      for (const [name, b] of Object.entries(files as Record<string, Buffer>)) writeFileSync(join(d, name), b);
      const read =
        as === 'communities' ? (f: string) => readCommunities(f) : (f: string) => readFacilityList(f, { crs: 'gcj02' });
      const p = await fuzz.inputCase(read, join(d, main));
      if (p) failures.push(`${label} case ${i}: ${p}`);
      rmSync(d, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
    expect(labels.size).toBe(gis ? 5 : 1);
  }, 60_000);
});

describe('fuzz: the CLI on every input kind', () => {
  it(`${CLI_CASES} mutated inputs per kind: exit 0 or 2, one line, nothing left, bounded RSS and time`, async () => {
    const kinds = fuzz.cliKinds(net, gis);
    const cases = kinds.flatMap((k: { kind: string }) => Array.from({ length: CLI_CASES }, (_, i) => ({ k, i })));
    const failures: string[] = [];
    const queue = cases.slice();
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (queue.length) {
          const { k, i } = queue.shift()!;
          const res = await fuzz.cliCase(k, fuzz.rng(1400 + i * 31 + k.kind.length), null);
          if (res.problems.length) failures.push(`${k.kind} case ${i}: ${res.problems.join('; ')}`);
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(7 * CLI_CASES);
  });
});
