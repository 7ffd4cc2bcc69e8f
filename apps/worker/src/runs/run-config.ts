import { BINARY_METRICS, splitSchema } from "@fieldtest/core";
import { AppError } from "@fieldtest/db";
import { z } from "zod";

/** The protocol a benchmark run froze when it was created (see createBenchmarkRun). */
export const benchmarkRunConfigSchema = z.object({
  datasetVersionId: z.uuid(),
  datasetSha256: z.string().regex(/^[0-9a-f]{64}$/),
  split: splitSchema,
  metrics: z.array(z.enum(BINARY_METRICS)).min(1),
  threshold: z.number().finite(),
  seed: z.number().int(),
  modelVersionId: z.uuid(),
  predictionsSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});

export type BenchmarkRunConfig = z.infer<typeof benchmarkRunConfigSchema>;

/** Parses a run's frozen config; a protocol this worker cannot execute is a BAD_INPUT error naming the field. */
export function parseBenchmarkRunConfig(config: unknown): BenchmarkRunConfig {
  const parsed = benchmarkRunConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
  throw new AppError("BAD_INPUT", `The run's benchmark protocol cannot be executed (${problems})`, { field: "config" });
}
