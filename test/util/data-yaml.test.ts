import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { dataPath } from '../../src/util/data-files.js';
import { parseDataYaml } from '../../src/util/data-yaml.js';

// the global setup has run scripts/data-cache.mjs: dist/data-cache/ holds every data/*.yaml
const names = readdirSync(dataPath()).filter((f) => f.endsWith('.yaml'));

describe('data files through the build cache (util/data-yaml.ts)', () => {
  it('caches every data/*.yaml', () => {
    const cached = readdirSync(new URL('../../dist/data-cache/', import.meta.url));
    expect(cached.sort()).toEqual(names.map((n) => `${n}.json`).sort());
  });

  it.each(names)('%s: the cached document is what the YAML parser gives', (name) => {
    const text = readFileSync(dataPath(name), 'utf8');
    expect(parseDataYaml(text, name)).toStrictEqual(YAML.parse(text));
  });

  it('parses any other text itself (an edited file, a planner rules file, no cache entry)', () => {
    const text = readFileSync(dataPath('walkers.yaml'), 'utf8').replace('speed_kmh: 4\n', 'speed_kmh: 3.9\n');
    expect(text).not.toBe(readFileSync(dataPath('walkers.yaml'), 'utf8'));
    expect(parseDataYaml(text, 'walkers.yaml')).toStrictEqual(YAML.parse(text));
    expect(parseDataYaml('a: [1, 2]\n', 'no-such-file.yaml')).toStrictEqual({ a: [1, 2] });
    expect(() => parseDataYaml('a: [1, 2\n', 'walk-rules.yaml')).toThrow();
  });
});
