import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newDatabase, openDatabaseBytes } from '../../src/io/sqlite.js';
import { tmp } from '../support/env.js';

/** a database written through the descriptor VFS (io/sqlite-fd-vfs.ts), as results.gpkg is, and its file's bytes */
async function written(build: (db: Awaited<ReturnType<typeof newDatabase>>) => void): Promise<Buffer> {
  const path = join(tmp(), 'x.db');
  const fd = openSync(path, 'w+');
  try {
    const db = await newDatabase(fd);
    build(db);
    db.close();
  } finally {
    closeSync(fd);
  }
  return readFileSync(path);
}

describe('shared SQLite loader', () => {
  it('writes a database into an open file and reads it back from its bytes, with R*Tree available', async () => {
    const bytes = await written((db) => {
      db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('社区'), ('b');");
      db.exec('CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy); INSERT INTO r VALUES (1, 0, 1, 0, 1);');
    });
    expect(bytes.subarray(0, 15).toString()).toBe('SQLite format 3');
    const back = await openDatabaseBytes(bytes);
    expect(back.selectValues('SELECT name FROM t ORDER BY id')).toEqual(['社区', 'b']);
    expect(back.selectValue('SELECT count(*) FROM r WHERE minx <= 0.5 AND maxx >= 0.5')).toBe(1);
    expect(back.selectValue('PRAGMA integrity_check')).toBe('ok');
    expect(() => back.exec('INSERT INTO t (name) VALUES (1)')).toThrow(/readonly/i);
    back.close();
  });

  it('a database larger than the page cache reads its pages back from the file (the same content)', async () => {
    const bytes = await written((db) => {
      db.exec('PRAGMA cache_size = 10; BEGIN; CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
      for (let i = 0; i < 400; i++) db.exec({ sql: 'INSERT INTO t (v) VALUES (zeroblob(3000))' });
      db.exec('UPDATE t SET v = randomblob(10) WHERE id % 7 = 0; COMMIT');
    });
    expect(bytes.length).toBeGreaterThan(400 * 3000);
    const back = await openDatabaseBytes(bytes);
    expect(back.selectValue('PRAGMA integrity_check')).toBe('ok');
    expect(back.selectValue('SELECT count(*) FROM t')).toBe(400);
    expect(back.selectValue('SELECT count(*) FROM t WHERE length(v) = 10')).toBe(57);
    back.close();
  });
});
