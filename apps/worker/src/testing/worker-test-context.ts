import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { BinaryMetricName, DecisionCosts, Holdout, ProtocolSplit, StressScenario } from "@fieldtest/core";
import {
  type BlobStorage,
  chunksOf,
  createBenchmarkRun,
  createDatasetVersion,
  createDb,
  type DatasetVersion,
  type Db,
  dbEnv,
  directoryStorage,
  dropDatabase,
  type EvaluationRun,
  findRepoRoot,
  type Prisma,
  savePredictions,
} from "@fieldtest/db";
import { closeQueues, getQueue } from "@fieldtest/jobs";
import { datasetCsv, type ExtraColumn, predictionsCsv, type SyntheticRow } from "./synthetic-data.ts";

/**
 * The worker's integration tests own this database (on DATABASE_URL's server) and never touch
 * another; FIELDTEST_WORKER_TEST_DATABASE (a name ending in _int) gives a second checkout on the
 * same server its own.
 */
export const TEST_DATABASE_NAME = process.env.FIELDTEST_WORKER_TEST_DATABASE || "fieldtest_worker_int";

/** The URL of database `name` on DATABASE_URL's server. */
export function intDatabaseUrl(name: string): string {
  const url = new URL(dbEnv().DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function testDatabaseUrl(): string {
  return intDatabaseUrl(TEST_DATABASE_NAME);
}

/**
 * Drops the integration-test database `url` names, closing whatever still connects to it, so
 * that the migration run that follows recreates it empty: rows an interrupted earlier run left
 * behind (a queued run the next worker would sweep) cannot leak into this one. Refuses any
 * database whose name does not end in `_int`.
 */
export async function dropIntDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name.endsWith("_int")) {
    throw new Error(`Refusing to drop database "${name}": only integration-test databases (named *_int) are reset`);
  }
  await dropDatabase(url, name);
}

export interface BenchmarkRunSpec {
  /** Dataset rows (id, day, label); the model's predictions are the rows' scores. */
  rows: readonly SyntheticRow[];
  /** Rows the offline version uploads predictions for (default: all). */
  predictedRows?: readonly SyntheticRow[];
  /** More dataset columns (features, slice columns), by name. */
  columns?: Record<string, ExtraColumn>;
  split: ProtocolSplit;
  metrics?: BinaryMetricName[];
  threshold?: number;
  seed?: number;
  /** More protocol parts of the benchmark. */
  protocol?: {
    sliceColumns?: string[];
    costs?: DecisionCosts;
    stress?: StressScenario[];
    holdout?: Holdout;
    confidence?: { level: number; resamples: number };
  };
  /** The version's endpoint (default offline, with the rows' scores as its uploaded predictions). */
  endpoint?: { kind: "builtin" | "open_inference_v2" | "http_json"; config: Prisma.InputJsonObject };
}

export interface WorkerTestContext {
  db: Db;
  storage: BlobStorage;
  storageDir: string;
  /** This context's BullMQ key prefix. */
  prefix: string;
  teamId: string;
  userId: string;
  /** Another key prefix, cleaned up with the context (a second, independent queue). */
  newPrefix(): string;
  /** Dataset version, offline model version with predictions, benchmark, and a queued run (not enqueued). */
  createRun(spec: BenchmarkRunSpec): Promise<{ run: EvaluationRun; datasetVersion: DatasetVersion }>;
  /** Environment for a worker process on this context's database, storage and queues. */
  workerProcessEnv(settings: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Drops the test database, then recreates and migrates it with the real `npm run db:migrate`. */
async function recreateTestDatabase(): Promise<void> {
  await dropIntDatabase(testDatabaseUrl());
  await promisify(execFile)("npm", ["run", "-s", "db:migrate"], {
    cwd: findRepoRoot(),
    env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
  });
}

/** A context on a freshly recreated test database: call it once per test file (files run one at a time). */
export async function openWorkerTestContext(label: string): Promise<WorkerTestContext> {
  await recreateTestDatabase();
  const db = createDb(testDatabaseUrl());
  const storageDir = await mkdtemp(path.join(tmpdir(), `fieldtest-worker-${label}-`));
  const storage = directoryStorage(storageDir);
  const unique = randomUUID().slice(0, 8);
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `fieldtest-worker-int-${label}-${unique}-${prefixes.length}`;
    prefixes.push(prefix);
    return prefix;
  };
  const prefix = newPrefix();
  const userId = `worker-int-${unique}`;
  await db.user.create({ data: { id: userId, name: "Worker test", email: `${userId}@fieldtest.test` } });
  const team = await db.team.create({ data: { slug: `worker-int-${unique}`, name: `Worker test ${label}` } });
  let runs = 0;

  return {
    db,
    storage,
    storageDir,
    prefix,
    teamId: team.id,
    userId,
    newPrefix,

    async createRun(spec) {
      const n = ++runs;
      const model = await db.model.create({
        data: { teamId: team.id, name: `model-${n}`, task: "binary_classification", createdById: userId },
      });
      const version = await db.modelVersion.create({
        data: {
          modelId: model.id,
          version: "1",
          endpointKind: spec.endpoint?.kind ?? "offline",
          ...(spec.endpoint ? { endpointConfig: spec.endpoint.config } : {}),
          createdById: userId,
          lastChangedById: userId,
        },
      });
      const { datasetVersion } = await createDatasetVersion({
        db,
        storage,
        teamId: team.id,
        datasetName: `dataset-${n}`,
        body: chunksOf(datasetCsv(spec.rows, spec.columns)),
        format: "csv",
        idColumn: "id",
        labelColumn: "label",
        timestampColumn: "day",
        userId,
      });
      if (!spec.endpoint) {
        await savePredictions({
          db,
          storage,
          teamId: team.id,
          modelVersionId: version.id,
          datasetVersionId: datasetVersion.id,
          body: chunksOf(predictionsCsv(spec.predictedRows ?? spec.rows)),
          format: "csv",
          userId,
        });
      }
      const protocol = spec.protocol ?? {};
      const benchmark = await db.benchmark.create({
        data: {
          teamId: team.id,
          name: `benchmark-${n}`,
          datasetVersionId: datasetVersion.id,
          split: spec.split,
          metrics: spec.metrics ?? ["roc_auc", "accuracy"],
          threshold: spec.threshold ?? 0.5,
          seed: spec.seed ?? 7,
          sliceColumns: protocol.sliceColumns ?? [],
          ...(protocol.costs ? { costs: protocol.costs } : {}),
          stress: (protocol.stress ?? []) as Prisma.InputJsonArray,
          ...(protocol.holdout ? { holdout: protocol.holdout } : {}),
          ...(protocol.confidence
            ? { confidenceLevel: protocol.confidence.level, bootstrapResamples: protocol.confidence.resamples }
            : {}),
          createdById: userId,
        },
      });
      const run = await createBenchmarkRun({
        db,
        teamId: team.id,
        benchmarkId: benchmark.id,
        modelVersionId: version.id,
        userId,
        codeVersion: "worker-int-test",
      });
      return { run, datasetVersion };
    },

    workerProcessEnv(settings) {
      return {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        FIELDTEST_STORAGE_DIR: storageDir,
        FIELDTEST_QUEUE_PREFIX: prefix,
        ...settings,
      };
    },

    async close() {
      for (const p of prefixes) await getQueue("benchmarkRun", p).obliterate({ force: true });
      await closeQueues();
      await db.evaluationRun.deleteMany({ where: { teamId: team.id } });
      await db.benchmark.deleteMany({ where: { teamId: team.id } });
      await db.team.delete({ where: { id: team.id } });
      await db.user.delete({ where: { id: userId } });
      await db.$disconnect();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
