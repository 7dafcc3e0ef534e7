/**
 * bzip2 decompression as a stream: the system's `lbzip2` (parallel) or `bzip2` when one is on the
 * PATH, else unbzip2-stream in JavaScript (about 5× slower than `bzip2 -dc`, and on a truncated
 * file it fails with a TypeError rather than a reason). A spawned decoder also runs beside the
 * parser on the second core. Its failure becomes one line with the tool's own reason ("Compressed
 * file ends unexpectedly"); see read.ts for how errors are worded.
 *
 * LIFECIRCLE_BZIP2 chooses: `js` forces the JavaScript decoder, a path names a program that reads
 * bzip2 on stdin with `-dc` (lbzip2 and bzip2 both do).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, isAbsolute, join } from 'node:path';
import { Duplex, PassThrough, type Transform } from 'node:stream';

const require = createRequire(import.meta.url);

export type Bzip2Decoder = { kind: 'program'; program: string } | { kind: 'js' };

/** Thrown (through the stream) when the decoder program failed: its own reason, one line. */
export class Bzip2Failure extends Error {}

const PROGRAMS = ['lbzip2', 'bzip2'];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      if (executable(p)) return p;
    }
  }
  return null;
}

/** Which decoder a bzip2 input is read with. */
export function chooseBzip2Decoder(env: NodeJS.ProcessEnv = process.env): Bzip2Decoder {
  const forced = env.LIFECIRCLE_BZIP2;
  if (forced === 'js') return { kind: 'js' };
  if (forced) {
    const p = isAbsolute(forced) ? (executable(forced) ? forced : null) : onPath(forced, env);
    if (p) return { kind: 'program', program: p };
    // an unusable override is not fatal: the JavaScript decoder reads the same data
    return { kind: 'js' };
  }
  for (const name of PROGRAMS) {
    const p = onPath(name, env);
    if (p) return { kind: 'program', program: p };
  }
  return { kind: 'js' };
}

/** A Duplex that takes bzip2 bytes and gives the decompressed bytes. */
export function bzip2Stream(decoder: Bzip2Decoder = chooseBzip2Decoder()): Transform {
  return decoder.kind === 'js' ? jsStream() : programStream(decoder.program);
}

function jsStream(): Transform {
  // unbzip2-stream is an old-style `through` stream: bridge it into a modern Duplex for pipeline()
  const bz2 = (require('unbzip2-stream') as () => NodeJS.ReadWriteStream)();
  const input = new PassThrough();
  const output = new PassThrough();
  input.pipe(bz2).pipe(output);
  bz2.on('error', (e: Error) => output.destroy(e));
  return Duplex.from({ writable: input, readable: output }) as unknown as Transform;
}

function programStream(program: string): Transform {
  const child: ChildProcess = spawn(program, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const output = new PassThrough({ highWaterMark: 1 << 20 });
  let stderr = '';
  let exited = false;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    if (stderr.length < 2000) stderr += s;
  });
  child.stdout?.pipe(output, { end: false });
  // the decoder may exit early on bad data: writes then fail with EPIPE, and its exit code says why
  child.stdin?.on('error', () => {});
  child.on('error', (e) => output.destroy(new Bzip2Failure(`${program} could not run (${e.message})`)));
  child.on('close', (code, signal) => {
    exited = true;
    if (code === 0) output.end();
    else {
      // bzip2 explains at length over several lines; its first line is the reason
      const why = (stderr.split('\n').find((l) => l.trim() !== '') ?? '').trim().replace(/[;:.]$/, '');
      output.destroy(new Bzip2Failure(why || `${program} stopped (${signal ?? `exit code ${code}`})`));
    }
  });
  // a reader that stops early (a parse error) must not leave the decoder running
  output.on('close', () => {
    if (!exited) child.kill();
  });
  return Duplex.from({ writable: child.stdin!, readable: output }) as unknown as Transform;
}
