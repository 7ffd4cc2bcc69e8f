// Row 2: each sort-based metric against its scikit-learn reference (KS joins with drift).
import { averagePrecision, costOptimalThreshold, rocAuc } from "@fieldtest/core";
import type { BenchContext } from "../context.ts";
import { interleave, sidesOf, timeCall } from "../measure.ts";
import { measuredRow, type RowResult } from "../row-result.ts";
import { agreement, last, referenceSide } from "./reference-side.ts";

export async function sortMetricRows(ctx: BenchContext): Promise<RowResult[]> {
  const { plan } = ctx;
  const { labels, scores } = ctx.data.sort.columns;
  const n = labels.length;
  const settings = { warmup: plan.warmup, reps: plan.reps.sort };

  const auc = await interleave({
    ...settings,
    ts: () => timeCall(() => rocAuc(labels, scores)),
    reference: referenceSide(ctx, "roc_auc", "sort"),
  });
  const ap = await interleave({
    ...settings,
    ts: () => timeCall(() => averagePrecision(labels, scores)),
    reference: referenceSide(ctx, "average_precision", "sort"),
  });
  const costs = plan.costs;
  const cost = await interleave({
    ...settings,
    ts: () => timeCall(() => costOptimalThreshold({ labels, scores, costs })),
    reference: referenceSide(ctx, "cost_optimal_threshold", "sort", { cost_fp: costs.fp, cost_fn: costs.fn }),
  });
  const ourCost = last(cost.ts);
  const theirCost = last(cost.reference).extra as { threshold: number | null; expected_cost: number };
  const sameThreshold = (theirCost.threshold ?? Number.POSITIVE_INFINITY) === ourCost.threshold;

  return [
    measuredRow(
      {
        id: "2a",
        name: "rocAuc vs roc_auc_score",
        tsTimes: "rocAuc(labels, scores) in process (validation, radix sort per class, merge walk)",
        referenceTimes: "sklearn roc_auc_score(y, s) in process",
        n,
        target: 0.6,
      },
      sidesOf(auc),
      [agreement("roc_auc", last(auc.ts), last(auc.reference).value)],
    ),
    measuredRow(
      {
        id: "2b",
        name: "averagePrecision vs average_precision_score",
        tsTimes: "averagePrecision(labels, scores) in process",
        referenceTimes: "sklearn average_precision_score(y, s) in process",
        n,
        target: 0.6,
      },
      sidesOf(ap),
      [agreement("average_precision", last(ap.ts), last(ap.reference).value)],
    ),
    measuredRow(
      {
        id: "2c",
        name: "costOptimalThreshold vs roc_curve + argmin",
        tsTimes: `costOptimalThreshold({ labels, scores, costs: { fp: ${costs.fp}, fn: ${costs.fn} } }) in process (exact search over every distinct score)`,
        referenceTimes: `sklearn roc_curve(y, s, drop_intermediate=False), then numpy: counts from fpr/tpr, cost = (${costs.fp}·FP + ${costs.fn}·FN)/n, argmin`,
        n,
        target: 0.6,
      },
      sidesOf(cost),
      [
        agreement("expected cost", ourCost.expectedCost, theirCost.expected_cost),
        sameThreshold
          ? `threshold agrees (${ourCost.threshold})`
          : `threshold DIFFERS: ours ${ourCost.threshold}, reference ${theirCost.threshold}`,
      ],
    ),
  ];
}
