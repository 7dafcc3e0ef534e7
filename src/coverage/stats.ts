/** Weighted statistics over residents. */

/** weighted quantile (q in [0, 1]) of values; Infinity values count as the largest */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  if (total <= 0) return NaN;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i];
    if (acc >= q * total - 1e-9) return values[i];
  }
  return values[idx[idx.length - 1]];
}

export function round1(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 10) / 10 : v;
}
