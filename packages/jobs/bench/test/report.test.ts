import { describe, expect, it } from "vitest";
import { parseDispatchOptions } from "../options.ts";
import {
  buildRow,
  jobsPerSecond,
  median,
  resultTable,
  rotation,
  rowVerdict,
  TARGET_RATIO,
  verdict,
} from "../report.ts";

describe("median", () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7, 7, 7], 7],
  ])("of %j is %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it("refuses an empty sample", () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe("verdict against ≥ 0.8×", () => {
  it.each([
    [0.79, "FAIL"],
    [0.8, "PASS"],
    [1.2, "PASS"],
    [Number.NaN, "FAIL"],
  ])("ratio %d → %s", (ratio, expected) => {
    expect(verdict(ratio, TARGET_RATIO)).toBe(expected);
  });

  it("has no verdict without a target", () => {
    expect(verdict(0.1, null)).toBe("info");
  });
});

describe("jobsPerSecond", () => {
  it("divides jobs by seconds", () => {
    expect(jobsPerSecond(20_000, 2)).toBe(10_000);
  });

  it.each([0, -1, Number.NaN])("refuses a time of %d", (seconds) => {
    expect(() => jobsPerSecond(10, seconds)).toThrow(RangeError);
  });
});

describe("rows and table", () => {
  const raw = buildRow({
    name: "raw",
    n: 1_000,
    rates: [100, 300, 200],
    enqueueRates: [1_000, 1_000, 1_000],
    cpuPerJob: [60, 62, 61],
  });
  const ours = buildRow({
    name: "fieldtest",
    n: 1_000,
    rates: [150, 170, 190],
    enqueueRates: [900, 800, 1_000],
    cpuPerJob: [70, 64, 66],
    reference: raw.rates,
    target: TARGET_RATIO,
  });

  it("takes the ratio of medians, not of means or of single reps", () => {
    expect(raw.ratio).toBeNull();
    expect(ours.ratio).toBeCloseTo(170 / 200, 12);
    expect(rowVerdict(ours)).toBe("PASS");
    expect(rowVerdict(raw)).toBe("—");
  });

  it("prints n, reps, medians, the ratio, the target and the verdict", () => {
    const failing = { ...ours, rates: [100, 120, 150], ratio: 120 / 200 };
    const text = resultTable([raw, failing]);
    const [header, rule, first, second] = text.split("\n");
    expect(header).toMatch(/^row\s+n\s+reps\s+median\s+min–max\s+enqueue median\s+CPU\/job\s+ratio\s+target\s+result$/);
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(first).toMatch(
      /^raw\s+1,000\s+3\s+200 jobs\/s\s+100–300\s+1,000 jobs\/s\s+61 µs\s+1 \(reference\)\s+—\s+—$/,
    );
    expect(second).toMatch(/0\.60×\s+≥ 0\.80×\s+FAIL <<<$/);
  });
});

describe("rotation", () => {
  it("puts each side first in turn", () => {
    const sides = ["a", "b", "c"];
    expect([0, 1, 2, 3].map((rep) => rotation(rep, sides).join(""))).toEqual(["abc", "bca", "cab", "abc"]);
    expect(rotation(5, [])).toEqual([]);
  });
});

describe("parseDispatchOptions", () => {
  it("defaults to the issue's n with 5 reps, and --quick to 2,000 × 3", () => {
    expect(parseDispatchOptions([])).toMatchObject({ quick: false, n: 20_000, reps: 5, ignored: [] });
    expect(parseDispatchOptions(["--quick"])).toMatchObject({ quick: true, n: 2_000, reps: 3 });
    expect(parseDispatchOptions(["--quick", "--n", "500", "--reps", "4"])).toMatchObject({ n: 500, reps: 4 });
  });

  it("accepts the core bench's options from the shared command line and ignores them", () => {
    expect(parseDispatchOptions(["--quick", "--only", "1,3", "--json", "out.json"]).ignored).toEqual([
      "--json",
      "--only",
    ]);
  });

  it.each([
    [["--reps", "2"], /--reps takes an integer ≥ 3/],
    [["--n", "0"], /--n takes an integer ≥ 1/],
    [["--n", "lots"], /--n takes an integer/],
    [["--fast"], /Unknown option/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseDispatchOptions(argv)).toThrow(message);
  });
});
