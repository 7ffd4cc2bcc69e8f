import { createRng } from "../../random/create-rng.ts";

export interface SimulatedRows {
  labels: Float64Array;
  /** What the model outputs: `distort` applied to the true probability. */
  scores: Float64Array;
  /** P(y = 1 | x), the truth a perfectly calibrated model would output. */
  probabilities: Float64Array;
}

/**
 * Rows of a logistic world for tests: x ~ N(shift, 1), P(y = 1 | x) = σ(slope·x),
 * y ~ Bernoulli(P), score = distort(P). Shifting x is covariate shift only (P(y | score)
 * unchanged), the setting CBPE assumes. Seeded with core's PRNG (Box–Muller normals).
 */
export function simulateRows(options: {
  n: number;
  seed: number;
  shift?: number;
  slope?: number;
  distort?: (p: number) => number;
}): SimulatedRows {
  const { n, seed, shift = 0, slope = 2, distort = (p) => p } = options;
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  const probabilities = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - rng.nextFloat(); // (0, 1]
    const x = shift + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
    const p = 1 / (1 + Math.exp(-slope * x));
    probabilities[i] = p;
    scores[i] = distort(p);
    labels[i] = rng.nextFloat() < p ? 1 : 0;
  }
  return { labels, scores, probabilities };
}
