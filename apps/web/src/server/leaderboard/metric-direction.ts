import { METRIC_DIRECTION, type MetricDirection } from "@fieldtest/core";

/** The direction of a metric name from core's table, or null for a name it does not know. */
export function directionOf(metric: string): MetricDirection | null {
  return Object.hasOwn(METRIC_DIRECTION, metric) ? METRIC_DIRECTION[metric as keyof typeof METRIC_DIRECTION] : null;
}
