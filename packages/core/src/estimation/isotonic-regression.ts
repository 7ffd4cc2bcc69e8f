import { InvalidInputError } from "../errors/invalid-input-error.ts";

/**
 * A fitted increasing isotonic regression: the end points of its constant blocks. Plain
 * numbers, so it can be stored as JSON and used again later.
 */
export interface IsotonicRegressionModel {
  /** Ascending distinct x values kept as interpolation knots (sklearn `X_thresholds_`). */
  xThresholds: number[];
  /** The fitted values at those knots, non-decreasing (sklearn `y_thresholds_`). */
  yThresholds: number[];
}

/**
 * sklearn merges x values closer than `np.finfo(float64).resolution` (1e-15) to the first x of
 * their run (`_make_unique` in sklearn/_isotonic.pyx), so 0 and 5e-16 are one point.
 */
const DUPLICATE_RESOLUTION = 1e-15;

/**
 * Increasing isotonic regression, as scikit-learn 1.2.1
 * `IsotonicRegression(increasing=True, out_of_bounds="clip").fit(x, y)` (STATISTICS.md §9):
 * 1. sort the rows by (x, y) (`np.lexsort((y, x))`);
 * 2. merge runs of x closer than 1e-15 to their first x into one point whose y is the
 *    mean of the run (summed in order, as `_make_unique` does);
 * 3. pool adjacent violators (sklearn's in-place PAVA, the same order of operations, so
 *    the same floating-point values);
 * 4. keep only the first and last point of each constant block.
 * Predict with `predictIsotonicRegression`: linear interpolation between the kept points,
 * clipped to [first, last] x.
 */
export function fitIsotonicRegression(x: Float64Array, y: Float64Array): IsotonicRegressionModel {
  validateColumns(x, y);
  const order = sortedOrder(x, y);
  const xs = new Float64Array(order.length);
  const ys = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const row = order[k] as number;
    xs[k] = x[row] as number;
    ys[k] = y[row] as number;
  }
  return fitSortedIsotonicRegression(xs, ys);
}

/**
 * Row indices ordered by (x ascending, y ascending) — `np.lexsort((y, x))`. Rows equal in
 * both keep their row order (it does not matter to the fit: their values are equal).
 */
export function sortedOrder(x: Float64Array, y: Float64Array): Uint32Array {
  const order = new Uint32Array(x.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    const xa = x[a] as number;
    const xb = x[b] as number;
    if (xa !== xb) return xa < xb ? -1 : 1;
    const ya = y[a] as number;
    const yb = y[b] as number;
    if (ya !== yb) return ya < yb ? -1 : 1;
    return a - b;
  });
  return order;
}

/**
 * Steps 2–4 of `fitIsotonicRegression` on rows already sorted by (x, y). The calibration
 * check sorts the reference once and fits each fold on its sorted subsequence.
 */
export function fitSortedIsotonicRegression(xs: Float64Array, ys: Float64Array): IsotonicRegressionModel {
  const n = xs.length;
  if (n === 0) throw new InvalidInputError("isotonic regression needs at least one row");
  // 2. _make_unique: y → weighted mean per run of (near-)equal x, weight = run length.
  const ux = new Float64Array(n);
  const uy = new Float64Array(n);
  const uw = new Float64Array(n);
  let m = 0;
  let currentX = xs[0] as number;
  let sumY = 0;
  let weight = 0;
  for (let j = 0; j < n; j++) {
    const xj = xs[j] as number;
    if (xj - currentX >= DUPLICATE_RESOLUTION) {
      ux[m] = currentX;
      uw[m] = weight;
      uy[m] = sumY / weight;
      m++;
      currentX = xj;
      weight = 1;
      sumY = ys[j] as number;
    } else {
      weight += 1;
      sumY += ys[j] as number;
    }
  }
  ux[m] = currentX;
  uw[m] = weight;
  uy[m] = sumY / weight;
  m++;

  const fitted = uy.subarray(0, m);
  poolAdjacentViolators(fitted, uw.subarray(0, m));

  // 4. Keep the first and last point and every point whose y differs from a neighbour's.
  const xThresholds: number[] = [];
  const yThresholds: number[] = [];
  for (let k = 0; k < m; k++) {
    const v = fitted[k] as number;
    const keep = k === 0 || k === m - 1 || v !== fitted[k - 1] || v !== fitted[k + 1];
    if (keep) {
      xThresholds.push(ux[k] as number);
      yThresholds.push(v);
    }
  }
  return { xThresholds, yThresholds };
}

/**
 * sklearn's `_inplace_contiguous_isotonic_regression` (increasing): `target` links the two
 * ends of each active block; a block start holds the block's weight and weighted mean.
 * Equal neighbours are pooled too (y[i] >= y[k]). Single pass with backtracking, O(n).
 */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = new Uint32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = (target[i] as number) + 1;
    if (k === n) break;
    if ((y[i] as number) < (y[k] as number)) {
      i = k;
      continue;
    }
    let sumWy = (w[i] as number) * (y[i] as number);
    let sumW = w[i] as number;
    for (;;) {
      // Within a decreasing run.
      const previousY = y[k] as number;
      sumWy += (w[k] as number) * previousY;
      sumW += w[k] as number;
      k = (target[k] as number) + 1;
      if (k === n || previousY < (y[k] as number)) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1] as number; // backtrack
        break;
      }
    }
  }
  // Spread each block's value over the block.
  i = 0;
  while (i < n) {
    const k = (target[i] as number) + 1;
    const v = y[i] as number;
    for (let j = i + 1; j < k; j++) y[j] = v;
    i = k;
  }
}

/**
 * sklearn `IsotonicRegression(out_of_bounds="clip").predict(x)`: clip x to the first and
 * last knot, then `np.interp` between knots (an x equal to a knot gets the knot's value
 * exactly; otherwise slope·(x − x_j) + y_j with x_j the last knot ≤ x).
 */
export function predictIsotonicRegression(model: IsotonicRegressionModel, x: Float64Array): Float64Array {
  if (!(x instanceof Float64Array)) throw new InvalidInputError("x must be a Float64Array");
  const knotsX = Float64Array.from(model.xThresholds);
  const knotsY = Float64Array.from(model.yThresholds);
  validateModel(knotsX, knotsY);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) throw new InvalidInputError(`x must not be NaN: x[${i}] is NaN`);
    out[i] = interpolate(knotsX, knotsY, v);
  }
  return out;
}

/** One clipped `np.interp` evaluation (knots ascending, at least one). */
export function interpolate(knotsX: Float64Array, knotsY: Float64Array, value: number): number {
  const m = knotsX.length;
  const first = knotsX[0] as number;
  const last = knotsX[m - 1] as number;
  if (m === 1 || value <= first) return knotsY[0] as number;
  if (value >= last) return knotsY[m - 1] as number;
  // Last knot ≤ value: knotsX[lo] ≤ value < knotsX[hi].
  let lo = 0;
  let hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((knotsX[mid] as number) <= value) lo = mid;
    else hi = mid;
  }
  const xLo = knotsX[lo] as number;
  const yLo = knotsY[lo] as number;
  if (xLo === value) return yLo;
  const slope = ((knotsY[lo + 1] as number) - yLo) / ((knotsX[lo + 1] as number) - xLo);
  return slope * (value - xLo) + yLo;
}

function validateColumns(x: Float64Array, y: Float64Array): void {
  if (!(x instanceof Float64Array) || !(y instanceof Float64Array)) {
    throw new InvalidInputError("isotonic regression needs x and y as Float64Arrays");
  }
  if (x.length !== y.length) {
    throw new InvalidInputError(`x and y differ in length: ${x.length} vs ${y.length}`);
  }
  if (x.length === 0) throw new InvalidInputError("isotonic regression needs at least one row");
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i] as number)) throw new InvalidInputError(`x must be finite: x[${i}] = ${x[i]}`);
    if (!Number.isFinite(y[i] as number)) throw new InvalidInputError(`y must be finite: y[${i}] = ${y[i]}`);
  }
}

function validateModel(knotsX: Float64Array, knotsY: Float64Array): void {
  const m = knotsX.length;
  if (m === 0 || m !== knotsY.length) {
    throw new InvalidInputError("isotonic model needs as many xThresholds as yThresholds, at least one");
  }
  for (let k = 0; k < m; k++) {
    if (!Number.isFinite(knotsX[k] as number) || !Number.isFinite(knotsY[k] as number)) {
      throw new InvalidInputError(`isotonic model knots must be finite (knot ${k})`);
    }
    if (k > 0 && !((knotsX[k] as number) > (knotsX[k - 1] as number))) {
      throw new InvalidInputError(`isotonic model xThresholds must be strictly ascending (knot ${k})`);
    }
  }
}
