import { MetricUndefinedError } from "../metric-undefined-error.ts";

/**
 * Finite inputs can still overflow float64 in a square or a difference (|x| ≳ 1e154);
 * sklearn would return inf or nan there. We never hand back a non-finite metric.
 */
export function finiteOrThrow(value: number, metric: string): number {
  if (Number.isFinite(value)) return value;
  throw new MetricUndefinedError(`${metric} overflows float64 on these values (got ${value})`, { metric });
}
