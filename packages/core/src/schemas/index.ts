// Public exports of this area (zod schemas shared by web, worker and the REST API); re-exported by src/index.ts.
export {
  benchmarkProtocolFromColumns,
  benchmarkProtocolToColumns,
  type StoredBenchmarkProtocol,
} from "./benchmark-protocol-columns.ts";
export {
  applyBenchmarkProtocolPatch,
  type BenchmarkProtocolPatch,
  benchmarkProtocolPatchFields,
} from "./benchmark-protocol-patch.ts";
export {
  BENCHMARK_PROTOCOL_KEYS,
  type BenchmarkProtocol,
  benchmarkProtocolFields,
  benchmarkProtocolInputFields,
  benchmarkProtocolSchema,
  type Confidence,
  confidenceSchema,
  type DecisionCosts,
  decisionCostsSchema,
  HOLDOUT_MECHANISMS,
  type Holdout,
  holdoutSchema,
  MAX_HOLDOUT_FRACTION,
  MAX_HOLDOUT_QUERY_BUDGET,
  MAX_RESAMPLES,
  MAX_SEED,
  MAX_SLICE_COLUMNS,
  MAX_STRESS_SCENARIOS,
  MIN_RESAMPLES,
  refineBenchmarkProtocol,
  resolveBenchmarkProtocol,
  type StressScenario,
  stressScenarioSchema,
} from "./benchmark-protocol-schema.ts";
export {
  type EndpointKind,
  endpointKindSchema,
  type Stage,
  stageSchema,
  type Task,
  taskSchema,
} from "./domain-enums.ts";
export {
  type EndpointRegistration,
  endpointAuthSchema,
  endpointRegistrationSchema,
  hasControlCharacter,
  MAX_ENDPOINT_BATCH_SIZE,
  RESERVED_AUTH_HEADERS,
} from "./endpoint-registration-schema.ts";
export {
  MAX_ROLLING_FOLDS,
  type ProtocolSplit,
  protocolSplitSchema,
  type RollingSplit,
  rollingOriginOptionsOf,
  rollingSplitSchema,
  type SplitKind,
} from "./rolling-split-schema.ts";
export {
  cutoffToEpochMs,
  isoCutoffSchema,
  randomSplitSchema,
  type Split,
  splitSchema,
  temporalSplitSchema,
} from "./split-schema.ts";
export { strictObject as strictObjectOf } from "./strict-object.ts";
export {
  ALL_METRIC_NAMES,
  isMetricOfTask,
  type MetricNameOf,
  TASK_METRICS,
  type TaskMetricName,
  taskLabel,
} from "./task-metrics.ts";
