// Row 1: the whole binary suite against scikit-learn's roc_auc_score alone.
import { binaryEvaluation } from "@fieldtest/core";
import type { BenchContext } from "../context.ts";
import { interleave, sidesOf, timeCall } from "../measure.ts";
import { measuredRow, type RowResult } from "../row-result.ts";
import { agreement, last, referenceSide } from "./reference-side.ts";

export async function binarySuiteRows(ctx: BenchContext): Promise<RowResult[]> {
  const { plan } = ctx;
  const { labels, scores } = ctx.data.suite.columns;
  const runs = await interleave({
    warmup: plan.warmup,
    reps: plan.reps.suite,
    ts: () => timeCall(() => binaryEvaluation(labels, scores, { threshold: plan.threshold })),
    reference: referenceSide(ctx, "roc_auc", "suite"),
  });
  const ours = last(runs.ts);
  return [
    measuredRow(
      {
        id: "1",
        name: "binary suite: binaryEvaluation vs roc_auc_score",
        tsTimes: `binaryEvaluation(labels, scores, { threshold: ${plan.threshold} }) in process: validation, all 11 metrics, confusion matrix, ROC and PR curves (≤ 200 points), 15 reliability bins, distinct-threshold sweep`,
        referenceTimes: "sklearn roc_auc_score(y, s) alone, in process, on the same float64 columns",
        n: labels.length,
        target: 1.0,
      },
      sidesOf(runs),
      [agreement("roc_auc", ours.metrics.roc_auc ?? Number.NaN, last(runs.reference).value)],
    ),
  ];
}
