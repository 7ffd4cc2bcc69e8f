import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import type { HoldoutBudgetReport } from "./thresholdout.ts";

export interface LadderOptions {
  /** Most submissions to score; afterwards every submission is refused. Default: no limit. */
  budget?: number;
  /**
   * Fixed step η: a submission counts only when its loss is below the released score by
   * more than η, and the released score is rounded to the η-grid. Omit for the
   * parameter-free Ladder (a one-sided paired test at one standard error), the default.
   */
  step?: number;
}

/** Everything needed to resume a Ladder (plain JSON; the leader's per-row losses are as secret as the holdout). */
export interface LadderState {
  mechanism: "ladder";
  step: number | null;
  budget: number | null;
  /** Holdout rows every submission is scored on; fixed by the first submission. */
  rows: number | null;
  /** The released score R_t; null before the first submission (R₀ = ∞). */
  current: number | null;
  /** Per-row losses of the current leader (parameter-free Ladder only). */
  leaderLosses: number[] | null;
  submissions: number;
  accepted: number;
  refusedSubmissions: number;
}

export type LadderAnswer =
  | {
      status: "answered";
      /** The released leaderboard score R_t (a loss: lower is better). */
      score: number;
      /** Whether this submission became the leader (the released score moved). */
      accepted: boolean;
      budgetRemaining: number | null;
      /** 1-based number of this submission. */
      submission: number;
    }
  | { status: "refused"; reason: string; budgetRemaining: 0; submission: number };

/**
 * The Ladder (Blum & Hardt, ICML 2015; `mrtzh/Ladder.jl`; STATISTICS.md §10): a
 * leaderboard that releases a new score only when a submission is better than the
 * current leader by a margin, so probing the holdout with many submissions learns
 * almost nothing about it. Submissions are per-row losses on the hidden holdout (lower is
 * better; for accuracy pass 1 − correct). R₀ = ∞.
 * - Parameter-free (default): s = sample standard deviation (n − 1) of the per-row loss
 *   differences between the submission and the leader; if loss < R_{t−1} − s/√n, then
 *   R_t = loss and the submission leads, else R_t = R_{t−1}. The first is always accepted.
 * - Fixed step η: if loss < R_{t−1} − η, R_t = loss rounded to the η-grid, else R_{t−1}.
 * Deterministic (no noise), so no seed; the state is plain data to persist.
 */
export class Ladder {
  private readonly s: LadderState;

  constructor(options: LadderOptions = {}) {
    const { budget, step } = options;
    validateSettings(budget ?? null, step ?? null);
    this.s = {
      mechanism: "ladder",
      step: step ?? null,
      budget: budget ?? null,
      rows: null,
      current: null,
      leaderLosses: null,
      submissions: 0,
      accepted: 0,
      refusedSubmissions: 0,
    };
  }

  static fromState(state: LadderState): Ladder {
    if (state?.mechanism !== "ladder") throw new InvalidInputError("not a Ladder state");
    validateSettings(state.budget, state.step);
    for (const name of ["submissions", "accepted", "refusedSubmissions"] as const) {
      if (!Number.isSafeInteger(state[name]) || state[name] < 0)
        throw new InvalidInputError(`state.${name} must be a count`);
    }
    if (state.current !== null && !Number.isFinite(state.current)) {
      throw new InvalidInputError("state.current must be finite or null");
    }
    if (state.step === null && state.current !== null && state.leaderLosses?.length !== state.rows) {
      throw new InvalidInputError("state.leaderLosses must hold one loss per holdout row");
    }
    const ladder = new Ladder();
    Object.assign(ladder.s, structuredClone(state));
    return ladder;
  }

  /** Scores one submission given its per-row losses on the holdout rows. */
  submit(losses: Float64Array): LadderAnswer {
    validateLosses(losses, this.s.rows);
    const s = this.s;
    s.submissions++;
    if (s.budget !== null && s.submissions - s.refusedSubmissions > s.budget) {
      s.refusedSubmissions++;
      return {
        status: "refused",
        reason: `the leaderboard budget is spent: ${s.budget} submissions were scored (submission ${s.submissions} refused); refresh the holdout with new rows`,
        budgetRemaining: 0,
        submission: s.submissions,
      };
    }
    s.rows = losses.length;
    const loss = mean(losses);
    const accepted = s.step === null ? this.acceptParameterFree(losses, loss) : this.acceptFixedStep(loss, s.step);
    if (accepted) s.accepted++;
    const scored = s.submissions - s.refusedSubmissions;
    return {
      status: "answered",
      score: s.current as number,
      accepted,
      budgetRemaining: s.budget === null ? null : s.budget - scored,
      submission: s.submissions,
    };
  }

  private acceptParameterFree(losses: Float64Array, loss: number): boolean {
    const s = this.s;
    const leader = s.leaderLosses;
    if (s.current === null || leader === null) {
      s.current = loss;
      s.leaderLosses = Array.from(losses);
      return true;
    }
    const n = losses.length;
    const differences = new Float64Array(n);
    for (let i = 0; i < n; i++) differences[i] = (losses[i] as number) - (leader[i] as number);
    const margin = sampleStandardDeviation(differences) / Math.sqrt(n);
    if (!(loss < s.current - margin)) return false;
    s.current = loss;
    s.leaderLosses = Array.from(losses);
    return true;
  }

  private acceptFixedStep(loss: number, step: number): boolean {
    const s = this.s;
    if (s.current !== null && !(loss < s.current - step)) return false;
    s.current = Math.round(loss / step) * step;
    return true;
  }

  /** The released score, or null before the first submission. */
  get score(): number | null {
    return this.s.current;
  }

  report(): HoldoutBudgetReport {
    const s = this.s;
    const scored = s.submissions - s.refusedSubmissions;
    return {
      budget: s.budget,
      budgetRemaining: s.budget === null ? null : s.budget - scored,
      queries: s.submissions,
      exhausted: s.budget !== null && scored >= s.budget,
    };
  }

  state(): LadderState {
    return structuredClone(this.s);
  }
}

function mean(values: Float64Array): number {
  const sum = new NeumaierSum();
  for (let i = 0; i < values.length; i++) sum.add(values[i] as number);
  return sum.value() / values.length;
}

/** Two-pass sample standard deviation (divisor n − 1), as Julia's `std`. */
function sampleStandardDeviation(values: Float64Array): number {
  const m = mean(values);
  const squares = new NeumaierSum();
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] as number) - m;
    squares.add(d * d);
  }
  return Math.sqrt(squares.value() / (values.length - 1));
}

function validateLosses(losses: Float64Array, rows: number | null): void {
  if (!(losses instanceof Float64Array)) throw new InvalidInputError("losses must be a Float64Array");
  if (losses.length < 2)
    throw new InvalidInputError(`a submission needs losses on at least 2 holdout rows, got ${losses.length}`);
  if (rows !== null && losses.length !== rows) {
    throw new InvalidInputError(
      `every submission must be scored on the same ${rows} holdout rows, got ${losses.length} losses`,
    );
  }
  for (let i = 0; i < losses.length; i++) {
    if (!Number.isFinite(losses[i] as number)) {
      throw new InvalidInputError(`losses must be finite numbers: losses[${i}] = ${losses[i]}`);
    }
  }
}

function validateSettings(budget: number | null, step: number | null): void {
  if (budget !== null && (!Number.isSafeInteger(budget) || budget < 1)) {
    throw new InvalidInputError(`budget must be a positive integer, got ${String(budget)}`);
  }
  if (step !== null && (typeof step !== "number" || !(step > 0) || !Number.isFinite(step))) {
    throw new InvalidInputError(`step must be a finite number > 0, got ${String(step)}`);
  }
}
