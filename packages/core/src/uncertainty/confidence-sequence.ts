import { InvalidInputError } from "../errors/invalid-input-error.ts";

export interface ConfidenceSequenceOptions {
  /** Miss probability over the whole (unbounded) sequence of looks; level = 1 − alpha. Default 0.05. */
  alpha?: number;
  /** Cap c on the bets λ_t, in (0, 1); default ½ (¾ is the other common choice). */
  truncation?: number;
  /**
   * Report the running intersection of all intervals so far (maximum of the lower bounds,
   * minimum of the upper): never wider, equally valid. Default true.
   */
  runningIntersection?: boolean;
}

export interface ConfidenceSequenceInterval {
  /** Observations so far. */
  n: number;
  lower: number;
  upper: number;
  /** Plain mean of the observations; null before the first. */
  mean: number | null;
  /**
   * The running intersection is empty (lower > upper): this happens with probability ≤ α
   * when the mean is constant, so it signals that the assumption failed.
   */
  empty: boolean;
}

/** Everything needed to resume a sequence later (plain numbers, JSON-safe). */
export interface ConfidenceSequenceState {
  alpha: number;
  truncation: number;
  runningIntersection: boolean;
  n: number;
  /** Compensated sums as [sum, compensation] (Neumaier). */
  sumX: [number, number];
  sumSquaredDeviation: [number, number];
  sumLambda: [number, number];
  sumLambdaX: [number, number];
  sumPenalty: [number, number];
  previousMean: number;
  previousVariance: number;
  lower: number;
  upper: number;
  runningLower: number;
  runningUpper: number;
}

/**
 * Anytime-valid confidence sequence for the mean of X_i ∈ [0, 1]: the predictable plug-in
 * empirical-Bernstein CS of Waudby-Smith & Ramdas (JRSSB 2024, arXiv 2010.09686), as in
 * STATISTICS.md §7. With probability ≥ 1 − α the intervals contain the mean at every t
 * simultaneously, so it may be read after every observation without inflating misses
 * (fixed-sample intervals do not allow that). O(1) time and memory per update.
 *
 * - μ̂_t = (½ + Σ_{i≤t} X_i)/(t+1), σ̂²_t = (¼ + Σ_{i≤t}(X_i − μ̂_i)²)/(t+1), μ̂₀ = ½, σ̂²₀ = ¼;
 * - λ_t = min(c, √(2 ln(2/α) / (σ̂²_{t−1} t ln(1+t)))), v_t = 4(X_t − μ̂_{t−1})²,
 *   ψ(λ) = (−ln(1−λ) − λ)/4;
 * - C_t = [M_t − r_t, M_t + r_t] ∩ [0, 1], M_t = Σλ_iX_i/Σλ_i, r_t = (ln(2/α) + Σv_iψ(λ_i))/Σλ_i.
 *
 * This is the paper's estimator. `confseq`'s current `predmix_empbern_cs` uses the plain
 * running mean (starting at 0) inside v_t instead of μ̂; both are valid, the values differ
 * slightly. Validity needs the X_i to share one conditional mean in arrival order: feed
 * rows in a fixed, recorded order.
 */
export class ConfidenceSequence {
  private readonly s: ConfidenceSequenceState;
  private readonly logTwoOverAlpha: number;

  constructor(options: ConfidenceSequenceOptions = {}) {
    const { alpha = 0.05, truncation = 0.5, runningIntersection = true } = options;
    if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
      throw new InvalidInputError(`alpha must be strictly between 0 and 1, got ${String(alpha)}`);
    }
    if (typeof truncation !== "number" || !(truncation > 0 && truncation < 1)) {
      throw new InvalidInputError(`truncation must be strictly between 0 and 1, got ${String(truncation)}`);
    }
    this.s = {
      alpha,
      truncation,
      runningIntersection,
      n: 0,
      sumX: [0, 0],
      sumSquaredDeviation: [0, 0],
      sumLambda: [0, 0],
      sumLambdaX: [0, 0],
      sumPenalty: [0, 0],
      previousMean: 0.5,
      previousVariance: 0.25,
      lower: 0,
      upper: 1,
      runningLower: 0,
      runningUpper: 1,
    };
    this.logTwoOverAlpha = Math.log(2 / alpha);
  }

  /** Resumes a sequence from `state()`. */
  static fromState(state: ConfidenceSequenceState): ConfidenceSequence {
    const cs = new ConfidenceSequence(state);
    Object.assign(cs.s, structuredClone(state));
    return cs;
  }

  /** Adds one observation X ∈ [0, 1]. */
  update(x: number): void {
    if (typeof x !== "number" || !(x >= 0 && x <= 1)) {
      throw new InvalidInputError(`confidence sequence observations must be numbers in [0, 1], got ${String(x)}`);
    }
    const s = this.s;
    const t = s.n + 1;
    // The bet and the variance proxy only use observations before t (predictable).
    const lambda = Math.min(
      s.truncation,
      Math.sqrt((2 * this.logTwoOverAlpha) / (s.previousVariance * t * Math.log1p(t))),
    );
    const deviation = x - s.previousMean;
    const penalty = deviation * deviation * (-Math.log1p(-lambda) - lambda); // v_t·ψ(λ_t) = 4d²·(…)/4
    add(s.sumLambda, lambda);
    add(s.sumLambdaX, lambda * x);
    add(s.sumPenalty, penalty);

    add(s.sumX, x);
    const mean = (0.5 + total(s.sumX)) / (t + 1);
    add(s.sumSquaredDeviation, (x - mean) * (x - mean));
    s.previousMean = mean;
    s.previousVariance = (0.25 + total(s.sumSquaredDeviation)) / (t + 1);
    s.n = t;

    const sumLambda = total(s.sumLambda);
    const center = total(s.sumLambdaX) / sumLambda;
    const radius = (this.logTwoOverAlpha + total(s.sumPenalty)) / sumLambda;
    s.lower = Math.max(0, center - radius);
    s.upper = Math.min(1, center + radius);
    s.runningLower = Math.max(s.runningLower, s.lower);
    s.runningUpper = Math.min(s.runningUpper, s.upper);
  }

  updateMany(xs: ArrayLike<number>): void {
    for (let i = 0; i < xs.length; i++) this.update(xs[i] as number);
  }

  /** The current interval (running intersection unless the sequence was created without it). */
  interval(): ConfidenceSequenceInterval {
    const s = this.s;
    const lower = s.runningIntersection ? s.runningLower : s.lower;
    const upper = s.runningIntersection ? s.runningUpper : s.upper;
    return { n: s.n, lower, upper, mean: s.n === 0 ? null : total(s.sumX) / s.n, empty: lower > upper };
  }

  get n(): number {
    return this.s.n;
  }

  get alpha(): number {
    return this.s.alpha;
  }

  /** A JSON-safe copy of the state, to persist and resume with `fromState`. */
  state(): ConfidenceSequenceState {
    return structuredClone(this.s);
  }
}

/** Neumaier-compensated accumulation into [sum, compensation]. */
function add(acc: [number, number], x: number): void {
  const sum = acc[0];
  const t = sum + x;
  acc[1] += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
  acc[0] = t;
}

function total(acc: [number, number]): number {
  return acc[0] + acc[1];
}
