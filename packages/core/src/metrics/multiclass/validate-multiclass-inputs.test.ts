import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metric-undefined-error.ts";
import { MULTICLASS_METRICS } from "./multiclass-metric-names.ts";
import { rocAucOvr } from "./roc-auc-ovr.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

const f = (...values: number[]) => Float64Array.from(values);
const okLabels = f(0, 1, 2, 1);
const okColumns = [f(0.7, 0.1, 0.2, 0.3), f(0.2, 0.8, 0.3, 0.6), f(0.1, 0.1, 0.5, 0.1)];

describe("validateMulticlassInputs", () => {
  it("returns K for valid columns", () => {
    expect(validateMulticlassInputs(okLabels, okColumns)).toBe(3);
  });

  it.each([
    {
      name: "labels not a Float64Array",
      labels: [0, 1] as unknown as Float64Array,
      columns: okColumns,
      message: /labels must be a Float64Array/,
    },
    {
      name: "probabilities not an array",
      labels: okLabels,
      columns: f(0.5) as unknown as Float64Array[],
      message: /array of Float64Array columns/,
    },
    {
      name: "one column",
      labels: okLabels,
      columns: [f(1, 1, 1, 1)],
      message: /at least 2 probability columns, got 1/,
    },
    {
      name: "column not a Float64Array",
      labels: okLabels,
      columns: [okColumns[0], [0.1, 0.2, 0.3, 0.4]] as Float64Array[],
      message: /probabilities\[1\] \(class 1\) must be a Float64Array/,
    },
    {
      name: "length mismatch",
      labels: f(0, 1, 2),
      columns: okColumns,
      message: /differ in length: 3 labels vs 4 rows in probabilities\[0\]/,
    },
    { name: "empty", labels: f(), columns: [f(), f()], message: /no rows/ },
    {
      name: "label out of range",
      labels: f(0, 1, 3, 1),
      columns: okColumns,
      message: /class indices 0\.\.2.*1 row invalid, first at row 2: labels\[2\] = 3/,
    },
    {
      name: "negative label",
      labels: f(0, -1, 2, -1),
      columns: okColumns,
      message: /2 rows invalid, first at row 1: labels\[1\] = -1/,
    },
    {
      name: "fractional label",
      labels: f(0, 1, 1.5, 1),
      columns: okColumns,
      message: /first at row 2: labels\[2\] = 1.5/,
    },
    {
      name: "NaN label",
      labels: f(0, 1, 2, Number.NaN),
      columns: okColumns,
      message: /first at row 3: labels\[3\] = NaN/,
    },
    {
      name: "probability above 1",
      labels: okLabels,
      columns: [okColumns[0], f(0.2, 0.8, 1.2, 0.6), okColumns[2]],
      message: /in \[0, 1\]: 1 value invalid, first at row 2: probabilities\[1\]\[2\] \(class 1\) = 1.2/,
    },
    {
      name: "negative probability",
      labels: okLabels,
      columns: [okColumns[0], okColumns[1], f(0.1, -0.1, 0.5, 0.1)],
      message: /first at row 1: probabilities\[2\]\[1\] \(class 2\) = -0.1/,
    },
    {
      name: "NaN probability, smallest row wins across columns",
      labels: okLabels,
      columns: [f(0.7, 0.1, 0.2, Number.NaN), f(0.2, 0.8, Number.NaN, 0.6), okColumns[2]],
      message: /2 values invalid, first at row 2: probabilities\[1\]\[2\] \(class 1\) = NaN/,
    },
    {
      name: "Infinity probability",
      labels: okLabels,
      columns: [f(Number.POSITIVE_INFINITY, 0.1, 0.2, 0.3), okColumns[1], okColumns[2]],
      message: /first at row 0: probabilities\[0\]\[0\] \(class 0\) = Infinity/,
    },
  ])("rejects $name", ({ labels, columns, message }) => {
    const run = () => validateMulticlassInputs(labels, columns as Float64Array[]);
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });

  it("accepts the boundaries 0, -0 and 1 and every class index", () => {
    expect(validateMulticlassInputs(f(0, 1, -0), [f(0, 1, -0), f(1, 0, 1)])).toBe(2);
  });

  it("is run by every metric", () => {
    expect(MULTICLASS_METRICS.length).toBe(6);
    expect(() => rocAucOvr(f(0, 1, 5), [f(0.5, 0.5, 0.5), f(0.5, 0.5, 0.5)])).toThrow(/labels\[2\] = 5/);
  });
});

describe("rocAucOvr guards (sklearn 1.2.1's checks, in its order)", () => {
  it("refuses rows that do not sum to 1 within np.allclose, naming the first row", () => {
    const run = () => rocAucOvr(f(0, 1, 2), [f(0.5, 0.2, 0.1), f(0.5, 0.5, 0.1), f(0, 0.2, 0.7)]);
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(/2 rows do not, first at row 1 \(sum 0\.(9|899999)/);
  });

  it("accepts |1 − sum| ≤ 1e-8 + 1e-5·sum and refuses just beyond", () => {
    const labels = f(0, 1);
    expect(rocAucOvr(labels, [f(0.6 + 9.9e-6, 0.4), f(0.4, 0.6)])).toBe(1);
    expect(() => rocAucOvr(labels, [f(0.6 + 1.02e-5, 0.4), f(0.4, 0.6)])).toThrow(InvalidInputError);
  });

  it("is undefined when a class has no rows, checked after the row sums", () => {
    const run = () => rocAucOvr(f(0, 0, 2), [f(0.5, 0.5, 0.2), f(0.3, 0.3, 0.3), f(0.2, 0.2, 0.5)]);
    expect(run).toThrow(MetricUndefinedError);
    expect(run).toThrow(/every one of the 3 classes must occur in labels, but class 1 has no rows/);
    expect(() => rocAucOvr(f(0, 0), [f(0.5, 0.1), f(0.3, 0.3), f(0.2, 0.2)])).toThrow(InvalidInputError);
  });
});
