/**
 * Exact squared Euclidean distance transform of a grid's sites (Felzenszwalb & Huttenlocher 2012):
 * a vertical pass of 1-D distances, then per row the lower envelope of parabolas. O(cells), in
 * typed arrays reused between calls; both passes walk the grid row by row (cache friendly).
 * With a small `cap` (the isochrones' corridor + 2 cells: 7 at the defaults) the row pass is a
 * bounded search instead, which gives the same values below cap² in less time (the isochrones'
 * transforms on Liechtenstein: −12 %, bench/isochrone-transform.mjs; BENCHMARKS.md, issue 13 round 13).
 */
const INF = 1e20;
/** up to this cap the rows go through the bounded search: a cell far from the sites costs ~2·cap reads */
const NEAR_CAP = 16;

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
    if (cap > NEAR_CAP) {
      this.envelopes(W, H, x0, y0, w, out);
      return;
    }
    // The row pass for distances below cap only: a cell's value is the smallest dx² + g(x + dx)² over
    // |dx| < cap, searched outwards from dx = 0 and stopped once dx² reaches the best so far (a cell
    // on or beside a street stops after a step or two). Cells with no finite g within cap - 1 columns
    // are INF without a search: each row is cut into spans around its finite columns. Exact below cap²:
    // the minimising column of a value below cap² lies within cap - 1 columns and has g below cap, so
    // its g is exact. Values at or above cap² come out INF.
    const c2 = cap * cap;
    const reach = Math.ceil(cap) - 1; // |dx| <= reach can still give dx² < cap²
    for (let y = 0; y < H; y++) {
      const row = y * W;
      const o = x0 + (y0 + y) * w;
      let x = 0;
      while (x < W) {
        let q = x; // the next finite column
        while (q < W && !(g[row + q] < INF)) q++;
        if (q === W) {
          out.fill(INF, o + x, o + W);
          break;
        }
        const a = Math.max(q - reach, x);
        if (a > x) out.fill(INF, o + x, o + a);
        // the span runs to reach past the last finite column that follows the one before within 2·reach
        let last = q;
        let b = q + 1;
        while (b < W && b - last <= 2 * reach) {
          if (g[row + b] < INF) last = b;
          b++;
        }
        const end = Math.min(last + reach + 1, W);
        for (let c = a; c < end; c++) {
          const gc = g[row + c];
          let best = gc < cap ? gc * gc : c2;
          const right = W - 1 - c; // columns to the right of c
          for (let dx = 1; dx * dx < best; dx++) {
            const d2 = dx * dx;
            if (dx <= c) {
              const gl = g[row + c - dx];
              const v = d2 + gl * gl;
              if (v < best) best = v;
            }
            if (dx <= right) {
              const gr = g[row + c + dx];
              const v = d2 + gr * gr;
              if (v < best) best = v;
            }
          }
          out[o + c] = best < c2 ? best : INF;
        }
        x = end;
      }
    }
  }

  /** per row: lower envelope of parabolas (x - q)^2 + g(q)^2 */
  private envelopes(W: number, H: number, x0: number, y0: number, w: number, out: Float64Array): void {
    const g = this.g;
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
