import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { DEFAULT_THRESHOLD } from "../metrics/binary-evaluation.ts";
import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { evaluateBinary } from "../metrics/evaluate-binary.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";
import { validateColumns } from "./bootstrap-interval.ts";
import { drawCounts, primeDrawCounts, xoshiroState } from "./resample-draws.ts";
import { type BootstrapSettings, resolveSettings, runSuiteBootstrap, type SuiteInterval } from "./run-bootstrap.ts";
import { WeightedBinarySuite } from "./weighted-binary-suite.ts";

/** Row limit of the per-row Int32 counts. */
const MAX_ROWS = 2 ** 31 - 1;

export interface PairedBootstrapBinarySuiteOptions<M extends BinaryMetricName = BinaryMetricName>
  extends BootstrapSettings {
  labels: Float64Array;
  /** Model A's scores for the same rows, in the same order as `labels`. */
  scoresA: Float64Array;
  /** Model B's scores for the same rows. */
  scoresB: Float64Array;
  /** Threshold metrics predict positive when score >= threshold (both models); default 0.5. */
  threshold?: number;
  /** The metrics to compare, each once; every one must be defined on the full rows for both models. */
  metrics: readonly M[];
  /** Keep each metric's valid replicate differences (ascending) in `replicates`; default false. */
  keepReplicates?: boolean;
}

/**
 * One metric's metric(A) − metric(B) from a paired suite bootstrap: the suite interval of
 * the difference (`estimate` = a − b) with `a` and `b` on the full rows. `valid`,
 * `redraws` and `dropped` count replicates of the suite, so they are the same for every
 * metric of one call; `replicates` only when asked for.
 */
export type PairedSuiteDifference = SuiteInterval & {
  /** The metric of model A on the full rows. */
  a: number;
  /** The metric of model B on the full rows. */
  b: number;
};

/**
 * Seeded paired percentile bootstrap intervals of metric(A) − metric(B) for several binary
 * metrics at once (DESIGN.md, STATISTICS.md §6), O(n) per replicate for the whole suite of
 * both models: each model's rows are sorted once (one WeightedBinarySuite per model), and
 * each replicate draws ONE array of multinomial counts that both suites read, so both
 * models are evaluated on the same resampled rows (that is what makes it paired).
 *
 * Replicate b draws exactly the resample `pairedBootstrapDifference` (and
 * `bootstrapBinarySuite`) draws for replicate b of the same seed. A resample on which any
 * requested metric of either model is undefined (one class, for roc_auc) is drawn again
 * from that replicate's stream, for all metrics at once: `redraws` and `dropped` count per
 * suite. So a metric's interval equals `pairedBootstrapDifference`'s for that metric
 * whenever neither redraws, and for roc_auc always; another metric differs only on the
 * replicates that roc_auc made redraw (where `pairedBootstrapDifference` of that metric
 * alone keeps the one-class resample). Values agree bit for bit except log_loss,
 * brier_score and ece (~1e-16 relative per model; see WeightedBinarySuite).
 *
 * Validates like `bootstrapBinarySuite` (InvalidInputError for bad or unequal columns,
 * threshold, an unknown or repeated metric name, or non-probability scores with a
 * probability metric), and throws MetricUndefinedError, naming model a or b, when a
 * requested metric is undefined on the full rows: no interval around nothing. Throws
 * MetricUndefinedError as well when every replicate is dropped.
 */
export function pairedBootstrapBinarySuite<M extends BinaryMetricName>(
  options: PairedBootstrapBinarySuiteOptions<M>,
): Record<M, PairedSuiteDifference> {
  const { labels, scoresA, scoresB, metrics, threshold = DEFAULT_THRESHOLD, keepReplicates = false } = options;
  validateColumns(labels, [scoresA, scoresB]);
  for (const [model, scores] of [
    ["a", scoresA],
    ["b", scoresB],
  ] as const) {
    try {
      validateBinaryInputs(labels, scores);
    } catch (error) {
      if (error instanceof InvalidInputError) throw new InvalidInputError(`model ${model}: ${error.message}`);
      throw error;
    }
  }
  const settings = resolveSettings(options);
  if (metrics.length === 0) {
    throw new InvalidInputError("metrics must name at least one binary metric");
  }
  const valuesA = definedFor("a", () => evaluateBinary({ labels, scores: scoresA, threshold, metrics })).map(
    (m) => m.value,
  );
  const valuesB = definedFor("b", () => evaluateBinary({ labels, scores: scoresB, threshold, metrics })).map(
    (m) => m.value,
  );
  const n = labels.length;
  if (n > MAX_ROWS) throw new InvalidInputError(`the suite bootstrap supports at most ${MAX_ROWS} rows, got ${n}`);

  primeDrawCounts();
  const suiteA = new WeightedBinarySuite({ labels, scores: scoresA, threshold, metrics });
  const suiteB = new WeightedBinarySuite({ labels, scores: scoresB, threshold, metrics });
  // One count array per replicate, read by both suites: the same resampled rows for A and B.
  const counts = new Int32Array(n);
  const intervals = runSuiteBootstrap({
    settings,
    estimates: valuesA.map((a, j) => a - (valuesB[j] as number)),
    startReplicate: (seed) => {
      const state = xoshiroState(seed);
      return (out) => {
        counts.fill(0);
        drawCounts(state, counts);
        suiteA.read(counts);
        suiteB.read(counts);
        let defined = true;
        for (let j = 0; j < metrics.length; j++) {
          const metric = metrics[j] as M;
          const a = suiteA.metric(metric);
          const b = suiteB.metric(metric);
          out[j] = a - b;
          if (Number.isNaN(a) || Number.isNaN(b)) defined = false;
        }
        return defined;
      };
    },
    label: `paired binary suite (${metrics.join(", ")})`,
    keepReplicates,
  });
  const result = {} as Record<M, PairedSuiteDifference>;
  metrics.forEach((metric, j) => {
    result[metric] = { ...(intervals[j] as SuiteInterval), a: valuesA[j] as number, b: valuesB[j] as number };
  });
  return result;
}

/** Runs one model's evaluation, naming the model in its MetricUndefinedError. */
function definedFor<T>(model: "a" | "b", evaluate: () => T): T {
  try {
    return evaluate();
  } catch (error) {
    if (!(error instanceof MetricUndefinedError)) throw error;
    throw new MetricUndefinedError(`model ${model}: ${error.message}`, { metric: error.metric });
  }
}
