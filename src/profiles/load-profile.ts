/**
 * Finding and reading profiles: a built-in name (a file in data/profiles/) or a path to a
 * planner's own YAML file. Built-in profiles are read once and cached; every profile returned is
 * frozen, so changes go through withThresholdOverrides, which returns a new profile.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dataPath } from '../util/data-files.js';
import { InputError } from '../util/errors.js';
import type { Category, Profile, ProfileListing } from './types.js';
import { parseProfile } from './validate.js';
import { readInputText } from '../io/read-input.js';

const BUILTIN_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const cache = new Map<string, Profile>();

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Ids of the built-in profiles (the .yaml files in data/profiles/), sorted. */
export function builtinProfileNames(): string[] {
  let files: string[];
  try {
    files = readdirSync(dataPath('profiles'));
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

function readProfileFile(path: string, builtin: boolean): Profile {
  let text: string;
  try {
    text = readInputText(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new InputError(
      `${path}: cannot read the profile (${why}); give a built-in name (${builtinProfileNames().join(', ')}) or the path to a .yaml profile`,
    );
  }
  return deepFreeze(parseProfile(text.replace(/^\uFEFF/, ''), path, builtin));
}

/**
 * A profile by built-in name (e.g. `gb50180-2018`) or by path to a YAML file.
 * Throws InputError for an unknown name (listing the built-in ones), an unreadable file, or any
 * problem in the file (naming the field and line).
 */
export function loadProfile(nameOrPath: string): Profile {
  const arg = nameOrPath.trim();
  if (arg === '')
    throw new InputError(
      `no profile given; built-in profiles: ${builtinProfileNames().join(', ')} (or give the path to a .yaml profile)`,
    );
  if (BUILTIN_NAME.test(arg)) {
    const names = builtinProfileNames();
    if (names.includes(arg)) {
      let p = cache.get(arg);
      if (!p) {
        p = readProfileFile(dataPath('profiles', `${arg}.yaml`), true);
        cache.set(arg, p);
      }
      return p;
    }
    if (!existsSync(arg)) {
      throw new InputError(
        `unknown profile '${arg}'; built-in profiles: ${names.join(', ')} (or give the path to a .yaml profile, e.g. ./my-city.yaml)`,
      );
    }
  }
  return readProfileFile(arg, false);
}

/** The built-in profiles: id, bilingual name and file. */
export function listProfiles(): ProfileListing[] {
  return builtinProfileNames().map((n) => {
    const p = loadProfile(n);
    return { id: p.id, name: p.name, file: p.file };
  });
}

/**
 * A copy of the profile with some categories' walking thresholds replaced (by category id).
 * Overridden categories keep their profile value in `original_threshold_m`.
 */
export function withThresholdOverrides(profile: Profile, overrides: Readonly<Record<string, number>>): Profile {
  const known = new Set(profile.categories.map((c) => c.id));
  for (const [id, m] of Object.entries(overrides)) {
    if (!known.has(id)) {
      throw new InputError(
        `threshold override '${id}': profile ${profile.id} has no such category; known categories: ${[...known].join(', ')}`,
      );
    }
    if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0) {
      throw new InputError(`threshold override '${id}' must be a positive number of metres, got ${JSON.stringify(m)}`);
    }
  }
  const categories = profile.categories.map((c): Category => {
    if (!Object.hasOwn(overrides, c.id)) return c;
    return { ...c, threshold_m: overrides[c.id], original_threshold_m: c.original_threshold_m ?? c.threshold_m };
  });
  return deepFreeze({ ...profile, categories });
}
