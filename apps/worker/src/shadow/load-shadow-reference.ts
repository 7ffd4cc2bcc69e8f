import { type FeatureColumn, parseTrainedBuiltinModel, predictBuiltinModel, type Split } from "@fieldtest/core";
import {
  type BlobStorage,
  type ColumnarTable,
  type Db,
  featureColumnsOf,
  numericColumn,
  PREDICTION_ID,
  PREDICTION_SCORE,
  parseBenchmarkRunConfig,
  stringColumn,
} from "@fieldtest/db";
import { takeRows } from "../runs/feature-columns.ts";
import { indexPredictions } from "../runs/join-predictions.ts";
import { readStoredTable } from "../runs/read-stored-table.ts";
import { selectTestRows } from "../runs/test-rows.ts";

/** A benchmark metric of one version, overall (no slice), with its bootstrap interval. */
export interface BenchmarkMetric {
  value: number;
  lower: number | null;
  upper: number | null;
  level: number | null;
}

/** What a version brings from the benchmark: its latest succeeded run's metrics and its test-row scores. */
export interface ReferenceVersion {
  runId: string;
  metrics: Record<string, BenchmarkMetric>;
  /** The version's scores on the run's test rows and their labels (label-free estimate, prediction shift); null when unavailable. */
  scores: { predictions: Float64Array; labels: Float64Array } | null;
  /** Why `scores` is null. */
  scoresMissing: string | null;
}

export interface ShadowReference {
  benchmark: { id: string; name: string; version: number; costs: unknown; task: string } | null;
  /** The benchmark dataset version's feature columns, every row (the drift reference). */
  features: FeatureColumn[];
  versions: Map<string, ReferenceVersion>;
}

const tables = new Map<string, ColumnarTable>();
/** Dataset tables kept in memory between scorings (a continuous evaluation rereads the same one). */
const TABLE_CACHE = 4;

async function cachedTable(storage: BlobStorage, key: string, what: string): Promise<ColumnarTable> {
  const hit = tables.get(key);
  if (hit) return hit;
  const table = await readStoredTable(storage, key, what);
  tables.set(key, table);
  while (tables.size > TABLE_CACHE) tables.delete(tables.keys().next().value as string);
  return table;
}

/**
 * The benchmark side of a shadow evaluation: for each version, the latest succeeded run on the
 * evaluation's benchmark (its overall metric values — the gap's benchmark side — and its scores
 * on that run's test rows: uploaded predictions for offline versions, the run's trained model
 * for builtin ones; endpoint versions are not called again for this), plus the dataset's
 * features for drift. Without a benchmark, everything is empty.
 */
export async function loadShadowReference(input: {
  db: Db;
  storage: BlobStorage;
  benchmarkId: string | null;
  versionIds: readonly string[];
}): Promise<ShadowReference> {
  const { db, storage, benchmarkId } = input;
  const empty: ShadowReference = { benchmark: null, features: [], versions: new Map() };
  if (!benchmarkId) return empty;
  const benchmark = await db.benchmark.findUnique({ where: { id: benchmarkId }, include: { datasetVersion: true } });
  if (!benchmark) return empty;
  const dv = benchmark.datasetVersion;
  const table = await cachedTable(storage, dv.storageKey, `dataset version ${dv.version}`);
  const features = featureColumnsOf(table, dv);
  const labelCells = table.columns.find((c) => c.name === dv.labelColumn);
  const labels =
    labelCells?.type === "string" ? null : numericColumn(table, dv.labelColumn); /* booleans are stored as 0/1 */
  const timestamps = dv.timestampColumn ? numericColumn(table, dv.timestampColumn) : null;

  const versions = new Map<string, ReferenceVersion>();
  for (const versionId of input.versionIds) {
    const run = await db.evaluationRun.findFirst({
      where: { kind: "benchmark", status: "succeeded", benchmarkId, modelVersionId: versionId },
      orderBy: { finishedAt: "desc" },
      include: { metricValues: { where: { slice: "", modelVersionId: versionId } }, modelVersion: true },
    });
    if (!run) continue;
    const metrics: Record<string, BenchmarkMetric> = {};
    for (const m of run.metricValues)
      metrics[m.metric] = { value: m.value, lower: m.lower, upper: m.upper, level: m.level };
    const reference: ReferenceVersion = { runId: run.id, metrics, scores: null, scoresMissing: null };
    try {
      const config = parseBenchmarkRunConfig(run.config);
      const split = (config as unknown as { split: Split }).split;
      if ((split as { kind: string }).kind === "rolling")
        throw new Error("its benchmark is a rolling backtest (no single test split)");
      if (!labels) throw new Error("the benchmark's labels are not numeric");
      const test = selectTestRows({ split, seed: run.seed, rowCount: table.rowCount, timestamps });
      let scores: Float64Array;
      if (run.modelVersion.endpointKind === "offline") {
        const upload = await db.predictions.findUnique({
          where: { modelVersionId_datasetVersionId: { modelVersionId: versionId, datasetVersionId: dv.id } },
        });
        if (!upload) throw new Error("no uploaded predictions for the benchmark's dataset version");
        const stored = await readStoredTable(storage, upload.storageKey, "the uploaded predictions");
        const byId = indexPredictions(stringColumn(stored, PREDICTION_ID), numericColumn(stored, PREDICTION_SCORE));
        const ids = stringColumn(table, dv.idColumn);
        scores = Float64Array.from(test, (row) => byId.get(ids[row] as string) ?? Number.NaN);
      } else if (run.modelVersion.endpointKind === "builtin") {
        const stored = await db.runResult.findUnique({ where: { runId_kind: { runId: run.id, kind: "model" } } });
        const model = (stored?.data as { models?: { model: unknown }[] } | undefined)?.models?.[0]?.model;
        if (!model) throw new Error("its benchmark run stored no trained model");
        scores = predictBuiltinModel(parseTrainedBuiltinModel(model), takeRows(features, test));
      } else {
        throw new Error("endpoint versions are not called again for reference scores");
      }
      reference.scores = { predictions: scores, labels: Float64Array.from(test, (row) => labels[row] as number) };
    } catch (err) {
      reference.scoresMissing = err instanceof Error ? err.message : String(err);
    }
    versions.set(versionId, reference);
  }
  return {
    benchmark: {
      id: benchmark.id,
      name: benchmark.name,
      version: benchmark.version,
      costs: benchmark.costs,
      task: benchmark.task,
    },
    features,
    versions,
  };
}
