/** Workers started ahead of their stage (outputs/worker-ahead.ts): used when alive, replaced when not, never holding the process. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startAhead, workerFor } from '../../src/outputs/worker-ahead.js';
import { tmp } from '../support/env.js';

// a worker that answers its work with where it came from, as the output workers read it
const ECHO = `import { parentPort, workerData } from 'node:worker_threads';
const work = 'waiting' in workerData ? await new Promise((r) => parentPort.once('message', r)) : workerData;
parentPort.postMessage({ work, ahead: 'waiting' in workerData });`;
// one that dies before it is asked
const DIES = `process.exit(3);`;

const DIR = tmp('worker-ahead');

function entry(name: string, code: string): URL {
  const f = join(DIR, name);
  writeFileSync(f, code);
  return pathToFileURL(f);
}

const answer = (w: Worker) =>
  new Promise<{ work: unknown; ahead: boolean }>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });

const WAIT = { waiting: true, baselineOnly: true } as const;

describe('workers started ahead', () => {
  it('the one started ahead gets the work as a message', async () => {
    const e = entry('echo-a.mjs', ECHO);
    startAhead(e, WAIT);
    const w = workerFor(e, { n: 1 }, []);
    expect(await answer(w)).toEqual({ work: { n: 1 }, ahead: true });
    // taken: the next one is started with its work as workerData
    const w2 = workerFor(e, { n: 2 }, []);
    expect(w2).not.toBe(w);
    expect(await answer(w2)).toEqual({ work: { n: 2 }, ahead: false });
  });

  it('transferred buffers reach the worker started ahead', async () => {
    const e = entry('echo-b.mjs', ECHO);
    startAhead(e, WAIT);
    const data = new Uint8Array([1, 2, 3]);
    const w = workerFor(e, { data }, [data.buffer]);
    expect(data.byteLength).toBe(0); // moved, not copied
    const got = await answer(w);
    expect(got.ahead).toBe(true);
    expect([...(got.work as { data: Uint8Array }).data]).toEqual([1, 2, 3]);
  });

  it('one that died before it was asked is replaced by a new one', async () => {
    const e = entry('dies.mjs', DIES);
    startAhead(e, WAIT);
    await new Promise((r) => setTimeout(r, 300));
    entry('dies.mjs', ECHO); // the same entry, now one that works
    const w = workerFor(e, { n: 3 }, []);
    expect(await answer(w)).toEqual({ work: { n: 3 }, ahead: false });
  });

  it('a process whose worker started ahead is never asked still ends at once', () => {
    const e = entry('echo-c.mjs', ECHO);
    const mod = pathToFileURL(join(process.cwd(), 'dist/outputs/worker-ahead.js')).href;
    // a script file: a worker inherits node's options, and --input-type would stop it at once
    const main = join(DIR, 'main.mjs');
    writeFileSync(
      main,
      `import { startAhead } from '${mod}';\nstartAhead(new URL('${e.href}'), ${JSON.stringify(WAIT)});\nconsole.log('done');\n`,
    );
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [main], { encoding: 'utf8', timeout: 8_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('done');
    expect(r.status).toBe(0); // null: still waiting when the timeout ended it
    expect(Date.now() - t0).toBeLessThan(8_000);
  });
});
