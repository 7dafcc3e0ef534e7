/**
 * √(a² + b²), equal to `Math.hypot(a, b)` to the bit, for the hot loops (snapping, gap grids,
 * quality flags: millions of calls a run).
 *
 * Why not Math.hypot: in Node 20's V8 it is a variadic builtin that TurboFan does not inline, and
 * every call allocates a FixedDoubleArray for its arguments and boxes its result — on the city
 * case ~200 MB of garbage, the largest allocator of the whole run (sampling heap profile). This is
 * the same computation as V8's (src/builtins/math.tq `MathHypot`): scale by the larger magnitude,
 * sum the squares (Kahan's compensation is zero for the first term, so two terms add plainly), the
 * square root times the scale; Infinity before NaN. test/geo/hypot.test.ts compares it with
 * Math.hypot on special values and random bit patterns.
 */
export function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x === Infinity || y === Infinity) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  const max = Math.max(x, y); // both finite and non-negative here
  if (max === 0) return 0;
  const u = x / max;
  const v = y / max;
  return Math.sqrt(u * u + v * v) * max;
}
