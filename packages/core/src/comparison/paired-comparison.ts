import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { METRIC_DIRECTION, type MetricDirection } from "../realism/metric-direction.ts";
import { type DelongTestResult, delongTest } from "../uncertainty/delong-test.ts";
import { type McnemarTestResult, mcnemarTest } from "../uncertainty/mcnemar-test.ts";
import { pairedBootstrapBinarySuite } from "../uncertainty/paired-bootstrap-binary-suite.ts";
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES } from "../uncertainty/run-bootstrap.ts";

/**
 * The fixed master seed of paired comparisons: comparing the same two score columns always
 * gives the same interval, whoever asks and in whichever order the runs finished.
 */
export const PAIRED_COMPARISON_SEED = 20_260_127;

export interface PairedComparisonOptions {
  /** 0/1 labels of the rows both models scored, in one order. */
  labels: Float64Array;
  /** Model A's scores of the same rows, in the same order. */
  scoresA: Float64Array;
  /** Model B's scores of the same rows. */
  scoresB: Float64Array;
  /** The metrics to compare (each must be defined on the rows for both models). */
  metrics: readonly BinaryMetricName[];
  /** The benchmark's stated threshold (predicted positive when score >= threshold). */
  threshold: number;
  /** Interval level; the tests decide at α = 1 − level. Default 0.95. */
  level?: number;
  /** Bootstrap replicates, default 1000. */
  resamples?: number;
  /** Master seed of the bootstrap, default PAIRED_COMPARISON_SEED. */
  seed?: number;
}

/** How a metric's p-value (or, without one, its decision) was obtained. */
export type PairedTestName = "delong" | "mcnemar_exact" | "paired_bootstrap_interval";

export type PairedComparisonDecision = "b_better" | "a_better" | "no_detectable_difference";

/** Plain words of each decision, as the UI shows them. */
export const PAIRED_DECISION_TEXT: Record<PairedComparisonDecision, string> = {
  b_better: "B better",
  a_better: "A better",
  no_detectable_difference: "no detectable difference",
};

export interface PairedMetricComparison {
  metric: BinaryMetricName;
  direction: MetricDirection;
  /** The metric of A and of B on the full rows. */
  a: number;
  b: number;
  /** b − a, in the metric's units (for a loss, negative means B is better). */
  difference: number;
  /** Paired percentile bootstrap interval of b − a. */
  lower: number;
  upper: number;
  level: number;
  n: number;
  test: PairedTestName;
  /** Two-sided p-value of the named test; null for the bootstrap-interval rule (it has none). */
  pValue: number | null;
  decision: PairedComparisonDecision;
  /** Why the decision fell back or must be read with care (a degenerate DeLong variance); else null. */
  note: string | null;
}

export interface PairedComparisonResult {
  n: number;
  positives: number;
  negatives: number;
  threshold: number;
  level: number;
  /** 1 − level: a test decides "better" when p < alpha. */
  alpha: number;
  seed: number;
  resamples: number;
  /** Replicates with every metric defined (the same for all metrics), redraws and dropped replicates. */
  valid: number;
  redraws: number;
  dropped: number;
  metrics: PairedMetricComparison[];
  /** McNemar's table at the threshold (A correct/wrong × B correct/wrong) and its exact p-value. */
  mcnemar: Pick<McnemarTestResult, "bothCorrect" | "onlyACorrect" | "onlyBCorrect" | "bothWrong" | "pValue">;
  /** DeLong's test of the ROC AUCs; null when it cannot be formed (fewer than 2 of a class), `delongProblem` says why. */
  delong:
    | (Pick<DelongTestResult, "aucA" | "aucB" | "standardError" | "pValue" | "degenerate"> & {
        /** null when ±∞ (a degenerate variance with unequal AUCs). */
        z: number | null;
      })
    | null;
  delongProblem: string | null;
}

/**
 * Compares two models scored on the SAME rows, metric by metric (DESIGN.md "Paired
 * comparison", STATISTICS.md §4–§6):
 * - the difference B − A with a seeded paired percentile bootstrap interval: each replicate
 *   resamples rows jointly and evaluates both models on that one resample
 *   (`pairedBootstrapBinarySuite`, xoshiro128** replicate streams from SplitMix64 of the seed);
 * - a p-value where STATISTICS.md names the test: DeLong (Sun & Xu) for roc_auc, McNemar's
 *   exact two-sided binomial test on the discordant pairs for accuracy at the stated threshold;
 * - a decision at α = 1 − level: "B better" / "A better" when the test's p < α (by the sign
 *   of the difference in the metric's direction); for metrics without a named test, when the
 *   paired bootstrap interval excludes 0. Otherwise "no detectable difference". A degenerate
 *   DeLong variance (0) is never read as evidence.
 *
 * No multiplicity correction across metrics: each metric is its own question, reported with
 * its own p-value (a family of tests over many run pairs would be Holm-corrected instead).
 */
export function pairedComparison(options: PairedComparisonOptions): PairedComparisonResult {
  const {
    labels,
    scoresA,
    scoresB,
    metrics,
    threshold,
    level = DEFAULT_LEVEL,
    resamples = DEFAULT_RESAMPLES,
    seed = PAIRED_COMPARISON_SEED,
  } = options;
  if (metrics.length === 0) throw new InvalidInputError("metrics must name at least one binary metric");
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidInputError(`seed must be a non-negative safe integer, got ${String(seed)}`);
  }
  // A − B from the suite (which validates every input); B − A is its exact negation.
  const suite = pairedBootstrapBinarySuite({ labels, scoresA, scoresB, metrics, threshold, level, resamples, seed });
  const alpha = 1 - level;
  const mcnemar = mcnemarTest({ labels, scoresA, scoresB, threshold });
  let delong: DelongTestResult | null = null;
  let delongProblem: string | null = null;
  try {
    delong = delongTest({ labels, scoresA, scoresB });
  } catch (error) {
    if (!(error instanceof MetricUndefinedError)) throw error;
    delongProblem = error.message;
  }

  const first = suite[metrics[0] as BinaryMetricName];
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] as number;

  const compared = metrics.map((metric): PairedMetricComparison => {
    const s = suite[metric];
    const direction = METRIC_DIRECTION[metric];
    const difference = -s.estimate;
    const lower = -s.upper;
    const upper = -s.lower;
    const base = { metric, direction, a: s.a, b: s.b, difference, lower, upper, level, n };
    const bBetter = direction === "higher_is_better" ? difference > 0 : difference < 0;
    const byTest = (pValue: number): PairedComparisonDecision =>
      pValue < alpha && difference !== 0 ? (bBetter ? "b_better" : "a_better") : "no_detectable_difference";
    const byInterval = (): PairedComparisonDecision =>
      lower > 0 || upper < 0 ? (bBetter ? "b_better" : "a_better") : "no_detectable_difference";

    if (metric === "accuracy") {
      return { ...base, test: "mcnemar_exact", pValue: mcnemar.pValue, decision: byTest(mcnemar.pValue), note: null };
    }
    if (metric === "roc_auc") {
      if (delong === null) {
        return {
          ...base,
          test: "paired_bootstrap_interval",
          pValue: null,
          decision: byInterval(),
          note: `DeLong's test cannot be formed: ${delongProblem}; decided by the bootstrap interval`,
        };
      }
      if (delong.degenerate) {
        return {
          ...base,
          test: "delong",
          pValue: delong.pValue,
          decision: "no_detectable_difference",
          note: "DeLong's variance of the difference is 0: the test carries no information",
        };
      }
      return { ...base, test: "delong", pValue: delong.pValue, decision: byTest(delong.pValue), note: null };
    }
    return { ...base, test: "paired_bootstrap_interval", pValue: null, decision: byInterval(), note: null };
  });

  return {
    n,
    positives,
    negatives: n - positives,
    threshold,
    level,
    alpha,
    seed,
    resamples,
    valid: first.valid,
    redraws: first.redraws,
    dropped: first.dropped,
    metrics: compared,
    mcnemar: {
      bothCorrect: mcnemar.bothCorrect,
      onlyACorrect: mcnemar.onlyACorrect,
      onlyBCorrect: mcnemar.onlyBCorrect,
      bothWrong: mcnemar.bothWrong,
      pValue: mcnemar.pValue,
    },
    delong:
      delong === null
        ? null
        : {
            aucA: delong.aucA,
            aucB: delong.aucB,
            z: Number.isFinite(delong.z) ? delong.z : null,
            standardError: delong.standardError,
            pValue: delong.pValue,
            degenerate: delong.degenerate,
          },
    delongProblem,
  };
}
