import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { pairwiseIntervalComparisons } from "./compare-intervals.ts";
import { detectRegressions } from "./detect-regressions.ts";
import { type IntervalEstimate, intervalZTest, standardErrorFromInterval } from "./interval-z-test.ts";

// Produced by golden/generate_comparison.py with scipy.stats.norm (scipy 1.10.1).
// Regenerate with: /usr/bin/python3 packages/core/src/comparison/golden/generate_comparison.py
const golden = JSON.parse(readFileSync(new URL("./golden/comparison.golden.json", import.meta.url), "utf8")) as {
  cases: {
    name: string;
    a: IntervalEstimate;
    b: IntervalEstimate;
    seA: number;
    seB: number;
    z: number;
    pValue: number;
  }[];
};

describe("intervalZTest against scipy.stats.norm", () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(standardErrorFromInterval(c.a)).toBeCloseTo(c.seA, 14);
    expect(standardErrorFromInterval(c.b)).toBeCloseTo(c.seB, 14);
    const result = intervalZTest(c.a, c.b);
    expect(Math.abs(result.z - c.z)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(c.z)));
    // DESIGN.md: p-values to 1e-6 relative; the tail is computed in full precision.
    expect(Math.abs(result.pValue - c.pValue)).toBeLessThanOrEqual(1e-9 * c.pValue);
  });
});

describe("intervalZTest by hand", () => {
  it("a 95% interval of half-width 1.959964 is one standard error", () => {
    const half = 1.959963984540054;
    expect(standardErrorFromInterval({ lower: -half, upper: half, level: 0.95 })).toBeCloseTo(1, 12);
    // two such estimates 0 and √2·1.959964 apart: z = 1.959964 → p = 0.05
    const r = intervalZTest(
      { value: Math.SQRT2 * half, lower: Math.SQRT2 * half - half, upper: Math.SQRT2 * half + half, level: 0.95 },
      { value: 0, lower: -half, upper: half, level: 0.95 },
    );
    expect(r.z).toBeCloseTo(half, 12);
    expect(r.pValue).toBeCloseTo(0.05, 12);
  });

  it("is symmetric in sign and gives p = 1 for equal values", () => {
    const a = { value: 0.8, lower: 0.75, upper: 0.85, level: 0.95 };
    const b = { value: 0.7, lower: 0.66, upper: 0.74, level: 0.95 };
    expect(intervalZTest(a, b).pValue).toBe(intervalZTest(b, a).pValue);
    expect(intervalZTest(a, b).z).toBe(-intervalZTest(b, a).z);
    expect(intervalZTest(a, a).pValue).toBe(1);
  });

  it("handles zero-width intervals", () => {
    const point = (value: number) => ({ value, lower: value, upper: value, level: 0.95 });
    expect(intervalZTest(point(1), point(1))).toMatchObject({ pValue: 1, z: 0 });
    expect(intervalZTest(point(1), point(0.5))).toMatchObject({ pValue: 0, z: Infinity });
  });

  it.each([
    [{ value: 0.5, lower: 0.6, upper: 0.4, level: 0.95 }],
    [{ value: 0.5, lower: 0.4, upper: 0.6, level: 1 }],
    [{ value: 0.5, lower: 0.4, upper: 0.6, level: 0 }],
    [{ value: Number.NaN, lower: 0.4, upper: 0.6, level: 0.95 }],
    [{ value: 0.5, lower: Number.NaN, upper: 0.6, level: 0.95 }],
  ])("refuses %o", (bad) => {
    expect(() => intervalZTest(bad, { value: 0.5, lower: 0.4, upper: 0.6, level: 0.95 })).toThrow(InvalidInputError);
  });
});

describe("pairwiseIntervalComparisons (Holm)", () => {
  it("orients each pair by direction and Holm-adjusts the family", () => {
    const se = 0.05 / 1.959963984540054; // 95% half-width 0.05 → se
    const est = (id: string, value: number) => ({ id, value, lower: value - 0.05, upper: value + 0.05, level: 0.95 });
    const estimates = [est("a", 0.9), est("b", 0.8), est("c", 0.85)];
    const pairs = pairwiseIntervalComparisons({ estimates, direction: "higher_is_better" });
    expect(pairs.map((p) => [p.better, p.worse])).toEqual([
      ["a", "b"],
      ["a", "c"],
      ["c", "b"],
    ]);
    const raw = pairs.map((p) => p.pValue);
    // z = Δ / (se·√2)
    expect(pairs[0]?.z).toBeCloseTo(0.1 / (se * Math.SQRT2), 12);
    // Holm by hand: sorted p₁ ≤ p₂ = p₃ (equal differences 0.05), adjusted 3p₁, max(3p₁, 2p₂), same.
    const [pab, pac, pcb] = raw as [number, number, number];
    expect(pac).toBeCloseTo(pcb, 10);
    expect(pairs[0]?.adjustedPValue).toBeCloseTo(Math.min(1, 3 * pab), 15);
    expect(pairs[1]?.adjustedPValue).toBeCloseTo(Math.min(1, Math.max(3 * pab, 2 * pac)), 10);
    expect(pairs[2]?.adjustedPValue).toBeCloseTo(Math.min(1, Math.max(3 * pab, 2 * pac)), 10);
    expect(pairs[0]?.significant).toBe(3 * pab <= 0.05);
  });

  it("matches a hand-worked Holm vector", () => {
    // Raw p 0.01 and 0.04 built in; the third pair's p follows from them.
    // Choose intervals that produce exactly these two-sided p-values: z = Φ⁻¹(1 − p/2).
    const zFor = { 0.01: 2.5758293035489004, 0.04: 2.0537489106318225 } as const; // scipy norm.ppf(1 − p/2)
    const se = 0.1;
    const mk = (id: string, value: number) => ({
      id,
      value,
      lower: value - se * 1.959963984540054,
      upper: value + se * 1.959963984540054,
      level: 0.95,
    });
    const d = (z: number) => z * se * Math.SQRT2;
    // Pairs (a,b), (a,c), (b,c) with differences chosen to be consistent: b = a − d(0.01); c = a − d(0.04); then (b,c) is whatever it is.
    const a = mk("a", 0);
    const b = mk("b", -d(zFor[0.01]));
    const c = mk("c", -d(zFor[0.04]));
    const pairs = pairwiseIntervalComparisons({ estimates: [a, b, c], direction: "higher_is_better" });
    expect(pairs[0]?.pValue).toBeCloseTo(0.01, 12);
    expect(pairs[1]?.pValue).toBeCloseTo(0.04, 12);
    const pbc = pairs[2]?.pValue as number;
    expect(pbc).toBeGreaterThan(0.04); // so the order is p_ab < p_ac < p_bc
    // Holm by hand: 3·0.01 = 0.03; max(0.03, 2·0.04) = 0.08; max(0.08, 1·p_bc).
    expect(pairs[0]?.adjustedPValue).toBeCloseTo(0.03, 12);
    expect(pairs[1]?.adjustedPValue).toBeCloseTo(0.08, 12);
    expect(pairs[2]?.adjustedPValue).toBeCloseTo(Math.max(0.08, pbc), 12);
    expect(pairs.map((p) => p.significant)).toEqual([true, false, false]);
  });

  it("lower-is-better metrics: the smaller value is better", () => {
    const pairs = pairwiseIntervalComparisons({
      estimates: [
        { id: "x", value: 0.5, lower: 0.45, upper: 0.55, level: 0.95 },
        { id: "y", value: 0.3, lower: 0.27, upper: 0.33, level: 0.95 },
      ],
      direction: "lower_is_better",
    });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ better: "y", worse: "x", significant: true });
    expect(pairs[0]?.difference).toBeCloseTo(-0.2, 12);
    expect(pairs[0]?.adjustedPValue).toBe(pairs[0]?.pValue); // one test: Holm changes nothing
  });

  it("returns nothing for fewer than two estimates", () => {
    expect(pairwiseIntervalComparisons({ estimates: [], direction: "higher_is_better" })).toEqual([]);
  });
});

describe("detectRegressions", () => {
  const pt = (value: number, half = 0.02) => ({ value, lower: value - half, upper: value + half, level: 0.95 });

  it("flags a significant drop from the previous point only", () => {
    const checks = detectRegressions({ points: [pt(0.9), pt(0.89), pt(0.8), pt(0.85)], direction: "higher_is_better" });
    expect(checks.map((c) => [c.index, c.previousIndex, c.regression])).toEqual([
      [1, 0, false],
      [2, 1, true],
      [3, 2, false], // an improvement is never a regression
    ]);
  });

  it("reads direction: a rise of a loss is a regression", () => {
    const checks = detectRegressions({ points: [pt(0.3), pt(0.4)], direction: "lower_is_better" });
    expect(checks[0]?.regression).toBe(true);
    expect(detectRegressions({ points: [pt(0.4), pt(0.3)], direction: "lower_is_better" })[0]?.regression).toBe(false);
  });

  it("skips points without an interval and compares with the last one that had one", () => {
    const checks = detectRegressions({
      points: [pt(0.9), { value: 0.1, lower: null, upper: null, level: null }, pt(0.7)],
      direction: "higher_is_better",
    });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ index: 2, previousIndex: 0, regression: true });
  });

  it("empty and single-point series have no checks", () => {
    expect(detectRegressions({ points: [], direction: "higher_is_better" })).toEqual([]);
    expect(detectRegressions({ points: [pt(0.5)], direction: "higher_is_better" })).toEqual([]);
  });
});
