import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { delongTest } from "./delong-test.ts";

const f64 = (v: number[]) => Float64Array.from(v);
// STATISTICS.md §4.
const labels = f64([1, 1, 1, 0, 0, 0, 0, 1, 0, 1]);
const s1 = f64([0.9, 0.8, 0.4, 0.3, 0.2, 0.6, 0.1, 0.7, 0.5, 0.65]);
const s2 = f64([0.7, 0.9, 0.5, 0.5, 0.1, 0.4, 0.3, 0.4, 0.6, 0.8]);

describe("delongTest", () => {
  it("reproduces the STATISTICS.md vector", () => {
    const r = delongTest({ labels, scoresA: s1, scoresB: s2 });
    expect(r.aucA).toBe(0.92);
    expect(r.aucB).toBe(0.84);
    expect(r.varianceA).toBeCloseTo(0.0088, 15);
    expect(r.varianceB).toBeCloseTo(0.0172, 15);
    expect(r.covariance).toBeCloseTo(0.0046, 15);
    expect(r.z).toBeCloseTo(0.617213, 6);
    expect(r.pValue).toBeCloseTo(0.537094, 6);
    expect(r.degenerate).toBe(false);
    expect([r.nPositive, r.nNegative]).toEqual([5, 5]);
  });

  it("is antisymmetric in the two models", () => {
    const ab = delongTest({ labels, scoresA: s1, scoresB: s2 });
    const ba = delongTest({ labels, scoresA: s2, scoresB: s1 });
    expect(ba.z).toBe(-ab.z);
    expect(ba.pValue).toBe(ab.pValue);
  });

  it("AUCs equal rocAuc, including ties and signed zeros", () => {
    const y = f64([0, 1, 1, 0, 1, 0, 1]);
    const a = f64([0, -0, 0.5, 0.5, 0, 0.2, 0.9]);
    const b = f64([1, 2, 2, 2, 3, 1, 3]);
    const r = delongTest({ labels: y, scoresA: a, scoresB: b });
    expect(r.aucA).toBe(rocAuc(y, a));
    expect(r.aucB).toBe(rocAuc(y, b));
  });

  it("flags a zero variance as degenerate: p = 1 when the AUCs are equal", () => {
    const r = delongTest({ labels, scoresA: s1, scoresB: s1.map((v) => 2 * v + 1) });
    expect(r).toMatchObject({ difference: 0, z: 0, pValue: 1, degenerate: true, standardError: 0 });
  });

  it("flags a zero variance with different AUCs (z = ±∞, p = 0, not evidence)", () => {
    const r = delongTest({
      labels: f64([1, 1, 0, 0]),
      scoresA: f64([0.9, 0.8, 0.2, 0.1]),
      scoresB: f64([0.5, 0.5, 0.5, 0.5]),
    });
    expect(r).toMatchObject({ aucA: 1, aucB: 0.5, z: Number.POSITIVE_INFINITY, pValue: 0, degenerate: true });
  });

  it.each([
    { y: [1, 0, 0, 0], why: "one positive" },
    { y: [1, 1, 1, 0], why: "one negative" },
    { y: [0, 0, 0, 0], why: "one class" },
  ])("needs two of each class ($why)", ({ y }) => {
    const s = f64([0.1, 0.2, 0.3, 0.4]);
    expect(() => delongTest({ labels: f64(y), scoresA: s, scoresB: s })).toThrow(MetricUndefinedError);
  });

  it("refuses invalid columns", () => {
    expect(() => delongTest({ labels, scoresA: s1, scoresB: s2.subarray(1) })).toThrow(InvalidInputError);
    expect(() => delongTest({ labels, scoresA: s1, scoresB: s2.map((v, i) => (i === 3 ? Number.NaN : v)) })).toThrow(
      InvalidInputError,
    );
  });
});
