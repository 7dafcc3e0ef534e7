/**
 * A GeoPackage layer's rows written as our own table b-tree pages (src/io/sqlite-btree.ts,
 * src/outputs/gpkg/encoded-rows.ts writeRecords) against SQLite's own INSERTs of the same values
 * into a table of the same declared types: every value with the same storage class and the same
 * value (quote()), PRAGMA integrity_check 'ok' (pages, cells, free space, overflow chains, keys),
 * and SQLite able to keep inserting into and deleting from the table afterwards. Sizes cover one
 * leaf, leaves under one and two interior levels, payloads on overflow chains (at and around the
 * sizes where SQLite's local-payload rule changes), and values that a column's affinity converts.
 */
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { varintLength, putVarint } from '../../src/io/sqlite-btree.js';
import { intSerial } from '../../src/io/sqlite-record.js';
import { loadSqlite, newDatabase, openDatabaseBytes } from '../../src/io/sqlite.js';
import { gpkgToFile } from '../../src/outputs/gpkg/write-gpkg.js';
import type { Dataset, FieldType, Value } from '../../src/outputs/schema.js';
import { readFileSync } from 'node:fs';
import { lcg } from '../support/rng.js';

const FIELDS: { key: string; type: FieldType }[] = [
  { key: 'name', type: 'text' },
  { key: 'n', type: 'integer' },
  { key: 'x', type: 'real' },
  { key: 'ok', type: 'boolean' },
  { key: 'code', type: 'label' },
];
const DECL: Record<FieldType, string> = {
  text: 'TEXT',
  label: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  boolean: 'BOOLEAN',
};

const INTS = [0, 1, -1, 2, 127, 128, -128, -129, 32767, 32768, -32769, 8388607, 8388608, 2147483647, 2147483648];
const BIG = [-2147483649, 140737488355327, 140737488355328, -140737488355329, 2 ** 53 - 1, -(2 ** 53 - 1)];

/** row i's values: every kind a layer can carry, and the mismatches affinity converts, now and then */
function row(i: number, rnd: () => number, long: number): Value[] {
  const k = i % 11;
  const text = k === 3 ? '社区服务中心'.repeat(1 + (i % 7)) : k === 5 ? 'x'.repeat(long) : `id-${i}`;
  return [
    k === 7 ? 42 : k === 8 ? 2.5 : k === 9 ? null : text,
    k === 4 ? '17' : k === 6 ? 'seven' : k === 10 ? 3.0000001 : [...INTS, ...BIG][i % (INTS.length + BIG.length)],
    k === 2 ? ' 12.5 ' : k === 1 ? 8 : k === 9 ? null : rnd() * 1e4 - 5e3,
    k === 6 ? '1' : i % 2 === 0,
    k === 0 ? null : `c${i % 13}`,
  ];
}

async function layerFile(rows: Value[][], points: boolean): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-btree-'));
  try {
    const data: Dataset = {
      name: 't',
      zh: 't',
      en: 't',
      fields: FIELDS.map((f) => ({ ...f, zh: f.key, en: f.key })),
      rows,
      geometries: points
        ? rows.map((_, i) => (i % 9 === 4 ? null : { type: 'Point', coordinates: [113 + i * 1e-5, 23.7] }))
        : null,
      geometryKind: points ? 'POINT' : null,
      geojsonMeta: {},
      csvPoint: null,
    };
    const file = join(dir, 'x.gpkg');
    const fd = openSync(file, 'w+');
    try {
      await gpkgToFile([{ data, title: 't', description: '' }], { items: {} }, fd);
    } finally {
      closeSync(fd);
    }
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** the same values through SQLite's own INSERTs (integers bound as INTEGER, other numbers as REAL) */
async function reference(rows: Value[][]) {
  const db = await newDatabase();
  db.exec(
    `CREATE TABLE t (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${FIELDS.map((f) => `"${f.key}" ${DECL[f.type]}`).join(', ')})`,
  );
  const st = db.prepare(
    `INSERT INTO t (fid, ${FIELDS.map((f) => `"${f.key}"`).join(', ')}) VALUES (${FIELDS.map(() => '?').join(', ')}, ?)`,
  );
  rows.forEach((r, i) => {
    const vals = r.map((v, c) => (FIELDS[c].type === 'boolean' && v !== null ? (v ? 1 : 0) : v));
    st.bind(1, i + 1);
    vals.forEach((v, c) => st.bind(c + 2, v as string | number | null));
    st.stepReset();
  });
  st.finalize();
  return db;
}

function depth(file: Uint8Array, page: number): number {
  const at = (page - 1) * 4096;
  if (file[at] === 13) return 1;
  const right = ((file[at + 8] << 24) | (file[at + 9] << 16) | (file[at + 10] << 8) | file[at + 11]) >>> 0;
  return 1 + depth(file, right);
}

const SELECT = `SELECT fid, ${FIELDS.map((f) => `typeof("${f.key}"), quote("${f.key}")`).join(', ')} FROM t ORDER BY fid`;

describe('SQLite table b-tree pages of our own', () => {
  it('varints as SQLite writes them', () => {
    for (const v of [0, 1, 127, 128, 16383, 16384, 2 ** 21, 2 ** 28 - 1, 2 ** 35, 2 ** 53 - 1]) {
      const b = new Uint8Array(10);
      const end = putVarint(b, 0, v);
      expect(end).toBe(varintLength(v));
      let x = 0;
      for (let i = 0; i < end; i++) x = x * 128 + (b[i] & 127);
      expect(x).toBe(v);
      for (let i = 0; i < end - 1; i++) expect(b[i] & 128).toBe(128);
      expect(b[end - 1] & 128).toBe(0);
    }
    expect([0, 1, 5, -5, 200, 40000, 1e7, 3e9, 1e15].map(intSerial)).toEqual([8, 9, 1, 1, 2, 3, 4, 5, 6]);
  });

  // 0, 1 and a few rows: the root a leaf; 20,000 short rows: ~300 leaves under the root; 6,000 rows,
  // every 11th of ~2,000 bytes: over 450 leaves, two interior levels; long texts of 4,000 to 9,000
  // bytes: the local-payload rule's cases and overflow chains
  for (const [n, long] of [
    [0, 10],
    [1, 10],
    [9, 10],
    [300, 4061],
    [400, 9000],
    [20_000, 10],
    [6000, 1900],
  ] as const) {
    it(`${n} rows (long texts of ${long} bytes): the values SQLite's INSERTs store, a sound file`, async () => {
      const rnd = lcg(n + 7);
      const rows = Array.from({ length: n }, (_, i) => row(i, rnd, long + (i % 5) * 97));
      const bytes = await layerFile(rows, false);
      const ours = await openDatabaseBytes(bytes);
      // the tree's depth, from its root page's type (13 a leaf, 5 interior) down the right-most pointers
      if (n === 6000)
        expect(depth(bytes, Number(ours.selectValue("SELECT rootpage FROM sqlite_schema WHERE name = 't'")))).toBe(3);
      const ref = await reference(rows);
      try {
        expect(ours.selectValue('PRAGMA integrity_check')).toBe('ok');
        expect(ours.selectArrays(SELECT)).toEqual(ref.selectArrays(SELECT));
        expect(ours.selectValue("SELECT seq FROM sqlite_sequence WHERE name = 't'") ?? 0).toBe(n);
      } finally {
        ours.close();
        ref.close();
      }
    });
  }

  it("texts repeated from the row before (copied, not encoded again): the values SQLite's INSERTs store", async () => {
    // runs of the same texts, ASCII, Chinese and long, with NULLs and numbers shifting which text of
    // the row each one is, over 30,000 rows (the encoder's buffer grown several times)
    const rnd = lcg(29);
    const names = ['QY-001', '银武社区', '社区卫生服务中心'.repeat(9), 'w'.repeat(90), '', '12'];
    let a = 0;
    let b = 0;
    const rows = Array.from({ length: 30_000 }, (_, i): Value[] => {
      if (rnd() < 0.2) a = Math.floor(rnd() * names.length);
      if (rnd() < 0.1) b = Math.floor(rnd() * names.length);
      const r = rnd();
      return [
        r < 0.1 ? null : names[a],
        r < 0.05 ? names[b] : i,
        rnd() * 100,
        i % 3 === 0,
        r > 0.9 ? null : r > 0.8 ? names[a] : names[b],
      ];
    });
    const bytes = await layerFile(rows, false);
    const ours = await openDatabaseBytes(bytes);
    const ref = await reference(rows);
    try {
      expect(ours.selectValue('PRAGMA integrity_check')).toBe('ok');
      expect(ours.selectArrays(SELECT)).toEqual(ref.selectArrays(SELECT));
    } finally {
      ours.close();
      ref.close();
    }
  });

  it('a point layer: geometries, the R*Tree and SQLite inserting and deleting afterwards', async () => {
    const rnd = lcg(3);
    const rows = Array.from({ length: 2000 }, (_, i) => row(i, rnd, 50));
    const bytes = await layerFile(rows, true);
    const sqlite3 = await loadSqlite();
    // writable: a copy deserialized without READONLY
    const db = new sqlite3.oo1.DB(':memory:', 'c');
    const p = sqlite3.wasm.allocFromTypedArray(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    sqlite3.capi.sqlite3_deserialize(db.pointer!, 'main', p, bytes.byteLength, bytes.byteLength, 1 | 2);
    try {
      expect(db.selectValue('PRAGMA integrity_check')).toBe('ok');
      expect(db.selectValue('SELECT count(*) FROM t WHERE geom IS NOT NULL')).toBe(2000 - 222);
      expect(db.selectValue('SELECT count(*) FROM rtree_t_geom')).toBe(2000 - 222);
      // (GDAL's R*Tree triggers call ST_* functions that only GDAL defines)
      for (const [name] of db.selectArrays("SELECT name FROM sqlite_schema WHERE type = 'trigger'") as [string][])
        db.exec(`DROP TRIGGER "${name}"`);
      db.exec('DELETE FROM t WHERE fid % 3 = 0');
      db.exec("INSERT INTO t (name) VALUES ('new')");
      expect(db.selectValue("SELECT fid FROM t WHERE name = 'new'")).toBe(2001);
      expect(db.selectValue('PRAGMA integrity_check')).toBe('ok');
    } finally {
      db.close();
    }
  });
});
