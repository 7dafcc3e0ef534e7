/**
 * Exact squared Euclidean distance transform of a binary grid (Felzenszwalb & Huttenlocher 2012):
 * a column pass of 1-D distances, then a row pass taking the lower envelope of parabolas.
 * O(cells), in typed arrays reused between calls.
 */
const INF = 1e20;

export class Edt {
  private g = new Float64Array(0);
  private f = new Float64Array(0);
  private z = new Float64Array(0);
  private v = new Int32Array(0);

  /**
   * mask[x + y*w] != 0 marks the sites. Writes squared distances (in cells²) to out for the
   * window [x0, x1) x [y0, y1); cells outside the window are not read or written. Distances
   * below `cap` are exact; larger ones may come out as 1e20 (callers only need the near field).
   */
  transform(mask: Uint8Array, w: number, x0: number, y0: number, x1: number, y1: number, out: Float64Array, cap = Infinity): void {
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
    // column pass: distance to the nearest site in the same column
    const c = cap;
    for (let x = 0; x < W; x++) {
      let d = INF;
      for (let y = 0; y < H; y++) {
        if (mask[x0 + x + (y0 + y) * w]) d = 0;
        else if (d < c) d++;
        else d = INF;
        g[x + y * W] = d;
      }
      d = INF;
      for (let y = H - 1; y >= 0; y--) {
        const i = x + y * W;
        if (g[i] === 0) d = 0;
        else {
          if (d < c) d++;
          else d = INF;
          if (d < g[i]) g[i] = d;
        }
      }
    }
    // row pass: lower envelope of parabolas (x - q)^2 + g(q)^2
    const f = this.f;
    const z = this.z;
    const v = this.v;
    for (let y = 0; y < H; y++) {
      const row = y * W;
      let any = false;
      for (let q = 0; q < W; q++) {
        const gq = g[row + q];
        f[q] = gq >= INF ? INF : gq * gq;
        if (gq < INF) any = true;
      }
      const o = x0 + (y0 + y) * w;
      if (!any) {
        for (let x = 0; x < W; x++) out[o + x] = INF;
        continue;
      }
      let k = 0;
      v[0] = 0;
      z[0] = -INF;
      z[1] = INF;
      for (let q = 1; q < W; q++) {
        if (f[q] >= INF) continue;
        if (f[v[0]] >= INF) {
          v[0] = q;
          continue;
        }
        let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
        while (s <= z[k]) {
          k--;
          s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
        }
        k++;
        v[k] = q;
        z[k] = s;
        z[k + 1] = INF;
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
