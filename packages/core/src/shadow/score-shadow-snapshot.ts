import type { DriftReport } from "../drift/drift-report.ts";
import { driftReport } from "../drift/drift-report.ts";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { agreement, labelFree, latency, predictionShift } from "./before-labels.ts";
import { calibration } from "./calibration.ts";
import { decisionCost } from "./decision-cost.ts";
import { difference, sampleSize } from "./difference.ts";
import { gap } from "./gap.ts";
import { labelMaturity } from "./label-maturity.ts";
import { labelledMetrics } from "./labelled-metrics.ts";
import { prepareSnapshot } from "./prepare-snapshot.ts";
import type { ShadowDrift, ShadowSnapshotInput, ShadowSnapshotResult, ShadowVersionMetrics } from "./types.ts";
import { snapshotWarnings } from "./warnings.ts";

/**
 * Scores one snapshot of a shadow evaluation: the champion and 1+ challengers on the same
 * production events, in the fixed recorded order the caller passes (event time, then
 * eventId). Pure: no I/O, no clock (`nowMs`), no ambient randomness (`seed`).
 *
 * "Matched" events are those where every version's call was ok; per-version metrics and
 * every paired comparison use matched events only, "labelled" = matched with a label.
 * Before labels: agreement, prediction shift (KS/PSI vs the reference and vs the champion),
 * CBPE label-free estimates (binary), latency. As labels arrive: metrics with intervals,
 * paired differences, sample sizes, calibration, decision cost, gap to the benchmark.
 *
 * Why the intervals hold across looks — users look again at every snapshot, and an interval
 * valid only at one pre-planned sample size, re-checked at every look, misses far more often
 * than its level says (shadow.coverage.test.ts measures both): every interval of look k is
 * computed at level 1 − α_k, α_k = α·6/(π²k²) (`alphaSpentAtLook`). Σ α_k = α, so by the union
 * bound the whole sequence of reported intervals covers with probability ≥ 1 − α, however the
 * rows of one look relate to the next (a late label lands in the middle of the event order, so
 * the looks are not prefixes of one stream, and a sequence's own "valid at every t" would not
 * apply across them). The caller decides what a look is (the worker takes one only when the
 * labelled events have grown by a quarter: apps/worker/src/shadow/looks.ts), keeping k small.
 * - Means of a bounded per-row quantity (accuracy = mean 0/1 correctness; binary Brier ∈ [0, 1]
 *   per row; multiclass Brier ∈ [0, 2] per row, divided by 2; decision cost mapped into [0, 1]
 *   by the matrix's cells) get the empirical-Bernstein confidence sequence (STATISTICS.md §7)
 *   at α_k: exact at any n, no asymptotics. Method "confidence_sequence". A drifting mean can
 *   show as an empty running intersection (reported, interval null).
 * - Every other metric (roc_auc, average_precision, precision, recall, f1, log_loss, ece,
 *   macro_f1, mae, rmse, r2) is not a mean of bounded rows; it gets a seeded bootstrap's
 *   standard interval, estimate ± z(1 − α_k/2)·SD of the replicates, clipped to the metric's
 *   range (a percentile interval cannot resolve α_k/2 < 1/B tails). Method
 *   "bootstrap_alpha_spending". On few rows a bootstrap under-covers, so below
 *   MIN_BOOTSTRAP_ROWS labelled rows (binary: also MIN_BOOTSTRAP_CLASS_ROWS per class) these
 *   metrics get a value but no interval. shadow.coverage.test.ts measures P(any of 20 looks
 *   misses) against naive 95% intervals re-checked at every look.
 * - Paired differences (challenger − champion) use PairedConfidenceSequence at α_k on per-row
 *   losses (0/1, Brier; regression absolute error bounded by the reference labels' range).
 * - The CBPE label-free interval is CBPE's own (fixed-level) interval for the realized
 *   metric on these rows; McNemar and DeLong p-values are fixed-sample, for information.
 */
export function scoreShadowSnapshot(input: ShadowSnapshotInput): ShadowSnapshotResult {
  const prep = prepareSnapshot(input);
  const metrics = labelledMetrics(prep);
  const metricsOf = (id: string) => metrics.find((m) => m.modelVersionId === id) as ShadowVersionMetrics;
  const championMetrics = metricsOf(prep.champion.id);
  return {
    task: prep.task,
    look: prep.look,
    level: prep.level,
    alphaSpent: prep.alphaSpent,
    threshold: prep.task === "binary_classification" ? prep.threshold : null,
    nowMs: input.nowMs,
    counts: prep.counts,
    agreement: prep.challengers.map((c) => agreement(prep, c)),
    predictionShift: predictionShift(prep),
    labelFree: prep.versions.map((v) => labelFree(prep, v)),
    latency: prep.versions.map((v) => latency(prep, v)),
    metrics,
    difference: prep.challengers.map((c) => difference(prep, c, championMetrics, metricsOf(c.id))),
    sampleSize: prep.challengers.map((c) => sampleSize(prep, c)),
    calibration: prep.versions.map((v) => calibration(prep, v)),
    cost:
      input.task === "binary_classification" && input.costMatrix !== undefined
        ? prep.versions.map((v) => decisionCost(prep, v, input.costMatrix as NonNullable<typeof input.costMatrix>))
        : [],
    labelMaturity: labelMaturity(prep, input.eventTimeMs, input.nowMs, input.labelTimeMs),
    drift: input.features === undefined ? null : drift(input.features, prep.events),
    gap: prep.versions.map((v) => gap(v.input, metricsOf(v.id))),
    warnings: snapshotWarnings(prep, input.labels),
  };
}

function drift(features: NonNullable<ShadowSnapshotInput["features"]>, events: number): ShadowDrift {
  if (!Array.isArray(features.names)) throw new InvalidInputError("features.names must be an array of column names");
  const columns: DriftReport["columns"] = {};
  const problems: Record<string, string> = {};
  for (const name of features.names) {
    const column = features.production[name];
    if (column !== undefined && column.length !== events) {
      throw new InvalidInputError(
        `features.production["${name}"] must hold ${events} values (one per event), got ${column.length}`,
      );
    }
    try {
      Object.assign(
        columns,
        driftReport({ reference: features.reference, current: features.production, columns: [name] }).columns,
      );
    } catch (error) {
      // A column with no non-missing value on a side cannot be compared: say so, keep the others.
      if (!(error instanceof InvalidInputError && error.message.includes("cannot compare distributions"))) throw error;
      problems[name] = error.message;
    }
  }
  const compared = Object.keys(columns).length;
  return {
    report: compared === 0 ? null : { columns },
    problems,
    reason: compared === 0 ? "no feature column could be compared" : null,
  };
}
