import { type Db, type Prisma, saveShadowSnapshot } from "@fieldtest/db";
import { enqueue, processorFor, type QueuePayload } from "@fieldtest/jobs";
import { type Job, UnrecoverableError } from "bullmq";
import { errorMessage } from "../log.ts";
import { refreshReadiness } from "../readiness/refresh-readiness.ts";
import { ChallengerNotReadyError } from "../shadow/infer-challenger-model.ts";
import { inferChallengerPredictions } from "../shadow/infer-challengers.ts";
import { isNewLook, type StoredShadowResult, withLabelledPartsOf } from "../shadow/looks.ts";
import { scoreShadowWindow } from "../shadow/score-shadow-window.ts";
import { type BenchmarkRunDeps, userActionableMessage } from "./benchmark-run.ts";

export type ShadowEvaluationDeps = BenchmarkRunDeps & {
  /** BullMQ key prefix (the next scoring is enqueued under it). */
  prefix: string;
  /** Challenger events inferred per scoring job at most (the rest in the next ones); default 20,000. */
  shadowInferenceBudget?: number;
};
export type ShadowEvaluationJob = Job<QueuePayload<"shadowEvaluation">>;
export type ShadowEvaluationOutcome = "scored" | "finished" | "skipped";

/**
 * One scoring of a shadow evaluation (DESIGN.md "Shadow evaluation"): shadow inference of each
 * challenger that Fieldtest calls (endpoint or builtin) for the window's champion events still
 * unanswered, then snapshot number `snapshot` over everything received so far, written once.
 * A fixed window that has ended, with inference done, finishes the evaluation.
 */
export function shadowEvaluationProcessor(deps: ShadowEvaluationDeps) {
  const { db, log } = deps;
  return processorFor("shadowEvaluation", async ({ shadowEvaluationId, snapshot }, job) => {
    const evaluation = await db.shadowEvaluation.findUnique({
      where: { id: shadowEvaluationId },
      include: { versions: { orderBy: { position: "asc" } } },
    });
    const attempt = { shadowEvaluationId, snapshot, jobId: job.id, attempt: job.attemptsMade + 1 };
    if (!evaluation) throw new UnrecoverableError(`Shadow evaluation ${shadowEvaluationId} does not exist`);
    if (evaluation.status === "succeeded" || evaluation.status === "failed" || evaluation.snapshotCount >= snapshot) {
      log("shadow.skipped", {
        ...attempt,
        reason: `already ${evaluation.status}, ${evaluation.snapshotCount} snapshots`,
      });
      return "skipped" satisfies ShadowEvaluationOutcome;
    }
    if (evaluation.snapshotCount !== snapshot - 1) {
      log("shadow.skipped", { ...attempt, reason: `out of order: ${evaluation.snapshotCount} snapshots so far` });
      return "skipped" satisfies ShadowEvaluationOutcome;
    }
    await db.shadowEvaluation.updateMany({
      where: { id: shadowEvaluationId, status: "queued" },
      data: { status: "running", startedAt: new Date() },
    });

    const started = performance.now();
    try {
      // Cutoffs come from the database clock, which stamps every row's receivedAt.
      const inferenceCutoff = await databaseNow(db);
      const inferenceWindow = { from: evaluation.windowFrom, to: evaluation.windowTo ?? inferenceCutoff };
      const budget = deps.shadowInferenceBudget ?? 20_000;
      let pending = 0;
      let inferred = 0;
      let calledChallengers = 0;
      const challengers = evaluation.versions.filter((v) => v.role === "challenger");
      for (const challenger of challengers) {
        const outcome = await inferChallengerPredictions({
          db,
          storage: deps.storage,
          outbound: () => {
            if (!deps.outbound) throw new Error("This worker has no outbound client for endpoint calls");
            return deps.outbound();
          },
          log,
          shadowEvaluationId,
          teamId: evaluation.teamId,
          championVersionId: evaluation.championVersionId,
          challengerVersionId: challenger.modelVersionId,
          benchmarkId: evaluation.benchmarkId,
          window: inferenceWindow,
          receivedBy: inferenceCutoff,
          maxEvents: budget,
          onProgress: async (done, total) => {
            await job.updateProgress(total === 0 ? 1 : done / total);
          },
        });
        pending += outcome.remaining;
        if (outcome.status === "inferred") calledChallengers++;
        inferred += outcome.inferred + outcome.failed;
      }

      // The snapshot sees everything received until now, the answers just inferred included.
      const scoredAt = await databaseNow(db);
      const window = { from: evaluation.windowFrom, to: evaluation.windowTo ?? scoredAt };
      const scored = await scoreShadowWindow({
        db,
        storage: deps.storage,
        evaluation,
        window,
        scoredAt,
        look: evaluation.looks + 1,
      });
      // A look only when inference is done and the labelled events have grown enough (looks.ts);
      // otherwise the labelled parts are the last look's.
      const newLook = isNewLook(evaluation, scored.counts.labelled, pending === 0);
      const result: StoredShadowResult = newLook
        ? {
            ...scored.result,
            labelledAsOf: {
              sequence: snapshot,
              scoredAt: scoredAt.toISOString(),
              windowFrom: window.from?.toISOString() ?? null,
              windowTo: window.to.toISOString(),
              labelled: scored.counts.labelled,
            },
          }
        : withLabelledPartsOf(scored.result, await previousResult(db, shadowEvaluationId, snapshot - 1));
      const saved = await saveShadowSnapshot({
        db,
        shadowEvaluationId,
        sequence: snapshot,
        scoredAt,
        windowFrom: window.from,
        windowTo: window.to,
        counts: scored.counts,
        result: result as unknown as Prisma.InputJsonValue,
        look: newLook ? { looks: evaluation.looks + 1, labelled: scored.counts.labelled } : null,
        codeVersion: deps.codeVersion,
        inferenceDone: pending === 0,
        evaluationWindowTo: evaluation.windowTo,
        stoppedAt: evaluation.stoppedAt,
        // Share of the shadow inference done: challengers whose answers the client sends are never pending.
        progress: pending === 0 ? 1 : Math.max(0, 1 - pending / Math.max(1, scored.counts.events * calledChallengers)),
      });
      // A look is new evidence for every version of the evaluation: their readiness reports follow.
      if (saved.saved && newLook) {
        await refreshReadiness(
          db,
          evaluation.teamId,
          evaluation.versions.map((v) => v.modelVersionId),
          log,
        );
      }
      // Inference left for later (the budget ran out): score again at once instead of at the next sweep.
      if (saved.saved && !saved.finished && pending > 0) {
        await enqueue("shadowEvaluation", { shadowEvaluationId, snapshot: snapshot + 1 }, { prefix: deps.prefix });
      }
      log(saved.saved ? "shadow.scored" : "shadow.skipped", {
        ...attempt,
        ms: Math.round(performance.now() - started),
        ...scored.counts,
        inferred,
        pending,
        finished: saved.finished,
        look: newLook ? evaluation.looks + 1 : null,
      });
      return (saved.finished ? "finished" : saved.saved ? "scored" : "skipped") satisfies ShadowEvaluationOutcome;
    } catch (err) {
      if (err instanceof ChallengerNotReadyError) {
        // Nothing written: the sweeper enqueues this snapshot again once it is due.
        log("shadow.waiting", { ...attempt, reason: err.message });
        return "skipped" satisfies ShadowEvaluationOutcome;
      }
      const failure = userActionableMessage(err);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (failure !== null || final) {
        const message =
          failure ??
          `Scoring failed unexpectedly and was given up; the worker's log has the details (${shadowEvaluationId})`;
        await markShadowFailed(db, shadowEvaluationId, message);
        log("shadow.failed", { ...attempt, error: errorMessage(err) });
        if (failure !== null) throw new UnrecoverableError(failure);
      } else {
        log("shadow.retrying", { ...attempt, error: errorMessage(err) });
      }
      throw err;
    }
  });
}

async function previousResult(
  db: Db,
  shadowEvaluationId: string,
  sequence: number,
): Promise<StoredShadowResult | null> {
  if (sequence < 1) return null;
  const row = await db.shadowSnapshot.findUnique({
    where: { shadowEvaluationId_sequence: { shadowEvaluationId, sequence } },
    select: { result: true },
  });
  return (row?.result as unknown as StoredShadowResult | undefined) ?? null;
}

async function databaseNow(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  return row?.now ?? new Date();
}

async function markShadowFailed(db: Db, id: string, error: string): Promise<void> {
  await db.shadowEvaluation.updateMany({
    where: { id, status: { in: ["queued", "running"] } },
    data: { status: "failed", error, finishedAt: new Date() },
  });
}
