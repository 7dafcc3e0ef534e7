/**
 * Text in terminal columns: Chinese, Japanese and Korean wide characters take two columns,
 * combining marks and zero-width characters none, so tables of Chinese names line up.
 */

// East Asian Wide and Fullwidth ranges (Unicode EastAsianWidth W/F), the ones Chinese text uses
const WIDE = new RegExp(
  '[' +
    '\\u1100-\\u115f\\u231a\\u231b\\u2329\\u232a\\u2e80-\\u303e\\u3041-\\u33ff\\u3400-\\u4dbf\\u4e00-\\u9fff' +
    '\\ua000-\\ua4cf\\ua960-\\ua97f\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe10-\\ufe19\\ufe30-\\ufe6f\\uff00-\\uff60\\uffe0-\\uffe6' +
    '\\u{1f300}-\\u{1f64f}\\u{1f900}-\\u{1f9ff}\\u{20000}-\\u{3fffd}' +
    ']',
  'u',
);
/** combining marks, zero-width spaces and joiners, variation selectors, BOM */
function zeroWidth(cp: number): boolean {
  return (
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    cp === 0x2060 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  );
}
// ANSI colour sequences (ESC [ … m) take no columns
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** columns a character takes */
function charWidth(ch: string): number {
  if (zeroWidth(ch.codePointAt(0) ?? 0)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

/** columns a string takes in a terminal */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += charWidth(ch);
  return w;
}

/** the string cut to at most `max` columns, ending in "…" when something was cut */
export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** padded with spaces on the right to `n` columns */
export function padEnd(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - displayWidth(s)));
}

/**
 * Items joined by `sep`, wrapped into lines of at most `width` columns (an item is never split;
 * one wider than the line gets a line of its own); continuation lines start with `indent`.
 */
export function wrapItems(items: string[], width: number, sep = ' · ', indent = ''): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const it of items) {
    const next = cur ? `${cur}${sep}${it}` : `${lines.length ? indent : ''}${it}`;
    if (cur && displayWidth(next) > width) {
      lines.push(cur);
      cur = `${indent}${it}`;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** the terminal's width for text written to stdout; 100 when stdout is not a terminal */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns && stream.columns > 20 ? stream.columns : 100;
}
