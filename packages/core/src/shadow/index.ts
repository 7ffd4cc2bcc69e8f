// Public exports of this area; re-exported by ../index.ts.
export { alphaSpentAtLook } from "./alpha-spending.ts";
export { MATURITY_BUCKETS } from "./label-maturity.ts";
export { MIN_BOOTSTRAP_CLASS_ROWS, MIN_BOOTSTRAP_ROWS, SHADOW_METRICS } from "./labelled-metrics.ts";
export { DEFAULT_LABEL_FREE_RESAMPLES } from "./prepare-snapshot.ts";
export { scoreShadowSnapshot } from "./score-shadow-snapshot.ts";
export * from "./types.ts";
export {
  FEW_LABELS,
  SELECTIVE_LABELS_MIN_NEGATIVES,
  SELECTIVE_LABELS_RATIO,
} from "./warnings.ts";
