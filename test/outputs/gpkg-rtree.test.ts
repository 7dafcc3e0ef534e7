/**
 * The R*Tree packed in one pass (src/outputs/gpkg/rtree.ts) against SQLite's own: for the same
 * boxes, the virtual table holds the same rows (float32 rounding included), rtreecheck() finds
 * the tree consistent, window queries return the same ids, and SQLite can keep inserting and
 * deleting in it afterwards (as GDAL's triggers do when a layer is edited in QGIS).
 */
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendTables } from '../../src/io/sqlite-btree.js';
import { newDatabase } from '../../src/io/sqlite.js';
import { rtreeTables } from '../../src/outputs/gpkg/rtree.js';
import { lcg } from '../support/rng.js';

describe('R*Tree packed in one pass', () => {
  // 135,000: more than 51 × 51 leaves, so a root over two inner levels
  for (const n of [0, 1, 7, 51, 52, 3000, 135_000]) {
    it(`${n} boxes: the same index as SQLite's inserts build`, async () => {
      // in a file, as results.gpkg: the packed tree's shadow tables are pages appended to it
      const dir = mkdtempSync(join(tmpdir(), 'lc-rtree-'));
      const fd = openSync(join(dir, 'x.sqlite'), 'w+');
      const db = await newDatabase(fd);
      try {
        const rnd = lcg(n + 1);
        const ids = new Float64Array(n);
        const boxes = new Float64Array(n * 4);
        for (let i = 0; i < n; i++) {
          ids[i] = i * 3 + 1;
          const x = 113 + rnd() * 0.3;
          const y = 23.5 + rnd() * 0.3;
          boxes.set([x, x + rnd() * 1e-3, y, y + (i % 5 === 0 ? 0 : rnd() * 1e-3)], i * 4);
        }
        db.exec('CREATE VIRTUAL TABLE a USING rtree(id, minx, maxx, miny, maxy)');
        db.exec('CREATE VIRTUAL TABLE b USING rtree(id, minx, maxx, miny, maxy)');
        db.exec('BEGIN');
        const ins = db.prepare('INSERT INTO a VALUES (?, ?, ?, ?, ?)');
        for (let i = 0; i < n; i++) ins.bind([ids[i], ...boxes.subarray(i * 4, i * 4 + 4)]).stepReset();
        ins.finalize();
        const nodeSize = Number(db.selectValue('SELECT length(data) FROM b_node WHERE nodeno = 1'));
        appendTables(db, fd, rtreeTables('b', nodeSize, ids, boxes));
        db.exec('COMMIT');
        expect(db.selectValue('PRAGMA integrity_check')).toBe('ok');
        const all = (t: string) => db.selectArrays(`SELECT * FROM ${t} ORDER BY id`);
        expect(all('b')).toEqual(all('a'));
        expect(db.selectValue("SELECT rtreecheck('b')")).toBe('ok');
        const q = (t: string, w: number[]) =>
          db.selectArrays(
            `SELECT id FROM ${t} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id`,
            w,
          );
        for (let k = 0; k < 50; k++) {
          const x = 113 + rnd() * 0.3;
          const y = 23.5 + rnd() * 0.3;
          const w = [x, x + rnd() * 0.05, y, y + rnd() * 0.05];
          expect(q('b', w)).toEqual(q('a', w));
        }
        if (n > 10_000) return; // (deleting half of a big tree row by row takes long, and tests nothing more)
        // SQLite's own insert and delete work on the packed tree
        db.exec('INSERT INTO b VALUES (999999999, 113.1, 113.2, 23.6, 23.7)');
        db.exec('DELETE FROM b WHERE id % 2 = 0');
        db.exec('INSERT INTO a VALUES (999999999, 113.1, 113.2, 23.6, 23.7)');
        db.exec('DELETE FROM a WHERE id % 2 = 0');
        expect(db.selectValue("SELECT rtreecheck('b')")).toBe('ok');
        expect(all('b')).toEqual(all('a'));
      } finally {
        db.close();
        closeSync(fd);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
