import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { drawCounts, primeDrawCounts, xoshiroState } from "../uncertainty/resample-draws.ts";
import { resolveSettings, runSuiteBootstrap, type SuiteInterval } from "../uncertainty/run-bootstrap.ts";
import { WeightedBinarySuite } from "../uncertainty/weighted-binary-suite.ts";

/**
 * `bootstrapBinarySuite` for several versions scored on the same labelled rows, sharing the
 * resamples: replicate b draws ONE array of multinomial counts (the same draws as
 * `bootstrapBinarySuite` with this seed) that every version's WeightedBinarySuite reads. The
 * draws are most of a suite bootstrap's cost, so V versions cost about one draw pass plus V
 * reads instead of V full passes. A resample is drawn again when a metric is undefined on it
 * for any version; with these metrics that depends on the labels alone (one class), which the
 * versions share, so each version's intervals equal its own `bootstrapBinarySuite` call
 * (bit for bit for roc_auc; ~1e-16 for the probability metrics, as WeightedBinarySuite).
 * Returns per version the interval of each metric, or null with the reason when every
 * resample was dropped. Metrics must be defined on the full rows for every version.
 */
export function sharedBinaryBootstrap(options: {
  labels: Float64Array;
  versions: readonly { scores: Float64Array; estimates: readonly number[] }[];
  metrics: readonly BinaryMetricName[];
  threshold: number;
  seed: number | bigint;
  resamples: number | undefined;
  level: number;
}): { intervals: SuiteInterval[][] | null; failure: string | null } {
  const { labels, metrics, threshold, versions } = options;
  if (metrics.length === 0) return { intervals: versions.map(() => []), failure: null };
  const settings = resolveSettings({ seed: options.seed, resamples: options.resamples, level: options.level });
  primeDrawCounts();
  const suites = versions.map((v) => new WeightedBinarySuite({ labels, scores: v.scores, threshold, metrics }));
  const counts = new Int32Array(labels.length);
  const m = metrics.length;
  try {
    const flat = runSuiteBootstrap({
      settings,
      estimates: versions.flatMap((v) => v.estimates),
      label: `binary suite (${metrics.join(", ")})`,
      interval: "normal",
      startReplicate: (seed) => {
        const state = xoshiroState(seed);
        return (out) => {
          counts.fill(0);
          drawCounts(state, counts);
          let defined = true;
          suites.forEach((suite, s) => {
            suite.read(counts);
            for (let j = 0; j < m; j++) {
              const value = suite.metric(metrics[j] as BinaryMetricName);
              out[s * m + j] = value;
              if (Number.isNaN(value)) defined = false;
            }
          });
          return defined;
        };
      },
    });
    return { intervals: versions.map((_, s) => flat.slice(s * m, (s + 1) * m)), failure: null };
  } catch (error) {
    if (error instanceof MetricUndefinedError) return { intervals: null, failure: error.message };
    throw error;
  }
}
