import { describe, expect, it } from "vitest";
import { describeLoad, formatQuantity, percentOf } from "./describe-load";

describe("formatQuantity", () => {
  it.each([
    [0, "0"],
    [9_500, "9,500"],
    [10_000, "10 k"],
    [502_222, "502 k"],
    [1_000_000, "1 M"],
    [1_200_000, "1.2 M"],
    [2_999_990, "3 M"],
    [3_000_000, "3 M"],
  ])("%d → %s", (n, text) => {
    expect(formatQuantity(n)).toBe(text);
  });
});

describe("describeLoad", () => {
  const reading = {
    step: "reading flights",
    stepNumber: 1,
    steps: 7,
    done: 1_200_000,
    total: 3_000_000,
    unit: "flights",
  };

  it("says how far the step is, in its unit", () => {
    expect(describeLoad(reading)).toBe(
      "Loading the flight-delay story at full scale: 1.2 M of 3 M flights (40%) — step 1 of 7: reading flights",
    );
  });

  it("waits for the worker before the first report", () => {
    expect(describeLoad(null)).toBe("Loading the flight-delay story at full scale: waiting for the worker");
  });

  it.each([
    [null, 0],
    [{ ...reading, total: 0, done: 0 }, 0],
    [{ ...reading, done: 2_999_999 }, 99],
    [{ ...reading, done: 3_000_000 }, 100],
  ])("percent of %o is %d", (progress, percent) => {
    expect(percentOf(progress)).toBe(percent);
  });
});
