import "server-only";
import type { ShadowSnapshotResult } from "@fieldtest/core";
import { type Db, shadowLiveCounts } from "@fieldtest/db";
import type {
  DriftFeatureView,
  Interval,
  ShadowEvaluationView,
  ShadowSeriesPoint,
  ShadowVersionView,
} from "./shadow-view-types";

/** The metric the over-time charts and the status strip lead with, per task. */
export const HEADLINE_METRIC: Record<string, string> = {
  binary_classification: "roc_auc",
  multiclass_classification: "accuracy",
  regression: "mae",
};

const interval = (lower: number | null | undefined, upper: number | null | undefined): Interval =>
  lower === null || lower === undefined || upper === null || upper === undefined ? null : [lower, upper];

/**
 * A shadow evaluation of team `teamId` with its latest snapshot, as REST and the shadow page
 * show it; null when there is none the team can see.
 */
export async function shadowEvaluationView(db: Db, teamId: string, id: string): Promise<ShadowEvaluationView | null> {
  const evaluation = await db.shadowEvaluation.findFirst({
    where: { id, teamId },
    include: {
      benchmark: { select: { id: true, name: true, version: true } },
      versions: {
        orderBy: { position: "asc" },
        include: { modelVersion: { select: { version: true, model: { select: { name: true, task: true } } } } },
      },
      snapshots: { orderBy: { sequence: "desc" }, take: 1 },
    },
  });
  if (!evaluation) return null;
  const latest = evaluation.snapshots[0];
  const result = latest?.result as unknown as ShadowSnapshotResult | undefined;
  const labelOf = new Map(
    evaluation.versions.map((v) => [v.modelVersionId, `${v.modelVersion.model.name} ${v.modelVersion.version}`]),
  );
  const task = evaluation.versions[0]?.modelVersion.model.task ?? "binary_classification";

  const versions: ShadowVersionView[] = evaluation.versions.map((v) => {
    const metrics = result?.metrics.find((m) => m.modelVersionId === v.modelVersionId);
    const labelFree = result?.labelFree.find((m) => m.modelVersionId === v.modelVersionId);
    const calibration = result?.calibration.find((m) => m.modelVersionId === v.modelVersionId);
    const cost = result?.cost.find((m) => m.modelVersionId === v.modelVersionId);
    return {
      modelVersionId: v.modelVersionId,
      role: v.role,
      label: labelOf.get(v.modelVersionId) ?? v.modelVersionId,
      metrics: Object.fromEntries(Object.entries(metrics?.metrics ?? {}).map(([k, m]) => [k, m.value])),
      intervals: Object.fromEntries(
        Object.entries(metrics?.metrics ?? {}).map(([k, m]) => [k, interval(m.lower, m.upper)]),
      ),
      n: metrics?.n ?? 0,
      labelFree: labelFree
        ? labelFree.status === "estimated"
          ? {
              status: "estimated",
              metrics: Object.fromEntries(
                Object.entries(labelFree.metrics).map(([k, m]) => [
                  k,
                  { estimate: m?.estimate ?? 0, interval: interval(m?.lower, m?.upper) },
                ]),
              ),
            }
          : { status: labelFree.status, reason: labelFree.reason, metrics: {} }
        : null,
      calibration: calibration
        ? {
            ece: calibration.ece,
            bins: calibration.bins.map((b) => ({
              count: b.count,
              meanPredicted: b.meanPredicted,
              observedRate: b.observedRate,
            })),
          }
        : null,
      cost: cost ? { perDecision: cost.expectedCost, interval: interval(cost.lower, cost.upper) } : null,
    };
  });

  const drift: DriftFeatureView[] = Object.entries(result?.drift?.report?.columns ?? {}).map(([feature, c]) =>
    c.type === "numeric"
      ? {
          feature,
          kind: "numeric",
          statistic: c.ks_statistic,
          pValue: c.ks_pvalue,
          psi: c.psi,
          js: c.js_distance,
          missing: c.missing.current,
        }
      : {
          feature,
          kind: "categorical",
          statistic: c.chi2_statistic,
          pValue: c.chi2_pvalue,
          psi: c.psi,
          js: c.js_distance,
          missing: c.missing.current,
        },
  );

  return {
    id: evaluation.id,
    status: evaluation.status,
    continuous: evaluation.windowTo === null || evaluation.stoppedAt !== null,
    window: { from: evaluation.windowFrom?.toISOString() ?? null, to: evaluation.windowTo?.toISOString() ?? null },
    progress: evaluation.progress,
    ...(evaluation.error ? { error: evaluation.error } : {}),
    level: evaluation.level,
    threshold: evaluation.threshold,
    task,
    benchmark: evaluation.benchmark,
    snapshot: latest ? { sequence: latest.sequence, scoredAt: latest.scoredAt.toISOString() } : null,
    counts: {
      events: latest?.events ?? 0,
      labelled: latest?.labelled ?? 0,
      matched: latest?.matched ?? 0,
      labelledEvents: result?.counts.labelledEvents ?? 0,
    },
    live: await shadowLiveCounts({
      db,
      teamId,
      championVersionId: evaluation.championVersionId,
      from: evaluation.windowFrom,
      to: evaluation.windowTo,
    }),
    medianLabelLagMs: result?.labelMaturity.medianLabelLagMs ?? null,
    versions,
    difference: (result?.difference ?? []).flatMap((d) => {
      const agreement = result?.agreement.find((a) => a.challengerId === d.challengerId);
      const size = result?.sampleSize.find((s) => s.challengerId === d.challengerId);
      return d.comparisons.map((c) => ({
        challengerVersionId: d.challengerId,
        metric: c.metric,
        challengerMinusChampion: c.challengerMinusChampion,
        interval: interval(c.lower, c.upper),
        decision: c.challengerMinusChampion === null ? null : c.decision,
        // Each fixed-sample test belongs to one metric: McNemar to accuracy, DeLong to roc_auc (shown
        // beside accuracy, the comparison row of a binary evaluation that has no roc_auc sequence).
        pValues:
          c.metric === "accuracy"
            ? { mcnemar: d.mcnemar?.pValue ?? null, ...(d.delong ? { delong: d.delong.pValue } : {}) }
            : {},
        agreement: agreement?.decisionAgreement ?? null,
        furtherLabels: size?.accuracy?.further ?? null,
        ...(size?.accuracy ? {} : { furtherLabelsReason: size?.accuracyReason ?? "no estimate yet" }),
      }));
    }),
    latency: (result?.latency ?? []).map((l) => ({
      modelVersionId: l.modelVersionId,
      p50: l.p50,
      p95: l.p95,
      p99: l.p99,
      errorRate: l.errorRate,
      timeoutRate: l.timeoutRate,
      calls: l.calls,
    })),
    gap: (result?.gap ?? []).flatMap((g) =>
      g.metrics.map((m) => ({
        modelVersionId: g.modelVersionId,
        metric: m.metric,
        benchmark: m.benchmark?.value ?? null,
        shadow: m.shadow?.value ?? null,
        gap: m.gap,
        interval: interval(m.lower, m.upper),
        ...(m.reason ? { reason: m.reason } : {}),
      })),
    ),
    labelMaturity: (result?.labelMaturity.buckets ?? []).map((b) => ({
      label: b.label,
      events: b.events,
      labelled: b.labelled,
      share: b.shareLabelled,
      cumulativeShare: b.cumulativeShareLabelled,
    })),
    drift,
    predictionShift: [
      ...(result?.predictionShift.versions ?? []).map((v) => ({
        comparison: `${labelOf.get(v.modelVersionId) ?? v.modelVersionId} vs its benchmark predictions`,
        modelVersionId: v.modelVersionId,
        against: "benchmark" as const,
        ks: v.shift.ksStatistic,
        pValue: v.shift.ksPValue,
        psi: v.shift.psi,
        reason: v.shift.reason,
      })),
      ...(result?.predictionShift.challengers ?? []).map((c) => ({
        comparison: `${labelOf.get(c.challengerId) ?? c.challengerId} vs the champion, same requests`,
        modelVersionId: c.challengerId,
        against: "champion" as const,
        ks: c.shift.ksStatistic,
        pValue: c.shift.ksPValue,
        psi: c.shift.psi,
        reason: c.shift.reason,
      })),
    ],
    warnings: result?.warnings ?? [],
  };
}

/** Every snapshot's headline numbers (oldest first, at most the latest 500), for the over-time charts. */
export async function shadowSnapshotSeries(db: Db, id: string): Promise<ShadowSeriesPoint[]> {
  // Only the parts the charts read (a whole result also holds drift, calibration bins, …).
  const snapshots = await db.$queryRaw<
    {
      sequence: number;
      scoredAt: Date;
      events: number;
      labelled: number;
      result: Pick<ShadowSnapshotResult, "task" | "metrics" | "gap" | "difference">;
    }[]
  >`
    SELECT sequence, "scoredAt", events, labelled,
      jsonb_build_object('task', result->'task', 'metrics', result->'metrics', 'gap', result->'gap',
        'difference', result->'difference') AS result
    FROM shadow_snapshot WHERE "shadowEvaluationId" = ${id}::uuid
    ORDER BY sequence DESC LIMIT 500`;
  return snapshots.reverse().map((s) => {
    const r = s.result;
    const metric = HEADLINE_METRIC[r.task] ?? "accuracy";
    return {
      sequence: s.sequence,
      scoredAt: s.scoredAt.toISOString(),
      events: s.events,
      labelled: s.labelled,
      versions: r.metrics.map((m) => {
        const v = m.metrics[metric];
        return {
          modelVersionId: m.modelVersionId,
          metric,
          value: v?.value ?? null,
          interval: interval(v?.lower, v?.upper),
        };
      }),
      gap: r.gap.flatMap((g) =>
        g.metrics
          .filter((m) => m.metric === metric)
          .map((m) => ({ modelVersionId: g.modelVersionId, metric, gap: m.gap, interval: interval(m.lower, m.upper) })),
      ),
      difference: r.difference.flatMap((d) =>
        d.comparisons.slice(0, 1).map((c) => ({
          challengerVersionId: d.challengerId,
          metric: c.metric,
          value: c.challengerMinusChampion,
          interval: interval(c.lower, c.upper),
        })),
      ),
    };
  });
}
