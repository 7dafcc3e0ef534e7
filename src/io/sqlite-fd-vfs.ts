/**
 * A SQLite VFS (in JS, for the WASM build) whose database is an already open file descriptor, so a
 * writer's database lives in its file rather than in the WASM heap: SQLite keeps only its page
 * cache in memory. An in-memory database grew the heap by the whole file (44 MB for the city's
 * results.gpkg, ~1.1 GB for a province's; WASM memory never shrinks) and its pages were then
 * copied out. Descriptors are the process's, so a worker thread writes the file that the main
 * thread opened (io/atomic.ts OutputSet.stageFd).
 *
 * Scope, on purpose: one writer, no other process, no journal (`journal_mode = OFF`, temporary
 * data in memory): the file is a temporary one that is renamed into place only when complete, so
 * a failure throws it away instead of rolling back. Locks are therefore no-ops, and SQLite asks
 * this VFS for no other file (a request for one fails with SQLITE_CANTOPEN).
 *
 * A database is named `fd:<n>` (`fdDatabaseName`).
 */
import { fstatSync, ftruncateSync, readSync, writeSync } from 'node:fs';
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';

export const FD_VFS = 'lifecircle-fd';

/** the C structs as the WASM build exposes them at run time (its typings name the fields otherwise) */
type Struct = Record<string, number> & { pointer: number; dispose(): void };
type Install = (o: object) => void;
/** a 64-bit offset as this build passes it (a BigInt with WASM_BIGINT, else a number) */
type I64 = number | bigint;

const installed = new WeakSet<object>();

/** the name that opens descriptor `fd` through this VFS */
export function fdDatabaseName(fd: number): string {
  return `fd:${fd}`;
}

/** registers the VFS with this SQLite instance (once) */
export function installFdVfs(sqlite3: Sqlite3Static): void {
  if (installed.has(sqlite3)) return;
  const { capi, wasm } = sqlite3;
  const files = new Map<number, number>(); // sqlite3_file pointer → descriptor
  const fdOf = (pFile: unknown) => files.get(Number(pFile))!;
  const install = sqlite3.vfs.installVfs as unknown as Install;
  const io = new capi.sqlite3_io_methods() as unknown as Struct;
  io.$iVersion = 1;
  const heap = () => wasm.heap8u();
  install({
    io: {
      struct: io,
      methods: {
        xClose: (pFile: number) => {
          files.delete(Number(pFile)); // the descriptor is its opener's to close
          return 0;
        },
        xRead: (pFile: number, pDest: number, n: number, offset: I64) => {
          try {
            const at = Number(pDest);
            const got = readSync(fdOf(pFile), heap(), at, n, Number(offset));
            if (got < n) {
              heap().fill(0, at + got, at + n);
              return capi.SQLITE_IOERR_SHORT_READ;
            }
            return 0;
          } catch {
            return capi.SQLITE_IOERR_READ;
          }
        },
        xWrite: (pFile: number, pSrc: number, n: number, offset: I64) => {
          try {
            const fd = fdOf(pFile);
            const at = Number(pSrc);
            for (let done = 0; done < n; ) done += writeSync(fd, heap(), at + done, n - done, Number(offset) + done);
            return 0;
          } catch {
            return capi.SQLITE_IOERR_WRITE;
          }
        },
        xTruncate: (pFile: number, size: I64) => {
          try {
            ftruncateSync(fdOf(pFile), Number(size));
            return 0;
          } catch {
            return capi.SQLITE_IOERR_TRUNCATE;
          }
        },
        // the file is renamed into place when complete; durability is not this file's concern
        xSync: () => 0,
        xFileSize: (pFile: number, pSize: number) => {
          try {
            wasm.poke64(pSize, BigInt(fstatSync(fdOf(pFile)).size));
            return 0;
          } catch {
            return capi.SQLITE_IOERR_FSTAT;
          }
        },
        xLock: () => 0,
        xUnlock: () => 0,
        xCheckReservedLock: (_pFile: number, pOut: number) => {
          wasm.poke32(pOut, 0);
          return 0;
        },
        xFileControl: () => capi.SQLITE_NOTFOUND,
        xSectorSize: () => 4096,
        xDeviceCharacteristics: () => 0,
      },
    },
  });
  const vfs = new capi.sqlite3_vfs() as unknown as Struct;
  const dflt = new capi.sqlite3_vfs(capi.sqlite3_vfs_find(null)) as unknown as Struct;
  vfs.$iVersion = 2;
  vfs.$szOsFile = (capi.sqlite3_file as unknown as { structInfo: { sizeof: number } }).structInfo.sizeof;
  vfs.$mxPathname = 512;
  // randomness, time and sleep as the default VFS has them
  vfs.$xRandomness = dflt.$xRandomness;
  vfs.$xSleep = dflt.$xSleep;
  vfs.$xCurrentTime = dflt.$xCurrentTime;
  vfs.$xCurrentTimeInt64 = dflt.$xCurrentTimeInt64;
  vfs.$xGetLastError = dflt.$xGetLastError;
  dflt.dispose();
  install({
    vfs: {
      struct: vfs,
      name: FD_VFS,
      methods: {
        xOpen: (_pVfs: number, zName: number, pFile: number, flags: number, pOutFlags: number) => {
          const name = zName ? (wasm.cstrToJs(zName) ?? '') : '';
          const m = /^fd:(\d+)$/.exec(name);
          if (!m || !(flags & capi.SQLITE_OPEN_MAIN_DB)) return capi.SQLITE_CANTOPEN;
          files.set(Number(pFile), Number(m[1]));
          const f = new capi.sqlite3_file(pFile) as unknown as Struct;
          f.$pMethods = io.pointer;
          f.dispose();
          if (pOutFlags) wasm.poke32(pOutFlags, flags);
          return 0;
        },
        // no journal, no other file: nothing exists and nothing needs deleting
        xDelete: () => 0,
        xAccess: (_pVfs: number, _zName: number, _flags: number, pOut: number) => {
          wasm.poke32(pOut, 0);
          return 0;
        },
        xFullPathname: (_pVfs: number, zName: number, nOut: number, pOut: number) =>
          wasm.cstrncpy(pOut, zName, nOut) < nOut ? 0 : capi.SQLITE_CANTOPEN,
      },
    },
  });
  installed.add(sqlite3);
}
