/** Where the real data lives, which tools exist, and helpers to run the CLI in tests. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED = resolve(ROOT, '../shared');
export const REAL = join(SHARED, 'data/real');
export const HAS_SHARED = existsSync(REAL);

export function hasTool(cmd: string, args = ['--version']): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

export const HAS_OSMIUM = hasTool('osmium');

export function real(rel: string): string {
  return join(REAL, rel);
}

export function tmp(prefix = 'lc-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/lifecircle.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The OSM files in ../shared/data/real, with their format as it comes. */
export const REAL_OSM_FILES = [
  'cn-shenzhen-longgang/map.osm',
  'cn-beijing-tsinghua-pku/map.osm',
  'cn-beijing-bupt/map.osm',
  'cn-shanghai-shu-baoshan/map.osm',
  'cn-jiangxi-guixi/mapofgx.osm',
  'cn-fujian-ninghua/map.osm',
  'ext-andorra/andorra.osm.pbf',
  'ext-monaco/monaco.osm.gz',
  'ext-monaco-pbf/monaco.osm.pbf',
  'ext-liechtenstein/liechtenstein.osm.pbf',
  'ext-bayreuth-north/north-bayreuth.osm.gz',
  'ext-porto-alegre/poa_osm.pbf',
  'ext-sao-paulo/spo_osm.pbf',
  'ext-west-oakland/West-Oakland.osm.bz2',
];
