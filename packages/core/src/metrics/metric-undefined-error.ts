/**
 * A metric that is mathematically undefined on the given rows (roc_auc with one class,
 * any metric on zero rows). Callers decide what that means: a bootstrap draws the
 * resample again and counts it, a gate reports `insufficient_evidence`.
 * scikit-learn 1.2.1 raises ValueError in the same situations; we never return NaN.
 */
export class MetricUndefinedError extends Error {
  override name = "MetricUndefinedError";
  readonly metric: string | undefined;

  constructor(message: string, options?: { metric?: string }) {
    super(message);
    this.metric = options?.metric;
  }
}
