/**
 * Sorts a Uint32Array ascending, in place: a least significant digit radix sort, 11 bits a pass,
 * as many passes as its largest value needs (two for a city's edge or building numbers). A typed
 * array's own sort() took ~200 ns an element on Node 20 (the report's maps sort 600,000 edge
 * numbers: BENCHMARKS.md, issue 11).
 */
export function sortUint32(a: Uint32Array): Uint32Array {
  const n = a.length;
  if (n < 32) {
    for (let i = 1; i < n; i++) {
      const v = a[i];
      let j = i - 1;
      for (; j >= 0 && a[j] > v; j--) a[j + 1] = a[j];
      a[j + 1] = v;
    }
    return a;
  }
  let max = 0;
  for (let i = 0; i < n; i++) if (a[i] > max) max = a[i];
  let from: Uint32Array = a;
  let to: Uint32Array = new Uint32Array(n);
  const count = new Uint32Array(2048);
  // shifts are taken mod 32: stop after the pass at 22
  for (let shift = 0; shift < 32 && max >>> shift > 0; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(from[i] >>> shift) & 2047]++;
    let s = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d];
      count[d] = s;
      s += c;
    }
    for (let i = 0; i < n; i++) {
      const v = from[i];
      to[count[(v >>> shift) & 2047]++] = v;
    }
    [from, to] = [to, from];
  }
  if (from !== a) a.set(from);
  return a;
}
