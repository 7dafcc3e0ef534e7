/**
 * A small seeded generator for the tests (a linear congruential one, Numerical Recipes'
 * constants): the same numbers in [0, 1) every run, so a failure reproduces.
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
