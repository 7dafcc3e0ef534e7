/**
 * Issue 14, class 6: SIGINT and SIGTERM at random points of a multi-second job stop it within one
 * second, exit 130/143 with one line, and leave no output folder and no temporary file. A few
 * trials here (two at a time, to keep `npm test` short); `npm run signals` runs the full 50
 * (scripts/signal-trials.mjs).
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript shared with the script
import { trials } from '../../scripts/signal-trials.mjs';

describe('signals', () => {
  it('4 trials (SIGINT and SIGTERM alternately, random delays within the job) all stop within a second', async () => {
    // the sample job's work takes about 2 s unloaded (more on a busy machine); a trial whose job
    // ends before the signal is retried with half the delay
    const { results } = await trials(4, 2, 2026, 2000);
    const bad = results.filter((r: { ok: boolean }) => !r.ok);
    expect(bad).toEqual([]);
    expect(results).toHaveLength(4);
  });
});

describe('prepare and stdout', () => {
  it('SIGTERM during prepare (synchronous PBF decoding) stops it with 143, one line, no output', async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { HAS_SHARED, real, ROOT, tmp } = await import('../support/env.js');
    const src = HAS_SHARED ? real('ext-liechtenstein/liechtenstein.osm.pbf') : join(ROOT, 'data/sample/town.osm');
    const d = tmp();
    const out = join(d, 'sub/x.lcnet');
    const child = spawn(process.execPath, [join(ROOT, 'bin/lifecircle.js'), 'prepare', src, '-o', out], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let sent = 0;
    child.stderr.on('data', (b) => {
      stderr += b;
      if (!sent) {
        sent = Date.now();
        setTimeout(() => child.kill('SIGTERM'), 100);
      }
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on('exit', (c, s) => r([c, s])),
    );
    const lines = stderr.trim().split('\n');
    if (code === 0) return; // the extract was read within 100 ms: nothing to interrupt
    if (code === null) {
      // the signal came as the finished process was exiting (Node closes its signal handles, and
      // so restores the default action, after the event loop has ended): the output is complete
      expect(signal).toBe('SIGTERM');
      expect(lines[lines.length - 1]).toMatch(/^✓ wrote /);
      expect(existsSync(out)).toBe(true);
      return;
    }
    expect(code).toBe(143);
    expect(lines[lines.length - 1]).toBe('error: interrupted (SIGTERM); no partial outputs were left');
    expect(existsSync(join(d, 'sub'))).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });

  it('--json on a full disk (stdout is /dev/full) is one line and exit 2, not an uncaught ENOSPC', async () => {
    const { spawnSync } = await import('node:child_process');
    const { existsSync, openSync, closeSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('../support/env.js');
    if (!existsSync('/dev/full')) return;
    const fd = openSync('/dev/full', 'w');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/lifecircle.js'), 'inspect', join(ROOT, 'data/sample/town.osm'), '--json'],
      {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', fd, 'pipe'],
        encoding: 'utf8',
      },
    );
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: cannot write to standard output: the disk is full');
  });
});
