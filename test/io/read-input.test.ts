import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputSha256, readInput, readInputText } from '../../src/io/read-input.js';
import { tmp } from '../support/env.js';

describe('inputs hashed while read', () => {
  it('gives the sha256 of the bytes read, by the path in any spelling, and the bytes of the last read', () => {
    const dir = tmp();
    const p = join(dir, 'a.csv');
    writeFileSync(p, '\uFEFF名称,经度\n甲,113\n');
    expect(readInputText(p)).toBe(readFileSync(p, 'utf8'));
    const sha = createHash('sha256').update(readFileSync(p)).digest('hex');
    expect(inputSha256(p)).toBe(sha);
    expect(inputSha256(join(dir, '.', 'a.csv'))).toBe(sha);
    writeFileSync(p, 'changed');
    expect(inputSha256(p)).toBe(sha); // not read again
    readInput(p);
    expect(inputSha256(p)).toBe(createHash('sha256').update('changed').digest('hex'));
  });

  it('a file never read through it has no hash (a reader that bypasses it is a bug, not a silent re-read)', () => {
    expect(() => inputSha256(join(tmp(), 'never.csv'))).toThrow(/was not read through readInput/);
  });
});
