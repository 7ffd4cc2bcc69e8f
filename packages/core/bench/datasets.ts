// Seeded synthetic columns for the bench, from core's own PRNG: the same seed gives the
// same bytes on every run and machine, and the Python side reads exactly these values.
import { createRng, type Rng } from "@fieldtest/core";

export interface BinaryColumns {
  /** 0/1, about 30% ones. */
  labels: Float64Array;
  /** P(label = 1) from a noisy logistic model, in (0, 1); continuous, so few ties. */
  scores: Float64Array;
}

export interface MulticlassColumns {
  /** Class index 0..K−1, uniform. */
  labels: Float64Array;
  /** K columns; row i sums to 1 (softmax of noisy logits favouring the true class). */
  probabilities: Float64Array[];
}

export interface RegressionColumns {
  /** About N(100, 15²): far from 0, so MAPE is well defined. */
  labels: Float64Array;
  predictions: Float64Array;
}

/** Standard normal draws by Box–Muller, both outputs used. */
function normalSource(rng: Rng): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - rng.nextFloat(); // (0, 1]: log stays finite
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * rng.nextFloat();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

export function binaryColumns(n: number, seed: number): BinaryColumns {
  const rng = createRng(seed);
  const normal = normalSource(rng);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.nextFloat() < 0.3 ? 1 : 0;
    labels[i] = y;
    scores[i] = 1 / (1 + Math.exp(-(0.75 * (2 * y - 1) - 0.8 + normal()))); // ROC AUC ≈ 0.85
  }
  return { labels, scores };
}

export function multiclassColumns(n: number, classes: number, seed: number): MulticlassColumns {
  const rng = createRng(seed);
  const normal = normalSource(rng);
  const labels = new Float64Array(n);
  const probabilities = Array.from({ length: classes }, () => new Float64Array(n));
  const logits = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const y = Math.floor(rng.nextFloat() * classes);
    labels[i] = y;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) {
      const logit = normal() + (k === y ? 1.5 : 0);
      logits[k] = logit;
      if (logit > max) max = logit;
    }
    let total = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp((logits[k] as number) - max);
      logits[k] = e;
      total += e;
    }
    for (let k = 0; k < classes; k++) (probabilities[k] as Float64Array)[i] = (logits[k] as number) / total;
  }
  return { labels, probabilities };
}

export function regressionColumns(n: number, seed: number): RegressionColumns {
  const rng = createRng(seed);
  const normal = normalSource(rng);
  const labels = new Float64Array(n);
  const predictions = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = 100 + 15 * normal();
    labels[i] = y;
    predictions[i] = y + 1 + 5 * normal();
  }
  return { labels, predictions };
}

export interface DriftColumns {
  /** N(0, 1). */
  reference: Float64Array;
  /** N(0.05, 1.1²): a small shift, so KS, PSI and JS are neither 0 nor saturated. */
  current: Float64Array;
}

export function driftColumns(n: number, seed: number): DriftColumns {
  const normal = normalSource(createRng(seed));
  const reference = new Float64Array(n);
  const current = new Float64Array(n);
  for (let i = 0; i < n; i++) reference[i] = normal();
  for (let i = 0; i < n; i++) current[i] = 0.05 + 1.1 * normal();
  return { reference, current };
}
