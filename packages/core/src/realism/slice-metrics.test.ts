import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { accuracy } from "../metrics/accuracy.ts";
import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { evaluateBinary } from "../metrics/evaluate-binary.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { bootstrapInterval } from "../uncertainty/bootstrap-interval.ts";
import { MISSING_SLICE } from "./slice-codes.ts";
import { type SliceMetricsOptions, sliceMetrics } from "./slice-metrics.ts";

// slice, label, score
const ROWS: [string | null, number, number][] = [
  ["a", 1, 0.9],
  ["a", 0, 0.2],
  ["a", 1, 0.6],
  ["a", 0, 0.4], // a: roc_auc 1, accuracy 1
  ["b", 1, 0.3],
  ["b", 0, 0.7],
  ["b", 1, 0.8],
  ["b", 0, 0.1], // b: roc_auc 0.75, accuracy 0.5
  [null, 1, 0.5],
  [null, 0, 0.5], // (missing): roc_auc 0.5 (a tie), accuracy 0.5
  ["c", 1, 0.95], // one row, one class: roc_auc undefined
  ["B", 0, 0.45], // "B" sorts before "a" (code units, not locale)
];
const labels = Float64Array.from(ROWS, (r) => r[1]);
const scores = Float64Array.from(ROWS, (r) => r[2]);
const values = ROWS.map((r) => r[0]);
const METRICS: BinaryMetricName[] = ["roc_auc", "accuracy", "log_loss", "ece"];
const base: SliceMetricsOptions = { labels, scores, slices: values, threshold: 0.5, metrics: METRICS };

function rowsOf(slice: string | null) {
  const idx = ROWS.flatMap((r, i) => (r[0] === slice ? [i] : []));
  return {
    labels: Float64Array.from(idx, (i) => labels[i] as number),
    scores: Float64Array.from(idx, (i) => scores[i] as number),
  };
}

describe("sliceMetrics", () => {
  it("orders slices by code unit with (missing) last, and counts every row once", () => {
    const result = sliceMetrics(base);
    expect(result.slices.map((s) => [s.slice, s.n, s.missing])).toEqual([
      ["B", 1, false],
      ["a", 4, false],
      ["b", 4, false],
      ["c", 1, false],
      [MISSING_SLICE, 2, true],
    ]);
    expect(result.slices.reduce((sum, s) => sum + s.n, 0)).toBe(ROWS.length);
    expect(result.overall.n).toBe(ROWS.length);
  });

  it("each slice's metrics equal evaluateBinary on that slice's rows; undefined ones carry a reason", () => {
    const result = sliceMetrics(base);
    for (const s of result.slices) {
      const rows = rowsOf(s.missing ? null : s.slice);
      for (const metric of METRICS) {
        const value = s.metrics[metric];
        if (value === null) {
          expect(s.problems[metric]?.kind).toBe("undefined");
          expect(() => evaluateBinary({ ...rows, threshold: 0.5, metrics: [metric] })).toThrow(/undefined/);
        } else {
          expect(value).toBe(evaluateBinary({ ...rows, threshold: 0.5, metrics: [metric] })[0]?.value);
          expect(s.problems[metric]).toBeUndefined();
        }
      }
    }
    expect(result.slices.find((s) => s.slice === "c")?.problems.roc_auc?.message).toMatch(/only one class/);
    expect(result.overall.metrics.roc_auc).toBe(
      evaluateBinary({ labels, scores, threshold: 0.5, metrics: ["roc_auc"] })[0]?.value,
    );
  });

  it.each<{
    name: string;
    minSliceSize?: number;
    metric: BinaryMetricName;
    slice: string | null;
    n?: number;
    compared: number;
  }>([
    { name: "roc_auc, higher is better: the lowest", metric: "roc_auc", slice: MISSING_SLICE, n: 2, compared: 3 },
    {
      name: "roc_auc with minSliceSize 3: (missing) is insufficient",
      minSliceSize: 3,
      metric: "roc_auc",
      slice: "b",
      n: 4,
      compared: 2,
    },
    { name: "accuracy tie at 0.5: the larger slice", metric: "accuracy", slice: "b", n: 4, compared: 5 },
    {
      name: "log_loss, lower is better: the highest (ln 2 beats b's 0.684)",
      metric: "log_loss",
      slice: MISSING_SLICE,
      n: 2,
      compared: 5,
    },
    {
      name: "minSliceSize 4 is inclusive: a and b are eligible",
      minSliceSize: 4,
      metric: "accuracy",
      slice: "b",
      n: 4,
      compared: 2,
    },
    { name: "minSliceSize 5: no slice is eligible", minSliceSize: 5, metric: "accuracy", slice: null, compared: 0 },
  ])("worst slice: $name", ({ minSliceSize, metric, slice, n, compared }) => {
    const result = sliceMetrics({ ...base, minSliceSize });
    const worst = result.worst[metric];
    if (slice === null) {
      expect(worst).toBeNull();
      return;
    }
    expect(worst).toMatchObject({ slice, n, compared, overall: result.overall.metrics[metric] });
    expect(worst?.value).toBe(result.slices.find((s) => s.slice === slice)?.metrics[metric]);
  });

  it("log_loss worst really is the maximum, and directions are reported", () => {
    const result = sliceMetrics(base);
    const losses = result.slices.map((s) => s.metrics.log_loss as number);
    expect(result.worst.log_loss?.value).toBe(Math.max(...losses));
    expect(result.worst.log_loss?.direction).toBe("lower_is_better");
    expect(result.worst.roc_auc?.direction).toBe("higher_is_better");
  });

  it("insufficient slices are reported with their metrics, not hidden", () => {
    const result = sliceMetrics({ ...base, minSliceSize: 3 });
    expect(result.slices.map((s) => [s.slice, s.insufficient])).toEqual([
      ["B", true],
      ["a", false],
      ["b", false],
      ["c", true],
      [MISSING_SLICE, true],
    ]);
    expect(result.slices.find((s) => s.slice === "c")?.metrics.accuracy).toBe(1);
  });

  it("equal value and size: the earlier slice is the worst", () => {
    const result = sliceMetrics({
      labels: Float64Array.from([1, 0, 1, 0]),
      scores: Float64Array.from([0.4, 0.6, 0.4, 0.6]),
      slices: ["y", "y", "x", "x"],
      threshold: 0.5,
      metrics: ["accuracy"],
    });
    expect(result.worst.accuracy).toMatchObject({ slice: "x", value: 0, n: 2, compared: 2 });
  });

  it("codes + names give the same result, keep the names' order and report unused names with n = 0", () => {
    const names = ["c", "b", "unused", "a", "B"];
    const codes = Int32Array.from(values, (v) => (v === null ? -1 : names.indexOf(v)));
    const encoded = sliceMetrics({ ...base, slices: { codes, names } });
    expect(encoded.slices.map((s) => [s.slice, s.n, s.insufficient])).toEqual([
      ["c", 1, false],
      ["b", 4, false],
      ["unused", 0, true],
      ["a", 4, false],
      ["B", 1, false],
      [MISSING_SLICE, 2, false],
    ]);
    expect(encoded.slices.find((s) => s.slice === "unused")?.problems.accuracy?.message).toMatch(/zero rows/);
    const plain = sliceMetrics(base);
    for (const s of plain.slices) expect(encoded.slices.find((e) => e.slice === s.slice)).toEqual(s);
    expect(encoded.worst).toEqual(plain.worst);
  });

  it("no missing values: no (missing) slice; one row: one slice", () => {
    const result = sliceMetrics({ ...base, labels: labels.slice(0, 1), scores: scores.slice(0, 1), slices: ["a"] });
    expect(result.slices.map((s) => s.slice)).toEqual(["a"]);
    expect(result.worst.roc_auc).toBeNull();
    expect(result.worst.accuracy).toMatchObject({ slice: "a", value: 1, n: 1, compared: 1 });
  });

  it("does not mutate its inputs", () => {
    const codes = Int32Array.from([0, -1, 1, 0]);
    const before = Array.from(codes);
    sliceMetrics({
      ...base,
      labels: labels.slice(0, 4),
      scores: scores.slice(0, 4),
      slices: { codes, names: ["p", "q"] },
    });
    expect(Array.from(codes)).toEqual(before);
  });

  describe("with bootstrap intervals", () => {
    const bootstrap = { seed: 5, resamples: 200 };
    it("each interval is bootstrapInterval on the group's own rows; insufficient slices get none", () => {
      const result = sliceMetrics({ ...base, metrics: ["roc_auc", "accuracy"], minSliceSize: 3, bootstrap });
      const expectInterval = (rows: { labels: Float64Array; scores: Float64Array }, got: unknown, metric: string) => {
        const fn = metric === "roc_auc" ? rocAuc : (y: Float64Array, s: Float64Array) => accuracy(y, s, 0.5);
        const { replicates: _, ...expected } = bootstrapInterval({ ...rows, ...bootstrap, metric: fn });
        expect(got).toEqual(expected);
      };
      expectInterval({ labels, scores }, result.overall.intervals?.roc_auc, "roc_auc");
      expectInterval({ labels, scores }, result.overall.intervals?.accuracy, "accuracy");
      const b = result.slices.find((s) => s.slice === "b");
      expectInterval(rowsOf("b"), b?.intervals?.roc_auc, "roc_auc");
      expectInterval(rowsOf("b"), b?.intervals?.accuracy, "accuracy");
      for (const s of result.slices.filter((x) => x.insufficient)) expect(s.intervals).toEqual({});
      expect(result.worst.roc_auc?.slice).toBe("b");
      expect(result.worst.roc_auc?.interval).toEqual(b?.intervals?.roc_auc);
      expect(result.worst.roc_auc?.interval?.level).toBe(0.95);
    });

    it("no bootstrap, no interval fields", () => {
      const result = sliceMetrics(base);
      expect(result.overall.intervals).toBeUndefined();
      expect(result.worst.roc_auc?.interval).toBeUndefined();
    });

    it("an interval undefined on every resample is a reason, not an exception", () => {
      // (missing) holds one positive and one negative: a single resample with no redraw
      // has one class half the time, so some of these seeds give no roc_auc interval.
      const outcomes = Array.from({ length: 12 }, (_, seed) => {
        const result = sliceMetrics({
          ...base,
          metrics: ["roc_auc"],
          bootstrap: { seed, resamples: 1, maxRedraws: 0 },
        });
        const missing = result.slices.find((s) => s.missing);
        return missing?.intervals?.roc_auc !== undefined ? "interval" : missing?.intervalProblems?.roc_auc;
      });
      expect(outcomes).toContain("interval");
      expect(outcomes.filter((o) => o !== "interval").length).toBeGreaterThan(0);
      for (const o of outcomes) if (o !== "interval") expect(o).toMatch(/roc_auc: undefined on every resample/);
    });

    it("refuses bad settings before any work", () => {
      expect(() => sliceMetrics({ ...base, bootstrap: { seed: 1, resamples: 0 } })).toThrow(InvalidInputError);
      expect(() => sliceMetrics({ ...base, bootstrap: { seed: 1, level: 1 } })).toThrow(InvalidInputError);
    });
  });

  it.each<{ name: string; opts: Partial<SliceMetricsOptions>; message: string | RegExp }>([
    {
      name: "slice column too short",
      opts: { slices: ["a"] },
      message: "sliceMetrics: slices has 1 values for 12 rows",
    },
    {
      name: "a number as slice value",
      opts: { slices: [...values.slice(0, 11), 3 as never] },
      message: "slices[11] must be a string or null, got 3",
    },
    {
      name: "undefined as slice value",
      opts: { slices: [...values.slice(0, 11), undefined as never] },
      message: "slices[11] must be a string or null, got undefined",
    },
    {
      name: "(missing) as a real value",
      opts: { slices: [...values.slice(0, 11), "(missing)"] },
      message: 'slices[11] is "(missing)", the name reserved',
    },
    {
      name: "code out of range",
      opts: { slices: { codes: new Int32Array(12).fill(1), names: ["a"] } },
      message: "codes[0] = 1 is not −1 (missing) or an index into 1 names",
    },
    {
      name: "code below −1",
      opts: { slices: { codes: new Int32Array(12).fill(-2), names: ["a"] } },
      message: "codes[0] = -2",
    },
    {
      name: "duplicate names",
      opts: { slices: { codes: new Int32Array(12), names: ["a", "a"] } },
      message: 'names[1] = "a" appears twice',
    },
    {
      name: "codes not Int32Array",
      opts: { slices: { codes: [0] as never, names: ["a"] } },
      message: "slices must be an array of strings or nulls, or { codes: Int32Array, names }",
    },
    { name: "no metrics", opts: { metrics: [] }, message: "metrics must name at least one" },
    { name: "unknown metric", opts: { metrics: ["auc" as never] }, message: 'unknown binary metric "auc"' },
    { name: "repeated metric", opts: { metrics: ["f1", "f1"] }, message: 'metric "f1" is requested twice' },
    { name: "minSliceSize 0", opts: { minSliceSize: 0 }, message: "minSliceSize must be an integer ≥ 1, got 0" },
    {
      name: "log_loss on logits",
      opts: { scores: scores.map((x) => x * 3) },
      message: /^log_loss: scores must be probabilities in \[0, 1\]: \d+ rows outside/,
    },
    {
      name: "NaN score",
      opts: { scores: scores.map((x, i) => (i === 4 ? Number.NaN : x)) },
      message: "first scores[4] = NaN",
    },
    { name: "label 2", opts: { labels: labels.map((y, i) => (i === 0 ? 2 : y)) }, message: "labels must be 0 or 1" },
    { name: "NaN threshold", opts: { threshold: Number.NaN }, message: "threshold must be a finite number" },
  ])("refuses $name", ({ opts, message }) => {
    const run = () => sliceMetrics({ ...base, ...opts });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });
});
