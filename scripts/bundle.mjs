#!/usr/bin/env node
/**
 * Bundles tsc's output (dist/) into dist/bundle/, which bin/lifecircle.js runs: one file per thread
 * entry plus chunks shared between them, the npm packages inside. A run then reads a few files
 * instead of ~115 ES modules and ~100 CommonJS files of packages (proj4 alone: 64 ms of CPU to
 * import as a package, 16 ms bundled; measured in BENCHMARKS.md, "Start-up").
 *
 * Layout rule: every output sits in the one folder dist/bundle/, at the same depth as dist/<stage>/,
 * and each thread entry keeps its tsc file name. So `new URL('../../data/…', import.meta.url)` and
 * `new URL('./<entry>.js', import.meta.url)` (worker threads) resolve to the same files from the
 * bundle as from dist/ — entry names must therefore be unique across src/ (checked below).
 *
 * Left out of the bundle: @sqlite.org/sqlite-wasm (it loads its .wasm beside its own module), and
 * what the sources load with createRequire (osmtogeojson, osm-polygon-features, unbzip2-stream),
 * which node resolves from node_modules at run time, only when needed.
 *
 * usage: node scripts/bundle.mjs        (npm run build runs tsc, then this)
 */
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bundle');

/** the thread entries: the CLI's main thread, the command thread, the worker pools, the search thread, the workbook's zip, the GeoPackage's SQLite */
export const ENTRIES = [
  'cli/main.js',
  'cli/command-worker.js',
  'isochrone/isochrone-worker.js',
  'osm/pbf/worker.js',
  'siting/reach-worker.js',
  'coverage/search-worker.js',
  'outputs/xlsx-worker.js',
  'outputs/gpkg/gpkg-worker.js',
];

const names = ENTRIES.map((e) => basename(e));
if (new Set(names).size !== names.length)
  throw new Error(`bundle: entry file names must be unique: ${names.join(', ')}`);
for (const e of ENTRIES)
  if (!existsSync(join(DIST, e))) throw new Error(`bundle: dist/${e} is missing; run tsc first (npm run build)`);

// A stale bundle would run yesterday's code: remove it before anything can fail.
rmSync(OUT, { recursive: true, force: true });
// The bundle is a start-up speed-up, never a condition for running: where esbuild's binary is missing
// or may not run (an install without optional packages, node_modules on a noexec mount), the install
// still succeeds and bin/lifecircle.js runs dist/ module by module. LIFECIRCLE_BUNDLE_REQUIRED=1 (the
// tests) makes it an error, so the bundle the tests exercise is never silently absent.
try {
  const { build } = await import('esbuild');
  await build({
    entryPoints: ENTRIES.map((e) => join(DIST, e)),
    outdir: OUT,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@sqlite.org/sqlite-wasm'],
    // packages in CommonJS call require() for node's built-ins; an ES module has no require of its own
    banner: {
      js: "import { createRequire as __lcCreateRequire } from 'node:module';\nconst require = __lcCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
} catch (e) {
  rmSync(OUT, { recursive: true, force: true });
  if (process.env.LIFECIRCLE_BUNDLE_REQUIRED === '1') throw e;
  const why = String(e?.message ?? e).split('\n')[0];
  process.stderr.write(`warning: the start-up bundle was not built (${why}); lifecircle runs dist/ module by module\n`);
}
