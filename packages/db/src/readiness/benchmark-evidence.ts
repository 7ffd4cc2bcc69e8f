import type {
  EvidenceEstimate,
  PairedComparisonResult,
  SliceEvidence,
  SourceEvidence,
  StressEvidence,
  StressTestEvidence,
} from "@fieldtest/core";
import { storedComparison } from "../runs/compare-runs.ts";
import type { CostsResult, LatencyResult, SlicesResult, StressResult } from "../runs/run-results.ts";
import { type EstimateMap, intervalOf, isFiniteNumber, isMetricName, type ReadinessDb } from "./evidence-reader.ts";

interface MetricRow {
  metric: string;
  value: number;
  lower: number | null;
  upper: number | null;
  level: number | null;
  n: number;
}

export interface BenchmarkEvidence {
  benchmark: SourceEvidence;
  stress: StressEvidence | undefined;
  runIds: string[];
}

/**
 * Benchmark evidence of a version: its latest succeeded benchmark run in the team, read the
 * way `fieldtest gate` reads it (MetricValue rows of slice "" with their bootstrap intervals,
 * fixed_sample), plus latency, slices, decision cost and stress from the run's RunResults.
 *
 * Production comparison: production's own metrics on the same benchmark go in
 * `production.metrics`, and `differences` hold the paired difference (this version −
 * production, paired percentile bootstrap over the shared test rows) stored in run_comparison
 * for production's latest run there and this run. The worker computes it when either run
 * succeeds (compareWithProduction); until then, or when the runs cannot be paired (different
 * rows, no stored scores), `differences` stay empty and relative benchmark gates are
 * insufficient_evidence. Marginal intervals are never subtracted: that is not a paired interval.
 */
export async function loadBenchmarkEvidence(options: {
  db: ReadinessDb;
  teamId: string;
  modelVersionId: string;
  modelId: string;
}): Promise<BenchmarkEvidence | null> {
  const { db, teamId, modelVersionId } = options;
  const run = await db.evaluationRun.findFirst({
    where: { teamId, modelVersionId, kind: "benchmark", status: "succeeded", benchmarkId: { not: null } },
    orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }],
  });
  if (!run?.benchmarkId) return null;
  // Separate queries rather than one include: inside an interactive transaction Prisma would
  // send an include's queries concurrently on the transaction's single connection.
  const metricValues = await db.metricValue.findMany({
    where: { runId: run.id, modelVersionId },
    orderBy: [{ slice: "asc" }, { metric: "asc" }],
  });
  const results = await db.runResult.findMany({
    where: { runId: run.id, kind: { in: ["latency", "slices", "costs", "stress"] } },
  });
  const bench = await db.benchmark.findUnique({ where: { id: run.benchmarkId }, select: { confidenceLevel: true } });
  const level = bench?.confidenceLevel ?? 0.95;
  const overall = metricValues.filter((m) => m.slice === "");
  const metrics = estimatesOf(overall, level);
  const result = <T>(kind: string) => results.find((r) => r.kind === kind)?.data as T | undefined;

  const benchmark: SourceEvidence = {
    asOf: (run.finishedAt ?? run.createdAt).toISOString(),
    runIds: [run.id],
    labelledCount: overall.length === 0 ? 0 : Math.max(...overall.map((m) => m.n)),
    metrics,
  };
  const production = await productionEvidence({ ...options, runId: run.id, benchmarkId: run.benchmarkId, level });
  if (production) benchmark.production = production;
  const latency = result<LatencyResult>("latency");
  if (latency && isFiniteNumber(latency.calls)) {
    const percentilesMs: NonNullable<SourceEvidence["latency"]>["percentilesMs"] = {};
    if (isFiniteNumber(latency.p50Ms)) percentilesMs.p50 = latency.p50Ms;
    if (isFiniteNumber(latency.p95Ms)) percentilesMs.p95 = latency.p95Ms;
    if (isFiniteNumber(latency.p99Ms)) percentilesMs.p99 = latency.p99Ms;
    benchmark.latency = { n: latency.calls, percentilesMs };
  }
  const slices = slicesOf(result<SlicesResult>("slices"), level);
  if (slices.length > 0) benchmark.slices = slices;
  const costs = result<CostsResult>("costs");
  if (costs && isFiniteNumber(costs.atThreshold?.expectedCost)) {
    // A point value at the benchmark's stated threshold: runs store no interval for it, so a
    // decision-cost gate on the benchmark stays insufficient rather than deciding on a point.
    benchmark.decisionCost = {
      value: costs.atThreshold.expectedCost,
      interval: null,
      level,
      intervalKind: "fixed_sample",
      n: costs.n,
    };
  }
  const stress = stressOf(result<StressResult>("stress"), level, benchmark.asOf, run.id);
  return { benchmark, stress, runIds: [run.id] };
}

function estimatesOf(rows: readonly MetricRow[], defaultLevel: number): EstimateMap {
  const metrics: EstimateMap = {};
  for (const row of rows) {
    if (!isMetricName(row.metric) || !isFiniteNumber(row.value)) continue;
    metrics[row.metric] = {
      value: row.value,
      interval: intervalOf(row.lower, row.upper),
      level: row.level ?? defaultLevel,
      intervalKind: "fixed_sample",
      n: row.n,
    };
  }
  return metrics;
}

/** Production's latest succeeded run on the same benchmark: its metrics and the stored paired differences (see above). */
async function productionEvidence(options: {
  db: ReadinessDb;
  teamId: string;
  modelVersionId: string;
  modelId: string;
  /** This version's run the evidence comes from. */
  runId: string;
  benchmarkId: string;
  level: number;
}): Promise<SourceEvidence["production"] | null> {
  const { db, teamId, modelVersionId, modelId, benchmarkId } = options;
  const production = await db.modelVersion.findFirst({
    where: { modelId, stage: "production", id: { not: modelVersionId } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (!production) return null;
  const run = await db.evaluationRun.findFirst({
    where: { teamId, modelVersionId: production.id, benchmarkId, kind: "benchmark", status: "succeeded" },
    orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (!run) return null;
  const rows = await db.metricValue.findMany({ where: { runId: run.id, modelVersionId: production.id, slice: "" } });
  const stored = await storedComparison(db, run.id, options.runId);
  return {
    modelVersionId: production.id,
    metrics: estimatesOf(rows, options.level),
    differences: differencesOf(stored?.paired ?? null),
  };
}

/** Paired differences (B − A = this version − production) as evidence estimates, by metric. */
export function differencesOf(paired: PairedComparisonResult | null): EstimateMap {
  const out: EstimateMap = {};
  for (const m of paired?.metrics ?? []) {
    if (!isMetricName(m.metric) || !isFiniteNumber(m.difference)) continue;
    out[m.metric] = {
      value: m.difference,
      interval: intervalOf(m.lower, m.upper),
      level: m.level,
      intervalKind: "fixed_sample",
      n: m.n,
    };
  }
  return out;
}

function slicesOf(result: SlicesResult | undefined, level: number): SliceEvidence[] {
  const out: SliceEvidence[] = [];
  for (const column of result?.columns ?? []) {
    for (const slice of column.slices) {
      const rows = slice.metrics.flatMap((m) => (m.value === null ? [] : [{ ...m, value: m.value }]));
      out.push({ column: column.column, value: slice.slice, metrics: estimatesOf(rows, level) });
    }
  }
  return out;
}

/**
 * Stress changes (stressed − clean) per scenario and metric. Runs store the point delta only,
 * so each change has no interval and a stress gate stays insufficient on it.
 */
function stressOf(
  result: StressResult | undefined,
  level: number,
  asOf: string,
  runId: string,
): StressEvidence | undefined {
  if (!result) return undefined;
  const tests: StressTestEvidence[] = [];
  for (const scenario of result.scenarios) {
    for (const m of scenario.metrics) {
      if (!isMetricName(m.metric) || !isFiniteNumber(m.delta)) continue;
      const change: EvidenceEstimate = {
        value: m.delta,
        interval: null,
        level,
        intervalKind: "fixed_sample",
        n: result.n,
      };
      tests.push({ test: scenario.name, metric: m.metric, change });
    }
  }
  return tests.length === 0 ? undefined : { asOf, runIds: [runId], tests };
}
