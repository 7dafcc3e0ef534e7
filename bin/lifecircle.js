#!/usr/bin/env node
// Entry point: runs the compiled CLI (dist/ is built by `npm install` / `npm ci` via the prepare script).
// A Ctrl-C or SIGTERM that arrives while the program is still loading is remembered here (the
// default would end the process without a word) and answered as soon as main() can.
let early = null;
const remember = (sig) => {
  early ??= sig;
};
process.on('SIGINT', remember);
process.on('SIGTERM', remember);
const { existsSync } = await import('node:fs');
const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('lifecircle is not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(1);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv, () => {
  process.off('SIGINT', remember);
  process.off('SIGTERM', remember);
  return early;
});
