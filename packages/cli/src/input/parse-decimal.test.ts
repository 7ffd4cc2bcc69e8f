import { describe, expect, it } from "vitest";
import { parseDecimal } from "./parse-decimal.ts";

describe("parseDecimal", () => {
  it.each([
    ["0", 0],
    ["1", 1],
    ["-0", -0],
    ["0.5", 0.5],
    [".5", 0.5],
    ["+.5", 0.5],
    ["5.", 5],
    ["-12.25", -12.25],
    ["1e3", 1000],
    ["1E-3", 0.001],
    ["-2.5e+2", -250],
    [" 0.75 ", 0.75],
    ["007", 7],
    ["0.30000000000000004", 0.30000000000000004],
    ["123456789012345678", 123456789012345680],
  ])("%j → %d", (text, value) => {
    expect(Object.is(parseDecimal(text), value)).toBe(true);
  });

  it.each([
    [""],
    [" "],
    ["NaN"],
    ["nan"],
    ["Infinity"],
    ["inf"],
    ["-"],
    ["."],
    ["e5"],
    ["1e"],
    ["1e+"],
    ["1.2.3"],
    ["1,5"],
    ["0x10"],
    ["1 2"],
    ["1e999"],
    ["--1"],
    ["12abc"],
  ])("%j is not a number", (text) => {
    expect(parseDecimal(text)).toBeNaN();
  });

  it("agrees with Number() on many generated decimals (the hand-computed fast path is exact)", () => {
    let state = 99;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state;
    };
    for (let i = 0; i < 200_000; i++) {
      const digits = 1 + (next() % 17);
      const intPart = String(next() % 1000);
      const frac =
        String(next()).padStart(10, "0").slice(0, Math.min(digits, 10)) +
        String(next()).slice(0, Math.max(0, digits - 10));
      const text = `${next() % 2 ? "-" : ""}${intPart}.${frac}`;
      expect(parseDecimal(text), text).toBe(Number(text));
    }
  });
});
