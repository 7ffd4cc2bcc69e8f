import { z } from "zod";
import { DEFAULT_THRESHOLD } from "../metrics/binary-evaluation.ts";
import { perturbationSpecSchema } from "../realism/perturbation-spec.ts";
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES } from "../uncertainty/run-bootstrap.ts";
import { taskSchema } from "./domain-enums.ts";
import { protocolSplitSchema } from "./rolling-split-schema.ts";
import { strictObject } from "./strict-object.ts";
import { ALL_METRIC_NAMES, isMetricOfTask, TASK_METRICS, type TaskMetricName, taskLabel } from "./task-metrics.ts";

export const MAX_SEED = 2_147_483_647;
export const MAX_SLICE_COLUMNS = 10;
export const MAX_STRESS_SCENARIOS = 20;
export const MAX_RESAMPLES = 100_000;
/** Fewer replicates than this give percentile intervals too noisy to read; 0 turns intervals off. */
export const MIN_RESAMPLES = 100;
export const MAX_HOLDOUT_FRACTION = 0.5;
export const MAX_HOLDOUT_QUERY_BUDGET = 10_000;
export const HOLDOUT_MECHANISMS = ["thresholdout", "ladder"] as const;

const finiteCost = (cell: string) => z.number({ error: `${cell} must be a finite number (cost per decision)` });

/** What each cell of the confusion matrix costs per decision (core's CostMatrix); tp and tn default to 0. */
export const decisionCostsSchema = strictObject(
  {
    fp: finiteCost("fp (cost of a false positive)"),
    fn: finiteCost("fn (cost of a false negative)"),
    tp: finiteCost("tp (cost of a true positive)").optional(),
    tn: finiteCost("tn (cost of a true negative)").optional(),
  },
  "costs",
);
export type DecisionCosts = z.infer<typeof decisionCostsSchema>;

/** A named stress scenario: perturbations of the test rows' features, applied in order. */
export const stressScenarioSchema = strictObject(
  {
    name: z
      .string({ error: "A scenario needs a name" })
      .trim()
      .min(1, "A scenario needs a name")
      .max(80, "A scenario name has at most 80 characters"),
    // core's perturbationSpecListSchema, with messages a form can show.
    perturbations: z
      .array(perturbationSpecSchema, { error: "A scenario's perturbations are a list" })
      .min(1, "A scenario needs at least one perturbation")
      .max(20, "A scenario has at most 20 perturbations"),
  },
  "a stress scenario",
);
export type StressScenario = z.infer<typeof stressScenarioSchema>;

/** Bootstrap intervals of every metric: confidence level and number of resamples (0 = no intervals). */
export const confidenceSchema = strictObject(
  {
    level: z
      .number({ error: "The confidence level is a number such as 0.95" })
      .min(0.5, "The confidence level must be between 0.5 and 0.999")
      .max(0.999, "The confidence level must be between 0.5 and 0.999")
      .default(DEFAULT_LEVEL),
    resamples: z
      .int({ error: "Resamples must be a whole number" })
      .min(0, "Resamples cannot be negative")
      .max(MAX_RESAMPLES, `At most ${MAX_RESAMPLES.toLocaleString("en-US")} resamples`)
      .refine((b) => b === 0 || b >= MIN_RESAMPLES, `Use 0 (no intervals) or at least ${MIN_RESAMPLES} resamples`)
      .default(DEFAULT_RESAMPLES),
  },
  "confidence",
);
export type Confidence = z.infer<typeof confidenceSchema>;

/**
 * A hidden holdout: a seeded share of the test rows that no run reports on directly; it
 * answers only through a reusable-holdout mechanism with a query budget (core/holdout), so
 * tuning against it cannot inflate scores unnoticed.
 */
export const holdoutSchema = strictObject(
  {
    fraction: z
      .number({ error: "The holdout fraction is a number such as 0.2" })
      .gt(0, `The holdout fraction must be more than 0 and at most ${MAX_HOLDOUT_FRACTION}`)
      .max(MAX_HOLDOUT_FRACTION, `The holdout fraction must be more than 0 and at most ${MAX_HOLDOUT_FRACTION}`),
    queryBudget: z
      .int({ error: "The query budget must be a whole number" })
      .min(1, "The query budget must be at least 1")
      .max(MAX_HOLDOUT_QUERY_BUDGET, `The query budget is at most ${MAX_HOLDOUT_QUERY_BUDGET.toLocaleString("en-US")}`),
    mechanism: z
      .enum(HOLDOUT_MECHANISMS, { error: 'The mechanism must be "thresholdout" or "ladder"' })
      .default("thresholdout"),
  },
  "holdout",
);
export type Holdout = z.infer<typeof holdoutSchema>;

const columnName = z.string().trim().min(1, "A column name cannot be empty").max(200);

/**
 * The fields of a benchmark protocol, as a shell composes them into its own input (name,
 * dataset version …). Parse the protocol itself with `benchmarkProtocolSchema`.
 */
export const benchmarkProtocolFields = {
  task: taskSchema.default("binary_classification"),
  split: protocolSplitSchema,
  /** Default: every metric of the task. */
  metrics: z
    .array(z.enum(ALL_METRIC_NAMES, { error: (i) => `"${String(i.input)}" is not a metric Fieldtest knows` }))
    .min(1, "Choose at least one metric")
    .optional(),
  /** Binary classification only: predicted positive when score ≥ threshold; default 0.5. */
  threshold: z
    .number({ error: "The threshold is a number between 0 and 1" })
    .min(0, "Threshold must be between 0 and 1")
    .max(1, "Threshold must be between 0 and 1")
    .optional(),
  /** Columns whose values define slices; each metric is also reported per slice. */
  sliceColumns: z.array(columnName).max(MAX_SLICE_COLUMNS, `At most ${MAX_SLICE_COLUMNS} slice columns`).default([]),
  /** Binary classification only: decision costs for expected cost and the cost-optimal threshold. */
  costs: decisionCostsSchema.optional(),
  stress: z
    .array(stressScenarioSchema)
    .max(MAX_STRESS_SCENARIOS, `At most ${MAX_STRESS_SCENARIOS} stress scenarios`)
    .default([]),
  confidence: confidenceSchema.default({ level: DEFAULT_LEVEL, resamples: DEFAULT_RESAMPLES }),
  holdout: holdoutSchema.optional(),
  /** Seeds the random split, the bootstrap, stress perturbations and the holdout draw. */
  seed: z
    .int({ error: (i) => (i.input === undefined ? "A seed is required" : "The seed must be a whole number") })
    .min(0, `The seed must be between 0 and ${MAX_SEED}`)
    .max(MAX_SEED, `The seed must be between 0 and ${MAX_SEED}`),
};

/** The same fields where a shell may choose a default: split (from the dataset) and seed (drawn once). */
export const benchmarkProtocolInputFields = {
  ...benchmarkProtocolFields,
  split: benchmarkProtocolFields.split.optional(),
  seed: benchmarkProtocolFields.seed.optional(),
};

type ProtocolDraft = z.output<z.ZodObject<typeof benchmarkProtocolInputFields>>;

/**
 * The rules between fields (a superRefine for any object holding the protocol fields):
 * metrics of the task, each once; threshold and costs for binary classification only; a
 * holdout needs a fixed test set (random or temporal split); slice columns and stress
 * scenario names each once; costs that can tell decisions apart.
 */
export function refineBenchmarkProtocol(protocol: ProtocolDraft, ctx: z.RefinementCtx): void {
  const { task } = protocol;
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message, input: protocol });
  const seen = new Set<string>();
  protocol.metrics?.forEach((metric, i) => {
    if (!isMetricOfTask(task, metric)) {
      issue(
        ["metrics", i],
        `"${metric}" is not a ${taskLabel(task)} metric; choose from ${TASK_METRICS[task].join(", ")}`,
      );
    } else if (seen.has(metric)) issue(["metrics", i], `"${metric}" is listed twice`);
    seen.add(metric);
  });
  if (task !== "binary_classification") {
    if (protocol.threshold !== undefined) {
      issue(["threshold"], `A threshold applies to binary classification only, not ${taskLabel(task)}`);
    }
    if (protocol.costs !== undefined) {
      issue(["costs"], `Decision costs apply to binary classification only, not ${taskLabel(task)}`);
    }
  }
  if (protocol.costs) {
    const { fp, fn, tp = 0, tn = 0 } = protocol.costs;
    if (fp === fn && fn === tp && tp === tn) {
      issue(["costs"], "Every cell costs the same, so no threshold is better than another; price fp and fn");
    }
  }
  if (protocol.holdout && protocol.split?.kind === "rolling") {
    issue(
      ["holdout"],
      "A hidden holdout needs one fixed test set (a random or temporal split); a rolling backtest tests every window",
    );
  }
  const slices = new Set<string>();
  protocol.sliceColumns.forEach((column, i) => {
    if (slices.has(column)) issue(["sliceColumns", i], `Slice column "${column}" is listed twice`);
    slices.add(column);
  });
  const scenarios = new Set<string>();
  protocol.stress.forEach((scenario, i) => {
    if (scenarios.has(scenario.name)) issue(["stress", i, "name"], `Scenario "${scenario.name}" is named twice`);
    scenarios.add(scenario.name);
  });
}

type ProtocolFields = z.output<z.ZodObject<typeof benchmarkProtocolFields>>;

/** A protocol whose defaults that depend on the task (metrics, threshold) are filled in. */
export type BenchmarkProtocol = Omit<ProtocolFields, "metrics" | "threshold"> & {
  metrics: TaskMetricName[];
  /** Present exactly for binary classification. */
  threshold?: number;
};

/** Fills the defaults that depend on the task: every metric of it; threshold 0.5 for binary classification. */
export function resolveBenchmarkProtocol(protocol: ProtocolFields): BenchmarkProtocol {
  const { metrics, threshold, ...rest } = protocol;
  const resolved: BenchmarkProtocol = { ...rest, metrics: metrics ?? [...TASK_METRICS[protocol.task]] };
  if (protocol.task === "binary_classification") resolved.threshold = threshold ?? DEFAULT_THRESHOLD;
  return resolved;
}

/**
 * A benchmark protocol (DESIGN.md "Benchmark"): task, split, metrics, threshold, slices,
 * decision costs, stress suite, confidence, hidden holdout and seed. Shared by web, worker
 * and the REST API; what a run freezes. Unknown keys are refused. Its output parses again
 * to itself, so a frozen protocol can be re-checked anywhere.
 */
export const benchmarkProtocolSchema = strictObject(benchmarkProtocolFields, "the benchmark protocol")
  .superRefine(refineBenchmarkProtocol)
  .transform(resolveBenchmarkProtocol);

/** The protocol's keys, for shells that separate them from their own fields. */
export const BENCHMARK_PROTOCOL_KEYS = Object.keys(benchmarkProtocolFields) as (keyof BenchmarkProtocol)[];
