/**
 * bzip2 input through each decoder: lbzip2 and bzip2 spawned when on the PATH, the JavaScript
 * fallback otherwise. Every decoder gives the same blocks; a truncated or damaged file is one line
 * with the decoder's reason, exit 2.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Bzip2Decoder, chooseBzip2Decoder } from '../../src/osm/bzip2.js';
import { readOsm } from '../../src/osm/read.js';
import { cli, hasTool, tmp } from '../support/env.js';

const HAS_BZIP2 = hasTool('bzip2', ['--help']);
const HAS_LBZIP2 = hasTool('lbzip2', ['--version']);
if (!HAS_BZIP2) console.warn('bzip2 tests skipped: Debian bzip2 is not installed');
else if (!HAS_LBZIP2) console.warn('lbzip2 decoder test skipped: Debian lbzip2 is not installed');

function osmXml(n: number): string {
  const nodes: string[] = [];
  for (let i = 1; i <= n; i++)
    nodes.push(`<node id="${i}" lat="${(43.7 + i * 1e-5).toFixed(7)}" lon="${(7.4 + i * 1e-5).toFixed(7)}"/>`);
  const refs = Array.from({ length: n }, (_, i) => `<nd ref="${i + 1}"/>`).join('');
  return `<?xml version="1.0"?><osm version="0.6">${nodes.join('')}<way id="1">${refs}<tag k="highway" v="footway"/></way></osm>`;
}

const decoders: [string, string, boolean][] = [
  ['lbzip2 (spawned)', 'lbzip2', HAS_LBZIP2],
  ['bzip2 (spawned)', 'bzip2', HAS_BZIP2],
  ['JavaScript fallback', 'js', true],
];

describe.skipIf(!HAS_BZIP2)('bzip2 input', () => {
  const dir = tmp();
  const plain = join(dir, 'a.osm');
  const text = osmXml(1500);
  writeFileSync(plain, text);
  const bz = join(dir, 'a.osm.bz2');
  writeFileSync(bz, execFileSync('bzip2', ['-c'], { input: text }));
  const whole = execFileSync('bzip2', ['-c'], { input: text });
  const truncated = join(dir, 'cut.osm.bz2');
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));

  it('the decoder is chosen from the PATH; LIFECIRCLE_BZIP2=js or a missing program falls back to JavaScript', () => {
    const d = chooseBzip2Decoder(process.env);
    if (HAS_LBZIP2) expect(d).toMatchObject({ kind: 'program', program: expect.stringMatching(/lbzip2$/) });
    else expect(d).toMatchObject({ kind: 'program', program: expect.stringMatching(/bzip2$/) });
    expect(chooseBzip2Decoder({ ...process.env, LIFECIRCLE_BZIP2: 'js' })).toEqual({ kind: 'js' });
    expect(chooseBzip2Decoder({ ...process.env, LIFECIRCLE_BZIP2: 'no-such-bzip2-program' })).toEqual({ kind: 'js' });
    expect(chooseBzip2Decoder({ PATH: '' })).toEqual<Bzip2Decoder>({ kind: 'js' });
  });

  for (const [name, env, available] of decoders)
    it.skipIf(!available)(
      `${name}: the same nodes and ways as the plain file; a truncated file is one line, exit 2`,
      async () => {
        const counts = async (p: string) => {
          let nodes = 0;
          let ways = 0;
          await readOsm(p, (b) => {
            nodes += b.nodes.count;
            ways += b.ways.count;
          });
          return { nodes, ways };
        };
        const before = process.env.LIFECIRCLE_BZIP2;
        process.env.LIFECIRCLE_BZIP2 = env;
        try {
          expect(await counts(bz)).toEqual(await counts(plain));
        } finally {
          if (before === undefined) delete process.env.LIFECIRCLE_BZIP2;
          else process.env.LIFECIRCLE_BZIP2 = before;
        }
        const r = cli(['inspect', truncated], { env: { LIFECIRCLE_BZIP2: env } });
        expect(r.status).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(
          /cut\.osm\.bz2: corrupted or truncated bzip2 data.*; download or export the file again/,
        );
        expect(r.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
      },
    );
});
