import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { type BenchmarkProtocol, benchmarkProtocolSchema } from "./benchmark-protocol-schema.ts";
import type { Task } from "./domain-enums.ts";

/**
 * A protocol as a Benchmark row stores it: one column per field, confidence flattened,
 * absent optional parts as null. Plain data (no database types): the shells map rows to it.
 */
export interface StoredBenchmarkProtocol {
  task: Task;
  split: unknown;
  metrics: readonly string[];
  threshold: number | null;
  sliceColumns: readonly string[];
  costs: unknown;
  stress: unknown;
  confidenceLevel: number;
  bootstrapResamples: number;
  holdout: unknown;
  seed: number;
}

/**
 * The protocol of a stored benchmark, checked by `benchmarkProtocolSchema`: a row that no
 * longer parses is an InvalidInputError naming every bad field, never a half-read protocol.
 */
export function benchmarkProtocolFromColumns(stored: StoredBenchmarkProtocol): BenchmarkProtocol {
  const parsed = benchmarkProtocolSchema.safeParse({
    task: stored.task,
    split: stored.split,
    metrics: stored.metrics,
    // The column keeps its 0.5 default on rows of other tasks; only binary classification reads it.
    ...(stored.task === "binary_classification" && stored.threshold !== null ? { threshold: stored.threshold } : {}),
    sliceColumns: stored.sliceColumns,
    ...(stored.costs != null ? { costs: stored.costs } : {}),
    stress: stored.stress,
    confidence: { level: stored.confidenceLevel, resamples: stored.bootstrapResamples },
    ...(stored.holdout != null ? { holdout: stored.holdout } : {}),
    seed: stored.seed,
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "protocol"}: ${i.message}`).join("; ");
  throw new InvalidInputError(`The stored benchmark protocol is not valid (${problems})`);
}

/** The columns of a protocol (see StoredBenchmarkProtocol); absent parts are undefined, for the shell to store as null. */
export function benchmarkProtocolToColumns(protocol: BenchmarkProtocol) {
  return {
    task: protocol.task,
    split: protocol.split,
    metrics: protocol.metrics,
    threshold: protocol.threshold ?? null,
    sliceColumns: protocol.sliceColumns,
    costs: protocol.costs,
    stress: protocol.stress,
    confidenceLevel: protocol.confidence.level,
    bootstrapResamples: protocol.confidence.resamples,
    holdout: protocol.holdout,
    seed: protocol.seed,
  };
}
