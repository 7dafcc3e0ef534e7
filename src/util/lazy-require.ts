/**
 * CommonJS packages loaded on first use rather than at start-up: what a command does not need
 * costs it nothing (proj4 alone is ~60 ms of CPU to import; an isochrone run on WGS-84 origins never
 * calls it). Node resolves them from node_modules whether this runs from dist/ or the bundle.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `() => require(name)`, loaded once */
export function lazyRequire<T>(name: string): () => T {
  let m: T | undefined;
  return () => (m ??= require(name) as T);
}
