import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { GRADIENT_BOOSTING_DEFAULTS } from "./builtin-model-spec.ts";
import { denseMatrix, type EncodedMatrix, expandMatrix } from "./encoded-matrix.ts";
import { GradientBoostingTrainer } from "./gradient-boosting.ts";
import { LogisticNewton } from "./logistic-newton.ts";
import { predictGradientBoosting } from "./predict-gradient-boosting.ts";

// The models walk one-hot blocks as codes (one pass per block, bin 0 = node total − bin 1);
// the result must be the model they would fit on the expanded 0/1 columns.

function mixed(rows: number, seed: number): { matrix: EncodedMatrix; labels: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(rows);
  const colour = new Uint8Array(rows);
  const size = new Uint8Array(rows);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i] = 2 * rng.nextFloat() - 1;
    colour[i] = Math.floor(4 * rng.nextFloat() ** 2); // codes 0–3 (3 = "other"), skewed
    size[i] = rng.nextFloat() < 0.5 ? 0 : 1; // code 2 never occurs: a constant column
    const z = (x[i] as number) + (colour[i] === 1 ? 1 : 0) - (size[i] === 1 ? 0.7 : 0);
    labels[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    matrix: {
      rows,
      width: 8,
      dense: [{ column: 4, values: x }],
      oneHot: [
        { first: 0, size: 4, codes: colour },
        { first: 5, size: 3, codes: size },
      ],
    },
    labels,
  };
}

describe("one-hot blocks fit as their expanded columns", () => {
  const { matrix, labels } = mixed(3000, 1);
  const expanded = denseMatrix(expandMatrix(matrix));

  it("expands a block into 0/1 columns at its encoded positions", () => {
    const columns = expandMatrix(matrix);
    expect(columns).toHaveLength(8);
    expect(columns[4]).toBe(matrix.dense[0]?.values);
    const codes = matrix.oneHot[0]?.codes ?? new Uint8Array(0);
    for (let i = 0; i < 20; i++) {
      expect([0, 1, 2, 3].map((j) => columns[j]?.[i])).toEqual([0, 1, 2, 3].map((j) => (codes[i] === j ? 1 : 0)));
    }
    expect(columns[7]?.every((v) => v === 0)).toBe(true);
  });

  it("logistic regression: the same optimum", () => {
    const solve = (m: EncodedMatrix) => {
      const solver = new LogisticNewton({ matrix: m, labels, c: 1, maxIterations: 100 });
      while (!solver.step()) {
        // Newton iterations
      }
      return solver.solution();
    };
    const blocks = solve(matrix);
    const dense = solve(expanded);
    expect(blocks.converged && dense.converged).toBe(true);
    expect(Math.abs(blocks.intercept - dense.intercept)).toBeLessThan(1e-10);
    blocks.coefficients.forEach((w, j) => {
      expect(Math.abs(w - (dense.coefficients[j] as number))).toBeLessThan(1e-10);
    });
    expect(blocks.coefficients[7]).toBe(0); // the constant column
  });

  it("gradient boosting: the same trees and predictions", () => {
    const fit = (m: EncodedMatrix) => {
      const trainer = new GradientBoostingTrainer({ matrix: m, labels, params: GRADIENT_BOOSTING_DEFAULTS, seed: 1 });
      while (!trainer.step()) {
        // one tree per step
      }
      return trainer;
    };
    const blocks = fit(matrix);
    const dense = fit(expanded);
    expect(blocks.binThresholds.map((t) => Array.from(t))).toEqual(dense.binThresholds.map((t) => Array.from(t)));
    const a = blocks.model();
    const b = dense.model();
    expect(a.trees.map((t) => t.feature)).toEqual(b.trees.map((t) => t.feature));
    const splitOnBlocks = a.trees.some((t) => t.feature.some((f) => f >= 0 && f !== 4));
    expect(splitOnBlocks).toBe(true);
    const pa = predictGradientBoosting(a, matrix);
    const pb = predictGradientBoosting(b, expanded);
    pa.forEach((p, i) => {
      expect(Math.abs(p - (pb[i] as number))).toBeLessThan(1e-12);
    });
  });
});
