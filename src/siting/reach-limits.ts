/**
 * How far a candidate's search may usefully carry a label through each node, from straight lines:
 * a node u on the way to a demand node w (need(w): reach.ts nodeNeeds) is of use only while
 * d(u) + kappa x |u - w| <= need(w), so never beyond R(u) = max over w of need(w) - kappa x |u - w|,
 * whatever the candidate. A search that sets no label above R(u) (plus rounding slack) keeps every
 * label on the shortest paths to the nodes it needs — each such node's predecessors satisfy the
 * same inequality, since kappa x |u - w| is at most the walk from u to w — so those labels are
 * the unpruned search's to the bit (labels only fall to the least float sum), and so are the
 * lists: a demand point's entry is read from the end whose label is within its need. What it
 * saves: the parts of each 1,000 m disc that lead away from every unserved resident.
 *
 * R is bounded from above on a grid: each cell's largest need, spread by the two-pass chamfer
 * transform (8 neighbours, steps of cs and cs x sqrt 2, divided by OCTAGON so that a chamfer walk
 * is never longer than the straight line between the cells' centres), plus kappa x the cell's
 * diagonal for where a node lies in its cell.
 */

/** metres of a cell of the grid (coarser where the network is so wide that it would pass MAX_CELLS) */
const LIMIT_CELL_M = 25;
const MAX_CELLS = 1 << 20;
/** above the octagonal metric's largest ratio to the Euclidean one, sqrt(4 - 2 sqrt 2) = 1.08239 */
const OCTAGON = 1.0825;

/**
 * limit[v]: an upper bound on R(v) + slack for every node (-Infinity: no demand node can be
 * reached through it). x, y: the nodes' positions in metres; need: -Infinity where none, never
 * above maxM.
 */
export function reachLimits(
  x: Float64Array,
  y: Float64Array,
  need: Float64Array,
  kappa: number,
  maxM: number,
  slack: number,
): Float64Array {
  const N = x.length;
  const limit = new Float64Array(N).fill(-Infinity);
  if (!(kappa > 0)) return limit.fill(Infinity);
  // the grid: the demand nodes' box, widened by the farthest a useful label can be from them
  // (R(v) < 0 beyond maxM / kappa); nodes outside it keep -Infinity
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let v = 0; v < N; v++)
    if (need[v] >= 0) {
      if (x[v] < x0) x0 = x[v];
      if (x[v] > x1) x1 = x[v];
      if (y[v] < y0) y0 = y[v];
      if (y[v] > y1) y1 = y[v];
    }
  if (x0 === Infinity) return limit;
  const margin = maxM / kappa + slack;
  x0 -= margin;
  y0 -= margin;
  x1 += margin;
  y1 += margin;
  const cs = Math.max(LIMIT_CELL_M, Math.sqrt(((x1 - x0) * (y1 - y0)) / MAX_CELLS));
  const nx = Math.floor((x1 - x0) / cs) + 1;
  const ny = Math.floor((y1 - y0) / cs) + 1;
  const cell = new Int32Array(N);
  const U = new Float64Array(nx * ny).fill(-Infinity);
  for (let v = 0; v < N; v++) {
    if (!(x[v] >= x0 && x[v] <= x1 && y[v] >= y0 && y[v] <= y1)) {
      cell[v] = -1;
      continue;
    }
    const k = Math.floor((y[v] - y0) / cs) * nx + Math.floor((x[v] - x0) / cs);
    cell[v] = k;
    if (need[v] > U[k]) U[k] = need[v];
  }
  const a = (kappa * cs) / OCTAGON;
  const b = (kappa * cs * Math.SQRT2) / OCTAGON;
  // forward: from the left, above and the two upper diagonals; backward: the mirror image
  for (let j = 0; j < ny; j++)
    for (let i = 0, k = j * nx; i < nx; i++, k++) {
      let u = U[k];
      if (i > 0) u = Math.max(u, U[k - 1] - a);
      if (j > 0) {
        u = Math.max(u, U[k - nx] - a);
        if (i > 0) u = Math.max(u, U[k - nx - 1] - b);
        if (i < nx - 1) u = Math.max(u, U[k - nx + 1] - b);
      }
      U[k] = u;
    }
  for (let j = ny - 1; j >= 0; j--)
    for (let i = nx - 1, k = j * nx + nx - 1; i >= 0; i--, k--) {
      let u = U[k];
      if (i < nx - 1) u = Math.max(u, U[k + 1] - a);
      if (j < ny - 1) {
        u = Math.max(u, U[k + nx] - a);
        if (i < nx - 1) u = Math.max(u, U[k + nx + 1] - b);
        if (i > 0) u = Math.max(u, U[k + nx - 1] - b);
      }
      U[k] = u;
    }
  // a node and a demand node each lie within half a diagonal of their cells' centres
  const within = kappa * cs * Math.SQRT2 + slack;
  for (let v = 0; v < N; v++) if (cell[v] >= 0) limit[v] = U[cell[v]] + within;
  return limit;
}
