"use client";

/**
 * The model page's "Shadow evaluations" section: every shadow evaluation a version of this model
 * takes part in (newest first), and the form to start one.
 * e2e: table shadow-evaluations (rows shadow-evaluation-row data-id, link to /shadow/<id>),
 * empty text shadow-evaluations-empty; the form: see start-shadow-form.tsx.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { StatusBadge } from "~/components/ui/status-badge";
import { LocalTime } from "~/features/shared/local-time";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { formatCount } from "~/lib/format";
import type { RouterOutputs } from "~/server/api/root";
import { useTRPC } from "~/trpc/react";
import { type ShadowVersionOption, StartShadowForm } from "./start-shadow-form";

type Row = RouterOutputs["shadow"]["listByModel"][number];

const isActive = (status: Row["status"]) => status === "queued" || status === "running";

function versionLabel(v: Row["versions"][number]) {
  return `${v.modelVersion.model.name} ${v.modelVersion.version}`;
}

export function ShadowEvaluationsPanel({
  modelId,
  versions,
  benchmarks,
}: {
  modelId: string;
  versions: ShadowVersionOption[];
  benchmarks: { id: string; label: string }[];
}) {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.shadow.listByModel.queryOptions(
      { modelId },
      {
        // Keep statuses and snapshot counts live while any evaluation is still working.
        refetchInterval: (q) => (q.state.data?.some((r) => isActive(r.status)) ? 5000 : false),
        refetchIntervalInBackground: false,
      },
    ),
  );

  return (
    <div className="flex flex-col gap-5">
      {list.isPending ? (
        <div aria-hidden className="h-24 w-full animate-pulse rounded bg-surface-muted" />
      ) : list.isError ? (
        <div role="alert" className="flex items-center gap-2 text-sm text-fail">
          Could not load the shadow evaluations: {list.error.message}
          <button
            type="button"
            onClick={() => list.refetch()}
            className="rounded px-1.5 py-0.5 text-muted-foreground hover:bg-surface-muted hover:text-foreground"
          >
            Retry
          </button>
        </div>
      ) : list.data.length === 0 ? (
        <p className="text-muted-foreground" data-testid="shadow-evaluations-empty">
          No shadow evaluations yet. Start one below: the challengers answer the champion's live requests silently and
          are scored as labels arrive.
        </p>
      ) : (
        <ScrollRegion label="Shadow evaluations">
          <table className={tableClass} data-testid="shadow-evaluations">
            <thead>
              <tr>
                <th className={thClass}>Evaluation</th>
                <th className={thClass}>Status</th>
                <th className={thClass}>Champion</th>
                <th className={thClass}>Challengers</th>
                <th className={thClass}>Window</th>
                <th className={`${thClass} text-right`}>Snapshots</th>
                <th className={thClass}>Last scored</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => {
                const champion = r.versions.find((v) => v.role === "champion");
                const challengers = r.versions.filter((v) => v.role === "challenger");
                return (
                  <tr key={r.id} data-testid="shadow-evaluation-row" data-id={r.id}>
                    <td className={tdClass}>
                      <Link href={`/shadow/${r.id}`} className="font-mono text-xs text-primary hover:underline">
                        {r.id.slice(0, 8)}
                      </Link>
                    </td>
                    <td className={tdClass}>
                      <StatusBadge status={r.status} />
                      {isActive(r.status) && r.progress < 1 && (
                        <span className="ml-1 text-xs text-muted-foreground tabular">
                          {Math.round(Math.max(0, r.progress) * 100)}%
                        </span>
                      )}
                    </td>
                    <td className={tdClass}>{champion ? versionLabel(champion) : "—"}</td>
                    <td className={tdClass}>{challengers.map(versionLabel).join(", ") || "—"}</td>
                    <td className={`${tdClass} text-xs`}>
                      {r.windowFrom ? <LocalTime value={r.windowFrom} /> : "first event"} →{" "}
                      {r.stoppedAt ? (
                        <>
                          stopped <LocalTime value={r.stoppedAt} />
                        </>
                      ) : r.windowTo ? (
                        <LocalTime value={r.windowTo} />
                      ) : (
                        "continuous"
                      )}
                    </td>
                    <td className={`${tdClass} tabular text-right`}>{formatCount(r.snapshotCount)}</td>
                    <td className={`${tdClass} text-muted-foreground`}>
                      {r.lastScoredAt ? <TimeWithRelative value={r.lastScoredAt} /> : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <StartShadowForm versions={versions} benchmarks={benchmarks} />
    </div>
  );
}
