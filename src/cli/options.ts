/** Parsing of options shared by several commands, with one clear error line each. */
import { parseClip, type ClipArea } from '../network/clip.js';
import { InputError } from '../util/errors.js';

export function parseClipOption(spec: string | undefined, margin: string): ClipArea | undefined {
  if (!spec) return undefined;
  const m = Number(margin);
  if (!Number.isFinite(m) || m < 0) throw new InputError(`--clip-margin ${margin}: expected a number of metres >= 0`);
  return parseClip(spec, m);
}

export function parsePositive(name: string, v: string, { allowZero = false } = {}): number {
  const n = Number(v);
  if (!Number.isFinite(n) || (allowZero ? n < 0 : n <= 0)) throw new InputError(`${name} ${v}: expected a number ${allowZero ? '>= 0' : '> 0'}`);
  return n;
}
