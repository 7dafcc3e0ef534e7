/** The command's worker thread (see command-thread.ts): runs the command line, reports the exit code. */
import { parentPort, workerData } from 'node:worker_threads';
import { connectCleanup } from '../io/atomic.js';
import type { CommandThreadData } from './command-thread.js';
import { runCommand } from './program.js';

const d = workerData as CommandThreadData;
connectCleanup(new Int32Array(d.commitFlag), (e) => d.events.postMessage(e));
const exitCode = await runCommand(d.argv);
d.events.close();
parentPort!.postMessage({ exitCode });
