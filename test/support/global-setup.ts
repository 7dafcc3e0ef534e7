/**
 * Builds dist/, its bundle (what bin/lifecircle.js runs) and the data files' cache once before the tests, so end-to-end
 * tests run the CLI compiled from the current sources, and says in one line which tests will skip because ../shared or a tool is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.json`], {
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [`${root}/scripts/bundle.mjs`], {
    stdio: 'inherit',
    env: { ...process.env, LIFECIRCLE_BUNDLE_REQUIRED: '1' },
  });
  execFileSync(process.execPath, [`${root}/scripts/data-cache.mjs`], { stdio: 'inherit' });
  if (!existsSync(`${root}/../shared/data/real`)) {
    process.stdout.write(
      'notice: ../shared/data/real is absent, so the tests on real OSM extracts are skipped (they run in CI)\n',
    );
  }
}
