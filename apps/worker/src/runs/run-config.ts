import { type BinaryMetricName, isBinaryMetricName } from "@fieldtest/core";
import { AppError, type BenchmarkRunConfig, parseBenchmarkRunConfig, runRefusal } from "@fieldtest/db";

export { type BenchmarkRunConfig, parseBenchmarkRunConfig };

/** A protocol this worker executes: a binary benchmark (threshold and binary metrics known). */
export type ExecutableBenchmarkRunConfig = Omit<BenchmarkRunConfig, "threshold" | "metrics"> & {
  threshold: number;
  metrics: BinaryMetricName[];
};

/**
 * The config as this worker executes it. Run creation refuses what cannot be executed
 * (runRefusal); this is the backstop for a config frozen elsewhere (an older or newer web app,
 * a hand-edited row): the same refusal fails the run, before any data is read, with a message
 * naming the part (a BAD_INPUT AppError: retrying cannot help).
 */
export function executableBenchmarkRunConfig(
  config: BenchmarkRunConfig,
  version = "The model version",
): ExecutableBenchmarkRunConfig {
  const benchmark = config.benchmark
    ? `Benchmark ${config.benchmark.name} v${config.benchmark.version}`
    : "This benchmark";
  const refusal = runRefusal({ protocol: config, endpoint: config.endpoint, benchmark, version });
  if (refusal) {
    throw new AppError("BAD_INPUT", `${refusal.message}. Nothing was scored.`, { field: refusal.field ?? "config" });
  }
  const { threshold } = config;
  const metrics = config.metrics.filter(isBinaryMetricName);
  // Never true for a binary protocol (runRefusal refused the others); narrows the types.
  if (threshold === undefined || metrics.length !== config.metrics.length) {
    throw new AppError("BAD_INPUT", `${benchmark} is not a binary classification protocol. Nothing was scored.`, {
      field: "config",
    });
  }
  return { ...config, threshold, metrics };
}
