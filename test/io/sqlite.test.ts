import { describe, expect, it } from 'vitest';
import { exportDatabase, exportPages, newDatabase, openDatabaseBytes } from '../../src/io/sqlite.js';

describe('shared SQLite loader', () => {
  it('round-trips a database through its bytes, with R*Tree available', async () => {
    const db = await newDatabase();
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('社区'), ('b');");
    db.exec('CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy); INSERT INTO r VALUES (1, 0, 1, 0, 1);');
    const bytes = await exportDatabase(db);
    db.close();
    expect(Buffer.from(bytes.subarray(0, 15)).toString()).toBe('SQLite format 3');
    const back = await openDatabaseBytes(Buffer.from(bytes));
    expect(back.selectValues('SELECT name FROM t ORDER BY id')).toEqual(['社区', 'b']);
    expect(back.selectValue('SELECT count(*) FROM r WHERE minx <= 0.5 AND maxx >= 0.5')).toBe(1);
    expect(() => back.exec('INSERT INTO t (name) VALUES (1)')).toThrow(/readonly/i);
    back.close();
  });

  it('gives the same bytes page chunk by page chunk as whole (results.gpkg is written so)', async () => {
    const db = await newDatabase();
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
    for (let i = 0; i < 40; i++) db.exec({ sql: 'INSERT INTO t (v) VALUES (randomblob(3000))' });
    const whole = await exportDatabase(db);
    const page = Number(db.selectValue('PRAGMA page_size'));
    expect(whole.byteLength / page).toBeGreaterThan(10);
    for (const pages of [1, 3, 7, 1000]) {
      const parts: Buffer[] = [];
      await exportPages(db, (c) => parts.push(Buffer.from(c)), pages);
      expect(parts.length).toBe(Math.ceil(whole.byteLength / page / pages));
      expect(Buffer.concat(parts).equals(Buffer.from(whole))).toBe(true);
    }
    db.close();
  });
});
