export {
  API_KEY_SCOPES,
  type ApiKeyScope,
  generateApiKey,
  hashApiKey,
  isApiKeyScope,
  type MintApiKeyInput,
  mintApiKey,
  mintApiKeyForTeamSlug,
  parseApiKeyScopes,
  revokeApiKey,
  verifyApiKey,
} from "./api-keys/api-keys.ts";
export {
  AUDIT_GENESIS_HASH,
  type AuditActor,
  type AuditBreak,
  type AuditChainResult,
  type AuditEventInput,
  appendAuditEvent,
  type TeamAuditChainReport,
  verifyAllAuditChains,
  verifyAuditChain,
} from "./audit/audit-log.ts";
export { createDb, type Db, getDb } from "./client.ts";
export {
  type CreateDatasetVersionInput,
  createDatasetVersion,
  MAX_DATASET_BYTES,
} from "./datasets/create-dataset-version.ts";
export { sha256Hex } from "./datasets/hash.ts";
export { readingUpload, type UploadFormat } from "./datasets/read-upload.ts";
export {
  PREDICTION_ID,
  PREDICTION_SCORE,
  type SavePredictionsInput,
  savePredictions,
} from "./datasets/save-predictions.ts";
export { APP_DATABASE_ROLE, appDatabaseUrl, dbEnv, findRepoRoot } from "./env.ts";
export { AppError, type AppErrorCode, badInput, notFound } from "./errors.ts";
export { applyEventRetention, eraseEvent } from "./events/erase-events.ts";
export { ensureEventPartitions, eventPartitionOf } from "./events/event-partitions.ts";
export { type IngestOutcome, ingestPredictionEvents, type PredictionEventInput } from "./events/ingest-events.ts";
export { currentLabels, ingestLabels, type LabelEventInput, labelContentHash } from "./events/ingest-labels.ts";
export { type InferredPrediction, recordInferredPredictions } from "./events/record-inferred-predictions.ts";
export type {
  Account,
  ApiKey,
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
  RunResult,
  Session,
  ShadowEvaluation,
  ShadowEvaluationVersion,
  ShadowSnapshot,
  Team,
  User,
} from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export { dropDatabase } from "./migrations/scratch-database.ts";
export {
  createWebhookDeliveries,
  emitReadinessChanged,
  emitReviewDecided,
  emitReviewRequested,
  emitVersionPromoted,
} from "./notifications/emit-notifications.ts";
export { listNotifications, markNotificationsRead } from "./notifications/notification-queries.ts";
export {
  isWebhookEvent,
  WEBHOOK_EVENTS,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_TEST_EVENT,
  type WebhookEvent,
} from "./notifications/webhook-events.ts";
export {
  createWebhook,
  deleteWebhook,
  dueWebhookDeliveries,
  generateWebhookSecret,
  sendTestDelivery,
  webhookDeliveries,
  webhookView,
} from "./notifications/webhooks.ts";
export {
  type PortfolioCounters,
  type PortfolioFacets,
  type PortfolioView,
  portfolioFacets,
  portfolioView,
} from "./portfolio/portfolio-facets.ts";
export {
  KEY_METRIC,
  PORTFOLIO_SORTS,
  type PortfolioAlert,
  type PortfolioAlertKind,
  type PortfolioEvidence,
  type PortfolioPage,
  type PortfolioQuery,
  type PortfolioRow,
  type PortfolioSort,
  portfolioPage,
} from "./portfolio/portfolio-page.ts";
export {
  PORTFOLIO_ALERT_FILTERS,
  PORTFOLIO_REVIEW_FILTERS,
  PORTFOLIO_STAGES,
  PORTFOLIO_VERDICTS,
  type PortfolioAlertFilter,
  type PortfolioFilters,
  type PortfolioReviewFilter,
  type PortfolioStageFilter,
  type PortfolioVerdictFilter,
  type PortfolioViewer,
  REGRESSION_WINDOW_DAYS,
} from "./portfolio/portfolio-sql.ts";
export {
  type AssembledReadinessEvidence,
  assembleReadinessEvidence,
  type ReadinessEvidenceSources,
} from "./readiness/assemble-readiness-evidence.ts";
export { evaluateReadiness, type ReadinessReport } from "./readiness/evaluate-readiness.ts";
export { type ReadinessHistoryEntry, readinessHistory } from "./readiness/readiness-history.ts";
export {
  type EffectivePolicy,
  effectivePolicy,
  modelScopeKey,
  type PolicySource,
  parsePolicy,
  policyVersions,
  saveReadinessPolicy,
  teamScopeKey,
} from "./readiness/readiness-policies.ts";
export { decideReview, REVIEW_DECISIONS, type ReviewDecision } from "./reviews/decide-review.ts";
export { type PromotionResult, promoteVersion } from "./reviews/promote-version.ts";
export { MAX_REVIEW_TEXT, requestReview, withdrawReview } from "./reviews/request-review.ts";
export { listReviews, type ReviewView, reviewById, versionReviewHistory } from "./reviews/review-queries.ts";
export {
  type BenchmarkRunConfig,
  parseBenchmarkRunConfig,
} from "./runs/benchmark-run-config.ts";
export { type CancelRunInput, cancelRun } from "./runs/cancel-run.ts";
export {
  type CompareRunColumn,
  type CompareRunsResult,
  type ConfigRow,
  comparePairOfRuns,
  compareRuns,
  compareVersions,
  type PairedOutcome,
  type SideBySideMetric,
  storedComparison,
} from "./runs/compare-runs.ts";
export {
  compareWithProduction,
  type MissingPair,
  missingProductionPairs,
  productionComparisonOf,
} from "./runs/compare-with-production.ts";
export { type CreateBenchmarkRunInput, createBenchmarkRun } from "./runs/create-benchmark-run.ts";
export { type RunEndpoint, runEndpointOf } from "./runs/endpoint-config.ts";
export { type RerunBenchmarkRunInput, rerunBenchmarkRun } from "./runs/rerun-benchmark-run.ts";
export * from "./runs/run-results.ts";
export { loadRunScores, type RunScores, storeRunScores } from "./runs/run-scores.ts";
export { ENDPOINT_RUNS_AVAILABLE, type RunnableInput, runRefusal } from "./runs/runnable-protocol.ts";
export {
  type CreateShadowEvaluationInput,
  createShadowEvaluation,
  MAX_CHALLENGERS,
  MAX_RESCORE_SECONDS,
  MIN_RESCORE_SECONDS,
} from "./shadow/create-shadow-evaluation.ts";
export { shadowLiveCounts } from "./shadow/live-counts.ts";
export {
  type LoadShadowWindowInput,
  loadShadowWindow,
  type ShadowWindow,
  type ShadowWindowVersion,
} from "./shadow/load-shadow-window.ts";
export { type SaveShadowSnapshotInput, saveShadowSnapshot } from "./shadow/save-shadow-snapshot.ts";
export { stopShadowEvaluation } from "./shadow/stop-shadow-evaluation.ts";
export {
  type ShadowColumnsVersion,
  type ShadowWindowColumns,
  shadowWindowColumns,
} from "./shadow/window-columns.ts";
export { directoryStorage } from "./storage/directory-storage.ts";
export type { BlobStorage } from "./storage/storage.ts";
export { chunksOf } from "./tables/byte-meter.ts";
export * from "./tables/columnar-table.ts";
export { featureColumnsOf } from "./tables/feature-columns.ts";
export {
  type InspectTableOptions,
  inspectParquetFooter,
  inspectTable,
  type SampleCell,
  type TableInspection,
} from "./tables/inspect-table.ts";
export {
  type ReadTableOptions,
  type ReadTableResult,
  readTable,
  TABLE_FORMATS,
  type TableFormat,
} from "./tables/read-table.ts";
export {
  DEFAULT_TABLE_LIMITS,
  describeBytes,
  TableLimitError,
  type TableLimits,
  TableParseError,
} from "./tables/table-limits.ts";
export { type ColumnData, isMissingAt, StringData, TypedTable } from "./tables/typed-table.ts";
export { setMemberRole } from "./teams/set-member-role.ts";
