import {
  type EvidenceEstimate,
  evaluateGates,
  type ReadinessEvaluation,
  type ReadinessPolicy,
  readinessPolicySchema,
  type Task,
} from "@fieldtest/core";

/**
 * The policy `fieldtest gate` judges a benchmark run against until team policies become
 * editable: the benchmark part of readiness only (a CI pipeline has a benchmark run, not a
 * shadow evaluation; core's defaultPolicy also asks for shadow evidence and production
 * comparisons, which a first deploy cannot have). Absolute bounds on the interval, not the
 * point: a gate passes only when the whole 95% interval clears it, and each needs at least
 * 100 labelled test rows, else it is insufficient_evidence.
 *
 * - binary: roc_auc lower bound ≥ 0.7; ece upper bound ≤ 0.1
 * - multiclass: macro_f1 lower bound ≥ 0.5; ece upper bound ≤ 0.1
 * - regression: r2 lower bound ≥ 0.3
 */
const LEVEL = 0.95;
const MIN_N = 100;

const ece = { id: "benchmark-ece", kind: "calibration", source: "benchmark", maxEce: 0.1 } as const;

function floor(metric: "roc_auc" | "macro_f1" | "r2", threshold: number) {
  return {
    id: `benchmark-${metric.replaceAll("_", "-")}`,
    kind: "metric",
    source: "benchmark",
    metric,
    comparator: ">=",
    threshold,
  } as const;
}

const POLICIES: Record<Task, ReadinessPolicy> = {
  binary_classification: policyOf([floor("roc_auc", 0.7), ece]),
  multiclass_classification: policyOf([floor("macro_f1", 0.5), ece]),
  regression: policyOf([floor("r2", 0.3)]),
};

function policyOf(gates: object[]): ReadinessPolicy {
  return readinessPolicySchema.parse({
    gates: gates.map((gate) => ({ ...gate, confidenceLevel: LEVEL, minN: MIN_N })),
  });
}

export function ciGatePolicy(task: Task): ReadinessPolicy {
  return POLICIES[task];
}

export interface RunMetricRow {
  metric: string;
  value: number;
  lower: number | null;
  upper: number | null;
  level: number | null;
  n: number;
}

/** Judges one succeeded benchmark run's whole-set metrics against the CI policy of its task. */
export function judgeBenchmarkRun(options: {
  task: Task;
  runId: string;
  finishedAt: Date;
  metrics: readonly RunMetricRow[];
  now: Date;
}): ReadinessEvaluation {
  const metrics: Record<string, EvidenceEstimate> = {};
  for (const row of options.metrics) {
    metrics[row.metric] = {
      value: row.value,
      interval: row.lower !== null && row.upper !== null ? [row.lower, row.upper] : null,
      level: row.level ?? LEVEL,
      intervalKind: "fixed_sample",
      n: row.n,
    };
  }
  return evaluateGates({
    policy: ciGatePolicy(options.task),
    evidence: {
      benchmark: {
        asOf: options.finishedAt.toISOString(),
        runIds: [options.runId],
        labelledCount: Math.max(0, ...options.metrics.map((m) => m.n)),
        metrics,
      },
    },
    now: options.now,
  });
}
