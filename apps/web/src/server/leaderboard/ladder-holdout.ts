import type { BlobStorage, HoldoutResult } from "@fieldtest/db";
import { decodeHoldoutRows, type LadderSubmissionInput, replayLadder } from "./holdout-answers";

/** A holdout-bearing run as the leaderboard's `holdout` procedure loads it (finish order). */
export interface LadderRun {
  id: string;
  modelVersionId: string;
  modelVersion: { version: string; model: { name: string } };
  results: { data: unknown }[];
}

/**
 * The `holdout` response for mechanism "ladder": replays core's Ladder over the runs (see
 * holdout-answers.ts). Only runs within the budget are submitted, so only their blobs are read.
 * Released per version: the Ladder's score after its latest run's submission and whether that
 * submission moved the leader — never the run's own holdout loss or rows.
 */
export async function ladderHoldout(options: {
  runs: readonly LadderRun[];
  budget: number;
  metric: string;
  threshold: number;
  storage: BlobStorage;
}) {
  const { runs, budget, metric, threshold, storage } = options;
  const submissions: LadderSubmissionInput[] = await Promise.all(
    runs.map(async (run, index): Promise<LadderSubmissionInput> => {
      if (index >= budget) return { runId: run.id, rows: null };
      const data = run.results[0]?.data as Partial<HoldoutResult> | undefined;
      if (typeof data?.rowsKey !== "string" || typeof data.rows !== "number") return { runId: run.id, rows: null };
      try {
        const bytes = await storage.get(data.rowsKey);
        return { runId: run.id, rows: decodeHoldoutRows(bytes, data.rows, data.sha256) };
      } catch {
        return { runId: run.id, rows: null };
      }
    }),
  );
  const replay = replayLadder({ submissions, budget, metric, threshold });
  // The latest holdout-bearing run of each version, newest first.
  const shown = new Map<string, { run: LadderRun; index: number }>();
  runs.forEach((run, index) => {
    shown.set(run.modelVersionId, { run, index });
  });
  const versions = [...shown.values()]
    .sort((a, b) => b.index - a.index)
    .map(({ run, index }) => {
      const answer = replay.answers[index];
      return {
        modelVersionId: run.modelVersionId,
        modelName: run.modelVersion.model.name,
        version: run.modelVersion.version,
        runId: run.id,
        query: answer?.query ?? index + 1,
        status: answer?.status ?? "refused",
        value: answer?.status === "answered" ? answer.value : null,
        accepted: answer?.status === "answered" ? answer.accepted : null,
      };
    });
  return {
    enabled: true as const,
    supported: true as const,
    mechanism: "ladder" as const,
    metric,
    loss: replay.loss,
    budget: replay.budget,
    used: replay.used,
    spent: replay.spent,
    versions,
  };
}
