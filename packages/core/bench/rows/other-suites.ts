// Row 6 (informational, no target): the multiclass and regression suites.
import { evaluateMulticlass, evaluateRegression, MULTICLASS_METRICS, REGRESSION_METRICS } from "@fieldtest/core";
import type { BenchContext } from "../context.ts";
import { interleave, sidesOf, timeCall } from "../measure.ts";
import { measuredRow, type RowResult } from "../row-result.ts";
import { agreement, last, referenceSide } from "./reference-side.ts";

export async function otherSuiteRows(ctx: BenchContext): Promise<RowResult[]> {
  const { plan } = ctx;
  const settings = { warmup: plan.warmup, reps: plan.reps.info };
  const multiclass = ctx.data.multiclass;
  const regression = ctx.data.regression;
  const K = multiclass.probabilities.length;

  const mc = await interleave({
    ...settings,
    ts: () => timeCall(() => evaluateMulticlass({ ...multiclass, metrics: MULTICLASS_METRICS })),
    reference: referenceSide(ctx, "multiclass_suite", "multiclass"),
  });
  const reg = await interleave({
    ...settings,
    ts: () => timeCall(() => evaluateRegression({ ...regression, metrics: REGRESSION_METRICS })),
    reference: referenceSide(ctx, "regression_suite", "regression"),
  });
  const ourAuc = last(mc.ts).find((m) => m.metric === "roc_auc_ovr")?.value ?? Number.NaN;
  const ourR2 = last(reg.ts).find((m) => m.metric === "r2")?.value ?? Number.NaN;

  return [
    measuredRow(
      {
        id: "6a",
        name: `multiclass suite (K=${K}) vs sklearn`,
        tsTimes: `evaluateMulticlass({ labels, probabilities: ${K} columns, metrics: all ${MULTICLASS_METRICS.length} }) in process`,
        referenceTimes:
          "in process, (n, K) matrix and int labels prepared outside the timing: argmax, accuracy_score, f1_score(macro), log_loss, roc_auc_score(ovr, macro), numpy top-label ECE and Brier",
        n: multiclass.labels.length,
        target: null,
      },
      sidesOf(mc),
      [agreement("roc_auc_ovr", ourAuc, last(mc.reference).value)],
    ),
    measuredRow(
      {
        id: "6b",
        name: "regression suite vs sklearn",
        tsTimes: `evaluateRegression({ labels, predictions, metrics: all ${REGRESSION_METRICS.length} }) in process`,
        referenceTimes:
          "in process: mean_absolute_error, sqrt(mean_squared_error), r2_score, mean_absolute_percentage_error",
        n: regression.labels.length,
        target: null,
      },
      sidesOf(reg),
      [agreement("r2", ourR2, last(reg.reference).value)],
    ),
  ];
}
