import { createHmac } from "node:crypto";
import { Thresholdout, thresholdoutSettings } from "@fieldtest/core";

/**
 * How the hidden holdout is served (DESIGN.md "Leaderboard protection"; STATISTICS.md §10).
 *
 * There is no table for a mechanism's state (the schema is fixed), so the state is never
 * stored: it is RECOMPUTED on every request, deterministically, from rows that do not change.
 * - The ordered history of queries is the benchmark version's succeeded runs that carry a
 *   private `holdout` result, in finish order (ties by run id). Each such run is ONE query,
 *   asked when it finished: φ = the benchmark's primary metric, with its value on the public
 *   test rows as the "training" value and its value on the holdout rows as the holdout value.
 * - The mechanism is core's Thresholdout, seeded with a secret derived on the server
 *   (`holdoutSeed`), replayed over that history: the same runs always give the same answers,
 *   so an answer once shown never changes, and looking again (reveal / refresh) spends nothing.
 * - The query budget B is the benchmark's `holdout.queryBudget`, counted in QUERIES: the budget
 *   used is the number of holdout-bearing runs (at most B). Query B+1 and later are refused
 *   ("budget spent — no more holdout answers"), whatever Thresholdout's own answer budget
 *   (which counts only holdout-sourced answers and so is never the first to run out).
 * - Only the answer value is released, never whether it came from the holdout or the
 *   training side, nor the raw holdout metric.
 * Caveats: the history cannot be rewritten, so deleting a run would shift later answers; a
 * change of the server secret re-draws the noise. The Ladder mechanism needs per-row losses
 * from the stored blob and is not served here yet.
 */

export interface HoldoutQueryInput {
  runId: string;
  /** The primary metric on the public test rows and on the holdout rows (null: undefined there). */
  publicValue: number | null;
  holdoutValue: number | null;
  holdoutRows: number;
}

export type HoldoutAnswer =
  | { runId: string; query: number; status: "answered"; value: number }
  | { runId: string; query: number; status: "undefined" }
  | { runId: string; query: number; status: "refused" };

export interface HoldoutAnswers {
  budget: number;
  used: number;
  spent: boolean;
  answers: HoldoutAnswer[];
}

/** A 64-bit seed for one benchmark version's mechanism, from a server-side secret (HMAC-SHA256). */
export function holdoutSeed(secret: string, benchmarkId: string): bigint {
  const digest = createHmac("sha256", secret).update(`fieldtest-holdout-thresholdout:${benchmarkId}`).digest();
  return digest.readBigUInt64LE(0);
}

/** Replays the Thresholdout over the ordered queries (see the module comment). */
export function replayHoldoutQueries(options: {
  queries: readonly HoldoutQueryInput[];
  budget: number;
  seed: bigint;
}): HoldoutAnswers {
  const { queries, budget, seed } = options;
  const rows = queries.find((q) => q.holdoutRows > 0)?.holdoutRows ?? 1;
  const mechanism = new Thresholdout({ ...thresholdoutSettings(rows), budget, seed });
  const answers: HoldoutAnswer[] = queries.map((q, i) => {
    const query = i + 1;
    if (query > budget) return { runId: q.runId, query, status: "refused" };
    if (q.publicValue === null || q.holdoutValue === null) return { runId: q.runId, query, status: "undefined" };
    const answer = mechanism.query({ training: q.publicValue, holdout: q.holdoutValue });
    return answer.status === "answered"
      ? { runId: q.runId, query, status: "answered", value: answer.value }
      : { runId: q.runId, query, status: "refused" };
  });
  const used = Math.min(queries.length, budget);
  return { budget, used, spent: used >= budget, answers };
}
