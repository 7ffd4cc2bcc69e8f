import {
  type Benchmark,
  createShadowEvaluation,
  type Db,
  type ModelVersion,
  type ShadowEvaluation,
} from "@fieldtest/db";
import { enqueue, getQueue } from "@fieldtest/jobs";
import type { SeedLog } from "./seed-log.ts";

// A producer whose Redis is down would otherwise wait for it; the evaluation row is what matters.
const ENQUEUE_TIMEOUT_MS = 5_000;

export interface StartDemoShadowInput {
  db: Db;
  teamId: string;
  userId: string;
  champion: Pick<ModelVersion, "id" | "version">;
  challenger: Pick<ModelVersion, "id" | "version">;
  /** The gap's benchmark side. */
  benchmark: Pick<Benchmark, "id" | "name" | "version">;
  window: { from: Date; to: Date };
  /** The evaluation's seed (bootstrap and sampling). */
  seed: number;
  /** What the shadow scores, as the log names it ("New York", "June 2001"). */
  trafficName: string;
  /** BullMQ key prefix; defaults to FIELDTEST_QUEUE_PREFIX. */
  queuePrefix?: string;
  log: SeedLog;
}

/**
 * A demo's shadow evaluation of one challenger over `window` (find-or-create: an existing one of
 * the same champion, benchmark, window and challenger is kept) and, while it has never been
 * scored, its first scoring enqueued. When Redis is down the evaluation stays queued and the
 * worker's sweeper enqueues it.
 */
export async function startDemoShadow(input: StartDemoShadowInput): Promise<ShadowEvaluation> {
  const { db, teamId, champion, challenger, benchmark, window, log } = input;
  let evaluation = await db.shadowEvaluation.findFirst({
    where: {
      teamId,
      championVersionId: champion.id,
      benchmarkId: benchmark.id,
      windowFrom: window.from,
      windowTo: window.to,
      versions: { some: { modelVersionId: challenger.id, role: "challenger" } },
    },
    orderBy: { createdAt: "asc" },
  });
  if (!evaluation) {
    evaluation = await createShadowEvaluation({
      db,
      teamId,
      championVersionId: champion.id,
      challengerVersionIds: [challenger.id],
      from: window.from,
      to: window.to,
      benchmarkId: benchmark.id,
      userId: input.userId,
      seed: input.seed,
    });
    log(
      `created shadow evaluation ${evaluation.id} (${challenger.version} shadowing ${champion.version} on ${input.trafficName}, ` +
        `gap against "${benchmark.name}" v${benchmark.version})`,
    );
  }
  if (evaluation.status === "queued" && evaluation.snapshotCount === 0) {
    getQueue("shadowEvaluation", input.queuePrefix).on("error", () => {});
    try {
      await enqueue(
        "shadowEvaluation",
        { shadowEvaluationId: evaluation.id, snapshot: 1 },
        { prefix: input.queuePrefix, timeoutMs: ENQUEUE_TIMEOUT_MS },
      );
      log(`enqueued the first scoring of shadow evaluation ${evaluation.id}`);
    } catch (err) {
      log(
        `shadow evaluation ${evaluation.id} stays queued: Redis did not take it (${(err as Error).message}); ` +
          "the worker's sweeper will enqueue it",
      );
    }
  }
  return evaluation;
}
