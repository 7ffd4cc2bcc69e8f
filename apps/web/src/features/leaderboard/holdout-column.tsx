"use client";

/**
 * The hidden holdout's answers, served only through the reusable holdout (Thresholdout) or the
 * Ladder (mechanism "ladder": released scores are losses, lower is better, and a row says
 * whether its submission moved the leader).
 * e2e: holdout-panel; button holdout-reveal; the budget line holdout-budget (data-used,
 * data-budget, data-spent); the Ladder's loss line holdout-loss; rows holdout-row
 * (data-version, data-status, data-accepted for the Ladder).
 *
 * How the budget works (server/leaderboard/holdout-answers.ts): the mechanism's state is not
 * stored; it is replayed on every request over the ordered history of queries, which is the
 * list of this benchmark version's runs with a holdout result, one query per run when it
 * finished. So the budget used is the number of such runs (at most B); revealing or refreshing
 * this column replays the same answers and spends nothing more.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatMetric } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function HoldoutColumn({ benchmarkId }: { benchmarkId: string }) {
  const trpc = useTRPC();
  const [revealed, setRevealed] = useState(false);
  const holdout = useQuery({ ...trpc.leaderboard.holdout.queryOptions({ benchmarkId }), enabled: revealed });
  const data = holdout.data;
  const ladder = data?.enabled && data.supported && "loss" in data ? data : null;
  return (
    <div data-testid="holdout-panel" className="flex flex-col gap-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-medium">Hidden holdout</h3>
        <button
          type="button"
          data-testid="holdout-reveal"
          onClick={() => (revealed ? holdout.refetch() : setRevealed(true))}
          className="rounded border px-2 py-1 text-sm hover:bg-surface-muted"
        >
          {revealed ? "Refresh holdout answers" : "Reveal holdout answers"}
        </button>
      </div>
      {ladder ? (
        <p className="text-xs text-muted-foreground">
          Holdout scores come only through the Ladder: each run on this benchmark version submits its per-row losses on
          the hidden rows once, when it finishes, and the leaderboard score moves only when a submission beats the
          current leader by a margin. Answers are replayed from that history, so refreshing here spends nothing more.
          Once the budget is spent, later runs get no holdout answer.
        </p>
      ) : (
        <p className="text-xs text-muted-foreground">
          Holdout scores come only through the reusable holdout (Thresholdout): each run on this benchmark version asks
          one query — its primary metric — when it finishes, and the answers are replayed from that history, so
          revealing or refreshing here spends nothing more. The answer may be the public-test value or a noisy holdout
          value; which one is not shown. Once the query budget is spent, later runs get no holdout answer.
        </p>
      )}
      {!revealed ? null : holdout.isPending ? (
        <div aria-hidden className="h-16 w-full animate-pulse rounded bg-surface-muted" />
      ) : holdout.isError ? (
        <p role="alert" className="text-sm text-fail">
          Could not load the holdout answers: {holdout.error.message}
        </p>
      ) : !data?.enabled ? (
        <p className="text-sm text-muted-foreground">This benchmark version keeps no hidden holdout.</p>
      ) : !data.supported ? (
        <p className="text-sm text-muted-foreground" data-testid="holdout-budget" data-budget={data.budget}>
          This benchmark version uses the {data.mechanism} mechanism, which the leaderboard does not serve yet (budget{" "}
          {data.budget} queries).
        </p>
      ) : (
        <>
          <p
            data-testid="holdout-budget"
            data-used={data.used}
            data-budget={data.budget}
            data-spent={data.spent}
            className={`text-sm ${data.spent ? "font-medium text-fail" : ""}`}
          >
            {data.spent
              ? `Budget spent — no more holdout answers (${data.used} of ${data.budget} queries used).`
              : `Budget: ${data.used} of ${data.budget} queries used.`}
          </p>
          {ladder && (
            <p data-testid="holdout-loss" className="text-sm text-muted-foreground">
              Ladder on {ladder.loss} (primary metric {ladder.metric}); scores are losses, lower is better.
            </p>
          )}
          {data.versions.length > 0 && (
            <table className={tableClass}>
              <thead>
                <tr>
                  <th className={thClass}>Model version</th>
                  <th className={`${thClass} text-right`}>Query</th>
                  <th className={`${thClass} text-right`}>
                    {ladder ? "Ladder score (holdout answer)" : `${data.metric} (holdout answer)`}
                  </th>
                  {ladder && <th className={thClass}>Leader moved</th>}
                  <th className={thClass}>Run</th>
                </tr>
              </thead>
              <tbody>
                {data.versions.map((v) => (
                  <tr
                    key={v.modelVersionId}
                    data-testid="holdout-row"
                    data-version={v.version}
                    data-status={v.status}
                    data-accepted={"accepted" in v && v.accepted !== null ? v.accepted : undefined}
                  >
                    <td className={tdClass}>
                      {v.modelName} {v.version}
                    </td>
                    <td className={`${tdClass} tabular text-right`}>
                      {v.query} of {data.budget}
                    </td>
                    <td className={`${tdClass} tabular text-right`}>
                      {v.status === "answered"
                        ? formatMetric(v.value)
                        : v.status === "refused"
                          ? "budget spent — no more holdout answers"
                          : "undefined on these rows"}
                    </td>
                    {ladder && (
                      <td className={tdClass}>
                        {"accepted" in v && v.accepted !== null ? (v.accepted ? "yes" : "no") : "—"}
                      </td>
                    )}
                    <td className={`${tdClass} font-mono text-xs`}>
                      <Link href={`/runs/${v.runId}`} className="underline">
                        {v.runId.slice(0, 8)}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
