/** Fixtures for the facility-list tests: temp files, GBK bytes, a tiny .xlsx writer, a distance reference. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import type { DistanceReference } from '../../src/facilities/crs-offset.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const REAL = resolve(ROOT, '../shared/data/real');
export const HAS_REAL = existsSync(REAL);

let dir: string | null = null;
/** writes `content` to a fresh temp directory shared by the test file; returns the path */
export function fixture(name: string, content: string | Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'lc-facilities-'));
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** UTF-8 text → GBK bytes with the iconv command (what a planner's tools produce), else iconv-lite */
export function gbk(text: string): { bytes: Buffer; tool: 'iconv' | 'iconv-lite' } {
  try {
    const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(text, 'utf8') });
    if (r.status === 0 && r.stdout.length > 0) return { bytes: r.stdout, tool: 'iconv' };
  } catch {
    // no iconv command: fall through
  }
  return { bytes: iconv.encode(text, 'gbk'), tool: 'iconv-lite' };
}

// ---- a minimal .xlsx: stored (uncompressed) zip of the five parts a reader needs ----

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function zipStore(files: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const nm = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(0, 8); // stored
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x21, 12); // 1980-01-01
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(nm.length, 26);
    lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(0, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(nm.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nm, data);
    centrals.push(ch, nm);
    offset += lh.length + nm.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A workbook with the given sheets; strings go to the shared-string table as Excel writes them. */
export function xlsx(sheets: { name: string; rows: (string | number | null)[][] }[]): Buffer {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const sheetXml = (rows: (string | number | null)[][]) => {
    const body = rows
      .map((row, r) => {
        const cells = row
          .map((v, c) => {
            const ref = `${colName(c)}${r + 1}`;
            if (v === null) return '';
            if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
            if (!sharedIndex.has(v)) {
              sharedIndex.set(v, shared.length);
              shared.push(v);
            }
            return `<c r="${ref}" t="s"><v>${sharedIndex.get(v)}</v></c>`;
          })
          .join('');
        return `<row r="${r + 1}">${cells}</row>`;
      })
      .join('');
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ` +
      `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`
    );
  };
  const sheetFiles: [string, string][] = sheets.map((s, i) => [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s.rows)]);
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipStore([
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types ` +
        `xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default ` +
        `Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships ` +
        `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship ` +
        `Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook ` +
        `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
        `xmlns:r="${R}"><sheets>${sheets.map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships ` +
        `xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    ...sheetFiles,
    [
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8"?><sst ` +
        `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" ` +
        `uniqueCount="${shared.length}">${shared.map((s) => `<si><t>${xmlEscape(s)}</t></si>`).join('')}</sst>`,
    ],
  ]);
}

// ---- distance references ----

/** metres between two nearby points (equirectangular; fine for the few km in these tests) */
export function metres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const kx = 111320 * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110574);
}

/** nearest distance to a set of line segments [lon1, lat1, lon2, lat2], by brute force */
export function segmentReference(segments: [number, number, number, number][]): DistanceReference {
  return {
    nearestDistance(lon, lat) {
      const kx = 111320 * Math.cos((lat * Math.PI) / 180);
      const ky = 110574;
      let best = Infinity;
      for (const [ax, ay, bx, by] of segments) {
        const x1 = (ax - lon) * kx;
        const y1 = (ay - lat) * ky;
        const dx = (bx - ax) * kx;
        const dy = (by - ay) * ky;
        const l2 = dx * dx + dy * dy;
        const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, -(x1 * dx + y1 * dy) / l2));
        best = Math.min(best, Math.hypot(x1 + t * dx, y1 + t * dy));
      }
      return best;
    },
  };
}
