import type {
  DriftEvidence,
  FeatureDriftEvidence,
  GapEvidence,
  LabelMaturityEvidence,
  ShadowDrift,
  ShadowEvidence,
  ShadowLabelMaturity,
  ShadowSnapshotResult,
  ShadowVersionMetrics,
} from "@fieldtest/core";
import { type EstimateMap, intervalOf, isFiniteNumber, isMetricName, type ReadinessDb } from "./evidence-reader.ts";

/** A stored snapshot result: the core's result plus the look its labelled parts come from. */
type StoredShadowResult = ShadowSnapshotResult & {
  labelledAsOf?: { labelled: number; sequence: number; scoredAt: string } | null;
};

export interface ShadowBlocks {
  shadow: ShadowEvidence;
  gap: GapEvidence | undefined;
  drift: DriftEvidence | undefined;
  shadowEvaluationId: string;
  sequence: number;
}

/**
 * Shadow evidence of a version: the latest snapshot that carries a look (`labelledAsOf` set)
 * of the newest shadow evaluation of the team in which the version takes part — one where it
 * is a challenger if there is any, else one where it is the champion. The snapshot's metric
 * intervals hold across all looks together, so they are anytime_valid at the metric's `level`.
 */
export async function loadShadowEvidence(options: {
  db: ReadinessDb;
  teamId: string;
  modelVersionId: string;
}): Promise<ShadowBlocks | null> {
  const { db, teamId, modelVersionId } = options;
  // "vs production" means the model's production version now, not whichever champion an
  // evaluation was started against: evaluations against it come first, and only their champion
  // serves as the production baseline below.
  const production = await db.modelVersion.findFirst({
    where: {
      stage: "production",
      id: { not: modelVersionId },
      model: { teamId, versions: { some: { id: modelVersionId } } },
    },
    orderBy: { updatedAt: "desc" },
    select: { id: true },
  });
  const productionId = production?.id ?? "00000000-0000-0000-0000-000000000000";
  // Every snapshot after an evaluation's first look carries that look's metrics (`looks` > 0):
  // its latest snapshot, by the (evaluation, sequence) index, without reading results.
  const found = await db.$queryRaw<{ id: string }[]>`
    SELECT s.id
    FROM shadow_evaluation_version v
    JOIN shadow_evaluation e ON e.id = v."shadowEvaluationId"
    JOIN LATERAL (
      SELECT id FROM shadow_snapshot
      WHERE "shadowEvaluationId" = e.id AND sequence = e."snapshotCount"
    ) s ON true
    WHERE v."modelVersionId" = ${modelVersionId}::uuid AND e."teamId" = ${teamId}::uuid AND e.looks > 0
    ORDER BY (v.role = 'challenger') DESC, (e."championVersionId" = ${productionId}::uuid) DESC,
      e."createdAt" DESC, e.id DESC
    LIMIT 1`;
  const id = found[0]?.id;
  if (id === undefined) return null;
  const snapshot = await db.shadowSnapshot.findUniqueOrThrow({ where: { id } });
  const role = (
    await db.shadowEvaluationVersion.findUnique({
      where: { shadowEvaluationId_modelVersionId: { shadowEvaluationId: snapshot.shadowEvaluationId, modelVersionId } },
      select: { role: true },
    })
  )?.role;
  const result = snapshot.result as unknown as StoredShadowResult;
  // The metrics are those of the evaluation's last look (carried by later snapshots): as of then.
  const asOf = result.labelledAsOf?.scoredAt ?? snapshot.scoredAt.toISOString();
  const own = result.metrics?.find((m) => m.modelVersionId === modelVersionId);
  const champion = result.metrics?.find((m) => m.role === "champion");

  const metrics = shadowEstimates(own);
  const calibration = result.calibration?.find((c) => c.modelVersionId === modelVersionId);
  if (metrics.ece === undefined && calibration && isFiniteNumber(calibration.ece)) {
    // Shadow ECE is a point value (no confidence sequence): reported, never enough to pass a gate.
    metrics.ece = {
      value: calibration.ece,
      interval: null,
      level: result.level,
      intervalKind: "fixed_sample",
      n: calibration.n,
    };
  }
  const shadow: ShadowEvidence = {
    asOf,
    // The labelled matched events of the look the metrics come from.
    labelledCount: result.labelledAsOf?.labelled ?? own?.n ?? 0,
    metrics,
  };
  if (role === "challenger" && champion && champion.modelVersionId === production?.id) {
    shadow.production = {
      modelVersionId: champion.modelVersionId,
      metrics: shadowEstimates(champion),
      differences: differencesOf(result, modelVersionId),
    };
  }
  const latency = result.latency?.find((l) => l.modelVersionId === modelVersionId);
  if (latency) shadow.latency = latencyOverAllCalls(latency);
  const cost = result.cost?.find((c) => c.modelVersionId === modelVersionId);
  if (cost && isFiniteNumber(cost.expectedCost)) {
    shadow.decisionCost = {
      value: cost.expectedCost,
      interval: intervalOf(cost.lower, cost.upper),
      level: cost.level,
      intervalKind: "anytime_valid",
      n: cost.n,
    };
  }
  const maturity = labelMaturityOf(result.labelMaturity);
  if (maturity.length > 0) shadow.labelMaturity = maturity;

  return {
    shadow,
    gap: gapOf(result, modelVersionId, own, asOf),
    drift: driftOf(result.drift, asOf),
    shadowEvaluationId: snapshot.shadowEvaluationId,
    sequence: result.labelledAsOf?.sequence ?? snapshot.sequence,
  };
}

function shadowEstimates(version: ShadowVersionMetrics | undefined): EstimateMap {
  const out: EstimateMap = {};
  for (const [name, m] of Object.entries(version?.metrics ?? {})) {
    if (!isMetricName(name) || !isFiniteNumber(m.value)) continue;
    out[name] = {
      value: m.value,
      interval: intervalOf(m.lower, m.upper),
      level: m.level,
      intervalKind: "anytime_valid",
      n: m.n,
    };
  }
  return out;
}

/** Paired confidence sequences of challenger − champion (this version is the challenger). */
function differencesOf(result: StoredShadowResult, challengerId: string): EstimateMap {
  const out: EstimateMap = {};
  const difference = result.difference?.find((d) => d.challengerId === challengerId);
  for (const c of difference?.comparisons ?? []) {
    if (!isMetricName(c.metric) || !isFiniteNumber(c.challengerMinusChampion)) continue;
    out[c.metric] = {
      value: c.challengerMinusChampion,
      interval: intervalOf(c.lower, c.upper),
      level: c.level,
      intervalKind: "anytime_valid",
      n: c.n,
    };
  }
  return out;
}

/**
 * benchmark − shadow per metric. Its interval covers whenever both sides' intervals do, so its
 * level is the union bound `coverageAtLeast` (e.g. 0.90 from two 0.95 intervals), not 0.95;
 * the benchmark side is one fixed sample and the shadow side a confidence sequence, so the
 * combined interval holds at every look: anytime_valid. n = the shadow metric's labelled events.
 */
function gapOf(
  result: StoredShadowResult,
  modelVersionId: string,
  own: ShadowVersionMetrics | undefined,
  asOf: string,
): GapEvidence | undefined {
  const entries = result.gap?.find((g) => g.modelVersionId === modelVersionId)?.metrics ?? [];
  const metrics: EstimateMap = {};
  for (const e of entries) {
    if (!isMetricName(e.metric) || !isFiniteNumber(e.gap)) continue;
    metrics[e.metric] = {
      value: e.gap,
      interval: intervalOf(e.lower, e.upper),
      level: e.coverageAtLeast ?? 0,
      intervalKind: "anytime_valid",
      n: own?.metrics?.[e.metric]?.n ?? own?.n ?? 0,
    };
  }
  return Object.keys(metrics).length === 0 ? undefined : { asOf, metrics };
}

/**
 * Labelled share of events older than each bucket bound (hours), at the snapshot's time. The
 * buckets count events at most `maxAgeMs` old, so "older than" is what is left; the gate's
 * "at least h hours old" differs only for events exactly h hours old. Hour 0 = every event.
 */
function labelMaturityOf(maturity: ShadowLabelMaturity | undefined): LabelMaturityEvidence[] {
  if (!maturity) return [];
  const out: LabelMaturityEvidence[] = [
    { minEventAgeHours: 0, eventCount: maturity.events, labelledCount: maturity.labelled },
  ];
  for (const b of maturity.buckets) {
    if (b.maxAgeMs === null) continue;
    out.push({
      minEventAgeHours: b.maxAgeMs / 3_600_000,
      eventCount: maturity.events - b.cumulativeEvents,
      labelledCount: maturity.labelled - b.cumulativeLabelled,
    });
  }
  return out;
}

function driftOf(drift: ShadowDrift | null | undefined, asOf: string): DriftEvidence | undefined {
  const columns = drift?.report?.columns;
  if (!columns) return undefined;
  const features: Record<string, FeatureDriftEvidence> = {};
  for (const [name, c] of Object.entries(columns)) {
    const base = { referenceN: c.n.reference, currentN: c.n.current, psi: c.psi, js_distance: c.js_distance };
    features[name] =
      c.type === "numeric"
        ? { type: "numeric", ...base, ks_statistic: c.ks_statistic, wasserstein: c.wasserstein }
        : { type: "categorical", ...base };
  }
  return Object.keys(features).length === 0 ? undefined : { asOf, features };
}

/**
 * Latency percentiles over every call, failed ones included. The snapshot's percentiles are over
 * answered calls only; an error or timeout is slower than any answer, so with a failed share f the
 * p-th percentile of all calls is the (p/(1 − f))-th of the answered ones: bounded above by the
 * next stored percentile at or beyond it (p50, p95, p99), and unknown (left out: the gate cannot
 * pass) when it lies beyond p99 — a challenger that times out on 5% of calls has no p95 to pass.
 */
export function latencyOverAllCalls(latency: {
  n: number;
  calls: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  errorRate: number | null;
  timeoutRate: number | null;
}): NonNullable<ShadowEvidence["latency"]> {
  const failed = Math.min(1, (latency.errorRate ?? 0) + (latency.timeoutRate ?? 0));
  const answered: [number, number | null][] = [
    [0.5, latency.p50],
    [0.95, latency.p95],
    [0.99, latency.p99],
  ];
  const percentilesMs: NonNullable<ShadowEvidence["latency"]>["percentilesMs"] = {};
  for (const [key, p] of [
    ["p50", 0.5],
    ["p95", 0.95],
    ["p99", 0.99],
  ] as const) {
    const level = failed >= 1 ? Number.POSITIVE_INFINITY : p / (1 - failed);
    const bound = answered.find(([q, value]) => q >= level - 1e-12 && isFiniteNumber(value));
    if (bound) percentilesMs[key] = bound[1] as number;
  }
  return { n: failed > 0 ? latency.calls : latency.n, percentilesMs };
}
