/**
 * Input files are read through here once, and hashed as they are read: run.json names the exact
 * bytes a run used (sha256) without reading any file a second time. A reader keeps its own error
 * messages; it only swaps `readFileSync(path)` for `readInput(path)`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const hashes = new Map<string, string>();

/** The file's bytes; their sha256 is kept for inputSha256 (throws what readFileSync throws). */
export function readInput(path: string): Buffer {
  const bytes = readFileSync(path);
  hashes.set(resolve(path), createHash('sha256').update(bytes).digest('hex'));
  return bytes;
}

/** The file as UTF-8 text (a byte-order mark stays, as with readFileSync(path, 'utf8')). */
export function readInputText(path: string): string {
  return readInput(path).toString('utf8');
}

/** sha256 of the bytes last read from `path` through readInput. */
export function inputSha256(path: string): string {
  const h = hashes.get(resolve(path));
  if (h === undefined) throw new Error(`internal: ${path} was not read through readInput, so its hash is unknown`);
  return h;
}
