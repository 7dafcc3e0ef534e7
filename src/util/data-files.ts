/** Locates the data files shipped with the package (rules, profiles, sample), from src/ or dist/. */
import { fileURLToPath } from 'node:url';

export function dataPath(...parts: string[]): string {
  return fileURLToPath(new URL(['../../data', ...parts].join('/'), import.meta.url));
}
