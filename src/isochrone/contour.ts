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
    const next = this.next;
    const px = this.px;
    const py = this.py;
    const starts = this.starts;
    starts.length = 0;
    const val = sq ? (i: number) => Math.sqrt(d2[i]) - level : (i: number) => d2[i] - level;
    const place = (id: number, ia: number, ib: number, ax: number, ay: number, bx: number, by: number) => {
      const fa = val(ia);
      const fb = val(ib);
      let t = fa / (fa - fb);
      // keep vertices off the samples so that rings never share a point
      t = t < 0.02 ? 0.02 : Math.min(t, 0.98);
      px[id] = ax + t * (bx - ax);
      py[id] = ay + t * (by - ay);
    };
    const link = (from: number, to: number) => {
      next[from] = to;
      starts.push(from);
    };
    for (let y = y0 - 1; y < y1; y++) {
      const row = y * w;
      const up = row + w;
      // left column of the first cell
      let bl = d2[row + x0 - 1] < thr2;
      let tl = d2[up + x0 - 1] < thr2;
      for (let x = x0 - 1; x < x1; x++) {
        const br = d2[row + x + 1] < thr2;
        const tr = d2[up + x + 1] < thr2;
        if (bl === br && tl === tr && bl === tl) {
          bl = br;
          tl = tr;
          continue; // all inside or all outside: no contour here (most cells)
        }
        const code = (bl ? 1 : 0) | (br ? 2 : 0) | (tr ? 4 : 0) | (tl ? 8 : 0);
        const iBL = row + x;
        const iBR = iBL + 1;
        const iTL = up + x;
        const iTR = iTL + 1;
        // edges in counter-clockwise order around the cell: bottom, right, top, left
        const eB = 2 * iBL;
        const eR = 2 * iBR + 1;
        const eT = 2 * iTL;
        const eL = 2 * iBL + 1;
        if (bl !== br) place(eB, iBL, iBR, x, y, x + 1, y);
        if (br !== tr) place(eR, iBR, iTR, x + 1, y, x + 1, y + 1);
        if (tl !== tr) place(eT, iTL, iTR, x, y + 1, x + 1, y + 1);
        if (bl !== tl) place(eL, iBL, iTL, x, y, x, y + 1);
        // each inside run of corners: a segment from its exit edge to its entry edge
        switch (code) {
          case 1:
            link(eB, eL);
            break;
          case 2:
            link(eR, eB);
            break;
          case 4:
            link(eT, eR);
            break;
          case 8:
            link(eL, eT);
            break;
          case 3:
            link(eR, eL);
            break;
          case 6:
            link(eT, eB);
            break;
          case 12:
            link(eL, eR);
            break;
          case 9:
            link(eB, eT);
            break;
          case 7:
            link(eT, eL);
            break;
          case 14:
            link(eL, eB);
            break;
          case 13:
            link(eB, eR);
            break;
          case 11:
            link(eR, eT);
            break;
          case 5: {
            // BL and TR inside: joined through the centre, or separate
            if ((val(iBL) + val(iBR) + val(iTR) + val(iTL)) / 4 < 0) {
              link(eB, eR);
              link(eT, eL);
            } else {
              link(eB, eL);
              link(eT, eR);
            }
            break;
          }
          case 10: {
            // BR and TL inside
            if ((val(iBL) + val(iBR) + val(iTR) + val(iTL)) / 4 < 0) {
              link(eR, eT);
              link(eL, eB);
            } else {
              link(eR, eB);
              link(eL, eT);
            }
            break;
          }
        }
        bl = br;
        tl = tr;
      }
    }
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
