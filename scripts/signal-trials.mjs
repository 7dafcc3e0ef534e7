#!/usr/bin/env node
/**
 * Ctrl-C and SIGTERM at random points of a multi-second job: each trial starts `lifecircle run`
 * on a copy of the sample job, sends SIGINT or SIGTERM after a random delay within the job's
 * work, and checks that the process is gone within one second with exit 130/143, one error line
 * (the last line of stderr, after the progress lines), no output folder and no temporary file.
 * The delay counts from the job's first progress line: before it, Node itself is starting (about
 * 0.1 s, several tenths on a loaded machine), no code of ours runs yet, and a signal ends the
 * process by its default action (the shell shows 130/143; nothing has been written).
 *
 *   node scripts/signal-trials.mjs [trials=50] [parallel=4] [seed=1]
 *   node scripts/signal-trials.mjs --end      (the race with the run's end, endTrials below)
 *
 * `npm test` runs a few trials (test/cli/signals.test.ts); this script runs the full 50.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'bin/lifecircle.js');
const INPUTS = ['town.osm', 'communities.geojson', 'facilities.csv'];
const JOB =
  'osm: town.osm\ncommunities: communities.geojson\nfacilities:\n  - file: facilities.csv\n    crs: gcj02\noutput: res\n';

function jobDir() {
  const d = mkdtempSync(join(tmpdir(), 'lc-signal-'));
  for (const f of INPUTS) copyFileSync(join(ROOT, 'data/sample', f), join(d, f));
  writeFileSync(join(d, 'job.yaml'), JOB);
  return d;
}

/** seeded PRNG (mulberry32): the same seed, the same delays */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** starts the job; calls onStart when it prints its first progress line */
function start(d, onStart) {
  const child = spawn(process.execPath, [BIN, 'run', join(d, 'job.yaml')], {
    cwd: d,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const out = { stderr: '', startedAt: 0 };
  child.stderr.on('data', (b) => {
    out.stderr += b;
    if (!out.startedAt) {
      out.startedAt = Date.now();
      onStart?.();
    }
  });
  return { child, out };
}

/** how long the job's work takes uninterrupted (first progress line to exit), in ms */
export function measureJob() {
  const d = jobDir();
  return new Promise((done, fail) => {
    const { child, out } = start(d);
    child.on('exit', (code) => {
      rmSync(d, { recursive: true, force: true });
      if (code !== 0) fail(new Error(`the job failed: ${out.stderr}`));
      else done(Date.now() - out.startedAt);
    });
  });
}

/** one trial: resolves with { ok, signal, delayMs, stopMs, finishedFirst, afterCommit, problems } */
export function trial(signal, delayMs) {
  const d = jobDir();
  return new Promise((done) => {
    let sentAt = 0;
    let timer = null;
    const { child, out } = start(d, () => {
      timer = setTimeout(() => {
        sentAt = Date.now();
        child.kill(signal);
      }, delayMs);
    });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      const stopMs = sentAt ? Date.now() - sentAt : 0;
      const problems = [];
      const lines = out.stderr.trim().split('\n');
      // the signal came after the outputs were renamed into place (the job's last milliseconds):
      // the run says its results are complete and kept them; like a job that ended first, the
      // trial is retried earlier
      const afterCommit =
        !!sentAt &&
        /^error: interrupted \(SIG(INT|TERM)\); the outputs had already been written in full and were kept$/.test(
          lines[lines.length - 1],
        );
      // the signal came while the finished process was exiting (its results complete in res/, no
      // temporary file): Node delivers it to no handler, so the process exits 0 or by the signal's
      // default action. The command had ended first; the trial is retried earlier
      const complete =
        existsSync(join(d, 'res', 'run.json')) && readdirSync(join(d, 'res')).every((f) => !f.includes('.tmp'));
      const exiting = !!sentAt && !afterCommit && (code === 0 || sig === signal) && complete && stopMs < 100;
      const finishedFirst = !sentAt || afterCommit || exiting;
      if (afterCommit && code !== (signal === 'SIGINT' ? 130 : 143))
        problems.push(`exit ${code ?? sig} after the commit`);
      if (!finishedFirst) {
        const want = signal === 'SIGINT' ? 130 : 143;
        if (code !== want) problems.push(`exit ${code ?? sig}, expected ${want}`);
        const errors = lines.filter((l) => l.startsWith('error'));
        if (
          errors.length !== 1 ||
          !/^error: interrupted \(SIG(INT|TERM)\); no partial outputs were left$/.test(lines[lines.length - 1])
        )
          problems.push(`stderr: ${JSON.stringify(out.stderr.slice(-300))}`);
        if (stopMs > 1000) problems.push(`stopped after ${stopMs} ms`);
        const left = readdirSync(d).filter((f) => !INPUTS.includes(f) && f !== 'job.yaml');
        if (left.length) problems.push(`left on disk: ${left.join(', ')}`);
      }
      rmSync(d, { recursive: true, force: true });
      done({ ok: problems.length === 0, signal, delayMs, stopMs, finishedFirst, afterCommit, exiting, problems });
    });
  });
}

/** n trials, `parallel` at a time, delays uniform over the first 95 % of the job's work */
export async function trials(n, parallel, seed, jobMs) {
  jobMs ??= await measureJob();
  const rand = rng(seed);
  const plan = Array.from({ length: n }, (_, i) => ({
    signal: i % 2 ? 'SIGTERM' : 'SIGINT',
    delayMs: Math.round(jobMs * 0.95 * rand()),
  }));
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < plan.length) {
        const p = plan[next++];
        let r = await trial(p.signal, p.delayMs);
        // finished before the signal (the machine was faster this time): retry earlier, halving
        // the delay each time (a fixed half failed three times once the job got faster)
        let delay = p.delayMs;
        for (let k = 0; r.finishedFirst && r.ok && k < 3; k++) {
          delay = Math.round(delay / 2);
          r = await trial(p.signal, delay);
        }
        if (r.finishedFirst && r.ok)
          r = { ...r, ok: false, problems: ['the job finished before the signal, three times'] };
        results.push(r);
      }
    }),
  );
  return { jobMs, results };
}

/**
 * The job's last milliseconds, where a signal races the end of the run: one trial every 10 ms from
 * 150 ms before the job's measured end to 150 ms after it, SIGINT and SIGTERM alternately, none
 * retried. A trial there may find the outputs committed or the process exiting (both fine: the run
 * was complete), but never exit 0 after a signal it caught, nor a half-written folder.
 */
export async function endTrials(jobMs) {
  jobMs ??= await measureJob();
  const results = [];
  for (let d = jobMs - 150, k = 0; d <= jobMs + 150; d += 10, k++)
    results.push(await trial(k % 2 ? 'SIGTERM' : 'SIGINT', Math.max(0, d)));
  return { jobMs, results };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === '--end') {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build');
  const { jobMs, results } = await endTrials();
  for (const r of results.filter((x) => !x.ok))
    console.log(`FAIL ${r.signal} at ${r.delayMs} ms: ${r.problems.join('; ')}`);
  const count = (f) => results.filter(f).length;
  console.log(
    `job ${jobMs} ms uninterrupted; ${results.length} trials within 150 ms of its end: ${count((r) => !r.ok)} bad, ` +
      `${count((r) => r.afterCommit)} after the commit, ${count((r) => r.exiting)} while exiting, ` +
      `${count((r) => r.finishedFirst && !r.afterCommit && !r.exiting)} finished before the signal`,
  );
  process.exitCode = count((r) => !r.ok) ? 1 : 0;
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [n = 50, parallel = 4, seed = 1] = process.argv.slice(2).map(Number);
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build');
  const { jobMs, results } = await trials(n, parallel, seed);
  const ok = results.filter((r) => r.ok).length;
  const stops = results
    .filter((r) => !r.finishedFirst)
    .map((r) => r.stopMs)
    .sort((a, b) => a - b);
  for (const r of results.filter((x) => !x.ok))
    console.log(`FAIL ${r.signal} at ${r.delayMs} ms: ${r.problems.join('; ') || 'finished before the signal'}`);
  console.log(
    `job ${jobMs} ms uninterrupted; ${ok} of ${results.length} trials stopped within 1 s with exit 130/143, one line, nothing left ` +
      `(stop time median ${stops[stops.length >> 1]} ms, max ${stops[stops.length - 1]} ms; ${parallel} in parallel)`,
  );
  process.exitCode = ok === results.length ? 0 : 1;
}
