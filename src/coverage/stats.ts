/** Weighted statistics over residents. */

/**
 * Weighted quantile (q in [0, 1]) of values; Infinity values count as the largest. The values are
 * taken in (value, index) order and their weights summed in that order, so the answer does not
 * depend on how the order is found: a quicksort on typed arrays here (this runs once per community
 * × category: ~40,000 times on a province, ~4 times faster than Array.sort with a comparator), which
 * sorts the parts left of the answer only (takeSorted): the same prefix in the same order, the
 * same sums, without sorting the rest (about half of the work for a median).
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
  taken.acc = 0;
  taken.at = -1;
  if (n > 0) takeSorted(key, idx, weights, q * total - 1e-9, 0, n - 1, 0);
  return taken.at >= 0 ? key[taken.at] : key[n - 1];
}

// the sort's arrays, reused from call to call (one per community × category: garbage otherwise)
let idxScratch = new Uint32Array(0);
let keyScratch = new Float64Array(0);
/** takeSorted's running sum of the weights taken, and where it reached the target (-1: not yet) */
const taken = { acc: 0, at: -1 };

/**
 * Sorts key[lo..hi] and idx[lo..hi] as sortByKey does, left part first, summing each entry's weight
 * into taken.acc as soon as its place is final, and stops where the sum reaches `target` (true):
 * the parts right of it are partitioned but not sorted. Each range is partitioned exactly as
 * sortByKey partitions it, so the sorted prefix is sortByKey's to the entry; past 48 nested left
 * parts (a bad run of pivots) a range is sorted whole by sortByKey, whose depth is O(log n).
 */
function takeSorted(
  key: Float64Array,
  idx: Uint32Array,
  w: ArrayLike<number>,
  target: number,
  lo: number,
  hi: number,
  depth: number,
): boolean {
  while (hi - lo > 16) {
    if (depth > 48) {
      sortByKey(key, idx, lo, hi);
      return takeWeights(idx, w, target, lo, hi);
    }
    const j = partition(key, idx, lo, hi);
    if (takeSorted(key, idx, w, target, lo, j, depth + 1)) return true;
    lo = j + 1;
  }
  insertionSort(key, idx, lo, hi);
  return takeWeights(idx, w, target, lo, hi);
}

/** the weights of idx[lo..hi] (in their final places) added to taken.acc, up to the target */
function takeWeights(idx: Uint32Array, w: ArrayLike<number>, target: number, lo: number, hi: number): boolean {
  for (let a = lo; a <= hi; a++) {
    taken.acc += w[idx[a]];
    if (taken.acc >= target) {
      taken.at = a;
      return true;
    }
  }
  return false;
}

/** (key[a], idx[a]) before (key[b], idx[b]) in (value, index) order; NaN keys count as equal to any */
function before(ka: number, ia: number, kb: number, ib: number): boolean {
  return ka < kb || (!(ka > kb) && ia < ib);
}

/** sorts key[lo..hi] and idx[lo..hi] together in (key, idx) order: no two entries compare equal */
function sortByKey(key: Float64Array, idx: Uint32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const j = partition(key, idx, lo, hi);
    // recurse into the smaller side, loop on the larger: stack depth stays O(log n)
    if (j - lo < hi - j) {
      sortByKey(key, idx, lo, j);
      lo = j + 1;
    } else {
      sortByKey(key, idx, j + 1, hi);
      hi = j;
    }
  }
  insertionSort(key, idx, lo, hi);
}

/** median of three as the pivot, then Hoare's partition: key[lo..j] before key[j + 1..hi] */
function partition(key: Float64Array, idx: Uint32Array, lo: number, hi: number): number {
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
    if (i >= j) return j;
    swap(key, idx, i, j);
  }
}

function insertionSort(key: Float64Array, idx: Uint32Array, lo: number, hi: number): void {
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
