import { describe, expect, it } from "vitest";
import { createRng } from "../random/create-rng.ts";
import { binColumn, binCountsSelected, binCountsSorted, edgeOrderPositions, quantileEdges } from "./quantile-bins.ts";
import { selectOrderStatistics } from "./select-order-statistics.ts";

describe("selectOrderStatistics", () => {
  const rng = createRng(11);
  it.each([
    { name: "random", values: Float64Array.from({ length: 5_001 }, () => rng.nextFloat()) },
    { name: "many ties", values: Float64Array.from({ length: 4_000 }, () => Math.floor(rng.nextFloat() * 3)) },
    { name: "all equal", values: new Float64Array(1_000).fill(2.5) },
    { name: "sorted", values: Float64Array.from({ length: 3_000 }, (_, i) => i) },
    { name: "reversed", values: Float64Array.from({ length: 3_000 }, (_, i) => -i) },
    { name: "tiny", values: Float64Array.of(3, 1, 2) },
  ])("$name: places each requested order statistic", ({ values }) => {
    const sorted = values.slice().sort();
    const positions = edgeOrderPositions(values.length);
    const work = values.slice();
    selectOrderStatistics(work, positions);
    for (const k of positions) expect(work[k]).toBe(sorted[k]);
    expect(work.slice().sort()).toEqual(sorted); // a permutation, nothing lost
  });
});

describe("PSI bins", () => {
  it.each([1, 2, 9, 10, 11, 12, 101, 1_000])("edges from a selection equal edges from a sort (n = %i)", (n) => {
    const rng = createRng(n);
    const values = Float64Array.from({ length: n }, () => Math.round(rng.nextFloat() * 20) / 4);
    const sorted = values.slice().sort();
    const selected = values.slice();
    selectOrderStatistics(selected, edgeOrderPositions(n));
    expect(quantileEdges(selected)).toEqual(quantileEdges(sorted));
  });

  it("numpy 'linear' quantiles, lerp from both ends", () => {
    // np.quantile(np.arange(11.0) ** 2, np.arange(1, 10) / 10) → the squares 1, 4, …, 81 exactly
    const squares = Float64Array.from({ length: 11 }, (_, i) => i * i);
    expect(Array.from(quantileEdges(squares))).toEqual([1, 4, 9, 16, 25, 36, 49, 64, 81]);
    // n = 2: index 0.1·1 … 0.9·1
    const two = quantileEdges(Float64Array.of(0, 10));
    expect(two[0]).toBe(1);
    expect(two[8]).toBe(9);
    expect(Array.from(quantileEdges(Float64Array.of(4)))).toEqual(new Array(9).fill(4));
  });

  it("a value equal to an edge goes to the bin above it (side='right'), sorted or not", () => {
    const edges = Float64Array.of(1, 2, 2, 3, 4, 5, 6, 7, 8);
    const values = Float64Array.of(0.5, 1, 2, 2, 2.5, 8, 9, 1, 0);
    // bins: 0.5→0, 1→1, 2→3, 2→3, 2.5→3, 8→9, 9→9, 1→1, 0→0
    const expected = [2, 2, 0, 3, 0, 0, 0, 0, 0, 2];
    const fail = (row: number): never => {
      throw new Error(`row ${row}`);
    };
    expect(Array.from(binColumn(values, edges, fail).counts)).toEqual(expected);
    expect(Array.from(binCountsSorted(values.slice().sort(), edges))).toEqual(expected);
  });

  it.each([
    { name: "continuous", draw: (u: number) => u },
    { name: "heavy ties (edges repeat, values sit on them)", draw: (u: number) => Math.floor(u * 4) },
    { name: "one value", draw: () => 7 },
    { name: "integer index levels (γ = 0)", draw: (u: number) => Math.floor(u * 50) / 2 },
  ])("reference counts from the selection equal counts from a sort: $name", ({ draw }) => {
    for (const n of [1, 2, 10, 11, 21, 1_001, 5_000]) {
      const rng = createRng(n);
      const values = Float64Array.from({ length: n }, () => draw(rng.nextFloat()));
      const sorted = values.slice().sort();
      const edges = quantileEdges(sorted);
      const selected = values.slice();
      selectOrderStatistics(selected, edgeOrderPositions(n));
      expect(Array.from(binCountsSelected(selected, edges))).toEqual(Array.from(binCountsSorted(sorted, edges)));
    }
  });

  it("binColumn skips and counts NaN, and reports ±Infinity by row", () => {
    const edges = Float64Array.from({ length: 9 }, (_, i) => i);
    expect(
      binColumn(Float64Array.of(Number.NaN, 0.5, Number.NaN), edges, () => {
        throw new Error("no");
      }).nanCount,
    ).toBe(2);
    expect(() =>
      binColumn(Float64Array.of(1, Number.NEGATIVE_INFINITY), edges, (row) => {
        throw new Error(`row ${row}`);
      }),
    ).toThrow("row 1");
  });
});
