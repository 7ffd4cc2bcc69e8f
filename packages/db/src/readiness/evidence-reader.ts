import { type EvidenceEstimate, type MetricName, metricNameSchema } from "@fieldtest/core";
import type { Db } from "../client.ts";

/** The Prisma client, or an interactive transaction on it: readiness reads work in both. */
export type ReadinessDb = Pick<
  Db,
  | "$queryRaw"
  | "modelVersion"
  | "evaluationRun"
  | "metricValue"
  | "runResult"
  | "runComparison"
  | "benchmark"
  | "shadowSnapshot"
  | "readinessPolicy"
  | "shadowEvaluationVersion"
>;

export type EstimateMap = Partial<Record<MetricName, EvidenceEstimate>>;

export function isMetricName(name: string): name is MetricName {
  return metricNameSchema.safeParse(name).success;
}

/** [lower, upper] when both bounds are finite numbers, else null (the gate is then insufficient). */
export function intervalOf(
  lower: number | null | undefined,
  upper: number | null | undefined,
): [number, number] | null {
  return typeof lower === "number" && typeof upper === "number" && Number.isFinite(lower) && Number.isFinite(upper)
    ? [lower, upper]
    : null;
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}
