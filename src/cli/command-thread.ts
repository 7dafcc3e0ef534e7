/**
 * Ctrl-C and SIGTERM must stop every command within a second, but a signal handler only runs
 * when the event loop turns, and the analyses are long synchronous loops (measured: SIGINT was
 * ignored in 14 of 18 trials). So the command runs on a worker thread and the main thread only
 * waits: it receives the signal at once, terminates the worker (V8 stops running JavaScript,
 * synchronous loops included, within milliseconds), removes the temporary files and the folders
 * the command created (reported by the worker as it goes, over a channel drained after the
 * stop), prints one line and exits 130 (SIGINT) or 143 (SIGTERM). A set of outputs being renamed
 * into place is finished first (a shared flag), so the folder holds either all old or all new files.
 * Cost, measured in BENCHMARKS.md: the worker's start-up (tens of milliseconds), nothing per step;
 * the worker starts before this thread loads its message helpers (ui.ts, chalk), which are needed
 * only when something goes wrong.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { FailureCleanup, type CleanupEvent } from '../io/atomic.js';
import { oneLine } from '../util/errors.js';
import { terminal } from './terminal.js';

export interface CommandThreadData {
  argv: string[];
  terminal: ReturnType<typeof terminal>;
  /** Int32Array over it: [0] = 1 while outputs are being renamed into place */
  commitFlag: SharedArrayBuffer;
  events: MessagePort;
}

/**
 * Runs the command line on a worker thread; resolves with the exit code. `takeEarlySignal` (see
 * main.ts) is called once this thread's handlers listen: a signal that came while the program
 * loaded stops the command as soon as it starts.
 */
export function runOnCommandThread(
  argv: string[],
  entry: URL,
  takeEarlySignal: () => NodeJS.Signals | null = () => null,
): Promise<number> {
  const commitFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(commitFlag);
  const { port1, port2 } = new MessageChannel();
  const cleanup = new FailureCleanup();
  const data: CommandThreadData = { argv, terminal: terminal(), commitFlag, events: port2 };
  const worker = new Worker(entry, { workerData: data, transferList: [port2] });
  // loaded while the worker boots; a message waits for it (milliseconds, and only on failure)
  const uiReady = import('./ui.js');
  const say = async (message: string) => (await uiReady).ui.error(message);
  const drain = () => {
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1))
      cleanup.apply(m.message as CleanupEvent);
  };
  port1.on('message', (e: CleanupEvent) => cleanup.apply(e));
  let code: number | null = null;
  let stopping = false;

  return new Promise<number>((resolve) => {
    const finish = (c: number) => {
      port1.close();
      // the signal handlers stay until the process exits (they do not keep it alive): a signal
      // caught in the last milliseconds, while the command's end was being handled, would otherwise
      // reach no listener and be lost — exit 0 after a Ctrl-C. Now it is answered like any other
      // (after the commit: exit 130/143, saying the outputs were kept)
      resolve(c);
    };
    const stop = async (exitCode: number, message: string | (() => string)) => {
      if (stopping) return;
      stopping = true;
      // let a commit in progress finish: renames take milliseconds
      const t0 = Date.now();
      while (Atomics.load(flag, 0) === 1 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 2));
      // JavaScript stops at once; tearing the thread's heap down can take longer on a loaded machine
      // and need not be waited for: the process exits right after the clean-up
      await Promise.race([worker.terminate(), new Promise((r) => setTimeout(r, 200))]);
      drain();
      const text = typeof message === 'function' ? message() : message;
      cleanup.run();
      if (text) await say(text);
      process.exit(exitCode);
    };
    function onSignal(sig: NodeJS.Signals): void {
      // after the commit the folder holds this run's complete results: say so rather than claim
      // nothing was left (the summary lines that would have followed are not printed)
      const outcome = () =>
        cleanup.committed
          ? 'the outputs had already been written in full and were kept'
          : 'no partial outputs were left';
      void stop(sig === 'SIGINT' ? 130 : 143, () => `interrupted (${sig}); ${outcome()}`);
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const early = takeEarlySignal();
    if (early) onSignal(early);
    // a reader that stops early (`lifecircle inspect --json | head`) is not an error; a full disk is
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') void stop(0, '').then(() => undefined);
      else
        void stop(
          2,
          `cannot write to standard output: ${e.code === 'ENOSPC' ? 'the disk is full' : oneLine(e.message)}`,
        );
    });
    worker.on('message', (m: { exitCode?: number }) => {
      if (typeof m.exitCode !== 'number') return;
      code = m.exitCode;
      // the worker ends by itself once its stdio is flushed; a handle left open must not hang the command
      setTimeout(() => void worker.terminate(), 10_000).unref();
    });
    worker.on('error', (e) => {
      if (stopping) return;
      stopping = true;
      drain();
      cleanup.run();
      void say(`unexpected failure: ${oneLine(e.stack ?? String(e), 1000)}`).then(() => finish(1));
    });
    worker.on('exit', () => {
      if (stopping) return;
      drain();
      if (code === null) {
        cleanup.run();
        void say('unexpected failure: the command stopped without a result').then(() => finish(1));
      } else finish(code);
    });
  });
}
