/**
 * The R*Tree packed in one pass (src/outputs/gpkg/rtree.ts) against SQLite's own: for the same
 * boxes, the virtual table holds the same rows (float32 rounding included), rtreecheck() finds
 * the tree consistent, window queries return the same ids, and SQLite can keep inserting and
 * deleting in it afterwards (as GDAL's triggers do when a layer is edited in QGIS).
 */
import { describe, expect, it } from 'vitest';
import { loadSqlite, newDatabase, RowWriter } from '../../src/io/sqlite.js';
import { writeRtree } from '../../src/outputs/gpkg/rtree.js';
import { lcg } from '../support/rng.js';

describe('R*Tree packed in one pass', () => {
  // 135,000: more than 51 × 51 leaves, so a root over two inner levels
  for (const n of [0, 1, 7, 51, 52, 3000, 135_000]) {
    it(`${n} boxes: the same index as SQLite's inserts build`, async () => {
      const sqlite3 = await loadSqlite();
      const db = await newDatabase();
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
        const ins = new RowWriter(sqlite3, db, 'INSERT INTO a', 5);
        for (let i = 0; i < n; i++) {
          ins.group(1);
          ins.row(0);
          ins.value(ids[i]);
          for (let c = 0; c < 4; c++) ins.value(boxes[i * 4 + c]);
          ins.end();
        }
        ins.finish();
        writeRtree(db, (head, columns) => new RowWriter(sqlite3, db, head, columns), 'b', ids, boxes);
        db.exec('COMMIT');
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
      }
    });
  }
});
