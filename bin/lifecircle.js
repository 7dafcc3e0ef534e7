#!/usr/bin/env node
// Entry point: runs the bundled CLI, dist/bundle/ (built by `npm install` / `npm ci` via the prepare
// script: tsc, then scripts/bundle.mjs), or tsc's dist/ module by module where there is no bundle.
// LIFECIRCLE_UNBUNDLED=1 runs dist/ even beside a bundle (to measure what the bundle buys; BENCHMARKS.md).
// A Ctrl-C or SIGTERM that arrives while the program is still loading is remembered here (the
// default would end the process without a word) and answered as soon as main() can.
let early = null;
const remember = (sig) => {
  early ??= sig;
};
process.on('SIGINT', remember);
process.on('SIGTERM', remember);
const { existsSync, statSync } = await import('node:fs');
// The bundle only shortens start-up: where it could not be built (esbuild's binary missing or not
// allowed to run), tsc's dist/ runs the same program module by module.
const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const modules = new URL('../dist/cli/main.js', import.meta.url);
const unbundled = process.env.LIFECIRCLE_UNBUNDLED === '1' || !existsSync(bundled);
const main = unbundled ? modules : bundled;
if (!existsSync(main)) {
  process.stderr.write('lifecircle is not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(1);
}
// tsc alone (without the bundle step) would leave the bundle running yesterday's code
if (!unbundled && existsSync(modules) && statSync(modules).mtimeMs > statSync(main).mtimeMs)
  process.stderr.write('warning: dist/bundle is older than dist/: run `npm run build` to bundle the current build\n');
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv, () => {
  process.off('SIGINT', remember);
  process.off('SIGTERM', remember);
  return early;
});
