/**
 * The entry point of the `lifecircle` binary. The command itself (program.ts) runs on a worker
 * thread so Ctrl-C and SIGTERM stop it at once, even inside long synchronous work
 * (command-thread.ts); this thread loads only what waiting takes. LIFECIRCLE_SAME_THREAD=1 runs
 * the command here instead (to measure what the thread costs), where a signal is only handled
 * between steps.
 * Start-up is on the critical path of every command, so this thread starts the command thread
 * before it loads anything else: the message helpers (ui.ts, chalk) load after it, while the
 * command thread boots on the other core.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `takeEarlySignal` hands over the signal handling of bin/lifecircle.js: it stops listening and
 * says whether a signal came while the program was loading. It is called only once this module's
 * own handlers are in place: between the two, a signal would find no listener, and Node then
 * restores the default action (the process ends without a word, exit code none).
 */
export async function main(argv: string[], takeEarlySignal: () => NodeJS.Signals | null = () => null): Promise<number> {
  const entry = new URL('./command-worker.js', import.meta.url);
  const threaded = process.env.LIFECIRCLE_SAME_THREAD !== '1' && existsSync(fileURLToPath(entry));
  const commandThread = threaded ? await import('./command-thread.js') : null;
  if (commandThread) return commandThread.runOnCommandThread(argv, entry, takeEarlySignal);
  const [{ cleanUpAfterFailure }, { oneLine }, { ui }] = await Promise.all([
    import('../io/atomic.js'),
    import('../util/errors.js'),
    import('./ui.js'),
  ]);
  const onSignal = (sig: NodeJS.Signals): void => {
    cleanUpAfterFailure();
    ui.error(`interrupted (${sig}); no partial outputs were left`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  /** a reader that stops early (`lifecircle inspect --json | head`) is not an error; a full disk is */
  const onStdoutError = (e: NodeJS.ErrnoException): void => {
    cleanUpAfterFailure();
    if (e.code === 'EPIPE') process.exit(0);
    ui.error(`cannot write to standard output: ${e.code === 'ENOSPC' ? 'the disk is full' : oneLine(e.message)}`);
    process.exit(2);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const early = takeEarlySignal();
  if (early) onSignal(early);
  process.stdout.on('error', onStdoutError);
  const { runCommand } = await import('./program.js');
  return runCommand(argv);
}
