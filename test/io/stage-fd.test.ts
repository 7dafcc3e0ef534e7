import { mkdtempSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputSet } from '../../src/io/atomic.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'lc-stagefd-'));
const put = (fd: number, s: string) => writeSync(fd, Buffer.from(s));

describe('OutputSet.stageFd: a file written through a descriptor (the GeoPackage worker)', () => {
  it('stages what the writer wrote, placed beside the others at commit', async () => {
    const dir = fresh();
    const out = new OutputSet(dir);
    const later = out.stageFd(join(dir, 'a.gpkg'), async (fd) => {
      await new Promise((r) => setTimeout(r, 10));
      put(fd, 'pages');
    });
    out.stage(join(dir, 'b.csv'), 'x');
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([]);
    await later;
    expect(out.commit().sort()).toEqual([join(dir, 'a.gpkg'), join(dir, 'b.csv')]);
    expect(readFileSync(join(dir, 'a.gpkg'), 'utf8')).toBe('pages');
    expect(readdirSync(dir).sort()).toEqual(['a.gpkg', 'b.csv']);
  });

  it('a failing writer leaves nothing: its temporary file and the others staged are removed', async () => {
    const dir = fresh();
    const out = new OutputSet(dir);
    out.stage(join(dir, 'b.csv'), 'x');
    await expect(
      out.stageFd(join(dir, 'a.gpkg'), async (fd) => {
        put(fd, 'half');
        throw new Error('worker stopped');
      }),
    ).rejects.toThrow('worker stopped');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an abort while the writer is still at work removes its file; what it writes after goes nowhere', async () => {
    const dir = fresh();
    const out = new OutputSet(dir);
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const later = out.stageFd(join(dir, 'a.gpkg'), async (fd) => {
      await gate;
      put(fd, 'late pages');
    });
    expect(readdirSync(dir)).toHaveLength(1); // the temporary file
    out.abort();
    expect(readdirSync(dir)).toEqual([]);
    release();
    await later;
    expect(readdirSync(dir)).toEqual([]);
  });
});
