export { createDb, type Db, getDb } from "./client.ts";
export {
  type CreateDatasetVersionInput,
  createDatasetVersion,
  MAX_DATASET_BYTES,
} from "./datasets/create-dataset-version.ts";
export { sha256Hex } from "./datasets/hash.ts";
export {
  PREDICTION_ID,
  PREDICTION_SCORE,
  type SavePredictionsInput,
  savePredictions,
} from "./datasets/save-predictions.ts";
export { dbEnv, findRepoRoot } from "./env.ts";
export { AppError, type AppErrorCode, badInput, notFound } from "./errors.ts";
export type {
  Account,
  Benchmark,
  Dataset,
  DatasetVersion,
  DemoSeed,
  EvaluationRun,
  Membership,
  MetricValue,
  Model,
  ModelVersion,
  Predictions,
  Session,
  Team,
  User,
} from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export { dropDatabase } from "./migrations/scratch-database.ts";
export { type CreateBenchmarkRunInput, createBenchmarkRun } from "./runs/create-benchmark-run.ts";
export { directoryStorage } from "./storage/directory-storage.ts";
export type { BlobStorage } from "./storage/storage.ts";
export * from "./tables/columnar-table.ts";
export { type CsvLimits, parseCsvTable, TableParseError } from "./tables/parse-csv.ts";
