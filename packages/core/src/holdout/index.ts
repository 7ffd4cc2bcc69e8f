// Public exports of this area; re-exported by src/index.ts.
export { Ladder, type LadderAnswer, type LadderOptions, type LadderState } from "./ladder.ts";
export {
  PER_ROW_LOSS_METRICS,
  type PerRowLossBasis,
  type PerRowLosses,
  perRowLosses,
} from "./per-row-losses.ts";
export {
  type HoldoutBudgetReport,
  Thresholdout,
  type ThresholdoutAnswer,
  type ThresholdoutOptions,
  type ThresholdoutState,
  thresholdoutSettings,
} from "./thresholdout.ts";
