import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import {
  type BuiltinModelSpec,
  builtinModelSpecSchema,
  GRADIENT_BOOSTING_DEFAULTS,
  LOGISTIC_REGRESSION_DEFAULTS,
} from "./builtin-model-spec.ts";
import type { FeatureColumn } from "./feature-column.ts";
import { predictBuiltinModel, startBuiltinTraining, trainBuiltinModel } from "./train-builtin-model.ts";
import { parseTrainedBuiltinModel, type TrainedBuiltinModel } from "./trained-builtin-model.ts";

function data(rows: number, seed: number): { features: FeatureColumn[]; labels: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(rows);
  const when = new Float64Array(rows);
  const city: (string | null)[] = [];
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i] = rng.nextFloat() < 0.1 ? Number.NaN : 3 * rng.nextFloat();
    when[i] = 1.7e12 + i * 3.6e6;
    city.push(rng.nextFloat() < 0.05 ? null : (["Oslo", "Lima", "Pune"][i % 3] as string));
    const z = (Number.isNaN(x[i] as number) ? 1 : (x[i] as number)) - 1.5 + (city[i] === "Lima" ? 1 : 0);
    labels[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    features: [
      { name: "x", type: "number", values: x },
      { name: "when", type: "timestamp", values: when },
      { name: "city", type: "string", values: city },
    ],
    labels,
  };
}

const train = data(600, 1);
const test = data(300, 2);
const SPECS: BuiltinModelSpec[] = [
  { algorithm: "logistic_regression" },
  { algorithm: "logistic_regression", params: { c: 0.1, maxCategories: 2 } },
  { algorithm: "gradient_boosting", params: { maxIterations: 20 } },
  { algorithm: "gradient_boosting", params: { maxDepth: 2, learningRate: 0.3, l2Regularization: 1, maxBins: 16 } },
];

describe("builtinModelSpecSchema", () => {
  it.each([
    { algorithm: "logistic_regression" },
    { algorithm: "logistic_regression", params: {} },
    { algorithm: "logistic_regression", params: { c: 1e-6, maxIterations: 1000, maxCategories: 20 } },
    { algorithm: "gradient_boosting", params: { maxIterations: 1, learningRate: 1, maxDepth: 10, minSamplesLeaf: 1 } },
    { algorithm: "gradient_boosting", params: { l2Regularization: 0, maxBins: 2, maxCategories: 1 } },
  ])("accepts %j", (spec) => {
    expect(builtinModelSpecSchema.safeParse(spec).success).toBe(true);
  });

  it.each([
    [{ algorithm: "random_forest" }, "algorithm must be one of logistic_regression, gradient_boosting"],
    [{}, "algorithm must be one of"],
    [{ algorithm: "logistic_regression", params: { C: 1 } }, 'Unknown field "C" in logistic_regression params'],
    [{ algorithm: "logistic_regression", params: { c: 0 } }, "c must be between 1e-6 and 1e6"],
    [{ algorithm: "logistic_regression", params: { maxIterations: 1.5 } }, "maxIterations must be a whole number"],
    [{ algorithm: "gradient_boosting", params: { learningRate: 0 } }, "learningRate must be greater than 0"],
    [{ algorithm: "gradient_boosting", params: { maxDepth: 11 } }, "maxDepth must be between 1 and 10"],
    [{ algorithm: "gradient_boosting", params: { maxBins: 256 } }, "maxBins must be between 2 and 255"],
    [{ algorithm: "gradient_boosting", params: { maxCategories: 21 } }, "maxCategories must be between 1 and 20"],
    [{ algorithm: "gradient_boosting", params: { l2Regularization: -1 } }, "l2Regularization must be between"],
    [{ algorithm: "gradient_boosting", params: { c: 1 } }, 'Unknown field "c" in gradient_boosting params'],
    [{ algorithm: "gradient_boosting", extra: 1 }, 'Unknown field "extra" in builtin model'],
  ])("refuses %j: %s", (spec, message) => {
    const parsed = builtinModelSpecSchema.safeParse(spec);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join("; ")).toContain(message);
  });
});

describe.each(SPECS)("trainBuiltinModel $algorithm $params", (spec) => {
  const model = trainBuiltinModel(spec, train, 3);
  const scores = predictBuiltinModel(model, test.features);

  it("records the resolved params and predicts probabilities for every row", () => {
    const defaults =
      spec.algorithm === "logistic_regression" ? LOGISTIC_REGRESSION_DEFAULTS : GRADIENT_BOOSTING_DEFAULTS;
    expect(model.params).toEqual({ ...defaults, ...spec.params });
    expect(scores).toHaveLength(300);
    for (const p of scores) expect(p > 0 && p < 1).toBe(true);
  });

  it("is JSON-safe: the stored model parses and scores identically", () => {
    const stored = parseTrainedBuiltinModel(JSON.parse(JSON.stringify(model)));
    expect(stored).toEqual(model);
    expect(predictBuiltinModel(stored, test.features)).toEqual(scores);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(trainBuiltinModel(spec, train, 3))).toBe(JSON.stringify(model));
  });

  it("scores a row the same alone as in a batch (no cross-row state)", () => {
    const one = test.features.map((c) => ({ ...c, values: c.values.slice(7, 8) }) as FeatureColumn);
    expect(predictBuiltinModel(model, one)[0]).toBe(scores[7]);
  });
});

describe("startBuiltinTraining", () => {
  it.each(["logistic_regression", "gradient_boosting"] as const)(
    "steps to done with progress rising to 1 (%s)",
    (algorithm) => {
      const trainer = startBuiltinTraining({ algorithm }, train, 1);
      expect(trainer.progress).toBe(0);
      expect(() => trainer.model()).toThrow(/still training/);
      const progress: number[] = [];
      while (!trainer.step()) progress.push(trainer.progress);
      expect(trainer.done).toBe(true);
      expect(trainer.progress).toBe(1);
      expect(trainer.step()).toBe(true);
      progress.slice(1).forEach((p, k) => {
        expect(p).toBeGreaterThanOrEqual(progress[k] as number);
      });
      expect(trainer.model().algorithm).toBe(algorithm);
    },
  );

  it.each([
    ["an invalid spec", { algorithm: "gradient_boosting", params: { maxDepth: 0 } }, train.features, train.labels, 1],
    ["a fractional seed", { algorithm: "gradient_boosting" }, train.features, train.labels, 1.5],
    ["labels of another length", { algorithm: "logistic_regression" }, train.features, train.labels.subarray(1), 1],
    ["labels that are not a Float64Array", { algorithm: "logistic_regression" }, train.features, [0, 1] as never, 1],
    ["no features", { algorithm: "logistic_regression" }, [], train.labels, 1],
  ])("refuses %s", (_, spec, features, labels, seed) => {
    expect(() => startBuiltinTraining(spec as BuiltinModelSpec, { features, labels }, seed)).toThrow(InvalidInputError);
  });
});

describe("parseTrainedBuiltinModel", () => {
  const lr = trainBuiltinModel({ algorithm: "logistic_regression" }, train, 1);
  const gb = trainBuiltinModel({ algorithm: "gradient_boosting", params: { maxIterations: 2 } }, train, 1);
  const json = (m: TrainedBuiltinModel) => JSON.parse(JSON.stringify(m));

  it.each([
    ["a coefficient per encoded column missing", () => ({ ...json(lr), coefficients: json(lr).coefficients.slice(1) })],
    ["an unknown format version", () => ({ ...json(lr), formatVersion: 2 })],
    ["a non-finite intercept (JSON null)", () => ({ ...json(lr), intercept: null })],
    ["a split on a feature past the encoder", () => withTree(gb, (t) => ({ ...t, feature: [99, -1, -1] }))],
    ["a child pointing back to its parent", () => withTree(gb, (t) => ({ ...t, left: [0, -1, -1] }))],
    ["arrays of different lengths", () => withTree(gb, (t) => ({ ...t, value: [0] }))],
    [
      "more categories than a one-hot block can hold",
      () => {
        const copy = json(lr);
        copy.encoder.features[2].categories = Array.from({ length: 21 }, (_, k) => `c${k}`);
        return copy;
      },
    ],
    ["not an object", () => "model"],
  ])("refuses %s", (_, make) => {
    expect(() => parseTrainedBuiltinModel(make())).toThrow(InvalidInputError);
  });

  function withTree(model: TrainedBuiltinModel, change: (t: Record<string, number[]>) => Record<string, number[]>) {
    const copy = json(model);
    copy.trees[0] = change({
      feature: [0, -1, -1],
      threshold: [0, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, 1, 2],
    });
    return copy;
  }
});
