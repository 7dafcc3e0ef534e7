/**
 * The `profiles` command module, run in-process on its own Command (it is registered in main.ts by
 * the lead): list, table in both languages, JSON, and a bad name.
 */
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerProfiles } from '../../src/cli/commands/profiles.js';
import { InputError } from '../../src/util/errors.js';

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerProfiles(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await program.parseAsync(['profiles', ...args], { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('lifecircle profiles', () => {
  it('lists the built-in profiles', async () => {
    const out = await run(['--lang', 'en']);
    expect(out).toMatch(/complete-community-2020\s+Standard for the Construction of Complete Residential Communities/);
    expect(out).toMatch(/gb50180-2018\s+Standard for Urban Residential Area Planning and Design/);
  });

  it('lists them as JSON', async () => {
    const list = JSON.parse(await run(['--json'])) as Array<{ id: string; name: { zh: string } }>;
    expect(list.map((l) => l.id)).toEqual(['complete-community-2020', 'gb50180-2018']);
    expect(list[1].name.zh).toMatch(/城市居住区规划设计标准/);
  });

  it("prints a profile's categories as a table in Chinese by default", async () => {
    const out = await run(['complete-community-2020']);
    const row = out.split('\n').find((l) => l.startsWith('kindergarten '));
    expect(row).toBeDefined();
    expect(row).toMatch(
      /^kindergarten\s+幼儿园\s+5min\s+300\s+必配\s+是\s+amenity=kindergarten \| amenity=childcare \+ isced:level=0/,
    );
    expect(out).toMatch(/housekeeping\s+家政服务点\s+5min\s+300\s+宜配\s+否\s+\(none\)/);
    expect(out).toMatch(/supermarket\s+综合超市\s+10min\s+500/);
  });

  it('prints English names with --lang en', async () => {
    const out = await run(['gb50180-2018', '--lang', 'en']);
    expect(out).toMatch(
      /primary_school\s+Primary school\s+10min\s+500\s+required\s+yes\s+amenity=school \+ isced:level=1,1;2,1;2;3/,
    );
    expect(out).toMatch(/refuse_collection_point\s+Refuse collection point\s+block\s+70\s+required\s+no/);
  });

  it('prints the whole profile as JSON', async () => {
    const p = JSON.parse(await run(['gb50180-2018', '--json'])) as {
      id: string;
      categories: Array<{ id: string; osm: unknown[] }>;
    };
    expect(p.id).toBe('gb50180-2018');
    expect(p.categories.find((c) => c.id === 'kindergarten')?.osm).toContainEqual({ amenity: ['kindergarten'] });
  });

  it('an unknown name is an InputError listing the built-in profiles', async () => {
    await expect(run(['gb50181'])).rejects.toThrow(InputError);
    await expect(run(['gb50181'])).rejects.toThrow(/built-in profiles: complete-community-2020, gb50180-2018/);
  });

  it('refuses a language other than zh or en', async () => {
    await expect(run(['--lang', 'fr'])).rejects.toThrow(/Allowed choices are zh, en/);
  });
});
