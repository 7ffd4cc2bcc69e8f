/**
 * Exact two-sided p-value of the two-sample KS test, P(D ≥ h/lcm(n1, n2)) under H0 for
 * continuous data, as scipy 1.10.1 computes it (`_compute_prob_outside_square` and
 * `_compute_outer_prob_inside_method`; STATISTICS.md §2). `h` ≥ 1 is the statistic on the
 * lattice of multiples of 1/lcm. Returns NaN only if the recursion left [0, 1] (the
 * caller then falls back to the asymptotic p-value, as scipy does).
 */
export function ksExactPValue(n1: number, n2: number, h: number): number {
  if (n1 === n2) return probabilityOutsideSquare(n1, h);
  return probabilityOutsideBand(n1, n2, gcd(n1, n2), h);
}

export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * n1 = n2 = n: P = 2·Σ_k (−1)^(k+1) C(2n, n − kh)/C(2n, n), as 2·A0(1 − A1(1 − A2(…)))
 * with A_k = Π_{j<h} (n − kh − j)/(n + kh + j + 1), innermost first (no cancellation).
 */
function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let a = 1;
    for (let j = 0; j < h; j++) a = ((n - k * h - j) * a) / (n + k * h + j + 1);
    p = a * (1 - p);
  }
  return 2 * p;
}

/**
 * n1 ≠ n2: Hodges' lattice paths from (0, 0) to (m, n) with Viehmann's recursion for the
 * share of paths that have left the band |n_g·i − m_g·j| < h (so 1 − p is never formed).
 * One column of the path table is kept, as a sliding window; entries outside the band
 * count as 1 ("already left"). A literal port of scipy's pythran kernel.
 */
function probabilityOutsideBand(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const column = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  column.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let value = minj === 0 ? 0 : 1;
    const shift = minj - lastminj;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      value = ((column[jj + shift] as number) * i + value * j) / (i + j);
      column[jj] = value;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) column.fill(1, curlen, curlen + (lastlen - curlen));
  }
  const p = column[maxj - minj - 1] as number;
  return p >= 0 && p <= 1 ? p : Number.NaN;
}
