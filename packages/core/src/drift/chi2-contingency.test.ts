import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { chi2Contingency } from "./chi2-contingency.ts";

describe("chi2Contingency", () => {
  it("dof 0 (one category): statistic 0, p = 1", () => {
    expect(chi2Contingency([[5], [7]])).toMatchObject({ statistic: 0, pValue: 1, dof: 0 });
  });

  it("applies Yates only when dof = 1", () => {
    // 2×2, expected [[7.5, 2.5], [7.5, 2.5]]: every |o − e| = 2.5, so each cell moves by ½
    const yates = chi2Contingency([
      [10, 0],
      [5, 5],
    ]);
    // uncorrected Σ(o − e)²/e would be 6.666…; scipy (Yates) gives 4.266666666666667
    expect(yates.statistic).toBeCloseTo(4.266666666666667, 14);
    // 2×3 (dof 2): plain Pearson
    const pearson = chi2Contingency([
      [10, 0, 5],
      [5, 5, 5],
    ]);
    expect(pearson.dof).toBe(2);
    expect(pearson.statistic).toBeCloseTo(6.666666666666667, 14);
  });

  it.each([
    { name: "empty table", table: [], message: /table is empty/ },
    { name: "ragged rows", table: [[1, 2], [3]], message: /row 1 has 1 cells, row 0 has 2/ },
    {
      name: "negative count",
      table: [
        [1, -2],
        [3, 4],
      ],
      message: /cell \[0, 1\] is -2/,
    },
    {
      name: "NaN count",
      table: [
        [1, Number.NaN],
        [3, 4],
      ],
      message: /cell \[0, 1\] is NaN/,
    },
    {
      name: "all-zero column",
      table: [
        [0, 5],
        [0, 7],
      ],
      message: /expected count at \[0, 0\] is 0/,
    },
  ])("refuses $name", ({ table, message }) => {
    expect(() => chi2Contingency(table)).toThrow(InvalidInputError);
    expect(() => chi2Contingency(table)).toThrow(message);
  });
});
