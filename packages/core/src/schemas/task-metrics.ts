import { BINARY_METRICS } from "../metrics/binary-metric-names.ts";
import { MULTICLASS_METRICS } from "../metrics/multiclass/multiclass-metric-names.ts";
import { REGRESSION_METRICS } from "../metrics/regression/regression-metric-names.ts";
import type { Task } from "./domain-enums.ts";

/** The metric names of each task, in DESIGN.md's order: what a benchmark of that task may compute. */
export const TASK_METRICS = {
  binary_classification: BINARY_METRICS,
  multiclass_classification: MULTICLASS_METRICS,
  regression: REGRESSION_METRICS,
} as const satisfies Record<Task, readonly string[]>;

export type MetricNameOf<T extends Task> = (typeof TASK_METRICS)[T][number];
/** Any task's metric name. */
export type TaskMetricName = MetricNameOf<Task>;

/** Every metric name of every task, each once (the first task's order first). */
export const ALL_METRIC_NAMES = [...new Set<TaskMetricName>(Object.values(TASK_METRICS).flat())] as [
  TaskMetricName,
  ...TaskMetricName[],
];

export function isMetricOfTask(task: Task, metric: string): boolean {
  return (TASK_METRICS[task] as readonly string[]).includes(metric);
}

/** "binary classification" for "binary_classification". */
export function taskLabel(task: Task): string {
  return task.replaceAll("_", " ");
}
