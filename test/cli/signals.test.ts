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
