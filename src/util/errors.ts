/**
 * Errors that carry an exit code and a one-line message for the user. The rule (README, exit codes):
 * InputError (exit 2): the input is bad or empty for what was asked — unreadable or invalid files
 *   and options, and inputs with nothing to analyse (no walkable ways, no facilities, no origin on
 *   the network): the user must change an input.
 * AnalysisError (exit 1): the inputs are valid but the analysis has no answer for them (no walking
 *   route joins two points that are both on the network).
 * Messages say what is wrong, where (file, line/byte offset, feature id) and what to do.
 * Every message is made one line here, whatever it quotes: control characters (newlines, NULs,
 * the binary header of a file given in the wrong place) are escaped and over-long messages cut.
 */
export class LifecircleError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(oneLine(message, MAX_MESSAGE));
    this.name = new.target.name;
  }
}

export class InputError extends LifecircleError {
  constructor(message: string) {
    super(message, 2);
  }
}

export class AnalysisError extends LifecircleError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** a whole error message; long enough for two paths and a hint */
const MAX_MESSAGE = 1000;

/**
 * `s` as one printable line of at most `max` characters: C0/C1 control characters, DEL, lone
 * surrogates and U+FFFD (bytes that were not text) are written as \n, \xNN or \uNNNN escapes.
 */
export function oneLine(s: string, max = 80): string {
  let esc = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair =
      c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    if (pair) {
      esc += s[i] + s[i + 1];
      i++;
    } else if (c === 0x0a) esc += '\\n';
    else if (c === 0x0d) esc += '\\r';
    else if (c === 0x09) esc += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) esc += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0xfffd || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff))
      esc += `\\u${c.toString(16).padStart(4, '0')}`;
    else esc += s[i];
  }
  if (esc.length <= max) return esc;
  // do not cut an escape or a surrogate pair in half
  let cut = max - 1;
  const tail = esc.slice(Math.max(0, cut - 6), cut);
  const m = /\\(x[0-9a-f]{0,1}|u[0-9a-f]{0,3}|)$/.exec(tail);
  if (m) cut -= m[0].length;
  if (/[\ud800-\udbff]/.test(esc[cut - 1] ?? '')) cut--;
  return `${esc.slice(0, cut)}…`;
}

/** A short quotation of input text for a message: one line, at most `max` characters, in quotes. */
export function quote(s: string, max = 40): string {
  return `"${oneLine(s, max)}"`;
}
