import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { logLoss } from "../metrics/probability-metrics.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import type { FeatureColumn, FeatureType } from "./feature-column.ts";
import { encodeFeatureMatrix, encodeFeatures, fitFeatureEncoder } from "./feature-encoder.ts";
import { GradientBoostingTrainer } from "./gradient-boosting.ts";
import { predictBuiltinModel, trainBuiltinModel } from "./train-builtin-model.ts";

// Produced by golden/generate_builtin.py (scikit-learn 1.2.1) from vega-datasets' weather.csv
// and flights-10k.json; the derived CSVs beside it are the exact inputs both sides read.
interface LrGolden {
  coefficients: number[];
  intercept: number;
  objective: number;
  testAuc: number;
  testLogLoss: number;
}
interface GoldenCase {
  name: string;
  csv: string;
  schema: { name: string; type: FeatureType }[];
  trainRows: number;
  testRows: number;
  encoder: {
    features: unknown[];
    columns: string[];
    trainColumnSums: number[];
    trainColumnSquares: number[];
    testColumnSums: number[];
    sampleRows: number[];
    trainSample: number[][];
    testSample: number[][];
  };
  logisticRegression: {
    exact: LrGolden & { testSample: number[] };
    lbfgsDefault: LrGolden & { testProbabilities: number[] };
  };
  histGradientBoosting: {
    binThresholds: number[][];
    trainLoss: number[];
    testAuc: number;
    testLogLoss: number;
    testProbabilities: number[];
  };
}

const golden = JSON.parse(readFileSync(new URL("./golden/builtin-models.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

interface Split {
  features: FeatureColumn[];
  labels: Float64Array;
}

/** The case's CSV (split, features…, label; an empty cell is missing) as train and test columns. */
function loadCase(c: GoldenCase): { train: Split; test: Split } {
  const lines = readFileSync(new URL(`./golden/${c.csv}`, import.meta.url), "utf8")
    .trim()
    .split("\n");
  const rows = lines.slice(1).map((line) => line.split(","));
  const part = (split: string): Split => {
    const mine = rows.filter((r) => r[0] === split);
    const features = c.schema.map(({ name, type }, j): FeatureColumn => {
      const cells = mine.map((r) => r[j + 1] as string);
      return type === "string"
        ? { name, type, values: cells.map((v) => (v === "" ? null : v)) }
        : { name, type, values: Float64Array.from(cells, (v) => (v === "" ? Number.NaN : Number(v))) };
    });
    return { features, labels: Float64Array.from(mine, (r) => Number(r[r.length - 1])) };
  };
  return { train: part("train"), test: part("test") };
}

/** max |a − e| / max |e|: relative to the vector's scale, so tiny components do not dominate. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i] as number));
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  }
  return worst / scale;
}

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  }
  return worst;
}

describe.each(golden.cases)("builtin models vs scikit-learn 1.2.1 on real data: $name", (c) => {
  const { train, test } = loadCase(c);

  it("reads the rows the generator wrote", () => {
    expect(train.labels.length).toBe(c.trainRows);
    expect(test.labels.length).toBe(c.testRows);
  });

  describe("feature encoder", () => {
    const encoder = fitFeatureEncoder(train.features);
    const trainMatrix = encodeFeatures(encoder, train.features);
    const testMatrix = encodeFeatures(encoder, test.features);

    it("learns the same means, scales, indicators and categories as the independent Python encoder", () => {
      // Means and scales: Neumaier sums here, numpy's pairwise sums there → ≤ a few ulps apart.
      expect(encoder.columns).toEqual(c.encoder.columns);
      c.encoder.features.forEach((expected, j) => {
        const ours = encoder.features[j];
        const e = expected as Record<string, unknown>;
        expect(ours?.name).toBe(e.name);
        if (ours?.type === "string") expect(ours.categories).toEqual(e.categories);
        else {
          expect(ours?.missingIndicator).toBe(e.missingIndicator);
          expect(Math.abs((ours?.mean as number) - (e.mean as number))).toBeLessThanOrEqual(
            1e-13 * Math.max(1, Math.abs(e.mean as number)),
          );
          expect(Math.abs((ours?.scale as number) / (e.scale as number) - 1)).toBeLessThan(1e-13);
        }
      });
    });

    it("encodes train and test rows to the same matrix (column sums, squares and sample rows)", () => {
      const sums = (m: Float64Array[]) => m.map((col) => col.reduce((s, v) => s + v, 0));
      const squares = (m: Float64Array[]) => m.map((col) => col.reduce((s, v) => s + v * v, 0));
      // Standardised columns sum to ~0 over train, so compare against the row count, not the sum.
      expect(maxAbsDifference(sums(trainMatrix), c.encoder.trainColumnSums)).toBeLessThan(1e-9);
      expect(relativeError(squares(trainMatrix), c.encoder.trainColumnSquares)).toBeLessThan(1e-12);
      expect(maxAbsDifference(sums(testMatrix), c.encoder.testColumnSums)).toBeLessThan(1e-9);
      c.encoder.sampleRows.forEach((row, k) => {
        expect(
          maxAbsDifference(
            trainMatrix.map((col) => col[row] as number),
            c.encoder.trainSample[k] ?? [],
          ),
        ).toBeLessThan(1e-12);
        expect(
          maxAbsDifference(
            testMatrix.map((col) => col[row] as number),
            c.encoder.testSample[k] ?? [],
          ),
        ).toBeLessThan(1e-12);
      });
    });
  });

  describe("logistic_regression", () => {
    const model = trainBuiltinModel({ algorithm: "logistic_regression" }, train, 1);
    if (model.algorithm !== "logistic_regression") throw new Error("unreachable");
    const ours = [model.intercept, ...model.coefficients];
    const probabilities = predictBuiltinModel(model, test.features);
    const { exact, lbfgsDefault } = c.logisticRegression;

    it("converges to a stationary point of sklearn's objective", () => {
      expect(model.fit.converged).toBe(true);
      expect(model.fit.iterations).toBeLessThan(20);
      expect(model.fit.gradientMaxAbs).toBeLessThan(1e-8);
    });

    it("finds the optimum sklearn's newton-cg finds (coefficients to 1e-9 relative)", () => {
      // newton-cg stops at max |gradient| ≤ 1e-8 (it reached ~1e-9); ours is at ≤ 1e-11, so
      // the two differ by ≲ |gradient| / λ_min(Hessian) ≤ 1e-9. Observed 4.1e-11 and 4.8e-11.
      expect(relativeError(ours, [exact.intercept, ...exact.coefficients])).toBeLessThan(1e-9);
      expect(Math.abs(model.fit.objective - exact.objective) / exact.objective).toBeLessThan(1e-12);
      expect(
        maxAbsDifference(
          Array.from(c.encoder.sampleRows, (row) => probabilities[row] as number),
          exact.testSample,
        ),
      ).toBeLessThan(1e-9);
    });

    it("is at least as good as sklearn's default LogisticRegression() (lbfgs), which stops short of the optimum", () => {
      // lbfgs stops on scipy's ftol = 64·eps of the objective with max |gradient| still ~3e-3
      // (weather) and ~3e-2 (flights), so its coefficients sit 7.3e-4 and 1.8e-4 (relative)
      // from the optimum: 1e-6 agreement with the *default* is not attainable by an exact
      // solver, only with a tighter reference (the test above). Observed here: objective
      // lower by 1.2e-6 and 3.1e-6, test probabilities within 6.8e-5, test AUC within 6.7e-7.
      expect(model.fit.objective).toBeLessThanOrEqual(lbfgsDefault.objective);
      expect(relativeError(ours, [lbfgsDefault.intercept, ...lbfgsDefault.coefficients])).toBeLessThan(2e-3);
      expect(maxAbsDifference(probabilities, lbfgsDefault.testProbabilities)).toBeLessThan(2e-4);
      expect(Math.abs(rocAuc(test.labels, probabilities) - lbfgsDefault.testAuc)).toBeLessThan(1e-5);
    });

    it("scores the test rows as sklearn's exact fit does (AUC and log loss)", () => {
      expect(Math.abs(rocAuc(test.labels, probabilities) - exact.testAuc)).toBeLessThan(1e-9);
      expect(Math.abs(logLoss(test.labels, probabilities) - exact.testLogLoss)).toBeLessThan(1e-9);
    });
  });

  describe("gradient_boosting", () => {
    const hgb = c.histGradientBoosting;
    const model = trainBuiltinModel({ algorithm: "gradient_boosting" }, train, 7);
    if (model.algorithm !== "gradient_boosting") throw new Error("unreachable");
    const probabilities = predictBuiltinModel(model, test.features);

    it("bins every encoded column at sklearn's thresholds", () => {
      const trainer = new GradientBoostingTrainer({
        matrix: encodeFeatureMatrix(model.encoder, train.features),
        labels: train.labels,
        params: model.params,
        seed: 7,
      });
      // Every threshold is a midpoint or a numpy 'midpoint' percentile of the same values; the
      // encoded values themselves differ from numpy's by an ulp or so (observed ≤ 6e-16).
      hgb.binThresholds.forEach((expected, f) => {
        const ours = trainer.binThresholds[f] ?? new Float64Array(0);
        const merged = dedupe(expected);
        expect(ours.length).toBe(merged.length);
        merged.forEach((t, k) => {
          expect(Math.abs((ours[k] as number) - t)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(t)));
        });
      });
    });

    it("reaches test ROC AUC and log loss within 0.01 of sklearn's HistGradientBoostingClassifier", () => {
      const auc = rocAuc(test.labels, probabilities);
      const loss = logLoss(test.labels, probabilities);
      expect(Math.abs(auc - hgb.testAuc)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(loss - hgb.testLogLoss)).toBeLessThanOrEqual(0.01);
    });

    it("follows sklearn's train loss curve (same start, same shape)", () => {
      expect(model.trainLoss).toHaveLength(hgb.trainLoss.length);
      expect(Math.abs((model.trainLoss[0] as number) - (hgb.trainLoss[0] as number))).toBeLessThan(1e-12);
      expect(maxAbsDifference(model.trainLoss, hgb.trainLoss)).toBeLessThan(1e-3); // observed 3e-14
    });

    it("grows sklearn's trees here: test probabilities within 1e-9 (observed 1.1e-16)", () => {
      // Not a promise in general: a near-tie in split gain can flip on summation order (numpy
      // vs ours, ulp-level differences in the encoded values), which would change a tree. The
      // property above is what Fieldtest promises; this one catches an accidental change.
      expect(maxAbsDifference(probabilities, hgb.testProbabilities)).toBeLessThan(1e-9);
    });
  });
});

function dedupe(values: number[]): number[] {
  return values.filter((v, k) => k === 0 || v !== values[k - 1]);
}
