/**
 * dBASE (.dbf) attribute tables of Shapefiles. The text encoding comes from the `.cpg` label when
 * there is one (Chinese offices write 936, CP936, ANSI 936, GBK or GB2312: all read as GB18030, a
 * superset), else the language-driver byte (LDID 0x4D/0x7A = GBK), else a guess: UTF-8 when every
 * text byte is valid UTF-8, GB18030 otherwise. Field names are decoded the same way (GBK field
 * names such as 社区名称 are common). Numbers too long for a double (21-digit codes) stay text.
 */
import { isUtf8 } from 'node:buffer';
import type iconvType from 'iconv-lite';
import { InputError } from '../util/errors.js';
import { lazyRequire } from '../util/lazy-require.js';

// loaded for the first non-UTF-8 code page (~550 KB of code tables)
const iconv = lazyRequire<typeof iconvType>('iconv-lite');

export interface DbfTable {
  fields: string[];
  records: Record<string, unknown>[];
  /** true where the record is marked deleted (kept in place so record i matches shape i) */
  deleted: boolean[];
  encoding: string;
  encodingFrom: 'cpg' | 'ldid' | 'guess';
}

/** .cpg label → iconv encoding, or null when not understood */
export function encodingFromCpg(label: string): string | null {
  const s = label.trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^(UTF-?8|65001)$/.test(s)) return 'utf-8';
  if (/^(ANSI |CP ?|WINDOWS-)?936$|^(GBK|GB2312|GB18030|GB_2312-80|EUC-CN|CP_GBK)$/.test(s)) return 'gb18030';
  if (/^(ANSI |CP ?|WINDOWS-)?950$|^BIG5$/.test(s)) return 'big5';
  const cp = /^(?:ANSI |CP ?|WINDOWS-)?(125[0-8]|437|850|866)$/.exec(s);
  if (cp) return Number(cp[1]) >= 1250 ? `windows-${cp[1]}` : `cp${cp[1]}`;
  if (/^(ISO-?)?8859-?(\d+)$/.test(s)) return s.replace(/^(ISO-?)?8859-?/, 'iso-8859-');
  if (iconv().encodingExists(s)) return s.toLowerCase();
  return null;
}

/** LDID byte 29 → encoding for the codes Chinese software writes; 0 (GDAL's default) says nothing */
function encodingFromLdid(b: number): string | null {
  if (b === 0x4d || b === 0x7a) return 'gb18030';
  if (b === 0x78) return 'big5';
  if (b === 0x57 || b === 0x03) return 'windows-1252';
  return null;
}

export function readDbf(buf: Uint8Array, where: string, cpg: string | null, warnings: string[]): DbfTable {
  if (buf.byteLength < 33)
    throw new InputError(`${where}: too short for a .dbf table (${buf.byteLength} bytes); copy the .dbf again`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const nRec = dv.getUint32(4, true);
  const headerLen = dv.getUint16(8, true);
  const recLen = dv.getUint16(10, true);
  if (headerLen < 33 || headerLen > buf.byteLength || recLen < 1)
    throw new InputError(
      `${where}: the .dbf header is damaged (header ${headerLen} bytes, records ${recLen} bytes); export the layer again`,
    );
  const avail = Math.floor((buf.byteLength - headerLen) / recLen);
  if (avail < nRec)
    warnings.push(`${where}: the .dbf declares ${nRec} records but holds ${avail}; the rest have no attributes`);
  const fieldsRaw: { name: Uint8Array; type: string; len: number; dec: number; off: number }[] = [];
  let off = 1;
  for (let p = 32; p + 32 <= headerLen && buf[p] !== 0x0d; p += 32) {
    let end = p;
    while (end < p + 11 && buf[end] !== 0) end++;
    fieldsRaw.push({
      name: buf.subarray(p, end),
      type: String.fromCharCode(buf[p + 11]),
      len: buf[p + 16],
      dec: buf[p + 17],
      off,
    });
    off += buf[p + 16];
  }
  // encoding: .cpg, LDID, else a guess over the names and character fields
  let encoding: string | null = null;
  let encodingFrom: DbfTable['encodingFrom'] = 'guess';
  if (cpg !== null) {
    encoding = encodingFromCpg(cpg);
    if (encoding) encodingFrom = 'cpg';
    else
      warnings.push(
        `${where}: the .cpg names an unknown encoding "${cpg.trim().slice(0, 40)}"; guessing from the text`,
      );
  }
  if (!encoding) {
    encoding = encodingFromLdid(buf[29]);
    if (encoding) encodingFrom = 'ldid';
  }
  if (!encoding) {
    const parts: Uint8Array[] = fieldsRaw.map((f) => f.name);
    const n = Math.min(nRec, avail, 5000);
    for (let r = 0; r < n; r++)
      for (const f of fieldsRaw)
        if (f.type === 'C')
          parts.push(buf.subarray(headerLen + r * recLen + f.off, headerLen + r * recLen + f.off + f.len));
    const sample = Buffer.concat(parts.map((p) => trimBytes(p)));
    encoding = isUtf8(sample) ? 'utf-8' : 'gb18030';
  }
  const dec = (b: Uint8Array) =>
    encoding === 'utf-8' ? Buffer.from(b).toString('utf8') : iconv().decode(Buffer.from(b), encoding!);
  const names: string[] = [];
  const seen = new Map<string, number>();
  for (const f of fieldsRaw) {
    const base = dec(f.name).trim() || `field${names.length + 1}`;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    names.push(k === 1 ? base : `${base}_${k}`);
  }
  const records: Record<string, unknown>[] = [];
  const deleted: boolean[] = [];
  const count = Math.min(nRec, avail);
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recLen;
    deleted.push(buf[base] === 0x2a);
    const rec: Record<string, unknown> = {};
    fieldsRaw.forEach((f, i) => {
      const raw = buf.subarray(base + f.off, base + f.off + f.len);
      rec[names[i]] = value(f.type, raw, dec);
    });
    records.push(rec);
  }
  return { fields: names, records, deleted, encoding, encodingFrom };
}

function trimBytes(b: Uint8Array): Uint8Array {
  let e = b.length;
  while (e > 0 && (b[e - 1] === 0x20 || b[e - 1] === 0)) e--;
  return b.subarray(0, e);
}

function value(type: string, raw: Uint8Array, dec: (b: Uint8Array) => string): unknown {
  if (type === 'C' || type === 'M') {
    const s = dec(trimBytes(raw)).trim();
    return s === '' ? null : s;
  }
  const s = Buffer.from(raw).toString('latin1').replace(/\0/g, '').trim();
  if (type === 'N' || type === 'F') {
    if (s === '' || /^\*+$/.test(s)) return null;
    const n = Number(s);
    if (!Number.isFinite(n)) return s;
    // 21-digit community codes do not fit a double: keep their digits
    return /^-?\d+$/.test(s) && !Number.isSafeInteger(n) ? s : n;
  }
  if (type === 'L') return /^[TtYy]$/.test(s) ? true : /^[FfNn]$/.test(s) ? false : null;
  if (type === 'D') return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : s || null;
  return s === '' ? null : s;
}
