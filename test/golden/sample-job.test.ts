/**
 * Golden outputs of the sample job (`lifecircle run` on data/sample): every file it writes,
 * byte for byte, so that any change of behaviour shows up as a diff a reviewer can open in QGIS.
 * After an intended change: `REGEN=1 npx vitest run test/golden` rewrites test/golden/sample-job/
 * and the commit says which bytes changed and why.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmp } from '../support/env.js';

const GOLDEN = join(ROOT, 'test/golden/sample-job');
const REGEN = process.env.REGEN === '1';

/** run.json names the profile by its absolute path: the checkout's folder is not part of the result */
function normalise(name: string, bytes: Buffer): Buffer {
  if (name !== 'run.json') return bytes;
  return Buffer.from(bytes.toString('utf8').split(ROOT).join('<repo>'));
}

function outputFiles(dir: string): string[] {
  // the network cache is an implementation detail of reruns, not a result
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

describe('sample job golden outputs', () => {
  it('writes exactly the golden files, byte for byte', () => {
    const cwd = tmp('lc-golden-');
    const r = cli(['run', '-q'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = join(cwd, 'lifecircle-sample-output');
    const names = outputFiles(out);
    if (REGEN) {
      rmSync(GOLDEN, { recursive: true, force: true });
      mkdirSync(GOLDEN, { recursive: true });
      for (const n of names) writeFileSync(join(GOLDEN, n), normalise(n, readFileSync(join(out, n))));
    }
    expect(names).toEqual(outputFiles(GOLDEN));
    for (const n of names) {
      const got = normalise(n, readFileSync(join(out, n)));
      const want = readFileSync(join(GOLDEN, n));
      // compare as text first so a failure shows a readable diff, then the bytes (BOM, line ends)
      expect(got.toString('utf8'), `${n} differs from test/golden/sample-job/${n}`).toBe(want.toString('utf8'));
      expect(got.equals(want), `${n} differs in bytes`).toBe(true);
    }
    rmSync(cwd, { recursive: true, force: true });
  });
});
