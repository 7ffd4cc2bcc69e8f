import {
  type BenchmarkProtocol,
  type BinaryMetricName,
  benchmarkProtocolSchema,
  isBinaryMetricName,
  type Split,
} from "@fieldtest/core";
import { AppError } from "@fieldtest/db";
import { z } from "zod";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The run's own keys of a frozen config (see createBenchmarkRun); every other key belongs to the protocol. */
const runKeysSchema = z.object({
  benchmark: z.object({ id: z.uuid(), name: z.string(), version: z.int() }).optional(),
  datasetVersionId: z.uuid(),
  datasetSha256: sha256,
  modelVersionId: z.uuid(),
  endpointKind: z.string().optional(),
  predictionsSha256: sha256.nullable(),
});
const RUN_KEYS = Object.keys(runKeysSchema.shape);

/**
 * The protocol a benchmark run froze when it was created: the run's keys beside core's
 * benchmark protocol. Configs frozen before protocols had task, slices, costs, stress,
 * confidence or holdout parse with the protocol's defaults for them.
 */
export type BenchmarkRunConfig = z.infer<typeof runKeysSchema> & BenchmarkProtocol;

/** A protocol this worker executes: a binary benchmark on one random or temporal split, nothing more yet. */
export type ExecutableBenchmarkRunConfig = Omit<BenchmarkRunConfig, "split" | "threshold" | "metrics"> & {
  split: Split;
  threshold: number;
  metrics: BinaryMetricName[];
};

function cannotExecute(problems: string): AppError {
  return new AppError("BAD_INPUT", `The run's benchmark protocol cannot be executed (${problems})`, {
    field: "config",
  });
}

const describeIssues = (issues: readonly z.core.$ZodIssue[]) =>
  issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");

/** Parses a run's frozen config; a config that is not a valid protocol is a BAD_INPUT error naming the field. */
export function parseBenchmarkRunConfig(config: unknown): BenchmarkRunConfig {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw cannotExecute("config: not an object");
  }
  const entries = Object.entries(config);
  const run = runKeysSchema.safeParse(Object.fromEntries(entries.filter(([key]) => RUN_KEYS.includes(key))));
  // Unknown keys reach the strict protocol schema and are refused: a field this worker does not
  // know (written by a newer web app) must never be silently skipped.
  const protocol = benchmarkProtocolSchema.safeParse(
    Object.fromEntries(entries.filter(([key]) => !RUN_KEYS.includes(key))),
  );
  const issues = [...(run.error?.issues ?? []), ...(protocol.error?.issues ?? [])];
  if (!run.success || !protocol.success) throw cannotExecute(describeIssues(issues));
  return { ...run.data, ...protocol.data };
}

/**
 * What this worker cannot execute yet, in words for the run's owner; empty when it can run
 * the protocol. Each part of a protocol it does not execute is named, never skipped: a result
 * computed without the costs or the holdout the benchmark defines would not be that benchmark.
 */
export function unsupportedProtocolParts(config: BenchmarkProtocol): string[] {
  const parts: string[] = [];
  if (config.task !== "binary_classification") parts.push(`${config.task.replaceAll("_", " ")} benchmarks`);
  if (config.split.kind === "rolling") parts.push(`rolling backtests (split "rolling", ${config.split.folds} folds)`);
  if (config.sliceColumns.length > 0) parts.push(`slice metrics (sliceColumns: ${config.sliceColumns.join(", ")})`);
  if (config.costs) parts.push("decision costs (costs)");
  if (config.stress.length > 0) {
    const names = config.stress.map((s) => `"${s.name}"`).join(", ");
    parts.push(`stress scenarios (stress: ${names})`);
  }
  if (config.holdout) parts.push(`a hidden holdout (holdout, ${config.holdout.mechanism})`);
  return parts;
}

/**
 * The config as this worker executes it. A protocol with parts it does not execute yet fails
 * the run with a message naming them (a BAD_INPUT AppError: retrying cannot help).
 */
export function executableBenchmarkRunConfig(config: BenchmarkRunConfig): ExecutableBenchmarkRunConfig {
  const unsupported = unsupportedProtocolParts(config);
  const { split, threshold } = config;
  const metrics = config.metrics.filter(isBinaryMetricName);
  // The last three never hold once the parts above are supported; they narrow the types.
  if (
    unsupported.length > 0 ||
    split.kind === "rolling" ||
    threshold === undefined ||
    metrics.length !== config.metrics.length
  ) {
    const which = config.benchmark
      ? `Benchmark ${config.benchmark.name} v${config.benchmark.version}`
      : "This benchmark";
    throw new AppError(
      "BAD_INPUT",
      `${which} uses ${joinWords(unsupported)}, which this version of Fieldtest cannot run yet. ` +
        "Nothing was scored; run a benchmark version without them until they are supported.",
      { field: "config" },
    );
  }
  return { ...config, split, threshold, metrics };
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
