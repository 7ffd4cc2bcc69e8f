/**
 * Benchmark and shadow evidence of the report under review, per metric, side by side with the gap
 * (benchmark − shadow). e2e: evidence-side-by-side; rows evidence-row (data-metric).
 */

import Link from "next/link";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatObserved } from "~/features/readiness/readiness-data";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { formatCount } from "~/lib/format";
import type { ReviewDetail } from "./review-data";

type Estimate = ReviewDetail["evidence"]["rows"][number]["benchmark"];

function Cell({ estimate, testId }: { estimate: Estimate; testId: string }) {
  if (!estimate) return <td className={`${tdClass} text-right text-muted-foreground`}>—</td>;
  return (
    <td className={`${tdClass} tabular text-right`} data-testid={testId}>
      {formatObserved(estimate.value, estimate.interval)}
      <span className="block text-xs text-muted-foreground">n = {formatCount(estimate.n)}</span>
    </td>
  );
}

export function EvidenceSideBySide({ evidence }: { evidence: ReviewDetail["evidence"] }) {
  if (evidence.rows.length === 0) {
    return (
      <p data-testid="evidence-side-by-side" className="text-muted-foreground">
        No benchmark or shadow evidence yet: run a benchmark of this version and start a shadow evaluation with it as a
        challenger.
      </p>
    );
  }
  return (
    <div data-testid="evidence-side-by-side" className="flex flex-col gap-2">
      <p className="text-xs text-muted-foreground">
        Benchmark{" "}
        {evidence.benchmarkAsOf ? (
          <>
            as of <TimeWithRelative value={evidence.benchmarkAsOf} />
            {evidence.benchmarkRunIds[0] && (
              <>
                {" "}
                (
                <Link className="text-primary hover:underline" href={`/runs/${evidence.benchmarkRunIds[0]}`}>
                  run
                </Link>
                )
              </>
            )}
          </>
        ) : (
          "not run"
        )}{" "}
        · shadow{" "}
        {evidence.shadowAsOf ? (
          <>
            as of <TimeWithRelative value={evidence.shadowAsOf} />
          </>
        ) : (
          "not started"
        )}
        . Values with their intervals (95% unless the run says otherwise); the gap is benchmark − shadow.
      </p>
      <ScrollRegion label="Evidence side by side">
        <table className={tableClass} aria-label="Benchmark and shadow evidence side by side">
          <thead>
            <tr>
              <th className={thClass}>Metric</th>
              <th className={`${thClass} text-right`}>Benchmark</th>
              <th className={`${thClass} text-right`}>Shadow (field)</th>
              <th className={`${thClass} text-right`}>Gap</th>
            </tr>
          </thead>
          <tbody>
            {evidence.rows.map((row) => (
              <tr key={row.metric} data-testid="evidence-row" data-metric={row.metric}>
                <td className={`${tdClass} font-medium`}>{row.metric.replaceAll("_", " ")}</td>
                <Cell estimate={row.benchmark} testId="evidence-benchmark" />
                <Cell estimate={row.shadow} testId="evidence-shadow" />
                <Cell estimate={row.gap} testId="evidence-gap" />
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
