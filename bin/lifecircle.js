#!/usr/bin/env node
// Entry point: runs the bundled CLI, dist/bundle/ (built by `npm install` / `npm ci` via the prepare
// script: tsc, then scripts/bundle.mjs). LIFECIRCLE_UNBUNDLED=1 runs tsc's dist/ module by module
// instead (to measure what the bundle buys; BENCHMARKS.md).
// A Ctrl-C or SIGTERM that arrives while the program is still loading is remembered here (the
// default would end the process without a word) and answered as soon as main() can.
let early = null;
const remember = (sig) => {
  early ??= sig;
};
process.on('SIGINT', remember);
process.on('SIGTERM', remember);
const { existsSync, statSync } = await import('node:fs');
const unbundled = process.env.LIFECIRCLE_UNBUNDLED === '1';
const main = new URL(unbundled ? '../dist/cli/main.js' : '../dist/bundle/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('lifecircle is not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(1);
}
// tsc alone (without the bundle step) would leave the bundle running yesterday's code
const tscOut = new URL('../dist/cli/program.js', import.meta.url);
if (!unbundled && existsSync(tscOut) && statSync(tscOut).mtimeMs > statSync(main).mtimeMs)
  process.stderr.write('warning: dist/bundle is older than dist/: run `npm run build` to bundle the current build\n');
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv, () => {
  process.off('SIGINT', remember);
  process.off('SIGTERM', remember);
  return early;
});
