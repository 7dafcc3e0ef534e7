import { describe, expect, it } from 'vitest';
import { exportDatabase, newDatabase, openDatabaseBytes } from '../../src/io/sqlite.js';

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
});
