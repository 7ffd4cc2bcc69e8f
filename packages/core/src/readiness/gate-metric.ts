import { z } from "zod";
import { METRIC_DIRECTION, type MetricName } from "../realism/metric-direction.ts";

// The direction table is realism's (the one table slices, regressions and gates read);
// this file only adds what gates need on top of it.

export const metricNameSchema = z.enum(Object.keys(METRIC_DIRECTION) as [MetricName, ...MetricName[]]);

export type GateComparator = ">=" | "<=";

/** The comparator that follows a metric's direction: `>=` for higher-is-better. */
export function comparatorFor(metric: MetricName): GateComparator {
  return METRIC_DIRECTION[metric] === "higher_is_better" ? ">=" : "<=";
}

/** "higher-is-better" / "lower-is-better", for messages. */
export function directionWords(metric: MetricName): string {
  return METRIC_DIRECTION[metric].replaceAll("_", "-");
}
