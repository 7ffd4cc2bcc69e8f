import { z } from "zod";
import { comparatorFor, directionWords, metricNameSchema } from "./gate-metric.ts";

/**
 * Zod schemas of a ReadinessPolicy: a list of Gates, each a discriminated union by `kind`.
 * Objects are strict, so a misspelt field ("treshold") is refused instead of ignored.
 * Web and worker validate policies with these at their edges; `evaluateGates` trusts them.
 */

export const evidenceSourceSchema = z.enum(["benchmark", "shadow"]);
export type EvidenceSource = z.infer<typeof evidenceSourceSchema>;

export const comparatorSchema = z.enum([">=", "<="]);

/**
 * Level of the two-sided interval a gate decides on (0.95 → "at 95% confidence"). Evidence
 * at a higher level is accepted (wider, so conservative); at a lower level it is not.
 */
const confidenceLevel = z.number().min(0.5).lt(1);
/** Smallest evidence n the gate will judge; below it the gate is insufficient_evidence. */
const minN = z.number().int().min(1);
const gateId = z.string().trim().min(1).max(100);
const nonNegative = z.number().min(0);

function uniqueStrings(label: string) {
  return z
    .array(z.string().trim().min(1))
    .min(1)
    .superRefine((values, ctx) => {
      values.forEach((value, i) => {
        if (values.indexOf(value) !== i) ctx.addIssue({ code: "custom", path: [i], message: `duplicate ${label}` });
      });
    });
}

/**
 * A benchmark or shadow metric against an absolute `threshold`, or (`relativeTo:
 * "production"`) against the production version's value on the same rows with a `margin`:
 * `>=` means candidate ≥ production − margin, `<=` means candidate ≤ production + margin.
 * A comparator against the metric's direction (e.g. `>=` on log_loss) needs
 * `againstDirection: true`.
 */
export const metricGateSchema = z
  .strictObject({
    id: gateId,
    kind: z.literal("metric"),
    source: evidenceSourceSchema,
    metric: metricNameSchema,
    comparator: comparatorSchema,
    threshold: z.number().optional(),
    relativeTo: z.literal("production").optional(),
    margin: nonNegative.optional(),
    againstDirection: z.literal(true).optional(),
    confidenceLevel,
    minN,
  })
  .superRefine((gate, ctx) => {
    const relative = gate.relativeTo !== undefined;
    if (relative && gate.threshold !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: 'a gate relativeTo "production" takes a margin, not a threshold',
      });
    }
    if (relative && gate.margin === undefined) {
      ctx.addIssue({ code: "custom", path: ["margin"], message: 'required for a gate relativeTo "production"' });
    }
    if (!relative && gate.margin !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["relativeTo"],
        message: 'a margin needs relativeTo: "production" (an absolute gate takes a threshold)',
      });
    }
    if (!relative && gate.threshold === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: 'required (or relativeTo: "production" with a margin)',
      });
    }
    const follows = comparatorFor(gate.metric);
    if (gate.comparator !== follows && gate.againstDirection !== true) {
      ctx.addIssue({
        code: "custom",
        path: ["comparator"],
        message: `${gate.metric} is ${directionWords(gate.metric)}, so "${gate.comparator}" points against it; set againstDirection: true if that is intended`,
      });
    }
    if (gate.comparator === follows && gate.againstDirection === true) {
      ctx.addIssue({
        code: "custom",
        path: ["againstDirection"],
        message: `"${gate.comparator}" already follows ${gate.metric}'s direction; remove againstDirection`,
      });
    }
  });

/**
 * The Gap (benchmark − shadow) of a metric, bounded in the harmful direction: shadow worse
 * than benchmark by at most `maxGap` (gap ≤ maxGap for higher-is-better metrics,
 * gap ≥ −maxGap for lower-is-better ones).
 */
export const gapGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("gap"),
  metric: metricNameSchema,
  maxGap: nonNegative,
  confidenceLevel,
  minN,
});

/** Calibration: ECE ≤ maxEce on the source's interval. */
export const calibrationGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("calibration"),
  source: evidenceSourceSchema,
  maxEce: z.number().min(0).max(1),
  confidenceLevel,
  minN,
});

export const LATENCY_PERCENTILES = [50, 90, 95, 99] as const;
export type LatencyPercentile = (typeof LATENCY_PERCENTILES)[number];

/** The candidate's latency percentile (milliseconds) ≤ maxMs, from at least minN calls. */
export const latencyGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("latency"),
  source: evidenceSourceSchema,
  percentile: z.literal(LATENCY_PERCENTILES),
  maxMs: z.number().positive(),
  minN,
});

export const DRIFT_GATE_STATISTICS = ["psi", "js_distance", "ks_statistic", "wasserstein"] as const;
export type DriftGateStatistic = (typeof DRIFT_GATE_STATISTICS)[number];

/** Drift of each named feature (current vs reference) ≤ maxValue on the chosen statistic. */
export const driftGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("drift"),
  features: uniqueStrings("feature"),
  statistic: z.enum(DRIFT_GATE_STATISTICS),
  maxValue: nonNegative,
  /** Minimum current (and reference) rows per feature. */
  minN,
});

/**
 * Label maturity: of the shadow events at least `minEventAgeHours` old, the labelled share
 * is ≥ minLabelledFraction (labels that never arrive bias the labelled sample).
 */
export const labelMaturityGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("label_maturity"),
  minEventAgeHours: nonNegative,
  minLabelledFraction: z.number().gt(0).max(1),
  /** Minimum events of that age before the share is judged. */
  minN,
});

/** At least minLabelled labelled rows (benchmark) or events (shadow); short is never fail, only insufficient. */
export const labelledSampleSizeGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("labelled_sample_size"),
  source: evidenceSourceSchema,
  minLabelled: z.number().int().min(1),
});

/**
 * Under each named stress test (or `"all"` present in the evidence, at least one), the
 * metric gets worse by at most maxDegradation (direction from the metric table).
 */
export const stressDegradationGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("stress_degradation"),
  metric: metricNameSchema,
  tests: z.union([z.literal("all"), uniqueStrings("stress test")]),
  maxDegradation: nonNegative,
  confidenceLevel,
  minN,
});

/**
 * Every slice (of the named slice columns, or all) meets the threshold in the metric's
 * direction; the worst slice decides. Each slice needs minN rows.
 */
export const worstSliceGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("worst_slice"),
  source: evidenceSourceSchema,
  metric: metricNameSchema,
  threshold: z.number(),
  columns: uniqueStrings("slice column").optional(),
  confidenceLevel,
  minN,
});

/** Expected decision cost per decision (from the benchmark's cost matrix) ≤ maxCostPerDecision. */
export const decisionCostGateSchema = z.strictObject({
  id: gateId,
  kind: z.literal("decision_cost"),
  source: evidenceSourceSchema,
  maxCostPerDecision: z.number(),
  confidenceLevel,
  minN,
});

export const gateSchema = z.discriminatedUnion("kind", [
  metricGateSchema,
  gapGateSchema,
  calibrationGateSchema,
  latencyGateSchema,
  driftGateSchema,
  labelMaturityGateSchema,
  labelledSampleSizeGateSchema,
  stressDegradationGateSchema,
  worstSliceGateSchema,
  decisionCostGateSchema,
]);

/**
 * A ReadinessPolicy: at least one Gate (an empty policy would be a silent pass), ids unique.
 * `maxEvidenceAgeHours`, when set, makes evidence older than that insufficient.
 */
export const readinessPolicySchema = z
  .strictObject({
    gates: z.array(gateSchema).min(1),
    maxEvidenceAgeHours: z.number().positive().optional(),
  })
  .superRefine((policy, ctx) => {
    const ids = policy.gates.map((gate) => gate.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        ctx.addIssue({ code: "custom", path: ["gates", i, "id"], message: `duplicate gate id "${id}"` });
      }
    });
  });

export type MetricGate = z.infer<typeof metricGateSchema>;
export type GapGate = z.infer<typeof gapGateSchema>;
export type CalibrationGate = z.infer<typeof calibrationGateSchema>;
export type LatencyGate = z.infer<typeof latencyGateSchema>;
export type DriftGate = z.infer<typeof driftGateSchema>;
export type LabelMaturityGate = z.infer<typeof labelMaturityGateSchema>;
export type LabelledSampleSizeGate = z.infer<typeof labelledSampleSizeGateSchema>;
export type StressDegradationGate = z.infer<typeof stressDegradationGateSchema>;
export type WorstSliceGate = z.infer<typeof worstSliceGateSchema>;
export type DecisionCostGate = z.infer<typeof decisionCostGateSchema>;
export type Gate = z.infer<typeof gateSchema>;
export type GateKind = Gate["kind"];
export type ReadinessPolicy = z.infer<typeof readinessPolicySchema>;

export const GATE_KINDS = gateSchema.options.map((option) => option.shape.kind.value) as GateKind[];
