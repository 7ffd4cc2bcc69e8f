import { type Benchmark, createBenchmarkRun, type Db, type EvaluationRun, type ModelVersion } from "@fieldtest/db";
import { enqueue, getQueue } from "@fieldtest/jobs";
import type { SeedLog } from "./seed-log.ts";

/** One benchmark run the demo shows: a benchmark version × a model version. */
export interface DemoRunPlan {
  benchmark: Pick<Benchmark, "id" | "name" | "version">;
  version: Pick<ModelVersion, "id" | "version">;
}

export interface SeedRunsInput {
  db: Db;
  teamId: string;
  plan: readonly DemoRunPlan[];
  userId: string;
  codeVersion: string;
  /** BullMQ key prefix; defaults to FIELDTEST_QUEUE_PREFIX. */
  queuePrefix?: string;
  log: SeedLog;
}

// A producer whose Redis is down would otherwise wait for it; the run row is what matters.
const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * One benchmark run per planned benchmark × version (an existing one is kept), each enqueued while it is still
 * queued. When Redis is unreachable the run stays queued in Postgres and the worker's
 * sweeper enqueues it later.
 */
export async function seedRuns(input: SeedRunsInput): Promise<EvaluationRun[]> {
  const { db, log } = input;
  const runs: EvaluationRun[] = [];
  // The producer reports a Redis it cannot reach as "error" events (printed when nobody listens);
  // the first failed enqueue says it once, and the remaining runs do not wait for Redis again.
  getQueue("benchmarkRun", input.queuePrefix).on("error", () => {});
  let redisProblem: string | undefined;
  for (const { benchmark, version } of input.plan) {
    let run = await db.evaluationRun.findFirst({
      where: { teamId: input.teamId, kind: "benchmark", benchmarkId: benchmark.id, modelVersionId: version.id },
      orderBy: { createdAt: "asc" },
    });
    if (!run) {
      run = await createBenchmarkRun({
        db,
        teamId: input.teamId,
        benchmarkId: benchmark.id,
        modelVersionId: version.id,
        userId: input.userId,
        codeVersion: input.codeVersion,
      });
      log(
        `created benchmark run ${run.id} (${version.version} on "${benchmark.name}" v${benchmark.version}, ` +
          `code version ${input.codeVersion})`,
      );
    }
    runs.push(run);
    if (run.status !== "queued") continue;
    if (!redisProblem) {
      try {
        await enqueue("benchmarkRun", { runId: run.id }, { prefix: input.queuePrefix, timeoutMs: ENQUEUE_TIMEOUT_MS });
        log(`enqueued benchmark run ${run.id}`);
        continue;
      } catch (err) {
        redisProblem = (err as Error).message;
      }
    }
    log(
      `benchmark run ${run.id} stays queued: Redis did not take it (${redisProblem}); the worker's sweeper will enqueue it`,
    );
  }
  return runs;
}
