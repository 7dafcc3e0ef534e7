/**
 * Marching squares on a grid of squared distances, tracing closed rings of the region where the
 * distance is below a level. Rings come out with the region on their left: exteriors
 * counter-clockwise, holes clockwise (y up), never crossing or touching each other. Saddles are
 * resolved by the cell's centre value, so nested fields (f1 >= f2 everywhere) give nested regions.
 */

export interface ContourInput {
  /** squared distances (grid units²) per sample, row-major with row length w */
  d2: Float64Array;
  w: number;
  /** window of samples: [x0, x1) x [y0, y1), with at least one sample of margin to the grid's edges */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** the level (grid units): inside where distance < level */
  level: number;
  /** d2 holds squared distances (default); false: plain values, inside where value < level */
  squared?: boolean;
}

const OUTSIDE = 1e20;

export class ContourTracer {
  private next = new Int32Array(1024).fill(-1);
  private px = new Float64Array(1024);
  private py = new Float64Array(1024);
  private starts: number[] = [];
  // the field being traced (set by trace; read by the per-cell code)
  private d2: Float64Array = new Float64Array(0);
  private level = 0;
  private sq = true;

  /** Returns rings as flat [x0, y0, x1, y1, ...] in grid units (sample (x, y) is at (x, y)). */
  trace(c: ContourInput): Float64Array[] {
    const { d2, w, x0, y0, x1, y1, level } = c;
    const sq = c.squared !== false;
    const thr2 = sq ? level * level : level;
    // the samples just outside the window count as outside: write them so the scan needs no bounds checks
    for (let x = x0 - 1; x <= x1; x++) {
      d2[x + (y0 - 1) * w] = OUTSIDE;
      d2[x + y1 * w] = OUTSIDE;
    }
    for (let y = y0; y < y1; y++) {
      d2[x0 - 1 + y * w] = OUTSIDE;
      d2[x1 + y * w] = OUTSIDE;
    }
    // crossing ids: horizontal edge (x,y)-(x+1,y) -> 2*(x + y*w); vertical (x,y)-(x,y+1) -> 2*(x + y*w)+1
    const size = 2 * w * (y1 + 2);
    if (this.next.length < size) {
      this.next = new Int32Array(size).fill(-1);
      this.px = new Float64Array(size);
      this.py = new Float64Array(size);
    }
    this.d2 = d2;
    this.level = level;
    this.sq = sq;
    const starts = this.starts;
    starts.length = 0;
    // The scan stays a small loop and the crossing cells (few) go to cell(): V8 then compiles the
    // scan quickly, which is most of what a one-shot run pays for (the JIT's warm-up, BENCHMARKS.md).
    for (let y = y0 - 1; y < y1; y++) {
      const row = y * w;
      const up = row + w;
      // left column of the first cell
      let bl = d2[row + x0 - 1] < thr2;
      let tl = d2[up + x0 - 1] < thr2;
      for (let x = x0 - 1; x < x1; x++) {
        const br = d2[row + x + 1] < thr2;
        const tr = d2[up + x + 1] < thr2;
        if (bl !== br || tl !== tr || bl !== tl) {
          const code = (bl ? 1 : 0) | (br ? 2 : 0) | (tr ? 4 : 0) | (tl ? 8 : 0);
          this.cell(code, x, y, row + x, up + x);
        } // else all inside or all outside: no contour here (most cells)
        bl = br;
        tl = tr;
      }
    }
    const next = this.next;
    const px = this.px;
    const py = this.py;
    const rings: Float64Array[] = [];
    const buf: number[] = [];
    for (const s of starts) {
      if (next[s] < 0) continue; // already traced
      buf.length = 0;
      let e = s;
      do {
        buf.push(px[e], py[e]);
        const n = next[e];
        next[e] = -1;
        e = n;
      } while (e !== s && e >= 0);
      rings.push(Float64Array.from(buf));
    }
    return rings;
  }

  /** signed distance to the level at a sample (negative inside) */
  private val(i: number): number {
    return this.sq ? Math.sqrt(this.d2[i]) - this.level : this.d2[i] - this.level;
  }

  /** the crossing on the edge from sample ia at (ax, ay) to sample ib at (bx, by) */
  private place(id: number, ia: number, ib: number, ax: number, ay: number, bx: number, by: number): void {
    const fa = this.val(ia);
    const fb = this.val(ib);
    let t = fa / (fa - fb);
    // keep vertices off the samples so that rings never share a point
    t = t < 0.02 ? 0.02 : Math.min(t, 0.98);
    this.px[id] = ax + t * (bx - ax);
    this.py[id] = ay + t * (by - ay);
  }

  private link(from: number, to: number): void {
    this.next[from] = to;
    this.starts.push(from);
  }

  /** one cell with corners on both sides: its crossings, and its segments from exit to entry */
  private cell(code: number, x: number, y: number, iBL: number, iTL: number): void {
    const iBR = iBL + 1;
    const iTR = iTL + 1;
    const bl = (code & 1) !== 0;
    const br = (code & 2) !== 0;
    const tr = (code & 4) !== 0;
    const tl = (code & 8) !== 0;
    // edges in counter-clockwise order around the cell: bottom, right, top, left
    const eB = 2 * iBL;
    const eR = 2 * iBR + 1;
    const eT = 2 * iTL;
    const eL = 2 * iBL + 1;
    if (bl !== br) this.place(eB, iBL, iBR, x, y, x + 1, y);
    if (br !== tr) this.place(eR, iBR, iTR, x + 1, y, x + 1, y + 1);
    if (tl !== tr) this.place(eT, iTL, iTR, x, y + 1, x + 1, y + 1);
    if (bl !== tl) this.place(eL, iBL, iTL, x, y, x, y + 1);
    // each inside run of corners: a segment from its exit edge to its entry edge
    switch (code) {
      case 1:
        this.link(eB, eL);
        break;
      case 2:
        this.link(eR, eB);
        break;
      case 4:
        this.link(eT, eR);
        break;
      case 8:
        this.link(eL, eT);
        break;
      case 3:
        this.link(eR, eL);
        break;
      case 6:
        this.link(eT, eB);
        break;
      case 12:
        this.link(eL, eR);
        break;
      case 9:
        this.link(eB, eT);
        break;
      case 7:
        this.link(eT, eL);
        break;
      case 14:
        this.link(eL, eB);
        break;
      case 13:
        this.link(eB, eR);
        break;
      case 11:
        this.link(eR, eT);
        break;
      case 5: {
        // BL and TR inside: joined through the centre, or separate
        if ((this.val(iBL) + this.val(iBR) + this.val(iTR) + this.val(iTL)) / 4 < 0) {
          this.link(eB, eR);
          this.link(eT, eL);
        } else {
          this.link(eB, eL);
          this.link(eT, eR);
        }
        break;
      }
      case 10: {
        // BR and TL inside
        if ((this.val(iBL) + this.val(iBR) + this.val(iTR) + this.val(iTL)) / 4 < 0) {
          this.link(eR, eT);
          this.link(eL, eB);
        } else {
          this.link(eR, eB);
          this.link(eL, eT);
        }
        break;
      }
    }
  }
}

/** signed area of a flat ring (positive = counter-clockwise) */
export function ringArea(r: Float64Array): number {
  let a = 0;
  const n = r.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    a += r[i] * r[j + 1] - r[j] * r[i + 1];
  }
  return a / 2;
}
