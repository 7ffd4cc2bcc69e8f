import { createRng, type Rng } from "../../random/create-rng.ts";
import type { BinaryShadowInput, ShadowVersionInput } from "../types.ts";

// Synthetic shadow evaluations for tests and timing (seeded: same seed, same data).

export function normal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the log finite.
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface SimulateBinaryOptions {
  seed: number;
  events: number;
  /** Probability that an event has a label (default 0.6). */
  labelRate?: number;
  /** Per-version noise on the logit (champion first); default [1, 0.6]. */
  noise?: readonly number[];
  /** Probability of a non-ok status per version call (default 0.02, split error/timeout/missing). */
  failureRate?: number;
  /** Rows of the reference (benchmark) set per version; 0 = no reference (default 2000). */
  referenceRows?: number;
}

/** A binary shadow evaluation: y ~ Bernoulli(σ(z)), version j scores σ(z + noise_j·ε). */
export function simulateBinaryShadow(options: SimulateBinaryOptions): BinaryShadowInput {
  const { seed, events: n, labelRate = 0.6, noise = [1, 0.6], failureRate = 0.02, referenceRows = 2000 } = options;
  const rng = createRng(seed);
  const z = Float64Array.from({ length: n }, () => 1.2 * normal(rng));
  const labels = Float64Array.from(z, (zi) =>
    rng.nextFloat() < labelRate ? (rng.nextFloat() < sigmoid(zi) ? 1 : 0) : Number.NaN,
  );
  const eventTimeMs = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
  const labelTimeMs = Float64Array.from(labels, (y, i) =>
    Number.isNaN(y) ? Number.NaN : (eventTimeMs[i] as number) + 3_600_000 * (1 + 48 * rng.nextFloat()),
  );
  const refZ = Float64Array.from({ length: referenceRows }, () => 1.2 * normal(rng));
  const refLabels = Float64Array.from(refZ, (zi) => (rng.nextFloat() < sigmoid(zi) ? 1 : 0));
  const versions: ShadowVersionInput<Float64Array>[] = noise.map((s, j) => {
    const predictions = Float64Array.from(z, (zi) => sigmoid(zi + s * normal(rng)));
    const status = Uint8Array.from({ length: n }, () => {
      const u = rng.nextFloat();
      if (u >= failureRate) return 1;
      return u < failureRate / 3 ? 2 : u < (2 * failureRate) / 3 ? 3 : 0;
    });
    const latencyMs = Float64Array.from(status, (st) =>
      st === 1 ? (rng.nextFloat() < 0.01 ? Number.NaN : 20 * Math.exp(0.5 * normal(rng)) + 5 * j) : Number.NaN,
    );
    const version: ShadowVersionInput<Float64Array> = {
      modelVersionId: j === 0 ? "champion" : `challenger-${j}`,
      role: j === 0 ? "champion" : "challenger",
      predictions,
      status,
      latencyMs,
    };
    if (referenceRows > 0) {
      version.reference = {
        predictions: Float64Array.from(refZ, (zi) => sigmoid(zi + s * normal(rng))),
        labels: refLabels,
      };
    }
    return version;
  });
  return {
    task: "binary_classification",
    look: 1,
    seed,
    nowMs: (eventTimeMs[n - 1] ?? 1_700_000_000_000) + 3_600_000,
    eventTimeMs,
    labels,
    labelTimeMs,
    versions,
  };
}
