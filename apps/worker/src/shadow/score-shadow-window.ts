import {
  type BenchmarkMetricInterval,
  type CostMatrix,
  type DriftColumn,
  type ShadowFeatures,
  type ShadowSnapshotInput,
  type ShadowSnapshotResult,
  type ShadowVersionInput,
  scoreShadowSnapshot,
} from "@fieldtest/core";
import {
  type BlobStorage,
  type Db,
  loadShadowWindow,
  type ShadowEvaluation,
  type ShadowEvaluationVersion,
  type ShadowWindow,
  shadowWindowColumns,
} from "@fieldtest/db";
import { loadShadowReference, type ShadowReference } from "./load-shadow-reference.ts";

export interface ScoredShadowWindow {
  counts: { events: number; matched: number; labelled: number };
  result: ShadowSnapshotResult;
}

/**
 * Loads a shadow evaluation's window as received by `scoredAt` with its benchmark reference and
 * scores one snapshot with the core (scoreShadowSnapshot). Pure but for the reads.
 */
export async function scoreShadowWindow(input: {
  db: Db;
  storage: BlobStorage;
  evaluation: ShadowEvaluation & { versions: ShadowEvaluationVersion[] };
  window: { from: Date | null; to: Date };
  scoredAt: Date;
  look: number;
}): Promise<ScoredShadowWindow> {
  const { db, storage, evaluation, window, scoredAt, look } = input;
  const champion = await db.modelVersion.findUniqueOrThrow({
    where: { id: evaluation.championVersionId },
    select: { model: { select: { task: true } } },
  });
  const task = champion.model.task;
  const loaded = await loadShadowWindow({
    db,
    teamId: evaluation.teamId,
    versions: evaluation.versions.map((v) => ({ modelVersionId: v.modelVersionId, role: v.role })),
    from: window.from,
    to: window.to,
    receivedBy: scoredAt,
  });
  const columns = shadowWindowColumns(loaded, task);
  const reference = await loadShadowReference({
    db,
    storage,
    benchmarkId: evaluation.benchmarkId,
    versionIds: evaluation.versions.map((v) => v.modelVersionId),
  });

  const versions: ShadowVersionInput[] = columns.versions.map((v) => {
    const ref = reference.versions.get(v.modelVersionId);
    const benchmark: Record<string, BenchmarkMetricInterval | null> = {};
    for (const [metric, m] of Object.entries(ref?.metrics ?? {})) {
      benchmark[metric] =
        m.lower !== null && m.upper !== null
          ? { value: m.value, lower: m.lower, upper: m.upper, level: m.level ?? evaluation.level }
          : null;
    }
    return {
      modelVersionId: v.modelVersionId,
      role: v.role,
      predictions: v.predictions,
      status: v.status,
      latencyMs: v.latencyMs,
      ...(ref?.scores && task !== "multiclass_classification" ? { reference: ref.scores } : {}),
      ...(ref ? { benchmark } : {}),
    };
  });
  const base = {
    level: evaluation.level,
    look,
    seed: evaluation.seed,
    nowMs: scoredAt.getTime(),
    eventTimeMs: loaded.eventTimeMs,
    labelTimeMs: loaded.labelTimeMs,
    ...(reference.features.length > 0 ? { features: driftFeatures(loaded, reference) } : {}),
  };
  let coreInput: ShadowSnapshotInput;
  if (task === "binary_classification") {
    const costs = reference.benchmark?.costs as CostMatrix | null | undefined;
    coreInput = {
      ...base,
      task,
      labels: columns.labels as Float64Array,
      threshold: evaluation.threshold,
      ...(costs ? { costMatrix: costs } : {}),
      versions: versions as ShadowVersionInput<Float64Array>[],
    };
  } else if (task === "multiclass_classification") {
    coreInput = {
      ...base,
      task,
      classes: columns.classes ?? [],
      labels: columns.labels as Int32Array,
      versions: versions as ShadowVersionInput<Int32Array>[],
    };
  } else {
    coreInput = {
      ...base,
      task,
      labels: columns.labels as Float64Array,
      versions: versions as ShadowVersionInput<Float64Array>[],
    };
  }
  const result = scoreShadowSnapshot(coreInput);
  if (columns.unusableLabels > 0) {
    result.warnings.push({
      code: "unusable_labels",
      message: `${columns.unusableLabels} event(s) have a current label that does not fit a ${task.replaceAll("_", " ")} model; they count as unlabelled`,
    });
  }
  return {
    counts: { events: result.counts.events, matched: result.counts.matched, labelled: result.counts.labelled },
    result,
  };
}

/**
 * Production features against the benchmark dataset's, for the feature columns the dataset has:
 * numeric where the dataset's column is numeric (a production value that is not a number is
 * missing), categorical otherwise.
 */
function driftFeatures(window: ShadowWindow, reference: ShadowReference): ShadowFeatures {
  const production: Record<string, DriftColumn> = {};
  const ref: Record<string, DriftColumn> = {};
  const names: string[] = [];
  for (const column of reference.features) {
    names.push(column.name);
    ref[column.name] = column.values;
    if (column.type === "string") {
      production[column.name] = window.features.map((f) => {
        const v = f?.[column.name];
        return v === null || v === undefined ? null : String(v);
      });
    } else {
      production[column.name] = Float64Array.from(window.features, (f) => {
        const v = f?.[column.name];
        if (typeof v === "number") return v;
        if (typeof v === "boolean") return v ? 1 : 0;
        if (column.type === "timestamp" && typeof v === "string") return Date.parse(v);
        return Number.NaN;
      });
    }
  }
  return { names, production, reference: ref };
}
