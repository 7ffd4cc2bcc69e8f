// Row 3: seeded percentile bootstrap of ROC AUC, 1,000 resamples, against two references.
import { bootstrapInterval, rocAuc } from "@fieldtest/core";
import type { BenchContext } from "../context.ts";
import { interleave, sidesOf, timeCall } from "../measure.ts";
import { measuredRow, type RowResult } from "../row-result.ts";
import { last, referenceSide } from "./reference-side.ts";

export async function bootstrapRows(ctx: BenchContext): Promise<RowResult[]> {
  const { plan } = ctx;
  const { labels, scores } = ctx.data.bootstrap.columns;
  const n = labels.length;
  const resamples = plan.resamples;
  const calls = plan.sklearnLoopCalls;
  const ours = () => timeCall(() => bootstrapInterval({ labels, scores, metric: rocAuc, seed: 7, resamples }));
  const tsTimes = `bootstrapInterval({ labels, scores, metric: rocAuc, seed: 7, resamples: ${resamples} }) in process (estimate, ${resamples} replicates, 95% percentile interval)`;
  const settings = { warmup: plan.warmup, reps: plan.reps.bootstrap };

  const loop = await interleave({
    ...settings,
    ts: ours,
    reference: async () => {
      const run = await referenceSide(ctx, "bootstrap_sklearn_loop", "bootstrap", { calls, seed: 7 })();
      // Measured on `calls` resamples; the row compares against the extrapolation to `resamples`.
      const scale = resamples / calls;
      return { figure: run.figure * scale, cpu: (run.cpu as number) * scale, result: run.result };
    },
  });
  const vectorised = await interleave({
    ...settings,
    ts: ours,
    reference: referenceSide(ctx, "bootstrap_numpy", "bootstrap", { resamples, seed: 7 }),
  });
  const ourInterval = last(vectorised.ts);
  const theirInterval = (last(vectorised.reference).extra as { interval: [number, number] }).interval;

  return [
    measuredRow(
      {
        id: "3a",
        name: `bootstrap ROC AUC ×${resamples} vs sklearn loop`,
        tsTimes,
        referenceTimes: `a Python loop of numpy rng.integers(0, n, n) + roc_auc_score(y[idx], s[idx]): ${calls} calls timed, extrapolated ×${resamples / calls} to ${resamples}`,
        n,
        target: 0.05,
      },
      sidesOf(loop),
      [`reference figure = ${calls} timed calls × ${resamples / calls} (extrapolated, not ${resamples} calls run)`],
    ),
    measuredRow(
      {
        id: "3b",
        name: `bootstrap ROC AUC ×${resamples} vs numpy vectorised`,
        tsTimes,
        referenceTimes: `vectorised numpy, the same O(n)-per-replicate algorithm as core: argsort once; per replicate a bincount of n uniform draws (row multiplicities) in score order and AUC from tie-grouped prefix sums; ${resamples} replicates in batches of 50, np.percentile 2.5/97.5`,
        n,
        target: 0.5,
      },
      sidesOf(vectorised),
      [
        `intervals (different RNGs, so equal only up to Monte Carlo error): ours [${ourInterval.lower.toFixed(5)}, ${ourInterval.upper.toFixed(5)}], numpy [${theirInterval[0].toFixed(5)}, ${theirInterval[1].toFixed(5)}]`,
      ],
    ),
  ];
}
