/**
 * Decoding a whole text file of unknown encoding. Chinese lists come as UTF-8 (with a BOM when
 * saved by Excel as "CSV UTF-8"), as GBK/GB18030 (Excel's and WPS's default "CSV" on Chinese
 * Windows), or as UTF-16 with a BOM (Excel's "Unicode text"). GB18030 is a superset of GBK and
 * GB2312, so one decoder covers all three.
 */
import { isUtf8 } from 'node:buffer';
import type iconvType from 'iconv-lite';
import { InputError } from '../util/errors.js';
import type { TextEncoding } from './types.js';
import { lazyRequire } from '../util/lazy-require.js';

// only GBK/GB18030 text needs iconv-lite (~550 KB of code tables): UTF-8 and UTF-16 never load it
const iconv = lazyRequire<typeof iconvType>('iconv-lite');

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

export function decodeText(buf: Uint8Array, path: string): DecodedText {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    // the BOM says UTF-8: a bad byte after it is damage, not another encoding
    const body = buf.subarray(3);
    if (!isUtf8(body))
      throw new InputError(
        `${path}: starts with a UTF-8 byte-order mark but byte offset ` +
          `${3 + utf8Scan(body).firstBad} is not valid UTF-8; the file is damaged: export it again or ` +
          `save it as UTF-8`,
      );
    return { text: Buffer.from(body).toString('utf8'), encoding: 'utf-8-bom' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: utf16(buf.subarray(2), 'utf-16le', path), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: utf16(buf.subarray(2), 'utf-16be', path), encoding: 'utf-16be' };
  if (isUtf8(buf)) return { text: Buffer.from(buf).toString('utf8'), encoding: 'utf-8' };

  const u = utf8Scan(buf);
  // GBK text fails UTF-8 within its first few Chinese characters; a UTF-8 file with one damaged
  // byte would instead "decode" as GB18030 into mojibake, so call it damaged UTF-8.
  if (u.goodMultibyte >= 8 && u.goodMultibyte >= 8 * u.bad) {
    throw new InputError(
      `${path}: byte offset ${u.firstBad} is not valid UTF-8, although the rest of the file is ` +
        `UTF-8 (${u.goodMultibyte} valid non-ASCII characters, ${u.bad} bad bytes); the file is ` +
        `damaged: export it again or save it as UTF-8`,
    );
  }
  const text = iconv().decode(Buffer.from(buf), 'gb18030');
  if (!text.includes('\uFFFD')) return { text, encoding: 'gb18030' };
  throw new InputError(
    `${path}: cannot tell the text encoding: not UTF-8 (bad byte at offset ${u.firstBad}) nor ` +
      `GBK/GB18030 (bad byte at offset ${gb18030FirstBad(buf)}); save the file as UTF-8 (Excel: ` +
      `Save As → "CSV UTF-8")`,
  );
}

function utf16(body: Uint8Array, enc: 'utf-16le' | 'utf-16be', path: string): string {
  try {
    return new TextDecoder(enc, { fatal: true }).decode(body);
  } catch {
    throw new InputError(
      `${path}: starts with a ${enc.toUpperCase()} byte-order mark but is not valid ${enc.toUpperCase()}; save the file as UTF-8`,
    );
  }
}

/**
 * Walk UTF-8 sequences: the offset of the first invalid one (-1 if none), how many invalid bytes
 * and how many valid multi-byte characters there are. Overlong forms, surrogates and code points
 * above U+10FFFF count as invalid, as in the WHATWG decoder.
 */
export function utf8Scan(buf: Uint8Array): { firstBad: number; bad: number; goodMultibyte: number } {
  let firstBad = -1;
  let bad = 0;
  let goodMultibyte = 0;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let n = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    }
    let ok = n > 0; // a truncated sequence fails on the missing (undefined) byte below
    if (ok) {
      for (let k = 1; k <= n; k++) {
        const c = buf[i + k];
        const min = k === 1 ? lo : 0x80;
        const max = k === 1 ? hi : 0xbf;
        if (c === undefined || c < min || c > max) {
          ok = false;
          break;
        }
      }
    }
    if (ok) {
      goodMultibyte++;
      i += n + 1;
    } else {
      if (firstBad < 0) firstBad = i;
      bad++;
      i++;
    }
  }
  return { firstBad, bad, goodMultibyte };
}

/**
 * Offset of the first byte sequence that is not GB18030, or -1. Structure: ASCII; 0x80 (€ in
 * CP936); lead 0x81–0xFE + trail 0x40–0x7E/0x80–0xFE; or lead + 0x30–0x39 + 0x81–0xFE + 0x30–0x39.
 * Structurally valid sequences that iconv-lite maps to U+FFFD (unassigned) are bad too. Only called
 * on the error path, so decoding sequence by sequence is fine.
 */
export function gb18030FirstBad(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b <= 0x80) {
      i++;
      continue;
    }
    if (b === 0xff) return i;
    const b1 = buf[i + 1];
    let n = 0;
    if (b1 === undefined) return i;
    if ((b1 >= 0x40 && b1 <= 0x7e) || (b1 >= 0x80 && b1 <= 0xfe)) n = 2;
    else if (b1 >= 0x30 && b1 <= 0x39) {
      const b2 = buf[i + 2];
      const b3 = buf[i + 3];
      if (b2 === undefined || b3 === undefined || b2 < 0x81 || b2 > 0xfe || b3 < 0x30 || b3 > 0x39) return i;
      n = 4;
    } else return i;
    if (
      iconv()
        .decode(Buffer.from(buf.subarray(i, i + n)), 'gb18030')
        .includes('\uFFFD')
    )
      return i;
    i += n;
  }
  return -1;
}
