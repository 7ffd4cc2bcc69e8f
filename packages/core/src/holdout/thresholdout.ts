import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { laplaceNoise } from "./laplace-noise.ts";
import { ReplayableRng } from "./replayable-rng.ts";

export interface ThresholdoutOptions {
  /** T: how far the holdout value may sit from the training value before the holdout answers. */
  threshold: number;
  /** σ: Laplace scale of the answer noise (the threshold noise is 2σ, the per-query noise 4σ). */
  noiseScale: number;
  /** B: how many answers may come from the holdout; afterwards every query is refused. */
  budget: number;
  /**
   * Seeds the noise. Keep it secret, like the holdout itself: whoever knows the seed and
   * the state can subtract the noise. A shell should draw it from a cryptographic source.
   */
  seed: number | bigint;
}

/** Everything needed to resume a Thresholdout later (plain JSON; as secret as the holdout). */
export interface ThresholdoutState {
  mechanism: "thresholdout";
  threshold: number;
  noiseScale: number;
  budget: number;
  /** Seed mod 2^64 as a decimal string, and how many PRNG outputs were drawn. */
  seed: string;
  draws: number;
  /** T̂ = T + Lap(2σ), redrawn after each holdout answer. */
  noisyThreshold: number;
  budgetRemaining: number;
  queries: number;
  holdoutAnswers: number;
  refusedQueries: number;
}

export type ThresholdoutAnswer =
  | {
      status: "answered";
      value: number;
      /** `holdout`: the training value was off by more than the noisy threshold, so the noisy holdout value is returned (one unit of budget). */
      source: "training" | "holdout";
      budgetRemaining: number;
      /** 1-based number of this query. */
      query: number;
    }
  | { status: "refused"; reason: string; budgetRemaining: 0; query: number };

/** What a mechanism reports about its budget (for a UI, or a gate). */
export interface HoldoutBudgetReport {
  budget: number | null;
  budgetRemaining: number | null;
  queries: number;
  exhausted: boolean;
}

/**
 * Thresholdout (Dwork, Feldman, Hardt, Pitassi, Reingold & Roth, Science 2015; STATISTICS.md
 * §10): answers a stream of adaptively chosen queries φ — each given as its mean on the
 * training rows and on the hidden holdout rows — so that reusing the holdout does not
 * overfit it. Setup: T̂ = T + Lap(2σ). Per query:
 * 1. if the budget B < 1, refuse;
 * 2. draw η ~ Lap(4σ);
 * 3. if |holdout − training| > T̂ + η: answer holdout + Lap(σ), B −= 1, T̂ = T + Lap(2σ);
 * 4. otherwise answer the training value.
 * Noise comes from core's PRNG (seeded), so a run is reproducible; the state is plain data
 * for a shell to persist between requests. Settings for n holdout rows:
 * `thresholdoutSettings` (T = 4/√n, σ = 1/(4√n)).
 */
export class Thresholdout {
  private readonly s: ThresholdoutState;
  private readonly rng: ReplayableRng;

  constructor(options: ThresholdoutOptions) {
    const { threshold, noiseScale, budget, seed } = options;
    validateSettings(threshold, noiseScale, budget);
    this.rng = ReplayableRng.create(seed);
    this.s = {
      mechanism: "thresholdout",
      threshold,
      noiseScale,
      budget,
      seed: this.rng.seed,
      draws: 0,
      noisyThreshold: 0,
      budgetRemaining: budget,
      queries: 0,
      holdoutAnswers: 0,
      refusedQueries: 0,
    };
    this.s.noisyThreshold = threshold + laplaceNoise(this.rng, 2 * noiseScale);
    this.s.draws = this.rng.draws;
  }

  /** Resumes a Thresholdout from `state()`: the same answers follow as if it had never stopped. */
  static fromState(state: ThresholdoutState): Thresholdout {
    if (state?.mechanism !== "thresholdout") throw new InvalidInputError("not a Thresholdout state");
    validateSettings(state.threshold, state.noiseScale, state.budget);
    const { budgetRemaining, queries, holdoutAnswers, refusedQueries } = state;
    for (const [name, value] of Object.entries({ budgetRemaining, queries, holdoutAnswers, refusedQueries })) {
      if (!Number.isSafeInteger(value) || value < 0) throw new InvalidInputError(`state.${name} must be a count`);
    }
    if (!Number.isFinite(state.noisyThreshold)) throw new InvalidInputError("state.noisyThreshold must be finite");
    const mechanism = Object.create(Thresholdout.prototype) as Thresholdout;
    const rng = ReplayableRng.resume(state.seed, state.draws);
    Object.assign(mechanism, { s: structuredClone(state), rng });
    return mechanism;
  }

  /**
   * One query: φ's mean on the training rows and on the holdout rows (e.g. a model's
   * accuracy on each). Returns the value to show the analyst, or a refusal once the
   * budget is spent.
   */
  query(values: { training: number; holdout: number }): ThresholdoutAnswer {
    const { training, holdout } = values;
    if (typeof training !== "number" || !Number.isFinite(training)) {
      throw new InvalidInputError(`training value must be a finite number, got ${String(training)}`);
    }
    if (typeof holdout !== "number" || !Number.isFinite(holdout)) {
      throw new InvalidInputError(`holdout value must be a finite number, got ${String(holdout)}`);
    }
    const s = this.s;
    s.queries++;
    if (s.budgetRemaining < 1) {
      s.refusedQueries++;
      return {
        status: "refused",
        reason: `the holdout budget is spent: all ${s.budget} holdout answers were used (query ${s.queries} refused); the holdout can no longer be reused safely — refresh it with new rows`,
        budgetRemaining: 0,
        query: s.queries,
      };
    }
    const eta = laplaceNoise(this.rng, 4 * s.noiseScale);
    let answer: ThresholdoutAnswer;
    if (Math.abs(holdout - training) > s.noisyThreshold + eta) {
      const value = holdout + laplaceNoise(this.rng, s.noiseScale);
      s.budgetRemaining--;
      s.holdoutAnswers++;
      s.noisyThreshold = s.threshold + laplaceNoise(this.rng, 2 * s.noiseScale);
      answer = { status: "answered", value, source: "holdout", budgetRemaining: s.budgetRemaining, query: s.queries };
    } else {
      answer = {
        status: "answered",
        value: training,
        source: "training",
        budgetRemaining: s.budgetRemaining,
        query: s.queries,
      };
    }
    s.draws = this.rng.draws;
    return answer;
  }

  report(): HoldoutBudgetReport {
    const s = this.s;
    return {
      budget: s.budget,
      budgetRemaining: s.budgetRemaining,
      queries: s.queries,
      exhausted: s.budgetRemaining < 1,
    };
  }

  /** A JSON-safe copy of the state, to persist and resume with `fromState`. */
  state(): ThresholdoutState {
    return structuredClone(this.s);
  }
}

/**
 * Settings for n holdout rows: T = 4/√n as in the paper's demo, and σ = 1/(4√n), so the
 * per-query noise Lap(4σ) has scale 1/√n. The demo's σ = 1/√n was used with Gaussian
 * noise; with §10's Laplace noise it makes the per-query noise Lap(4/√n) as large as T
 * itself, and in the adaptive-attack simulation (adaptive-overfitting.test.ts) a fifth of
 * all queries then reach the holdout and overfit answers slip through from the training
 * rows. The CACM theory (T = 3τ/4, σ = τ/(96 ln(4m/β))) asks for σ smaller still.
 */
export function thresholdoutSettings(holdoutRows: number): { threshold: number; noiseScale: number } {
  if (!Number.isInteger(holdoutRows) || holdoutRows < 1) {
    throw new InvalidInputError(`holdoutRows must be a positive integer, got ${String(holdoutRows)}`);
  }
  const root = Math.sqrt(holdoutRows);
  return { threshold: 4 / root, noiseScale: 1 / (4 * root) };
}

function validateSettings(threshold: number, noiseScale: number, budget: number): void {
  if (typeof threshold !== "number" || !(threshold >= 0) || !Number.isFinite(threshold)) {
    throw new InvalidInputError(`threshold must be a finite number ≥ 0, got ${String(threshold)}`);
  }
  if (typeof noiseScale !== "number" || !(noiseScale > 0) || !Number.isFinite(noiseScale)) {
    throw new InvalidInputError(`noiseScale must be a finite number > 0, got ${String(noiseScale)}`);
  }
  if (!Number.isSafeInteger(budget) || budget < 1) {
    throw new InvalidInputError(`budget must be a positive integer, got ${String(budget)}`);
  }
}
