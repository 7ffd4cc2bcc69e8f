import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { fitLogisticRegression } from "./fit-logistic-regression.ts";
import { predictLogisticRegression } from "./predict-logistic-regression.ts";
import { applyColumnScaling } from "./standardize-columns.ts";

interface GoldenFit {
  solver: string;
  coefficients: number[];
  intercept: number;
  objective: number;
}
interface GoldenCase {
  name: string;
  csv?: string;
  features?: number[][];
  labels?: number[];
  mean: number[];
  scale: number[];
  exact: GoldenFit & { probabilityRows: number[]; probabilities: number[] };
  lbfgsDefault: GoldenFit;
}

const golden = JSON.parse(readFileSync(new URL("./golden/logistic-regression.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

/** The case's columns and labels: inline, or from the committed CSV (first column id, last column label). */
function loadCase(c: GoldenCase): { features: Float64Array[]; labels: Float64Array } {
  if (c.features && c.labels) {
    return { features: c.features.map((col) => Float64Array.from(col)), labels: Float64Array.from(c.labels) };
  }
  const lines = readFileSync(new URL(`./golden/${c.csv}`, import.meta.url), "utf8")
    .trim()
    .split("\n");
  const rows = lines.slice(1).map((line) => line.split(",").slice(1).map(Number));
  const width = (rows[0]?.length ?? 1) - 1;
  return {
    features: Array.from({ length: width }, (_, j) => Float64Array.from(rows, (r) => r[j] as number)),
    labels: Float64Array.from(rows, (r) => r[width] as number),
  };
}

function maxRelativeError(actual: number[], expected: number[]): number {
  const scale = Math.max(...expected.map(Math.abs));
  return Math.max(...actual.map((a, i) => Math.abs(a - (expected[i] as number)) / scale));
}

describe.each(golden.cases)("fitLogisticRegression vs sklearn LogisticRegression(C=1.0): $name", (c) => {
  const { features, labels } = loadCase(c);
  const fit = fitLogisticRegression({ features, labels });

  it("converges", () => {
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(20);
  });

  it("standardises with sklearn's StandardScaler mean and scale", () => {
    expect(maxRelativeError(fit.model.mean, c.mean)).toBeLessThan(1e-12);
    expect(maxRelativeError(fit.model.scale, c.scale)).toBeLessThan(1e-12);
  });

  const ours = [fit.model.intercept, ...fit.model.coefficients];

  it("finds the optimum sklearn's newton-cg finds", () => {
    // Observed: 1.2e-10 relative (Seattle) and 8e-12 (synthetic).
    expect(maxRelativeError(ours, [c.exact.intercept, ...c.exact.coefficients])).toBeLessThan(1e-8);
    expect(Math.abs(fit.objective - c.exact.objective) / c.exact.objective).toBeLessThan(1e-13);
  });

  it("is at least as good as sklearn's default lbfgs, which stops a little short of the optimum", () => {
    // lbfgs stops on scipy's ftol (64·eps of the objective); observed 3.5e-5 relative (Seattle), 1.4e-6 (synthetic).
    expect(maxRelativeError(ours, [c.lbfgsDefault.intercept, ...c.lbfgsDefault.coefficients])).toBeLessThan(1e-4);
    expect(fit.objective).toBeLessThanOrEqual(c.lbfgsDefault.objective);
  });

  it("predicts sklearn's probabilities", () => {
    const rows = c.exact.probabilityRows;
    const probabilities = predictLogisticRegression(
      fit.model,
      features.map((col) => Float64Array.from(rows, (i) => col[i] as number)),
    );
    rows.forEach((_, k) => {
      expect(Math.abs((probabilities[k] as number) - (c.exact.probabilities[k] as number))).toBeLessThan(1e-8);
    });
  });

  it("is at a stationary point of its objective", () => {
    expect(fit.gradientMaxAbs).toBeLessThan(1e-8);
  });
});

describe("fitLogisticRegression", () => {
  const x = Float64Array.from([0, 1, 2, 3, 4, 5]);
  const y = Float64Array.from([0, 0, 1, 0, 1, 1]);

  it("penalises less as c grows", () => {
    const small = fitLogisticRegression({ features: [x], labels: y, c: 0.01 }).model.coefficients[0] as number;
    const large = fitLogisticRegression({ features: [x], labels: y, c: 100 }).model.coefficients[0] as number;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
  });

  it("stays finite on perfectly separable data (the penalty bounds the weights)", () => {
    const fit = fitLogisticRegression({ features: [x], labels: Float64Array.from([0, 0, 0, 1, 1, 1]) });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.model.coefficients[0] as number)).toBe(true);
  });

  it("fits the base rate with no features (the intercept is not penalised)", () => {
    const fit = fitLogisticRegression({ features: [], labels: Float64Array.from([1, 0, 0, 0]) });
    expect(fit.model.intercept).toBeCloseTo(Math.log(1 / 3), 12);
    expect(predictLogisticRegression(fit.model, []).length).toBe(0);
  });

  it("gives a constant column zero weight", () => {
    const fit = fitLogisticRegression({ features: [x, new Float64Array(6).fill(7)], labels: y });
    expect(fit.model.scale[1]).toBe(1);
    expect(fit.model.coefficients[1]).toBe(0);
  });

  it("applies the training scaling to new rows", () => {
    const fit = fitLogisticRegression({ features: [x], labels: y });
    const [standardised] = applyColumnScaling([Float64Array.from([2.5])], fit.model);
    expect(standardised?.[0]).toBeCloseTo(0, 12);
    expect(predictLogisticRegression(fit.model, [Float64Array.from([2.5])])[0]).toBeCloseTo(
      1 / (1 + Math.exp(-fit.model.intercept)),
      12,
    );
  });

  it.each([
    ["no rows", [new Float64Array(0)], new Float64Array(0), 1],
    ["one class", [x], new Float64Array(6), 1],
    ["a label that is not 0/1", [x], Float64Array.from([0, 1, 2, 0, 1, 0]), 1],
    ["a NaN feature", [Float64Array.from([0, 1, Number.NaN, 3, 4, 5])], y, 1],
    ["a length mismatch", [Float64Array.from([1, 2])], y, 1],
    ["c = 0", [x], y, 0],
  ])("refuses %s", (_, features, labels, c) => {
    expect(() => fitLogisticRegression({ features, labels, c })).toThrow(InvalidInputError);
  });
});
