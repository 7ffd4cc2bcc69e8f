import { createHash, createHmac } from "node:crypto";
import { Ladder, perRowLosses, Thresholdout, thresholdoutSettings } from "@fieldtest/core";

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
 * change of the server secret re-draws the noise.
 *
 * Mechanism "ladder" (`replayLadder`): the same ordered history, one SUBMISSION per run, to
 * core's parameter-free Ladder with budget B (submission B+1 and later refused). A run's
 * submission is the per-row losses of the primary metric on its holdout rows, computed from
 * the run's holdout blob (labels then scores, `decodeHoldoutRows`) by core's `perRowLosses`:
 * accuracy → 0/1 error, brier_score, log_loss; any other metric → the 0/1 error at the
 * benchmark threshold (the response says so). Deterministic: no seed. Only the released
 * score R_t (a loss, lower is better) and whether the submission moved it are released.
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

/**
 * The holdout blob's rows (the worker's encodeHoldoutRows: `rows` labels then `rows` scores,
 * little-endian float64). Null when the bytes do not match the stored length or sha256.
 */
export function decodeHoldoutRows(
  bytes: Uint8Array,
  rows: number,
  sha256?: string,
): { labels: Float64Array; scores: Float64Array } | null {
  if (!Number.isSafeInteger(rows) || rows < 0 || bytes.length !== 16 * rows) return null;
  if (sha256 !== undefined && createHash("sha256").update(bytes).digest("hex") !== sha256) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const labels = new Float64Array(rows);
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    labels[i] = view.getFloat64(8 * i, true);
    scores[i] = view.getFloat64(8 * (rows + i), true);
  }
  return { labels, scores };
}

/** One Ladder submission: the run's holdout rows (null when its blob is missing or unreadable). */
export interface LadderSubmissionInput {
  runId: string;
  rows: { labels: Float64Array; scores: Float64Array } | null;
}

export type LadderHoldoutAnswer =
  | { runId: string; query: number; status: "answered"; value: number; accepted: boolean }
  | { runId: string; query: number; status: "undefined" }
  | { runId: string; query: number; status: "refused" };

export interface LadderAnswers {
  budget: number;
  used: number;
  spent: boolean;
  /** What the released scores are a mean of, e.g. "0/1 error at threshold 0.5: roc_auc has no per-row loss". */
  loss: string;
  answers: LadderHoldoutAnswer[];
}

/** Replays core's Ladder over the ordered submissions (see the module comment). */
export function replayLadder(options: {
  submissions: readonly LadderSubmissionInput[];
  budget: number;
  metric: string;
  threshold: number;
}): LadderAnswers {
  const { submissions, budget, metric, threshold } = options;
  const ladder = new Ladder({ budget });
  const decomposes = metric === "accuracy" || metric === "brier_score" || metric === "log_loss";
  let loss = decomposes
    ? metric === "accuracy"
      ? `0/1 error (1 − accuracy) at threshold ${threshold}`
      : metric
    : `0/1 error at threshold ${threshold}: ${metric} has no per-row loss`;
  const answers: LadderHoldoutAnswer[] = submissions.map((s, i) => {
    const query = i + 1;
    if (query > budget) return { runId: s.runId, query, status: "refused" };
    if (s.rows === null) return { runId: s.runId, query, status: "undefined" };
    let answer: ReturnType<Ladder["submit"]>;
    try {
      const losses = perRowLosses({ metric, labels: s.rows.labels, scores: s.rows.scores, threshold });
      loss = losses.description;
      answer = ladder.submit(losses.losses);
    } catch {
      // Not probabilities, fewer than 2 rows, or other rows than the first submission's.
      return { runId: s.runId, query, status: "undefined" };
    }
    return answer.status === "answered"
      ? { runId: s.runId, query, status: "answered", value: answer.score, accepted: answer.accepted }
      : { runId: s.runId, query, status: "refused" };
  });
  const used = Math.min(submissions.length, budget);
  return { budget, used, spent: used >= budget, loss, answers };
}
