/**
 * Outputs are never left half-written: each file is written to a temporary name beside it and
 * renamed into place only when complete. Temporary files still open when the process is
 * interrupted (Ctrl-C, kill) are removed by the CLI's signal handler via `removePendingTemps`.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { InputError } from '../util/errors.js';

const pending = new Set<string>();

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

function cannotWrite(path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'ENOTDIR'
            ? 'a part of the path is not a folder'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : (e as Error).message;
  return new InputError(`cannot write ${path}: ${why}; choose another output path`);
}

/** Fails early (before any work) when `path` cannot be written. */
export function checkWritable(path: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(path, e);
  }
  const t = tempName(path);
  try {
    writeFileSync(t, '');
    rmSync(t, { force: true });
  } catch (e) {
    throw cannotWrite(path, e);
  }
}

/** Write the whole content (one piece or a list of chunks) to a temporary file and rename it over `path`. */
export function writeFileAtomic(path: string, data: string | Uint8Array | Uint8Array[]): void {
  const t = tempName(path);
  pending.add(t);
  try {
    if (Array.isArray(data)) {
      const fd = openSync(t, 'w');
      try {
        for (const chunk of data) for (let off = 0; off < chunk.byteLength; ) off += writeSync(fd, chunk, off);
      } finally {
        closeSync(fd);
      }
    } else writeFileSync(t, data);
    renameSync(t, path);
  } catch (e) {
    rmSync(t, { force: true });
    throw cannotWrite(path, e);
  } finally {
    pending.delete(t);
  }
}

/**
 * A set of output files that appear together or not at all: each is staged to a temporary file,
 * and `commit` renames them all into place.
 */
export class OutputSet {
  private staged: { temp: string; path: string }[] = [];
  constructor(readonly dir?: string) {
    if (dir) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw cannotWrite(dir, e);
      }
      removeStaleTemps(dir);
    }
  }
  stage(path: string, data: string | Uint8Array): void {
    const t = tempName(path);
    pending.add(t);
    try {
      writeFileSync(t, data);
    } catch (e) {
      this.abort();
      throw cannotWrite(path, e);
    }
    this.staged.push({ temp: t, path });
  }
  /**
   * Renames every staged file into place. Existing files are first moved aside; if any rename
   * fails (a file open in another program, a folder in the way), everything is put back as it
   * was, so the folder holds either all the new files or all the old ones.
   */
  commit(): string[] {
    const moved: { path: string; backup: string }[] = [];
    const placed: string[] = [];
    // a folder where a file belongs is the user's: refuse before touching anything
    for (const s of this.staged) {
      let dir = false;
      try {
        dir = statSync(s.path).isDirectory();
      } catch {
        dir = false;
      }
      if (dir) {
        this.abort();
        throw new InputError(
          `cannot replace ${s.path}: a folder of that name is in the way; the previous results were kept, move the folder and run again`,
        );
      }
    }
    try {
      for (const s of this.staged) {
        let exists = false;
        try {
          statSync(s.path);
          exists = true;
        } catch {
          exists = false;
        }
        if (exists) {
          const backup = tempName(s.path);
          pending.add(backup);
          renameSync(s.path, backup);
          moved.push({ path: s.path, backup });
        }
      }
      for (const s of this.staged) {
        renameSync(s.temp, s.path);
        pending.delete(s.temp);
        placed.push(s.path);
      }
    } catch (e) {
      const failed = this.staged.find((s) => !placed.includes(s.path))?.path ?? this.dir ?? '';
      for (const p of placed) rmSync(p, { force: true, recursive: true });
      for (const m of moved) {
        try {
          renameSync(m.backup, m.path);
        } catch {
          // leave the backup: better than losing the old file
        }
        pending.delete(m.backup);
      }
      this.abort();
      const code = (e as NodeJS.ErrnoException).code;
      const locked = code === 'EBUSY' || code === 'EPERM' || code === 'EACCES';
      throw new InputError(
        `cannot replace ${failed}: ${locked ? 'it is open in another program or not writable' : (e as Error).message}; ` +
          'the previous results were kept, close the file and run again',
      );
    }
    for (const m of moved) {
      rmSync(m.backup, { force: true, recursive: true });
      pending.delete(m.backup);
    }
    this.staged = [];
    return placed;
  }
  abort(): void {
    for (const s of this.staged) {
      rmSync(s.temp, { force: true });
      pending.delete(s.temp);
    }
    this.staged = [];
  }
}

/**
 * Temporary files left by a run that was killed outright (SIGKILL, power loss: no handler runs)
 * are removed by the next run writing to the same folder, once their process is gone.
 */
export function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^\..+\.(\d+)\.[a-z0-9]+\.tmp$/.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    if (!alive) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) rmSync(join(dir, n), { force: true });
  }
}

export function removePendingTemps(): void {
  for (const t of pending) rmSync(t, { force: true });
  pending.clear();
}
