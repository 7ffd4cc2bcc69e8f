import type { Task } from "../schemas/domain-enums.ts";
import type { Gate, ReadinessPolicy } from "./readiness-policy-schema.ts";

/**
 * The default ReadinessPolicy per task: gates every model with a benchmark and a shadow
 * evaluation can be judged on, with margins that tolerate noise but not regressions.
 * Teams override it; drift, stress, worst-slice and decision-cost gates need names,
 * thresholds or cost matrices only the team knows, so they are not in the default.
 *
 * - Non-inferiority to production on the benchmark (paired bootstrap difference) and in
 *   shadow (paired confidence sequence), margin 0.01 (0.005 for Brier). The shadow metric is
 *   one that is a mean of bounded per-row losses (Brier, accuracy), because core's
 *   anytime-valid intervals exist for those; regression has none without a loss bound the
 *   team must state, so it has no shadow metric gate by default.
 * - Gap (benchmark − shadow) at most 0.05 in the harmful direction, at 90% confidence: the gap's
 *   interval is [b.lo − s.hi, b.hi − s.lo] from a 95% benchmark interval and a 95% shadow one, which
 *   covers the gap with probability at least 2·0.95 − 1 = 0.90 (union bound), and that is the level
 *   the shells state. Asking 95% of it would leave the gate insufficient_evidence forever.
 * - Calibration for classifiers: benchmark ECE ≤ 0.05.
 * - Shadow p95 latency ≤ 200 ms; ≥ 80% of shadow events older than 7 days labelled;
 *   ≥ 5,000 labelled shadow events.
 * All others at 95% confidence, each interval gate on at least 1,000 labelled rows or events.
 *
 * A model without a production version cannot pass the relative and shadow gates: its
 * first promotion needs an explicit override or a team policy without them.
 */
export function defaultPolicy(task: Task): ReadinessPolicy {
  switch (task) {
    case "binary_classification":
      return {
        gates: [
          relativeToProduction("benchmark", "roc_auc", ">=", 0.01),
          relativeToProduction("shadow", "brier_score", "<=", 0.005),
          gap("roc_auc"),
          calibration(),
          ...operational(),
        ],
      };
    case "multiclass_classification":
      return {
        gates: [
          relativeToProduction("benchmark", "macro_f1", ">=", 0.01),
          relativeToProduction("shadow", "accuracy", ">=", 0.01),
          gap("macro_f1"),
          calibration(),
          ...operational(),
        ],
      };
    case "regression":
      return {
        gates: [relativeToProduction("benchmark", "r2", ">=", 0.01), gap("r2"), ...operational()],
      };
  }
}

const LEVEL = 0.95;
/** The level a gap interval built from two LEVEL intervals is guaranteed (see above). */
const GAP_LEVEL = 0.9; // 2 · LEVEL − 1
const MIN_N = 1000;

function relativeToProduction(
  source: "benchmark" | "shadow",
  metric: "roc_auc" | "brier_score" | "macro_f1" | "accuracy" | "r2",
  comparator: ">=" | "<=",
  margin: number,
): Gate {
  return {
    id: `${source}-${metric.replaceAll("_", "-")}-vs-production`,
    kind: "metric",
    source,
    metric,
    comparator,
    relativeTo: "production",
    margin,
    confidenceLevel: LEVEL,
    minN: MIN_N,
  };
}

function gap(metric: "roc_auc" | "macro_f1" | "r2"): Gate {
  return {
    id: `gap-${metric.replaceAll("_", "-")}`,
    kind: "gap",
    metric,
    maxGap: 0.05,
    confidenceLevel: GAP_LEVEL,
    minN: MIN_N,
  };
}

function calibration(): Gate {
  return {
    id: "benchmark-ece",
    kind: "calibration",
    source: "benchmark",
    maxEce: 0.05,
    confidenceLevel: LEVEL,
    minN: MIN_N,
  };
}

function operational(): Gate[] {
  return [
    { id: "shadow-latency-p95", kind: "latency", source: "shadow", percentile: 95, maxMs: 200, minN: MIN_N },
    { id: "label-maturity-7d", kind: "label_maturity", minEventAgeHours: 168, minLabelledFraction: 0.8, minN: 500 },
    { id: "labelled-shadow-events", kind: "labelled_sample_size", source: "shadow", minLabelled: 5000 },
  ];
}
