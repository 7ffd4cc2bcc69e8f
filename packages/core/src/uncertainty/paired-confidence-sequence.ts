import { InvalidInputError } from "../errors/invalid-input-error.ts";
import {
  ConfidenceSequence,
  type ConfidenceSequenceOptions,
  type ConfidenceSequenceState,
} from "./confidence-sequence.ts";

export interface PairedConfidenceSequenceOptions extends ConfidenceSequenceOptions {
  /**
   * Upper bound B of a per-row loss; larger losses are clipped to B (and counted), and
   * losses are divided by B to lie in [0, 1]. Default 1 (0/1 loss, Brier loss). For
   * log-loss pick a cap such as ln(100).
   */
  lossBound?: number;
}

export interface PairedConfidenceSequenceInterval {
  n: number;
  /** Bounds on Δ = E[ℓ_A − ℓ_B], in loss units. Negative Δ: A has the lower loss. */
  lower: number;
  upper: number;
  /** Mean of the (clipped) loss differences; null before the first row. */
  mean: number | null;
  empty: boolean;
  /** Losses clipped to `lossBound` so far (either model). */
  clipped: number;
}

/** "a_better": Δ < −margin everywhere in the interval; "b_better": Δ > margin; otherwise "undecided". */
export type PairedDecision = "a_better" | "b_better" | "undecided";

export interface PairedConfidenceSequenceState {
  lossBound: number;
  clipped: number;
  sequence: ConfidenceSequenceState;
}

/**
 * Anytime-valid comparison of two models scored on the same rows as labels arrive
 * (STATISTICS.md §7, "Paired difference"): D_i = ℓ_A,i − ℓ_B,i ∈ [−B, B] is mapped to
 * Y_i = (D_i/B + 1)/2 ∈ [0, 1], the confidence sequence runs on Y, and Δ ∈ [B(2L−1), B(2U−1)].
 * A winner may be declared as soon as the interval excludes 0 (or ±margin), at any look.
 */
export class PairedConfidenceSequence {
  private sequence: ConfidenceSequence;
  private readonly lossBound: number;
  private clipped = 0;

  constructor(options: PairedConfidenceSequenceOptions = {}) {
    const { lossBound = 1, ...rest } = options;
    if (typeof lossBound !== "number" || !(lossBound > 0) || !Number.isFinite(lossBound)) {
      throw new InvalidInputError(`lossBound must be a positive finite number, got ${String(lossBound)}`);
    }
    this.lossBound = lossBound;
    this.sequence = new ConfidenceSequence(rest);
  }

  static fromState(state: PairedConfidenceSequenceState): PairedConfidenceSequence {
    const paired = new PairedConfidenceSequence({ lossBound: state.lossBound, ...pick(state.sequence) });
    paired.sequence = ConfidenceSequence.fromState(state.sequence);
    paired.clipped = state.clipped;
    return paired;
  }

  /** Adds one row's losses (each ≥ 0, +Infinity allowed; clipped to `lossBound`). */
  update(lossA: number, lossB: number): void {
    const a = this.clip(lossA, "lossA");
    const b = this.clip(lossB, "lossB");
    this.sequence.update(((a - b) / this.lossBound + 1) / 2);
  }

  interval(): PairedConfidenceSequenceInterval {
    const { n, lower, upper, mean, empty } = this.sequence.interval();
    const bound = this.lossBound;
    return {
      n,
      lower: bound * (2 * lower - 1),
      upper: bound * (2 * upper - 1),
      mean: mean === null ? null : bound * (2 * mean - 1),
      empty,
      clipped: this.clipped,
    };
  }

  /** Which model has the lower expected loss, by more than `margin` (≥ 0, loss units), if the evidence says so yet. */
  decision(margin = 0): PairedDecision {
    if (typeof margin !== "number" || !(margin >= 0)) {
      throw new InvalidInputError(`margin must be a non-negative number, got ${String(margin)}`);
    }
    const { lower, upper, empty } = this.interval();
    if (empty) return "undecided";
    if (upper < -margin) return "a_better";
    if (lower > margin) return "b_better";
    return "undecided";
  }

  get n(): number {
    return this.sequence.n;
  }

  state(): PairedConfidenceSequenceState {
    return { lossBound: this.lossBound, clipped: this.clipped, sequence: this.sequence.state() };
  }

  private clip(loss: number, name: string): number {
    if (typeof loss !== "number" || !(loss >= 0)) {
      throw new InvalidInputError(`${name} must be a non-negative number, got ${String(loss)}`);
    }
    if (loss > this.lossBound) {
      this.clipped++;
      return this.lossBound;
    }
    return loss;
  }
}

function pick(state: ConfidenceSequenceState): ConfidenceSequenceOptions {
  return { alpha: state.alpha, truncation: state.truncation, runningIntersection: state.runningIntersection };
}
