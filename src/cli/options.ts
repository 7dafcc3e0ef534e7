/** Parsing of options shared by several commands, with one clear error line each. */
import type { ClipArea } from '../network/clip.js';
import type { Lang } from '../profiles/types.js';
import { InputError } from '../util/errors.js';

export async function parseClipOption(spec: string | undefined, margin: string): Promise<ClipArea | undefined> {
  if (!spec) return undefined;
  const m = Number(margin);
  if (!Number.isFinite(m) || m < 0) throw new InputError(`--clip-margin ${margin}: expected a number of metres >= 0`);
  const { parseClip } = await import('../network/clip.js');
  return parseClip(spec, m);
}

export function parseLang(v: string): Lang {
  if (v !== 'zh' && v !== 'en') throw new InputError(`--lang ${v}: expected zh or en`);
  return v;
}

export function parsePositive(name: string, v: string, { allowZero = false } = {}): number {
  const n = Number(v);
  if (!Number.isFinite(n) || (allowZero ? n < 0 : n <= 0)) throw new InputError(`${name} ${v}: expected a number ${allowZero ? '>= 0' : '> 0'}`);
  return n;
}

/**
 * Repeatable per-list options (--crs, --columns, --category) go with the --facilities files in
 * order: given once, the value applies to every file; otherwise once per file.
 */
export function perFile(name: string, vals: string[] | undefined, files: number): (i: number) => string | undefined {
  if (!vals || vals.length === 0) return () => undefined;
  if (vals.length !== 1 && vals.length !== files) throw new InputError(`${name} is given ${vals.length} times for ${files} --facilities files; give it once (for all files) or once per file, in the same order`);
  return (i) => (vals.length === 1 ? vals[0] : vals[i]);
}
