/** Bins of the reliability diagram and ECE (DESIGN.md): 15 equal-width bins on [0, 1]. */
export const RELIABILITY_BIN_COUNT = 15;

/** Bin edges k/15, each the correctly rounded quotient (numpy: `np.arange(16) / 15`). */
export const RELIABILITY_BIN_EDGES: Float64Array = Float64Array.from(
  { length: RELIABILITY_BIN_COUNT + 1 },
  (_, k) => k / RELIABILITY_BIN_COUNT,
);

/**
 * scikit-learn 1.2.1 `log_loss` clips with eps="auto" = float64 machine epsilon
 * (2^-52; 1e-15 was the default only up to 1.1).
 */
export const LOG_LOSS_EPS = 2.220446049250313e-16;

/** Sums of one pass over probability scores, from which log_loss, brier_score, ECE and the reliability bins follow. */
export interface ProbabilitySummary {
  n: number;
  /** Σ −ln p̂(true class), with sklearn 1.2.1's clipping and renormalisation. */
  logLossSum: number;
  /** Σ (y − p)². */
  brierSum: number;
  /** Per bin: rows, rows labelled 1, and Σ p. */
  binCounts: Float64Array;
  binPositives: Float64Array;
  binScoreSums: Float64Array;
}

/**
 * One O(n) pass over both classes' scores (any order; every score must be in [0, 1]).
 * All sums are Neumaier-compensated, inlined because this loop is the suite's O(n) hot
 * path; every addend is ≥ 0, so the magnitude test needs no Math.abs.
 */
export function summarizeProbabilities(positives: Float64Array, negatives: Float64Array): ProbabilitySummary {
  const acc: Accumulators = {
    logLoss: 0,
    logLossC: 0,
    brier: 0,
    brierC: 0,
    binCounts: new Float64Array(RELIABILITY_BIN_COUNT),
    binPositives: new Float64Array(RELIABILITY_BIN_COUNT),
    binSums: new Float64Array(RELIABILITY_BIN_COUNT),
    binSumsC: new Float64Array(RELIABILITY_BIN_COUNT),
  };
  accumulateClass(positives, 1, acc);
  accumulateClass(negatives, 0, acc);
  const binScoreSums = new Float64Array(RELIABILITY_BIN_COUNT);
  for (let k = 0; k < RELIABILITY_BIN_COUNT; k++) {
    binScoreSums[k] = (acc.binSums[k] as number) + (acc.binSumsC[k] as number);
  }
  return {
    n: positives.length + negatives.length,
    logLossSum: acc.logLoss + acc.logLossC,
    brierSum: acc.brier + acc.brierC,
    binCounts: acc.binCounts,
    binPositives: acc.binPositives,
    binScoreSums,
  };
}

/**
 * Index of the bin holding p ∈ [0, 1]: bin k holds (k/15, (k+1)/15], bin 0 also holds 0,
 * i.e. numpy's `searchsorted(edges, p, side="left") − 1` floored at 0. p·15 is only a
 * first guess, as the product can round across an edge; the edge table decides.
 */
export function reliabilityBinOf(p: number): number {
  let bin = Math.ceil(p * RELIABILITY_BIN_COUNT) - 1;
  if (bin < 0) bin = 0;
  else if (bin > RELIABILITY_BIN_COUNT - 1) bin = RELIABILITY_BIN_COUNT - 1;
  while (bin > 0 && p <= (RELIABILITY_BIN_EDGES[bin] as number)) bin--;
  while (bin < RELIABILITY_BIN_COUNT - 1 && p > (RELIABILITY_BIN_EDGES[bin + 1] as number)) bin++;
  return bin;
}

interface Accumulators {
  logLoss: number;
  logLossC: number;
  brier: number;
  brierC: number;
  binCounts: Float64Array;
  binPositives: Float64Array;
  binSums: Float64Array;
  binSumsC: Float64Array;
}

const ONE_MINUS_EPS = 1 - LOG_LOSS_EPS;

function accumulateClass(scores: Float64Array, label: 0 | 1, acc: Accumulators): void {
  const { binCounts, binPositives, binSums, binSumsC } = acc;
  let ll = acc.logLoss;
  let llC = acc.logLossC;
  let br = acc.brier;
  let brC = acc.brierC;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i] as number;

    // log_loss row, in sklearn 1.2.1's order: clip to [eps, 1 − eps], columns [1 − p, p],
    // divide by the row sum (which can differ from 1 by an ulp), −ln of the true column.
    const clipped = Math.min(Math.max(p, LOG_LOSS_EPS), ONE_MINUS_EPS);
    const complement = 1 - clipped;
    const loss = -Math.log((label === 1 ? clipped : complement) / (complement + clipped));
    let t = ll + loss;
    llC += ll >= loss ? ll - t + loss : loss - t + ll;
    ll = t;

    const residual = label - p;
    const square = residual * residual;
    t = br + square;
    brC += br >= square ? br - t + square : square - t + br;
    br = t;

    const bin = reliabilityBinOf(p);
    binCounts[bin] = (binCounts[bin] as number) + 1;
    binPositives[bin] = (binPositives[bin] as number) + label;
    const s = binSums[bin] as number;
    t = s + p;
    binSumsC[bin] = (binSumsC[bin] as number) + (s >= p ? s - t + p : p - t + s);
    binSums[bin] = t;
  }
  acc.logLoss = ll;
  acc.logLossC = llC;
  acc.brier = br;
  acc.brierC = brC;
}
