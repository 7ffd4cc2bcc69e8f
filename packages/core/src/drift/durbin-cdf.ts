const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

/**
 * Kolmogorov CDF P(D_n ≤ d) by Durbin's matrix algorithm as Marsaglia, Tsang & Wang (2003)
 * evaluate it (scipy `_kolmogn_DMTW`): with k = ⌈nd⌉, h = k − nd, m = 2k − 1, the result is
 * (n!/n^n)·(H^n)_kk for the m×m matrix H of STATISTICS.md §2, by repeated squaring with
 * 2^±128 rescaling and a tracked exponent. O(m³ log n); m stays ≤ ~120 where it is used.
 *
 * Unlike scipy 1.10.1, the running product (not only the squared matrix) is rescaled too:
 * scipy's product overflows to NaN when n has many set bits (e.g. n = 65535, d = 3e-4,
 * where `kstwo.sf` returns 0 instead of 1).
 */
export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let power: Float64Array = initialMatrix(h, m);
  let result: Float64Array | null = null;
  let resultExponent = 0;
  let powerExponent = 0;
  const centre = (k - 1) * m + (k - 1);
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      result = result === null ? power.slice() : multiply(result, power, m);
      resultExponent += powerExponent;
      const peak = maxAbs(result);
      if (peak > SCALE_UP) {
        scale(result, SCALE_DOWN);
        resultExponent += SCALE_EXPONENT;
      }
    }
    if (remaining > 1) {
      power = multiply(power, power, m);
      powerExponent *= 2;
      if (Math.abs(power[centre] as number) > SCALE_UP) {
        scale(power, SCALE_DOWN);
        powerExponent += SCALE_EXPONENT;
      }
    }
  }
  let p = (result as Float64Array)[centre] as number;
  let exponent = resultExponent;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return Math.min(1, Math.max(0, ldexp(p, exponent)));
}

/** p·2^e without overflowing 2^e on the way (e can pass ±1023 while the product is finite). */
function ldexp(p: number, e: number): number {
  let value = p;
  let remaining = e;
  while (remaining > 1000) {
    value *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    value *= 2 ** -1000;
    remaining += 1000;
  }
  return value * 2 ** remaining;
}

/** H (row-major): H_ij = 1/(i−j+1)! on and below the first superdiagonal; first column and last row (1 − h^·)/·!. */
function initialMatrix(h: number, m: number): Float64Array {
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1; // 1/j! after step j
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * factorial;
  const matrix = new Float64Array(m * m);
  for (let col = 1; col < m; col++) {
    for (let row = col - 1; row < m; row++) matrix[row * m + col] = w[row - col + 1] as number;
  }
  for (let row = 0; row < m; row++) matrix[row * m] = v[row] as number;
  for (let col = 0; col < m; col++) matrix[(m - 1) * m + col] = v[m - 1 - col] as number;
  return matrix;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const rowOffset = i * m;
    for (let k = 0; k < m; k++) {
      const aik = a[rowOffset + k] as number;
      if (aik === 0) continue;
      const bOffset = k * m;
      for (let j = 0; j < m; j++)
        out[rowOffset + j] = (out[rowOffset + j] as number) + aik * (b[bOffset + j] as number);
    }
  }
  return out;
}

function maxAbs(matrix: Float64Array): number {
  let peak = 0;
  for (let i = 0; i < matrix.length; i++) {
    const a = Math.abs(matrix[i] as number);
    if (a > peak) peak = a;
  }
  return peak;
}

function scale(matrix: Float64Array, factor: number): void {
  for (let i = 0; i < matrix.length; i++) matrix[i] = (matrix[i] as number) * factor;
}
