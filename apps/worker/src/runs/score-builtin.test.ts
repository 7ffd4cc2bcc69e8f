import {
  createRng,
  type FeatureColumn,
  InvalidInputError,
  parseTrainedBuiltinModel,
  predictBuiltinModel,
  trainBuiltinModel,
} from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { SCORING_CHUNK_ROWS, scoreBuiltin } from "./score-builtin.ts";

/** Rows of a known world: P(y=1) = σ(x − 0.5·[colour = red] + 0.8·flag), x missing for ~5%. */
function world(rows: number, seed: number): { features: FeatureColumn[]; labels: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(rows);
  const flag = new Float64Array(rows);
  const colour: (string | null)[] = [];
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const value = 4 * rng.nextFloat() - 2;
    const c = ["red", "green", "blue"][Math.floor(3 * rng.nextFloat())] as string;
    flag[i] = rng.nextFloat() < 0.3 ? 1 : 0;
    x[i] = rng.nextFloat() < 0.05 ? Number.NaN : value;
    colour.push(c);
    const z = value - 0.5 * (c === "red" ? 1 : 0) + 0.8 * (flag[i] as number);
    labels[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    features: [
      { name: "x", type: "number", values: x },
      { name: "colour", type: "string", values: colour },
      { name: "flag", type: "boolean", values: flag },
    ],
    labels,
  };
}

const train = world(2_000, 1);
// More test rows than one scoring chunk, so chunking is exercised.
const test = world(SCORING_CHUNK_ROWS + 4_321, 2);

describe("scoreBuiltin", () => {
  it.each([
    { algorithm: "logistic_regression" as const },
    { algorithm: "gradient_boosting" as const, params: { maxIterations: 30 } },
  ])("scores every test row as core's trained model does ($algorithm)", async (spec) => {
    const { scores, model } = await scoreBuiltin({ spec, train, test: { features: test.features }, seed: 5 });
    const expected = predictBuiltinModel(trainBuiltinModel(spec, train, 5), test.features);
    expect(scores).toHaveLength(test.labels.length);
    expect(scores).toEqual(expected);
    expect(model.algorithm).toBe(spec.algorithm);
    // The model a run stores (JSON) scores the same once read back.
    const stored = parseTrainedBuiltinModel(JSON.parse(JSON.stringify(model)));
    expect(predictBuiltinModel(stored, test.features)).toEqual(expected);
  });

  it("reports increasing progress, at most about every 1%, ending at 1", async () => {
    const seen: number[] = [];
    await scoreBuiltin({
      spec: { algorithm: "gradient_boosting", params: { maxIterations: 100 } },
      train,
      test: { features: test.features },
      seed: 1,
      onProgress: (fraction) => {
        seen.push(fraction);
      },
    });
    expect(seen.length).toBeGreaterThan(50);
    expect(seen.length).toBeLessThanOrEqual(102);
    expect(seen.at(-1)).toBe(1);
    expect(seen[0]).toBeGreaterThan(0);
    seen.slice(1).forEach((f, k) => {
      expect(f).toBeGreaterThan(seen[k] as number);
    });
  });

  it("yields to the event loop between boosting iterations (lock renewal keeps running)", async () => {
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await scoreBuiltin({
      spec: { algorithm: "gradient_boosting", params: { maxIterations: 60 } },
      train,
      test: { features: test.features.map((c) => ({ ...c, values: c.values.slice(0, 10) }) as FeatureColumn) },
      seed: 1,
    });
    running = false;
    // One yield per tree at least: a blocking fit would let the ticker run only once or twice.
    expect(ticks).toBeGreaterThanOrEqual(60);
  });

  it("stops when onProgress throws (a cancelled run)", async () => {
    const cancelled = new Error("run cancelled");
    let calls = 0;
    await expect(
      scoreBuiltin({
        spec: { algorithm: "gradient_boosting" },
        train,
        test: { features: test.features },
        seed: 1,
        onProgress: () => {
          calls++;
          if (calls === 3) throw cancelled;
        },
      }),
    ).rejects.toBe(cancelled);
    expect(calls).toBe(3);
  });

  it.each([
    ["an unknown algorithm", { algorithm: "random_forest" }, train.labels],
    ["an out-of-range parameter", { algorithm: "gradient_boosting", params: { maxDepth: 0 } }, train.labels],
    ["an unknown parameter", { algorithm: "logistic_regression", params: { penalty: "l1" } }, train.labels],
    ["labels of one class", { algorithm: "logistic_regression" }, new Float64Array(train.labels.length)],
  ])("refuses %s as bad input", async (_, spec, labels) => {
    await expect(
      scoreBuiltin({
        spec: spec as never,
        train: { features: train.features, labels },
        test: { features: test.features },
        seed: 1,
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("refuses test rows without a feature the model was trained on", async () => {
    await expect(
      scoreBuiltin({
        spec: { algorithm: "logistic_regression" },
        train,
        test: { features: test.features.filter((c) => c.name !== "colour") },
        seed: 1,
      }),
    ).rejects.toThrow(/needs feature "colour"/);
  });
});
