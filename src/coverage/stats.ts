/** Weighted statistics over residents. */

/**
 * Weighted quantile (q in [0, 1]) of values; Infinity values count as the largest. The values are
 * taken in (value, index) order and their weights summed in that order, so the answer does not
 * depend on how the order is found: a quicksort on typed arrays here (this runs once per community
 * × category: ~40,000 times on a province, ~4 times faster than Array.sort with a comparator).
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const n = values.length;
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  if (total <= 0) return NaN;
  if (idxScratch.length < n) {
    idxScratch = new Uint32Array(n);
    keyScratch = new Float64Array(n);
  }
  const idx = idxScratch;
  const key = keyScratch;
  for (let i = 0; i < n; i++) {
    idx[i] = i;
    key[i] = values[i];
  }
  sortByKey(key, idx, 0, n - 1);
  let acc = 0;
  for (let j = 0; j < n; j++) {
    acc += weights[idx[j]];
    if (acc >= q * total - 1e-9) return key[j];
  }
  return key[n - 1];
}

// the sort's arrays, reused from call to call (one per community × category: garbage otherwise)
let idxScratch = new Uint32Array(0);
let keyScratch = new Float64Array(0);

/** (key[a], idx[a]) before (key[b], idx[b]) in (value, index) order; NaN keys count as equal to any */
function before(ka: number, ia: number, kb: number, ib: number): boolean {
  return ka < kb || (!(ka > kb) && ia < ib);
}

/** sorts key[lo..hi] and idx[lo..hi] together in (key, idx) order: no two entries compare equal */
function sortByKey(key: Float64Array, idx: Uint32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    // median of three as the pivot, then Hoare's partition
    const mid = (lo + hi) >>> 1;
    if (before(key[mid], idx[mid], key[lo], idx[lo])) swap(key, idx, mid, lo);
    if (before(key[hi], idx[hi], key[lo], idx[lo])) swap(key, idx, hi, lo);
    if (before(key[hi], idx[hi], key[mid], idx[mid])) swap(key, idx, hi, mid);
    const pk = key[mid];
    const pi = idx[mid];
    let i = lo;
    let j = hi;
    for (;;) {
      do i++;
      while (before(key[i], idx[i], pk, pi));
      do j--;
      while (before(pk, pi, key[j], idx[j]));
      if (i >= j) break;
      swap(key, idx, i, j);
    }
    // recurse into the smaller side, loop on the larger: stack depth stays O(log n)
    if (j - lo < hi - j) {
      sortByKey(key, idx, lo, j);
      lo = j + 1;
    } else {
      sortByKey(key, idx, j + 1, hi);
      hi = j;
    }
  }
  for (let a = lo + 1; a <= hi; a++) {
    const k = key[a];
    const x = idx[a];
    let b = a - 1;
    while (b >= lo && before(k, x, key[b], idx[b])) {
      key[b + 1] = key[b];
      idx[b + 1] = idx[b];
      b--;
    }
    key[b + 1] = k;
    idx[b + 1] = x;
  }
}

function swap(key: Float64Array, idx: Uint32Array, a: number, b: number): void {
  const k = key[a];
  key[a] = key[b];
  key[b] = k;
  const x = idx[a];
  idx[a] = idx[b];
  idx[b] = x;
}

export function round1(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 10) / 10 : v;
}
