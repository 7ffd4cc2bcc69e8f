import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { BINNING_SUBSAMPLE, binColumn, fitBinThresholds } from "./bin-features.ts";
import { GRADIENT_BOOSTING_DEFAULTS } from "./builtin-model-spec.ts";
import { denseMatrix } from "./encoded-matrix.ts";
import {
  type BoostedTree,
  type GradientBoostingModel,
  type GradientBoostingParams,
  GradientBoostingTrainer,
} from "./gradient-boosting.ts";
import { predictGradientBoosting } from "./predict-gradient-boosting.ts";

const DEFAULTS: GradientBoostingParams = GRADIENT_BOOSTING_DEFAULTS;

function fit(columns: Float64Array[], labels: Float64Array, params: Partial<GradientBoostingParams> = {}, seed = 1) {
  const trainer = new GradientBoostingTrainer({
    matrix: denseMatrix(columns),
    labels,
    params: { ...DEFAULTS, ...params },
    seed,
  });
  while (!trainer.step()) {
    // one tree per step
  }
  return { trainer, model: trainer.model() };
}

/** Rows with P(y=1) = σ(2·x₀·x₁ + x₂) (an interaction a single split cannot capture). */
function interactionData(rows: number, seed: number) {
  const rng = createRng(seed);
  const columns = [0, 1, 2].map(() => new Float64Array(rows));
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = columns.map((col) => {
      col[i] = 2 * rng.nextFloat() - 1;
      return col[i] as number;
    }) as [number, number, number];
    labels[i] = rng.nextFloat() < 1 / (1 + Math.exp(-(2 * a * b + c))) ? 1 : 0;
  }
  return { columns, labels };
}

function depth(tree: BoostedTree, node = 0): number {
  if ((tree.feature[node] as number) < 0) return 0;
  return 1 + Math.max(depth(tree, tree.left[node] as number), depth(tree, tree.right[node] as number));
}

/** The leaf a row of `columns` reaches in `tree`. */
function leafOf(tree: BoostedTree, columns: Float64Array[], i: number): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) {
    const x = (columns[tree.feature[node] as number] as Float64Array)[i] as number;
    node = x <= (tree.threshold[node] as number) ? (tree.left[node] as number) : (tree.right[node] as number);
  }
  return node;
}

describe("binning", () => {
  it("puts x in bin b when thresholds[b−1] < x ≤ thresholds[b] (checked against a linear count)", () => {
    const rng = createRng(3);
    const thresholds = Float64Array.from({ length: 200 }, () => Math.round(rng.nextFloat() * 1000) / 10).sort();
    const values = Float64Array.from({ length: 5000 }, (_, i) =>
      i % 5 === 0 ? (thresholds[i % 200] as number) : rng.nextFloat() * 110 - 5,
    );
    const bins = binColumn(values, thresholds);
    values.forEach((x, i) => {
      expect(bins[i]).toBe(thresholds.filter((t) => t < x).length);
    });
    expect(Array.from(binColumn(Float64Array.from([1, 2]), new Float64Array(0)))).toEqual([0, 0]);
  });

  it("uses midpoints between distinct values when there are at most maxBins of them", () => {
    const [thresholds] = fitBinThresholds([Float64Array.from([3, 1, 2, 2, 1])], 255, createRng(1));
    expect(Array.from(thresholds ?? [])).toEqual([1.5, 2.5]);
    const [constant] = fitBinThresholds([Float64Array.from([4, 4])], 255, createRng(1));
    expect(constant).toHaveLength(0);
  });

  it("uses maxBins − 1 'midpoint' percentiles otherwise, merging repeats", () => {
    const column = Float64Array.from({ length: 1000 }, (_, i) => i);
    const [thresholds] = fitBinThresholds([column], 4, createRng(1));
    // numpy.percentile(0..999, [25, 50, 75], method="midpoint")
    expect(Array.from(thresholds ?? [])).toEqual([249.5, 499.5, 749.5]);
    const skewed = Float64Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : i));
    expect(Array.from(fitBinThresholds([skewed], 4, createRng(1))[0] ?? [])).toEqual([0]);
  });

  it(`places thresholds on a seeded subsample of ${BINNING_SUBSAMPLE} rows when there are more`, () => {
    const rng = createRng(9);
    const column = Float64Array.from({ length: BINNING_SUBSAMPLE + 50_000 }, () => rng.nextFloat());
    const once = fitBinThresholds([column], 255, createRng(1))[0];
    expect(fitBinThresholds([column], 255, createRng(1))[0]).toEqual(once);
    expect(fitBinThresholds([column], 255, createRng(2))[0]).not.toEqual(once);
  });
});

describe("GradientBoostingTrainer", () => {
  it("recovers a step function with a single split at the midpoint, with Newton leaf values", () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = x.map((v) => (v >= 50 ? 1 : 0));
    const { model } = fit([x], y, { maxIterations: 1, maxDepth: 1 });
    const [tree] = model.trees;
    expect(model.baseline).toBe(0);
    expect(tree?.feature).toEqual([0, -1, -1]);
    expect(tree?.threshold[0]).toBe(49.5);
    // At p = ½: G = ±50·½, H = 50·¼, so each leaf moves by 0.1 · (∓25 / 12.5) = ∓0.2.
    expect(tree?.value[1]).toBeCloseTo(-0.2, 12);
    expect(tree?.value[2]).toBeCloseTo(0.2, 12);
    const p = predictGradientBoosting(model, denseMatrix([Float64Array.from([0, 49.5, 49.6, 99])]));
    expect(Array.from(p, (v) => v > 0.5)).toEqual([false, false, true, true]);
  });

  it("shrinks leaf values by the L2 penalty: −lr·G/(H + λ)", () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = x.map((v) => (v >= 50 ? 1 : 0));
    const { model } = fit([x], y, { maxIterations: 1, maxDepth: 1, l2Regularization: 12.5 });
    expect(model.trees[0]?.value[2]).toBeCloseTo(0.1, 12);
  });

  it("gives a tree that cannot split the value 0 (as sklearn), so predictions stay at the base rate", () => {
    const { model } = fit([Float64Array.from([1, 2, 3, 4])], Float64Array.from([0, 1, 0, 1]), {
      maxIterations: 3,
      minSamplesLeaf: 20,
    });
    expect(model.trees.map((t) => t.value)).toEqual([[0], [0], [0]]);
    expect(Array.from(predictGradientBoosting(model, denseMatrix([Float64Array.from([1, 4])])))).toEqual([0.5, 0.5]);
  });

  it("decreases the training loss at every iteration", () => {
    const { columns, labels } = interactionData(3000, 4);
    const { trainer } = fit(columns, labels);
    const loss = trainer.trainLoss;
    expect(loss).toHaveLength(DEFAULTS.maxIterations + 1);
    loss.slice(1).forEach((l, k) => {
      expect(l).toBeLessThan(loss[k] as number);
    });
  });

  it("respects maxDepth and minSamplesLeaf", () => {
    const { columns, labels } = interactionData(2000, 5);
    const { model } = fit(columns, labels, { maxIterations: 10, maxDepth: 2, minSamplesLeaf: 150 });
    for (const tree of model.trees) {
      expect(depth(tree)).toBeLessThanOrEqual(2);
      const counts = new Map<number, number>();
      for (let i = 0; i < labels.length; i++)
        counts.set(leafOf(tree, columns, i), (counts.get(leafOf(tree, columns, i)) ?? 0) + 1);
      for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(150);
    }
  });

  it("is deterministic: the same data and seed give the same model, run after run", () => {
    const { columns, labels } = interactionData(1500, 6);
    const first = JSON.stringify(fit(columns, labels, { maxIterations: 20 }, 11).model);
    const second = JSON.stringify(fit(columns, labels, { maxIterations: 20 }, 11).model);
    expect(second).toBe(first);
  });

  it("uses the seed only for the binning subsample (more than 200,000 rows)", () => {
    const small = interactionData(1500, 6);
    expect(JSON.stringify(fit(small.columns, small.labels, { maxIterations: 5 }, 1).model)).toBe(
      JSON.stringify(fit(small.columns, small.labels, { maxIterations: 5 }, 2).model),
    );
    const large = interactionData(BINNING_SUBSAMPLE + 10_000, 7);
    const a = fit(large.columns, large.labels, { maxIterations: 2 }, 1);
    const b = fit(large.columns, large.labels, { maxIterations: 2 }, 1);
    const c = fit(large.columns, large.labels, { maxIterations: 2 }, 2);
    expect(JSON.stringify(b.model)).toBe(JSON.stringify(a.model));
    expect(b.trainer.binThresholds).toEqual(a.trainer.binThresholds);
    expect(c.trainer.binThresholds).not.toEqual(a.trainer.binThresholds);
  });

  it("predicts from the stored (JSON) model exactly as from the trained one", () => {
    const { columns, labels } = interactionData(1000, 8);
    const { model } = fit(columns, labels, { maxIterations: 15 });
    const stored = JSON.parse(JSON.stringify(model)) as GradientBoostingModel;
    expect(predictGradientBoosting(stored, denseMatrix(columns))).toEqual(
      predictGradientBoosting(model, denseMatrix(columns)),
    );
  });

  it("stops stepping once all iterations are done", () => {
    const { columns, labels } = interactionData(200, 9);
    const { trainer } = fit(columns, labels, { maxIterations: 3 });
    expect(trainer.done).toBe(true);
    expect(trainer.step()).toBe(true);
    expect(trainer.iterations).toBe(3);
  });

  it.each([
    ["no rows", [new Float64Array(0)], new Float64Array(0)],
    ["one class", [Float64Array.from([1, 2])], Float64Array.from([1, 1])],
    ["a label that is not 0/1", [Float64Array.from([1, 2])], Float64Array.from([0, 2])],
    ["a NaN feature (the encoder imputes them)", [Float64Array.from([1, Number.NaN])], Float64Array.from([0, 1])],
    ["a length mismatch", [Float64Array.from([1, 2, 3])], Float64Array.from([0, 1])],
  ])("refuses %s", (_, columns, labels) => {
    expect(
      () => new GradientBoostingTrainer({ matrix: denseMatrix(columns), labels, params: DEFAULTS, seed: 1 }),
    ).toThrow(InvalidInputError);
  });

  it("refuses a tree whose children are not laid out as trained", () => {
    const model: GradientBoostingModel = {
      baseline: 0,
      trees: [{ feature: [0, -1, -1], threshold: [0, 0, 0], left: [2, -1, -1], right: [1, -1, -1], value: [0, 1, 2] }],
    };
    expect(() => predictGradientBoosting(model, denseMatrix([Float64Array.from([1])]))).toThrow(InvalidInputError);
  });
});
