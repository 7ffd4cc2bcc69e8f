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
type StoredShadowResult = ShadowSnapshotResult & { labelledAsOf?: { labelled: number } | null };

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
  const found = await db.$queryRaw<{ id: string }[]>`
    SELECT s.id
    FROM shadow_evaluation_version v
    JOIN shadow_evaluation e ON e.id = v."shadowEvaluationId"
    JOIN LATERAL (
      SELECT id FROM shadow_snapshot
      WHERE "shadowEvaluationId" = e.id AND jsonb_typeof(result -> 'labelledAsOf') = 'object'
      ORDER BY sequence DESC LIMIT 1
    ) s ON true
    WHERE v."modelVersionId" = ${modelVersionId}::uuid AND e."teamId" = ${teamId}::uuid
    ORDER BY (v.role = 'challenger') DESC, e."createdAt" DESC, e.id DESC
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
  const asOf = snapshot.scoredAt.toISOString();
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
  if (role === "challenger" && champion) {
    shadow.production = {
      modelVersionId: champion.modelVersionId,
      metrics: shadowEstimates(champion),
      differences: differencesOf(result, modelVersionId),
    };
  }
  const latency = result.latency?.find((l) => l.modelVersionId === modelVersionId);
  if (latency) {
    const percentilesMs: NonNullable<ShadowEvidence["latency"]>["percentilesMs"] = {};
    if (isFiniteNumber(latency.p50)) percentilesMs.p50 = latency.p50;
    if (isFiniteNumber(latency.p95)) percentilesMs.p95 = latency.p95;
    if (isFiniteNumber(latency.p99)) percentilesMs.p99 = latency.p99;
    shadow.latency = { n: latency.n, percentilesMs };
  }
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
    sequence: snapshot.sequence,
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
