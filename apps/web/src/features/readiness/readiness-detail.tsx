"use client";

/**
 * One version's readiness, opened: the gate list (fail → insufficient → pass) and "readiness over
 * time" (step chart plus the list of reports, newest first). Numbers come from the server as is.
 */
import Link from "next/link";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import {
  countsLabel,
  formatGateNumber,
  formatObserved,
  historyRows,
  type Readiness,
  type ReadinessGate,
  sortGates,
} from "./readiness-data";
import { ReadinessHistoryChart } from "./readiness-history-chart";
import { GateStatusBadge, VerdictPill } from "./readiness-status";

export function ReadinessDetail({ view, versionLabel }: { view: Readiness; versionLabel: string }) {
  return (
    <div className="flex flex-col gap-5">
      <p className="text-xs text-muted-foreground">
        Evaluated <TimeWithRelative value={view.evaluatedAt} /> · report{" "}
        <span className="font-mono">{view.reportId.slice(0, 8)}</span> · export{" "}
        <a
          href={`/api/readiness-reports/${view.reportId}?format=html`}
          target="_blank"
          rel="noopener"
          className="text-primary hover:underline"
          data-testid="report-export-html"
        >
          HTML
        </a>{" "}
        <a
          href={`/api/readiness-reports/${view.reportId}?format=json`}
          className="text-primary hover:underline"
          data-testid="report-export-json"
        >
          JSON
        </a>
      </p>
      <GateList gates={view.gates} />
      <ReadinessHistory view={view} versionLabel={versionLabel} />
    </div>
  );
}

function GateList({ gates }: { gates: readonly ReadinessGate[] }) {
  if (gates.length === 0)
    return (
      <p className="text-muted-foreground">
        This version's readiness policy has no gates, so there is nothing to judge yet.
      </p>
    );
  return (
    <ScrollRegion label="Gates">
      <table className={tableClass} aria-label="Readiness gates">
        <thead>
          <tr>
            <th className={thClass}>Status</th>
            <th className={thClass}>Gate</th>
            <th className={`${thClass} text-right`}>Observed [interval]</th>
            <th className={`${thClass} text-right`}>Threshold</th>
            <th className={thClass}>Reason</th>
          </tr>
        </thead>
        <tbody>
          {sortGates(gates).map((g) => (
            <tr key={g.id} data-testid="readiness-gate" data-status={g.status} data-gate={g.id}>
              <td className={tdClass}>
                <GateStatusBadge status={g.status} />
              </td>
              <td className={tdClass}>
                <div>{g.description}</div>
                <div className="text-xs text-muted-foreground">
                  {g.kind.replaceAll("_", " ")}
                  {g.runIds.length > 0 && (
                    <>
                      {" · "}
                      {g.runIds.slice(0, 3).map((id, i) => (
                        <span key={id}>
                          {i > 0 && ", "}
                          <Link href={`/runs/${id}`} className="font-mono text-primary hover:underline">
                            run {id.slice(0, 8)}
                          </Link>
                        </span>
                      ))}
                      {g.runIds.length > 3 && ` +${g.runIds.length - 3} more`}
                    </>
                  )}
                </div>
              </td>
              <td className={`${tdClass} tabular whitespace-nowrap text-right`}>
                {formatObserved(g.observed, g.interval)}
              </td>
              <td className={`${tdClass} tabular text-right`}>
                {g.threshold === null
                  ? "—"
                  : `${g.comparator ? `${g.comparator.replace(">=", "≥").replace("<=", "≤")} ` : ""}${formatGateNumber(g.threshold)}`}
                {g.baseline !== null && (
                  <span className="block text-xs text-muted-foreground">
                    vs production {formatGateNumber(g.baseline)}
                  </span>
                )}
              </td>
              <td className={`${tdClass} text-xs text-muted-foreground`}>{g.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function ReadinessHistory({ view, versionLabel }: { view: Readiness; versionLabel: string }) {
  const rows = historyRows(view.history);
  return (
    <section data-testid="readiness-history" aria-label={`Readiness over time, ${versionLabel}`}>
      <h3 className="mb-2 text-xs font-semibold">Readiness over time</h3>
      {view.history.length === 0 ? (
        <p className="text-muted-foreground">No reports yet: the first one is written when the gates are evaluated.</p>
      ) : (
        <div className="flex flex-col gap-3">
          <ReadinessHistoryChart rows={rows} versionLabel={versionLabel} />
          <ScrollRegion label="Report history" className="max-h-64">
            <table className={tableClass} aria-label="Readiness reports, newest first">
              <thead>
                <tr>
                  <th className={thClass}>Report time</th>
                  <th className={thClass}>Verdict</th>
                  <th className={thClass}>Gates</th>
                  <th className={thClass}>What changed</th>
                  <th className={thClass}>Report</th>
                </tr>
              </thead>
              <tbody>
                {view.history.map((h) => (
                  <tr key={h.reportId} data-testid="readiness-report" data-verdict={h.verdict}>
                    <td className={`${tdClass} text-xs`}>
                      <TimeWithRelative value={h.evaluatedAt} />
                    </td>
                    <td className={tdClass}>
                      <VerdictPill verdict={h.verdict} />
                    </td>
                    <td className={`${tdClass} tabular text-xs text-muted-foreground`}>{countsLabel(h.counts)}</td>
                    <td className={`${tdClass} text-xs`} data-testid="readiness-changes">
                      {h.changes.length === 0 ? (
                        <span className="text-muted-foreground">numbers only</span>
                      ) : (
                        h.changes.join(" · ")
                      )}
                    </td>
                    <td className={`${tdClass} text-xs`}>
                      <span className="font-mono">{h.reportId.slice(0, 8)}</span>
                      <span className="ml-1 text-muted-foreground">
                        {h.reportId === view.reportId ? "· current" : "· superseded"}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </div>
      )}
    </section>
  );
}
