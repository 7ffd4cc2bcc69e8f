import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { DEFAULT_THRESHOLD } from "../metrics/binary-evaluation.ts";
import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { evaluateBinary } from "../metrics/evaluate-binary.ts";
import { validateBinaryInputs } from "../metrics/validate-binary-inputs.ts";
import { drawCounts, primeDrawCounts, xoshiroState } from "./resample-draws.ts";
import { type BootstrapSettings, resolveSettings, runSuiteBootstrap, type SuiteInterval } from "./run-bootstrap.ts";
import { WeightedBinarySuite } from "./weighted-binary-suite.ts";

/** Row limit of the per-row Int32 counts. */
const MAX_ROWS = 2 ** 31 - 1;

export interface BootstrapBinarySuiteOptions<M extends BinaryMetricName = BinaryMetricName> extends BootstrapSettings {
  labels: Float64Array;
  scores: Float64Array;
  /** Threshold metrics predict positive when score >= threshold; default 0.5. */
  threshold?: number;
  /** The metrics to bootstrap, each once; every one must be defined on the full rows. */
  metrics: readonly M[];
  /** Keep each metric's valid replicate values (ascending) in `replicates`; default false. */
  keepReplicates?: boolean;
}

/**
 * One metric's interval from a suite bootstrap: `BootstrapInterval`, with `replicates`
 * only when asked for. `valid`, `redraws` and `dropped` count replicates of the suite,
 * so they are the same for every metric of one call.
 */
export type BootstrapSuiteInterval = SuiteInterval;

/**
 * Seeded percentile bootstrap intervals of several binary metrics from shared resamples
 * (STATISTICS.md §6), O(n) per replicate for the whole suite: the rows are sorted once,
 * and each replicate draws multinomial counts and reads every metric from them
 * (WeightedBinarySuite), without materialising or re-sorting the resample.
 *
 * Replicate b draws exactly the resample `bootstrapInterval` draws for replicate b of the
 * same seed (the b-th SplitMix64 output seeds xoshiro128**, then `drawCounts`). A
 * resample on which any requested metric is undefined (one class, for roc_auc) is drawn
 * again from that replicate's stream, for all metrics at once: `redraws` and `dropped`
 * count per suite. So a metric's interval equals `bootstrapInterval`'s for that metric
 * whenever neither redraws, and for roc_auc always; another metric differs only on the
 * replicates that roc_auc made redraw (where `bootstrapInterval` of that metric alone
 * keeps the one-class resample).
 *
 * Validates like `evaluateBinary` (InvalidInputError for bad columns, threshold, an
 * unknown or repeated metric name, or non-probability scores with a probability metric),
 * and throws MetricUndefinedError when a requested metric is undefined on the full rows:
 * no interval around nothing.
 */
export function bootstrapBinarySuite<M extends BinaryMetricName>(
  options: BootstrapBinarySuiteOptions<M>,
): Record<M, BootstrapSuiteInterval> {
  const { labels, scores, metrics, threshold = DEFAULT_THRESHOLD, keepReplicates = false } = options;
  validateBinaryInputs(labels, scores);
  const settings = resolveSettings(options);
  if (metrics.length === 0) {
    throw new InvalidInputError("metrics must name at least one binary metric");
  }
  const estimates = evaluateBinary({ labels, scores, threshold, metrics }).map((m) => m.value);
  const n = labels.length;
  if (n > MAX_ROWS) throw new InvalidInputError(`the suite bootstrap supports at most ${MAX_ROWS} rows, got ${n}`);

  primeDrawCounts();
  const suite = new WeightedBinarySuite({ labels, scores, threshold, metrics });
  const counts = new Int32Array(n);
  const intervals = runSuiteBootstrap({
    settings,
    estimates,
    startReplicate: (seed) => {
      const state = xoshiroState(seed);
      return (out) => {
        counts.fill(0);
        drawCounts(state, counts);
        suite.read(counts);
        let defined = true;
        for (let j = 0; j < metrics.length; j++) {
          const value = suite.metric(metrics[j] as M);
          out[j] = value;
          if (Number.isNaN(value)) defined = false;
        }
        return defined;
      };
    },
    label: metrics.length === 1 ? (metrics[0] as string) : `binary suite (${metrics.join(", ")})`,
    keepReplicates,
  });
  const result = {} as Record<M, BootstrapSuiteInterval>;
  metrics.forEach((metric, j) => {
    result[metric] = intervals[j] as BootstrapSuiteInterval;
  });
  return result;
}
