/**
 * Exact squared Euclidean distance transform of a grid's sites (Felzenszwalb & Huttenlocher 2012):
 * a vertical pass of 1-D distances, then per row the lower envelope of parabolas. O(cells), in
 * typed arrays reused between calls; both passes walk the grid row by row (cache friendly).
 */
const INF = 1e20;

export class Edt {
  private g = new Float64Array(0);
  private f = new Float64Array(0);
  private z = new Float64Array(0);
  private v = new Int32Array(0);

  /**
   * Sites are the grid points whose value is <= budget (values[x + y*w]). Writes squared distances
   * (cells²) to out for the window [x0, x1) x [y0, y1); nothing outside the window is read or
   * written. Distances below `cap` are exact; larger ones may come out as 1e20 (callers only
   * need the near field).
   */
  transform(
    values: Float32Array,
    budget: number,
    w: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    out: Float64Array,
    cap = Infinity,
  ): void {
    const W = x1 - x0;
    const H = y1 - y0;
    if (W <= 0 || H <= 0) return;
    const n = Math.max(W, H);
    if (this.f.length < n + 1) {
      this.f = new Float64Array(n + 1);
      this.z = new Float64Array(n + 2);
      this.v = new Int32Array(n + 1);
    }
    if (this.g.length < W * H) this.g = new Float64Array(W * H);
    const g = this.g;
    // vertical distances, downwards then upwards, one row at a time
    for (let y = 0; y < H; y++) {
      const row = y * W;
      const src = x0 + (y0 + y) * w;
      if (y === 0) {
        for (let x = 0; x < W; x++) g[x] = values[src + x] <= budget ? 0 : INF;
      } else {
        const prev = row - W;
        for (let x = 0; x < W; x++) {
          if (values[src + x] <= budget) g[row + x] = 0;
          else {
            const p = g[prev + x];
            g[row + x] = p < cap ? p + 1 : INF;
          }
        }
      }
    }
    for (let y = H - 2; y >= 0; y--) {
      const row = y * W;
      const next = row + W;
      for (let x = 0; x < W; x++) {
        const p = g[next + x];
        if (p < cap && p + 1 < g[row + x]) g[row + x] = p + 1;
      }
    }
    // per row: lower envelope of parabolas (x - q)^2 + g(q)^2
    const f = this.f;
    const z = this.z;
    const v = this.v;
    for (let y = 0; y < H; y++) {
      const row = y * W;
      const o = x0 + (y0 + y) * w;
      let k = -1;
      for (let q = 0; q < W; q++) {
        const gq = g[row + q];
        if (gq >= INF) continue;
        const fq = gq * gq;
        f[q] = fq;
        if (k < 0) {
          k = 0;
          v[0] = q;
          z[0] = -INF;
          z[1] = INF;
          continue;
        }
        let s = (fq + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
        while (s <= z[k]) {
          k--;
          s = (fq + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
        }
        k++;
        v[k] = q;
        z[k] = s;
        z[k + 1] = INF;
      }
      if (k < 0) {
        for (let x = 0; x < W; x++) out[o + x] = INF;
        continue;
      }
      k = 0;
      for (let x = 0; x < W; x++) {
        while (z[k + 1] < x) k++;
        const dx = x - v[k];
        out[o + x] = dx * dx + f[v[k]];
      }
    }
  }
}
