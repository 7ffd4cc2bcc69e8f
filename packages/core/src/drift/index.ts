// Public exports of this area; re-exported by src/index.ts.
export {
  type CategoricalColumn,
  type CategoricalColumnDrift,
  type CategoryCounts,
  categoricalDrift,
  countCategories,
} from "./categorical-drift.ts";
export { type Chi2ContingencyResult, chi2Contingency } from "./chi2-contingency.ts";
export {
  type ColumnDrift,
  type DriftColumn,
  type DriftReport,
  type DriftReportOptions,
  driftReport,
} from "./drift-report.ts";
export { jensenShannon } from "./jensen-shannon.ts";
export { kolmogorovSf } from "./kolmogorov-sf.ts";
export {
  KS_EXACT_MAX_N,
  type KsMethod,
  type KsMethodOption,
  type KsPValue,
  type KsPValueOptions,
  type KsTwoSampleOptions,
  type KsTwoSampleResult,
  ksPValue,
  ksTwoSample,
} from "./ks-two-sample.ts";
export { type NumericColumnDrift, numericDrift } from "./numeric-drift.ts";
export type { SideCounts } from "./numeric-sample.ts";
export { PSI_FLOOR, type PsiResult, psi, psiFromProportions } from "./psi.ts";
export { PSI_BIN_COUNT, PSI_QUANTILE_LEVELS } from "./quantile-bins.ts";
export { type WassersteinResult, wasserstein1 } from "./wasserstein.ts";
