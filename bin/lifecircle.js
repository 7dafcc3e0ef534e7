#!/usr/bin/env node
// Entry point: runs the compiled CLI (dist/ is built by `npm install` / `npm ci` via the prepare script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('lifecircle is not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(1);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv);
