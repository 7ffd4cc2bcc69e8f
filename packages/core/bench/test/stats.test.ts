import { describe, expect, it } from "vitest";
import { measuredRow, pairRatioSpread } from "../row-result.ts";
import { formatBytes, formatCount, formatRatio, formatSeconds, formatTarget, median, verdict } from "../stats.ts";

describe("median", () => {
  it.each([
    { values: [3], expected: 3 },
    { values: [2, 1], expected: 1.5 },
    { values: [5, 1, 3], expected: 3 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [1, 1, 1, 100], expected: 1 },
    { values: [-1, 0.5, 10, 7, 3], expected: 3 },
  ])("median($values) = $expected", ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("refuses an empty sample", () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe("verdict", () => {
  it.each([
    { ratio: 0.59, target: 0.6, expected: "PASS" },
    { ratio: 0.6, target: 0.6, expected: "PASS" }, // at the target passes: the target is "≤"
    { ratio: 0.6000001, target: 0.6, expected: "FAIL" },
    { ratio: 2, target: 1, expected: "FAIL" },
    { ratio: Number.NaN, target: 1, expected: "FAIL" },
    { ratio: 5, target: null, expected: "info" },
  ])("ratio $ratio against $target → $expected", ({ ratio, target, expected }) => {
    expect(verdict(ratio, target)).toBe(expected);
  });
});

describe("formatting", () => {
  it.each([
    { ratio: 0.4321, text: "0.43×" },
    { ratio: 1, text: "1.00×" },
    { ratio: 0.0487, text: "0.049×" },
    { ratio: 0.00123, text: "0.0012×" },
    { ratio: 12.34, text: "12.3×" },
    { ratio: Number.POSITIVE_INFINITY, text: "—" },
  ])("formatRatio($ratio) = $text", ({ ratio, text }) => {
    expect(formatRatio(ratio)).toBe(text);
  });

  it("formats targets", () => {
    expect(formatTarget(0.05)).toBe("≤ 0.05×");
    expect(formatTarget(null)).toBe("—");
  });

  it.each([
    { seconds: 0.000812, text: "812 µs" },
    { seconds: 0.0453, text: "45.3 ms" },
    { seconds: 2.414, text: "2.41 s" },
    { seconds: 61.2, text: "61.2 s" },
  ])("formatSeconds($seconds) = $text", ({ seconds, text }) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it.each([
    { n: 10_000_000, text: "10^7" },
    { n: 200_000, text: "2·10^5" },
    { n: 123_456, text: "123,456" },
    { n: 57, text: "57" },
  ])("formatCount($n) = $text", ({ n, text }) => {
    expect(formatCount(n)).toBe(text);
  });

  it("formats bytes in MiB", () => {
    expect(formatBytes(160_000_000)).toBe("152.6 MiB");
  });
});

describe("measuredRow", () => {
  const spec = { id: "x", name: "x", tsTimes: "a", referenceTimes: "b", n: 10 };

  it("takes the ratio of the medians and judges it against the target", () => {
    const row = measuredRow({ ...spec, target: 0.6 }, { ts: [1, 3, 2], reference: [4, 5, 6] });
    expect(row.tsMedian).toBe(2);
    expect(row.referenceMedian).toBe(5);
    expect(row.ratio).toBeCloseTo(0.4, 15);
    expect(row.verdict).toBe("PASS");
    expect(row.reps).toBe(3);
    expect(row.cpuRatio).toBeNull();
  });

  it("fails a row over its target and leaves a row without one informational", () => {
    expect(measuredRow({ ...spec, target: 0.5 }, { ts: [3], reference: [4] }).verdict).toBe("FAIL");
    expect(measuredRow({ ...spec, target: null }, { ts: [3], reference: [4] }).verdict).toBe("info");
  });

  it("reports the CPU ratio of the medians when both sides measured CPU time", () => {
    const sides = { ts: [1, 1, 1], reference: [2, 2, 2], tsCpu: [1, 2, 9], referenceCpu: [8, 8, 8] };
    expect(measuredRow({ ...spec, target: 1 }, sides).cpuRatio).toBe(0.25);
  });

  it("notes the spread of the interleaved pairs' ratios", () => {
    expect(pairRatioSpread([1, 3, 2], [10, 10, 4])).toBe("ratio of each interleaved pair 0.10×–0.50×");
    expect(measuredRow({ ...spec, target: 1 }, { ts: [1, 3], reference: [10, 10] }).notes).toContain(
      "ratio of each interleaved pair 0.10×–0.30×",
    );
  });
});
