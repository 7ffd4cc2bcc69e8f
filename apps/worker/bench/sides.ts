// The two timed sides of the builtin-run bench: the worker's execution of a stored benchmark
// run (database, storage, evaluateBenchmarkRun, completion) and the raw core on in-memory columns.
import {
  type BinaryMetricName,
  type BuiltinAlgorithm,
  binaryEvaluation,
  bootstrapBinarySuite,
  type FeatureColumn,
  predictBuiltinModel,
  trainBuiltinModel,
} from "@fieldtest/core";
import { type BlobStorage, createBenchmarkRun, type Db } from "@fieldtest/db";
import { evaluateBenchmarkRun } from "../src/runs/evaluate-benchmark-run.ts";
import { completeRun, markRunRunning, recordRunProgress } from "../src/runs/run-status.ts";

export const METRICS: BinaryMetricName[] = ["roc_auc", "average_precision", "log_loss", "brier_score", "accuracy"];
export const THRESHOLD = 0.5;
export const CONFIDENCE_LEVEL = 0.95;
export const SEED = 7;

export interface Rep {
  seconds: number;
  /** CPU time (user + system) of this process during the rep. */
  cpuSeconds: number;
  /** The headline ROC AUC: both sides must agree. */
  rocAuc: number;
}

export interface BenchCase {
  algorithm: BuiltinAlgorithm;
  resamples: number;
}

/** The rows of one split, gathered once for the raw side (the worker gathers its own inside the timed rep). */
export interface SplitColumns {
  train: { features: FeatureColumn[]; labels: Float64Array };
  test: { features: FeatureColumn[]; labels: Float64Array };
}

const gc = (globalThis as { gc?: () => void }).gc;

async function timed(work: () => Promise<number>): Promise<Rep> {
  gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const rocAuc = await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, rocAuc };
}

export interface FieldtestSide {
  db: Db;
  storage: BlobStorage;
  teamId: string;
  userId: string;
  benchmarkId: string;
  modelVersionId: string;
}

/**
 * One benchmark run as the worker's processor executes it, without the queue: a queued run is
 * created (not timed), then the timed part reads the run row, marks it running, executes the
 * frozen protocol with evaluateBenchmarkRun (progress written to the run as it goes) and writes
 * the metric values and results with completeRun.
 */
export async function fieldtestRep(side: FieldtestSide): Promise<Rep> {
  const { db, storage } = side;
  const queued = await createBenchmarkRun({
    db,
    teamId: side.teamId,
    benchmarkId: side.benchmarkId,
    modelVersionId: side.modelVersionId,
    userId: side.userId,
    codeVersion: "bench",
  });
  return timed(async () => {
    const run = await db.evaluationRun.findUnique({ where: { id: queued.id } });
    if (!run || !(await markRunRunning(db, run))) throw new Error(`run ${queued.id} could not be started`);
    const { values, results } = await evaluateBenchmarkRun({
      db,
      storage,
      run,
      outbound: null,
      onProgress: (progress) => recordRunProgress(db, run.id, progress),
    });
    const completed = await completeRun(db, {
      runId: run.id,
      modelVersionId: run.modelVersionId,
      values,
      results,
      codeVersion: "bench",
    });
    if (!completed) throw new Error(`run ${run.id} was not completed`);
    const auc = values.find((v) => v.metric === "roc_auc" && !v.slice);
    if (!auc || auc.value === null) throw new Error("the run has no roc_auc");
    return auc.value;
  });
}

/** The same work with core alone on the same split's columns: train, predict, evaluate (+ bootstrap). */
export function rawRep(split: SplitColumns, benchCase: BenchCase): Promise<Rep> {
  return timed(async () => {
    const model = trainBuiltinModel({ algorithm: benchCase.algorithm }, split.train, SEED);
    const scores = predictBuiltinModel(model, split.test.features);
    const evaluation = binaryEvaluation(split.test.labels, scores, { threshold: THRESHOLD });
    if (benchCase.resamples > 0) {
      bootstrapBinarySuite({
        labels: split.test.labels,
        scores,
        threshold: THRESHOLD,
        metrics: METRICS,
        seed: SEED,
        resamples: benchCase.resamples,
        level: CONFIDENCE_LEVEL,
      });
    }
    const auc = evaluation.metrics.roc_auc;
    if (auc === null) throw new Error("the raw side has no roc_auc");
    return auc;
  });
}
