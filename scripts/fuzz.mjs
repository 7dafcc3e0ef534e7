#!/usr/bin/env node
/**
 * Long fuzz runs (`npm run fuzz`): seeded mutations of small real files through every reader in
 * process and through the CLI for every input kind (see scripts/fuzz/core.mjs for the checks).
 *
 *   npm run fuzz -- [--reader-cases 3000] [--input-cases 1500] [--cli-cases 40] [--seed 1] [--parallel 2]
 *
 * --reader-cases: OSM readers in process (and a fifth as many network files); --input-cases: the
 * input stage in process (communities GeoJSON, and with GDAL's ogr2ogr Shapefile and GeoPackage
 * communities and facility lists); --cli-cases is per CLI input kind. Prints cases and failures per reader and per kind; failing
 * inputs are saved under /tmp/lifecircle-fuzz-failures/ for replay. Exit 1 when any case failed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliCase,
  cliKinds,
  HAS_OGR2OGR,
  HAS_SHARED,
  inputCase,
  inputStageInputs,
  makeGisSeeds,
  networkCase,
  mutateNetwork,
  readerCase,
  readerInputs,
  rng,
  ROOT,
} from './fuzz/core.mjs';

const opt = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const readerCases = opt('reader-cases', 3000);
const inputCases = opt('input-cases', 1500);
const cliCases = opt('cli-cases', 40);
const seed = opt('seed', 1);
const parallel = opt('parallel', 2);
const SAVE = '/tmp/lifecircle-fuzz-failures';

if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build');
if (!HAS_SHARED) console.log('notice: ../shared/data/real is absent: seeds are the sample town only');
if (!HAS_OGR2OGR) console.log('notice: ogr2ogr (Debian gdal-bin) is absent: no Shapefile or GeoPackage seeds');
const { readOsm } = await import(join(ROOT, 'dist/osm/read.js'));
const { loadNetworkFile } = await import(join(ROOT, 'dist/network/network-file.js'));
const { readCommunities } = await import(join(ROOT, 'dist/coverage/communities.js'));
const { readFacilityList } = await import(join(ROOT, 'dist/facilities/facility-list.js'));
const { execFileSync } = await import('node:child_process');

const stats = new Map();
const note = (label, problem) => {
  const s = stats.get(label) ?? { cases: 0, failures: 0, first: [] };
  s.cases++;
  if (problem) {
    s.failures++;
    if (s.first.length < 5) s.first.push(problem);
  }
  stats.set(label, s);
};

const work = mkdtempSync(join(tmpdir(), 'lc-fuzz-run-'));
try {
  const net = join(work, 'town.lcnet');
  execFileSync(process.execPath, [
    join(ROOT, 'bin/lifecircle.js'),
    'prepare',
    join(ROOT, 'data/sample/town.osm'),
    '-o',
    net,
    '-q',
  ]);
  const r = rng(seed);
  const t0 = Date.now();
  for (let i = 0; i < readerCases; i++) {
    const [label, bytes, name] = await readerInputs(i, r);
    const f = join(work, name);
    writeFileSync(f, bytes);
    const p = await readerCase(readOsm, f);
    if (p) {
      mkdirSync(SAVE, { recursive: true });
      writeFileSync(join(SAVE, `reader-${label}-${seed}-${i}-${name}`), bytes);
    }
    note(`reader ${label}`, p && `case ${i}: ${p}`);
  }
  const netBytes = readFileSync(net);
  for (let i = 0; i < Math.round(readerCases / 5); i++) {
    const f = join(work, 'm.lcnet');
    writeFileSync(f, mutateNetwork(netBytes, r));
    note('reader network file', await networkCase(loadNetworkFile, f).then((p) => p && `case ${i}: ${p}`));
  }
  console.log(`in-process readers: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const gis = makeGisSeeds(join(work, 'gis'));
  const t2 = Date.now();
  for (let i = 0; i < inputCases; i++) {
    const [label, files, main, as] = await inputStageInputs(i, r, gis);
    const d = join(work, `in-${i}`);
    mkdirSync(d);
    for (const [name, b] of Object.entries(files)) writeFileSync(join(d, name), b);
    const read = as === 'communities' ? (f) => readCommunities(f) : (f) => readFacilityList(f, { crs: 'gcj02' });
    const p = await inputCase(read, join(d, main));
    if (p) {
      const save = join(SAVE, `input-${label.replace(/\W+/g, '-')}-${seed}-${i}`);
      mkdirSync(save, { recursive: true });
      for (const [name, b] of Object.entries(files)) writeFileSync(join(save, name), b);
    }
    rmSync(d, { recursive: true, force: true });
    note(`input stage ${label}`, p && `case ${i}: ${p}`);
  }
  console.log(`in-process input stage: ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  const kinds = cliKinds(net, gis);
  const queue = kinds.flatMap((k) => Array.from({ length: cliCases }, (_, i) => ({ k, i })));
  const t1 = Date.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (queue.length) {
        const { k, i } = queue.shift();
        const res = await cliCase(k, rng(seed * 100003 + i * 7919 + k.kind.length), SAVE);
        note(`cli ${k.kind}`, res.problems.length ? `case ${i}: ${res.problems.join('; ')}` : null);
      }
    }),
  );
  console.log(`CLI: ${((Date.now() - t1) / 1000).toFixed(1)} s, ${parallel} in parallel`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
let failed = 0;
for (const [label, s] of [...stats].sort()) {
  console.log(`${label.padEnd(44)} ${String(s.cases).padStart(6)} cases  ${s.failures} failed`);
  for (const f of s.first) console.log(`    ${f}`);
  failed += s.failures;
}
process.exitCode = failed ? 1 : 0;
