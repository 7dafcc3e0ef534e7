/**
 * Outputs are never left half-written, never written over an input, and a failed command leaves
 * nothing behind:
 * - each file is written to a temporary name beside it and renamed into place only when complete;
 *   temporary files still open when the process is interrupted (Ctrl-C, kill) are removed by the
 *   CLI via `cleanUpAfterFailure`, and those of a run killed outright (SIGKILL, power loss) by the
 *   next write to the same folder (`removeStaleTemps`);
 * - a command declares its inputs (`declareInputs`); writing to a path that is one of them (the
 *   same file, through a symlink or a hard link too) or, for a folder of outputs, a folder that
 *   holds one of them, is refused with a line naming both;
 * - every command creates the missing folders of its output path the same way, when it writes
 *   (not before the work), and a failed command removes the folders it created with what it put there.
 */
import type { ChunkSource } from './chunks.js';
import {
  accessSync,
  constants as fsConstants,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../util/errors.js';

/** the command's input files: path as given, and identity (device, inode) */
const inputs: { path: string; dev: number; ino: number; real: string }[] = [];
/** set while renaming a set of outputs into place: a signal then waits for it (cli/command-thread.ts) */
export const committing = { now: false };

/** What a failed or interrupted command must undo, recorded as it happens. */
export type CleanupEvent = { t: 'temp' | 'untemp' | 'dir' | 'written'; path: string } | { t: 'committed' };

/**
 * The temporary files still open, the folders a command created (outermost first) and the files
 * it placed in them. Kept where the command runs and mirrored, event by event, to the main
 * thread, which runs it when a signal stops the command (see cli/command-thread.ts).
 */
export class FailureCleanup {
  readonly temps = new Set<string>();
  readonly dirs: string[] = [];
  readonly written = new Set<string>();
  /** a set of outputs was renamed into place: the results on disk are complete */
  committed = false;

  apply(e: CleanupEvent): void {
    if (e.t === 'temp') this.temps.add(e.path);
    else if (e.t === 'untemp') this.temps.delete(e.path);
    else if (e.t === 'dir') this.dirs.push(e.path);
    else if (e.t === 'written') this.written.add(e.path);
    else {
      this.dirs.length = 0; // a set of outputs is in place: its folders hold results now
      this.committed = true;
    }
  }

  removeTemps(): void {
    for (const t of this.temps) rmSync(t, { force: true });
    this.temps.clear();
  }

  /** temporary files removed; the folders created removed again with the files written there */
  run(): void {
    this.removeTemps();
    for (const d of this.dirs.slice().reverse()) {
      let names: string[] = [];
      try {
        names = readdirSync(d);
      } catch {
        continue;
      }
      for (const n of names) if (this.written.has(join(d, n))) rmSync(join(d, n), { force: true });
      try {
        rmdirSync(d);
      } catch {
        // not empty: something else is in there, keep it
      }
    }
    this.dirs.length = 0;
  }
}

const local = new FailureCleanup();
let sink: ((e: CleanupEvent) => void) | null = null;
let commitFlag: Int32Array | null = null;

function record(e: CleanupEvent): void {
  local.apply(e);
  sink?.(e);
}

/** On the command's worker thread: mirror every event to the main thread, and flag commits. */
export function connectCleanup(flag: Int32Array, send: (e: CleanupEvent) => void): void {
  commitFlag = flag;
  sink = send;
}

function setCommitting(on: boolean): void {
  committing.now = on;
  if (commitFlag) Atomics.store(commitFlag, 0, on ? 1 : 0);
}

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
              : code === 'EROFS'
                ? 'the file system there is read-only'
                : (e as Error).message;
  return new InputError(`cannot write ${path}: ${why}; choose another output path`);
}

/**
 * Why a folder cannot be created: mkdir on a read-only file system reports ENOENT for the first
 * missing level, so the nearest existing ancestor is asked instead.
 */
function folderProblem(dir: string, e: unknown): InputError {
  let a = resolve(dir);
  for (;;) {
    let st: ReturnType<typeof statSync> | null = null;
    try {
      st = statSync(a);
    } catch {
      st = null;
    }
    if (st) {
      if (!st.isDirectory()) return cannotWrite(dir, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
      try {
        accessSync(a, fsConstants.W_OK);
      } catch (x) {
        return cannotWrite(dir, x);
      }
      break;
    }
    const up = dirname(a);
    if (up === a) break;
    a = up;
  }
  return cannotWrite(dir, e);
}

/** Declares the files a command reads: no output may replace one of them. */
export function declareInputs(...paths: (string | null | undefined)[]): void {
  for (const p of paths) {
    if (!p) continue;
    try {
      const st = statSync(p);
      if (st.isFile()) inputs.push({ path: p, dev: st.dev, ino: st.ino, real: realpathSync(p) });
    } catch {
      // a missing input is reported by its reader
    }
  }
}

/** The input that `path` is (same device and inode), if any. */
function inputAt(path: string): string | null {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  const hit = inputs.find((i) => i.dev === st.dev && i.ino === st.ino);
  return hit ? hit.path : null;
}

function refuseInput(path: string): void {
  const hit = inputAt(path);
  if (hit)
    throw new InputError(
      `refusing to write ${path}: it is the input ${hit}${resolve(hit) === resolve(path) ? '' : ' (the same file)'}; choose another output path`,
    );
}

/**
 * For a command that writes a folder of outputs (run, coverage): the folder must not hold an
 * input, since any of its files may be replaced (communities.geojson, facilities.csv, …).
 */
export function checkOutputFolder(dir: string): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = resolve(dir);
  }
  const hit = inputs.find((i) => dirname(i.real) === real);
  if (hit)
    throw new InputError(
      `refusing to write the outputs into ${dir}: it holds the input ${hit.path}, which a result ` +
        `file may replace; choose an output folder of its own (e.g. ${join(dir, 'results')})`,
    );
  checkWritableFolder(dir);
}

/** Fails early (before any work, creating nothing) when the folder cannot be created or written. */
function checkWritableFolder(dir: string): void {
  let st: ReturnType<typeof statSync> | null = null;
  try {
    st = statSync(dir);
  } catch {
    st = null;
  }
  if (st && !st.isDirectory()) throw cannotWrite(dir, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
  if (!st) {
    const e = folderProblem(dir, Object.assign(new Error('cannot create'), { code: 'ENOENT' }));
    if (!/its folder does not exist/.test(e.message)) throw e; // missing levels are created when writing
    return;
  }
  try {
    accessSync(dir, fsConstants.W_OK);
  } catch (e) {
    throw cannotWrite(dir, e);
  }
}

/**
 * Creates `dir` and its missing parents, remembering which were created so a failed command can
 * remove them again. The one way every command makes its output folders.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let a = resolve(dir); ; ) {
    try {
      if (statSync(a).isDirectory()) break;
      throw cannotWrite(dir, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
    } catch (e) {
      if (e instanceof InputError) throw e;
    }
    missing.unshift(a);
    const up = dirname(a);
    if (up === a) break;
    a = up;
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw folderProblem(dir, e);
    }
    record({ t: 'dir', path: m });
  }
  removeStaleTemps(dir);
}

/**
 * After a failed or interrupted command: temporary files removed, and the folders it created
 * removed again with the files it wrote there (a failed run leaves no empty folder behind).
 */
export function cleanUpAfterFailure(): void {
  local.run();
}

/**
 * Fails early (before any work, creating nothing) when `path` cannot be written: a folder in the
 * way, an input of the command, a folder that cannot be created or written.
 */
export function checkWritable(path: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(path, e);
  }
  refuseInput(path);
  const dir = dirname(path);
  let exists = false;
  try {
    exists = statSync(dir).isDirectory();
  } catch {
    exists = false;
  }
  if (!exists) {
    checkWritableFolder(dir);
    return;
  }
  const t = tempName(path);
  try {
    writeFileSync(t, '');
    rmSync(t, { force: true });
  } catch (e) {
    throw cannotWrite(path, e);
  }
}

/** a file's content: one piece, a list of chunks, or chunks written as they are produced (src/io/chunks.ts) */
export type FileData = string | Uint8Array | Uint8Array[] | ChunkSource;

function writeData(file: string, data: FileData): void {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    writeFileSync(file, data);
    return;
  }
  const fd = openSync(file, 'w');
  const put = (chunk: Uint8Array) => {
    for (let off = 0; off < chunk.byteLength; ) off += writeSync(fd, chunk, off);
  };
  try {
    if (Array.isArray(data)) for (const chunk of data) put(chunk);
    else data(put);
  } finally {
    closeSync(fd);
  }
}

/** Write the whole content (one piece or a list of chunks) to a temporary file and rename it over `path`. */
export function writeFileAtomic(path: string, data: FileData): void {
  refuseInput(path);
  ensureDir(dirname(path));
  const t = tempName(path);
  record({ t: 'temp', path: t });
  try {
    writeData(t, data);
    setCommitting(true);
    renameSync(t, path);
    record({ t: 'written', path: resolve(path) });
  } catch (e) {
    rmSync(t, { force: true });
    throw cannotWrite(path, e);
  } finally {
    record({ t: 'untemp', path: t });
    setCommitting(false);
  }
}

/** writeFileAtomic for a file that `write` fills through its open descriptor (a GeoPackage: OutputSet.stageFd) */
export async function writeFileAtomicBy(path: string, write: (fd: number) => Promise<void>): Promise<void> {
  const one = new OutputSet();
  await one.stageFd(path, write);
  one.commit();
}

/**
 * A set of output files that appear together or not at all: each is staged to a temporary file,
 * and `commit` renames them all into place.
 */
export class OutputSet {
  private staged: { temp: string; path: string }[] = [];
  constructor(readonly dir?: string) {
    if (dir) ensureDir(dir);
  }
  stage(path: string, data: FileData): void {
    refuseInput(path);
    ensureDir(dirname(path));
    const t = tempName(path);
    record({ t: 'temp', path: t });
    try {
      writeData(t, data);
    } catch (e) {
      this.abort();
      throw cannotWrite(path, e);
    }
    this.staged.push({ temp: t, path });
  }
  /**
   * Stages `path` through an open descriptor of its temporary file that `write` fills, possibly on
   * a worker thread (descriptors are the process's): results.gpkg's pages go from SQLite straight
   * to the file, with no buffer of the whole database. Resolves once written and closed; `commit`
   * must wait for it. `abort` meanwhile removes the file (what is still written goes nowhere).
   */
  async stageFd(path: string, write: (fd: number) => Promise<void>): Promise<void> {
    refuseInput(path);
    ensureDir(dirname(path));
    const t = tempName(path);
    record({ t: 'temp', path: t });
    let fd: number;
    try {
      fd = openSync(t, 'w+'); // read too: SQLite reads back the pages it wrote (io/sqlite-fd-vfs.ts)
    } catch (e) {
      record({ t: 'untemp', path: t });
      throw cannotWrite(path, e);
    }
    this.staged.push({ temp: t, path });
    try {
      await write(fd);
    } catch (e) {
      this.abort();
      throw e;
    } finally {
      closeSync(fd);
    }
  }
  /**
   * Renames every staged file into place. Existing files are first moved aside; if any rename
   * fails (a file open in another program, a folder in the way), everything is put back as it
   * was, so the folder holds either all the new files or all the old ones.
   */
  commit(): string[] {
    setCommitting(true);
    try {
      return this.commitNow();
    } finally {
      setCommitting(false);
    }
  }
  private commitNow(): string[] {
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
          record({ t: 'temp', path: backup });
          renameSync(s.path, backup);
          moved.push({ path: s.path, backup });
        }
      }
      for (const s of this.staged) {
        renameSync(s.temp, s.path);
        record({ t: 'untemp', path: s.temp });
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
        record({ t: 'untemp', path: m.backup });
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
      record({ t: 'untemp', path: m.backup });
    }
    this.staged = [];
    record({ t: 'committed' }); // the folders now hold results: a later failure must not remove them
    return placed;
  }
  abort(): void {
    for (const s of this.staged) {
      rmSync(s.temp, { force: true });
      record({ t: 'untemp', path: s.temp });
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
    // a pid reused by an unrelated process would keep a temp forever: a day old is stale anyway
    if (alive && pid !== process.pid) {
      try {
        alive = Date.now() - statSync(join(dir, n)).mtimeMs < 24 * 3600 * 1000;
      } catch {
        alive = true;
      }
    }
    if (!alive) rmSync(join(dir, n), { force: true });
  }
}

export function removePendingTemps(): void {
  local.removeTemps();
}
