/**
 * A full garbage collection now, where a stage has just let go of more than the next one
 * allocates: V8 collects when its own heap asks, not when a few hundred MB of typed arrays have
 * become garbage, so without this the next stage's arrays are allocated beside them and the
 * process's peak holds both (`prepare` on a 100 MB file: ~40 MB). Node exposes `gc` only with
 * --expose-gc; setting the flag at run time gives it to new contexts. Costs one full collection
 * (~50 ms on a 100 MB file's build); callers use it only at that scale.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  // the typed arrays' memory is freed by a sweeper after the collection, on another thread; the
  // next collection first waits for it, so a second (of a heap now small) makes the memory free
  gc();
}
