import { type BenchmarkProtocol, benchmarkProtocolSchema } from "@fieldtest/core";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { frozenRunEndpointSchema, type RunEndpoint } from "./endpoint-config.ts";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The run's own keys of a frozen config (see createBenchmarkRun); every other key belongs to the protocol. */
const runKeysSchema = z.object({
  benchmark: z.object({ id: z.uuid(), name: z.string(), version: z.int() }).optional(),
  datasetVersionId: z.uuid(),
  datasetSha256: sha256,
  modelVersionId: z.uuid(),
  endpointKind: z.string().optional(),
  /** Frozen since endpoints could be run; configs from before are offline runs. */
  endpoint: frozenRunEndpointSchema.optional(),
  predictionsSha256: sha256.nullable(),
});
const RUN_KEYS = Object.keys(runKeysSchema.shape);

/**
 * The protocol a benchmark run froze when it was created: the run's keys beside core's
 * benchmark protocol. Configs frozen before protocols had task, slices, costs, stress,
 * confidence or holdout parse with the protocol's defaults for them.
 */
export type BenchmarkRunConfig = Omit<z.infer<typeof runKeysSchema>, "endpoint"> &
  BenchmarkProtocol & { endpoint: RunEndpoint };

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
  // Unknown keys reach the strict protocol schema and are refused: a field this code does not
  // know (written by a newer web app) must never be silently skipped.
  const protocol = benchmarkProtocolSchema.safeParse(
    Object.fromEntries(entries.filter(([key]) => !RUN_KEYS.includes(key))),
  );
  const issues = [...(run.error?.issues ?? []), ...(protocol.error?.issues ?? [])];
  if (!run.success || !protocol.success) throw cannotExecute(describeIssues(issues));
  const { endpoint, ...keys } = run.data;
  return { ...keys, ...protocol.data, endpoint: (endpoint as RunEndpoint | undefined) ?? { kind: "offline" } };
}
