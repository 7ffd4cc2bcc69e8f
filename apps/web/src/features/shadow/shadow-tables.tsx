"use client";

/**
 * The latest snapshot's tables: challenger − champion difference with its decision, metrics per
 * version (anytime-valid intervals, n, label-free estimate, ECE, cost per decision) and drift per
 * feature. Every number comes from the server; nothing is recomputed here.
 * e2e: shadow-difference (rows shadow-difference-row data-decision), shadow-metrics (rows
 * shadow-metric-row data-metric), shadow-drift (rows shadow-drift-row data-feature).
 */
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { formatPercent } from "~/features/runs/run-results-view";
import { formatCount, formatMetric } from "~/lib/format";
import type { ShadowVersionView } from "~/server/shadow/shadow-view-types";
import { driftByPsi, metricNames, type ShadowPageData, type VersionStyle } from "./shadow-chart-data";
import { decisionOf, formatInterval, formatLevel, formatPValue, formatSigned, P_VALUE_WORDS } from "./shadow-format";

/** The version's identity mark: its series colour and dash as a short line, plus its role in words. */
export function VersionName({ style }: { style: VersionStyle | undefined }) {
  if (!style) return <span className="text-muted-foreground">unknown version</span>;
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <svg width="18" height="6" aria-hidden className="shrink-0">
        <line x1="0" y1="3" x2="18" y2="3" stroke={style.stroke} strokeWidth="2.5" strokeDasharray={style.dash} />
      </svg>
      <span>{style.label}</span>
      <span className="text-xs text-muted-foreground">{style.role}</span>
    </span>
  );
}

export function DifferenceTable({ view, styles }: { view: ShadowPageData; styles: readonly VersionStyle[] }) {
  const pKeys = [...new Set(view.difference.flatMap((d) => Object.keys(d.pValues)))];
  return (
    <ScrollRegion label="Champion vs challenger difference">
      <table className={tableClass} data-testid="shadow-difference">
        <thead>
          <tr>
            <th className={thClass}>Challenger</th>
            <th className={thClass}>Metric</th>
            <th className={`${thClass} text-right`}>Challenger − champion</th>
            <th className={`${thClass} text-right`}>{formatLevel(view.level)} interval (all looks)</th>
            <th className={thClass}>Decision</th>
            <th className={`${thClass} text-right`}>Further labels needed</th>
            <th className={`${thClass} text-right`}>Agreement</th>
            {pKeys.map((k) => (
              <th key={k} className={`${thClass} text-right`}>
                p ({P_VALUE_WORDS[k] ?? k})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.difference.map((d) => {
            const decision = decisionOf(d.decision);
            return (
              <tr
                key={`${d.challengerVersionId}-${d.metric}`}
                data-testid="shadow-difference-row"
                data-decision={d.decision ?? "none"}
              >
                <td className={tdClass}>
                  <VersionName style={styles.find((s) => s.modelVersionId === d.challengerVersionId)} />
                </td>
                <td className={`${tdClass} font-mono text-xs`}>{d.metric}</td>
                <td className={`${tdClass} tabular text-right`}>{formatSigned(d.challengerMinusChampion)}</td>
                <td className={`${tdClass} tabular text-right text-muted-foreground`}>{formatInterval(d.interval)}</td>
                <td className={`${tdClass} ${decision.className}`}>
                  <span aria-hidden>{decision.icon} </span>
                  {decision.words}
                </td>
                <td className={`${tdClass} tabular text-right`} title={d.furtherLabelsReason}>
                  {d.furtherLabels !== null ? (
                    formatCount(d.furtherLabels)
                  ) : (
                    <span className="text-xs text-muted-foreground">{d.furtherLabelsReason ?? "—"}</span>
                  )}
                </td>
                <td className={`${tdClass} tabular text-right`}>{formatPercent(d.agreement)}</td>
                {pKeys.map((k) => (
                  <td key={k} className={`${tdClass} tabular text-right`}>
                    {formatPValue(d.pValues[k])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-muted-foreground">
        The decision follows a confidence sequence of the paired difference at each look's share of the error budget, so
        the intervals of all looks hold together and checking again as labels arrive does not inflate false decisions;
        an interval that still straddles zero reads “insufficient evidence”. Fixed-sample p-values are for information.
        Agreement: share of matched events on which both predict the same.
      </p>
    </ScrollRegion>
  );
}

function LabelFreeCell({ version, metric }: { version: ShadowVersionView; metric: string }) {
  const lf = version.labelFree;
  if (!lf) return null;
  const estimate = lf.metrics[metric];
  if (!estimate) return null;
  return (
    <span className="block text-xs text-muted-foreground" title="Label-free estimate (confidence-based)">
      est. ≈ {formatMetric(estimate.estimate)} {estimate.interval ? formatInterval(estimate.interval) : ""}
    </span>
  );
}

export function MetricsTable({ view, styles }: { view: ShadowPageData; styles: readonly VersionStyle[] }) {
  const metrics = metricNames(view.versions);
  const hasLabelFree = view.versions.some((v) => v.labelFree && Object.keys(v.labelFree.metrics).length > 0);
  const refused = view.versions.filter((v) => v.labelFree && v.labelFree.status !== "ok" && v.labelFree.reason);
  const hasCalibration = view.versions.some((v) => v.calibration);
  const hasCost = view.versions.some((v) => v.cost);
  return (
    <ScrollRegion label="Metrics per version">
      <table className={tableClass} data-testid="shadow-metrics">
        <thead>
          <tr>
            <th className={thClass}>Metric</th>
            {view.versions.map((v) => (
              <th key={v.modelVersionId} className={`${thClass} text-right`}>
                <VersionName style={styles.find((s) => s.modelVersionId === v.modelVersionId)} />
                <span className="block font-normal tabular">n = {formatCount(v.n)} labelled</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((metric) => (
            <tr key={metric} data-testid="shadow-metric-row" data-metric={metric}>
              <td className={`${tdClass} font-mono text-xs`}>{metric}</td>
              {view.versions.map((v) => (
                <td key={v.modelVersionId} className={`${tdClass} tabular text-right`}>
                  {formatMetric(v.metrics[metric])}
                  {v.intervals[metric] && (
                    <span className="block text-xs text-muted-foreground">{formatInterval(v.intervals[metric])}</span>
                  )}
                  {hasLabelFree && <LabelFreeCell version={v} metric={metric} />}
                </td>
              ))}
            </tr>
          ))}
          {hasCalibration && (
            <tr data-testid="shadow-metric-row" data-metric="calibration_ece">
              <td className={tdClass}>
                <span className="font-mono text-xs">ece</span>{" "}
                <span className="text-xs text-muted-foreground">(calibration, 15 bins)</span>
              </td>
              {view.versions.map((v) => (
                <td key={v.modelVersionId} className={`${tdClass} tabular text-right`}>
                  {formatMetric(v.calibration?.ece)}
                </td>
              ))}
            </tr>
          )}
          {hasCost && (
            <tr data-testid="shadow-metric-row" data-metric="cost_per_decision">
              <td className={tdClass}>
                Cost per decision <span className="text-xs text-muted-foreground">(benchmark's cost matrix)</span>
              </td>
              {view.versions.map((v) => (
                <td key={v.modelVersionId} className={`${tdClass} tabular text-right`}>
                  {formatMetric(v.cost?.perDecision)}
                  {v.cost?.interval && (
                    <span className="block text-xs text-muted-foreground">{formatInterval(v.cost.interval)}</span>
                  )}
                </td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-muted-foreground">
        Intervals hold at {formatLevel(view.level)} across all looks together (each look spends α·6/(π²k²): confidence
        sequences for accuracy, Brier and cost, bootstrap standard intervals otherwise), on labelled matched events;
        threshold {view.threshold}.
        {hasLabelFree && " “est.” is the label-free estimate (confidence-based) with its interval."}
      </p>
      {refused.map((v) => (
        <p key={v.modelVersionId} className="mt-1 text-xs text-muted-foreground">
          No label-free estimate for {v.label}: {v.labelFree?.reason}
        </p>
      ))}
    </ScrollRegion>
  );
}

/** Each version's production scores against its benchmark predictions, and each challenger's against the champion's. */
export function PredictionShiftTable({ shift }: { shift: ShadowPageData["predictionShift"] }) {
  return (
    <ScrollRegion label="Prediction shift">
      <table className={tableClass} data-testid="shadow-prediction-shift">
        <thead>
          <tr>
            <th className={thClass}>Predictions</th>
            <th className={`${thClass} text-right`}>KS statistic</th>
            <th className={`${thClass} text-right`}>p-value</th>
            <th className={`${thClass} text-right`}>PSI</th>
          </tr>
        </thead>
        <tbody>
          {shift.map((s) => (
            <tr key={`${s.against}-${s.modelVersionId}`} data-testid="shadow-prediction-shift-row">
              <td className={tdClass} title={s.reason ?? undefined}>
                {s.comparison}
                {s.reason && <span className="block text-xs text-muted-foreground">{s.reason}</span>}
              </td>
              <td className={`${tdClass} tabular text-right`}>{formatMetric(s.ks)}</td>
              <td className={`${tdClass} tabular text-right`}>{formatPValue(s.pValue)}</td>
              <td className={`${tdClass} tabular text-right`}>{formatMetric(s.psi)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-muted-foreground">
        Score distributions before labels. Against the champion the samples are the same requests (paired), so the
        p-value is descriptive only.
      </p>
    </ScrollRegion>
  );
}

export function DriftTable({ drift }: { drift: ShadowPageData["drift"] }) {
  const rows = driftByPsi(drift);
  return (
    <ScrollRegion label="Drift per feature" className="max-h-[28rem]">
      <table className={tableClass} data-testid="shadow-drift">
        <thead className="sticky top-0 bg-surface">
          <tr>
            <th className={thClass}>Feature</th>
            <th className={thClass}>Type</th>
            <th className={`${thClass} text-right`}>Statistic</th>
            <th className={`${thClass} text-right`}>p-value</th>
            <th className={`${thClass} text-right`}>PSI ↓</th>
            <th className={`${thClass} text-right`}>JS distance</th>
            <th className={`${thClass} text-right`}>Missing</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.feature} data-testid="shadow-drift-row" data-feature={d.feature}>
              <td className={`${tdClass} font-mono text-xs`}>{d.feature}</td>
              <td className={`${tdClass} text-xs`}>{d.kind === "numeric" ? "numeric · KS" : "categorical · χ²"}</td>
              <td className={`${tdClass} tabular text-right`}>{formatMetric(d.statistic)}</td>
              <td className={`${tdClass} tabular text-right`}>{formatPValue(d.pValue)}</td>
              <td className={`${tdClass} tabular text-right`}>{formatMetric(d.psi)}</td>
              <td className={`${tdClass} tabular text-right`}>{formatMetric(d.js)}</td>
              <td className={`${tdClass} tabular text-right`}>{formatCount(d.missing)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
