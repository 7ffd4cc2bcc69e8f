import type { Task } from "../schemas/domain-enums.ts";
import { isMetricOfTask, TASK_METRICS, taskLabel } from "../schemas/task-metrics.ts";
import type { ReadinessPolicy } from "./readiness-policy-schema.ts";

export interface PolicyIssue {
  /** Path inside the policy, e.g. ["gates", 2, "metric"]. */
  path: (string | number)[];
  message: string;
}

/**
 * Where a schema-valid policy cannot apply to `task`: a gate on a metric the task never measures,
 * or a calibration gate on regression. Such a gate would be insufficient_evidence forever, which
 * an editor must say when it is written, not leave for a report to discover.
 */
export function policyTaskIssues(policy: ReadinessPolicy, task: Task): PolicyIssue[] {
  const metrics = TASK_METRICS[task];
  const taskWords = taskLabel(task);
  const issues: PolicyIssue[] = [];
  policy.gates.forEach((gate, i) => {
    if ("metric" in gate && !isMetricOfTask(task, gate.metric)) {
      issues.push({
        path: ["gates", i, "metric"],
        message: `${gate.metric} is not a ${taskWords} metric (use one of ${metrics.join(", ")})`,
      });
    }
    if (gate.kind === "calibration" && task === "regression") {
      issues.push({ path: ["gates", i, "kind"], message: "regression has no calibration (ECE) to gate on" });
    }
  });
  return issues;
}
