import { rocAuc } from "../metrics/roc-auc.ts";
import { type BinaryMetricFn, definedEstimate, validateColumns } from "./bootstrap-interval.ts";
import { aucFromCounts, buildAucScanOrder } from "./bootstrap-roc-auc.ts";
import { drawCounts, drawIndices, xoshiroState } from "./resample-draws.ts";
import {
  type BootstrapInterval,
  type BootstrapSettings,
  resolveSettings,
  runBootstrap,
  valueOrNaN,
} from "./run-bootstrap.ts";

export interface PairedBootstrapOptions extends BootstrapSettings {
  labels: Float64Array;
  /** Model A's scores for the same rows, in the same order as `labels`. */
  scoresA: Float64Array;
  /** Model B's scores for the same rows. */
  scoresB: Float64Array;
  /** Passing core's `rocAuc` itself selects the O(n)-per-replicate path. */
  metric: BinaryMetricFn;
  name?: string;
}

/** metric(A) − metric(B) with its paired-bootstrap percentile interval (`estimate` = a − b). */
export interface PairedBootstrapDifference extends BootstrapInterval {
  /** The metric of model A on the full rows. */
  a: number;
  /** The metric of model B on the full rows. */
  b: number;
}

/**
 * Paired comparison of two score columns on the same rows (DESIGN.md): each replicate
 * resamples rows once and evaluates both models on that same resample, so the interval of
 * the difference reflects the correlation between the models. A resample on which either
 * model's metric is undefined is drawn again (counted in `redraws`).
 */
export function pairedBootstrapDifference(options: PairedBootstrapOptions): PairedBootstrapDifference {
  const { labels, scoresA, scoresB, metric } = options;
  validateColumns(labels, [scoresA, scoresB]);
  const settings = resolveSettings(options);
  const name = options.name ?? (metric.name || "metric");
  const a = definedEstimate(metric(labels, scoresA), name);
  const b = definedEstimate(metric(labels, scoresB), name);
  const n = labels.length;

  if (metric === rocAuc) {
    const orderA = buildAucScanOrder(labels, scoresA);
    const orderB = buildAucScanOrder(labels, scoresB);
    // The same resampled rows for both models: one count array, two scans.
    const counts = new Int32Array(n);
    const result = runBootstrap(
      settings,
      a - b,
      (seed) => {
        const state = xoshiroState(seed);
        return () => {
          counts.fill(0);
          drawCounts(state, counts);
          // Both models share the labels, so either both AUCs are defined or neither is.
          return aucFromCounts(counts, orderA) - aucFromCounts(counts, orderB);
        };
      },
      "roc_auc",
    );
    return { ...result, a, b };
  }

  const indices = new Uint32Array(n);
  const y = new Float64Array(n);
  const sa = new Float64Array(n);
  const sb = new Float64Array(n);
  const result = runBootstrap(
    settings,
    a - b,
    (seed) => {
      const state = xoshiroState(seed);
      return () => {
        drawIndices(state, indices);
        for (let i = 0; i < n; i++) {
          const row = indices[i] as number;
          y[i] = labels[row] as number;
          sa[i] = scoresA[row] as number;
          sb[i] = scoresB[row] as number;
        }
        return valueOrNaN(() => metric(y, sa) - metric(y, sb));
      };
    },
    name,
  );
  return { ...result, a, b };
}
