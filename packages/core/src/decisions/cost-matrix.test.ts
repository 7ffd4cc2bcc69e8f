import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { type CostMatrix, resolveCostMatrix } from "./cost-matrix.ts";

describe("resolveCostMatrix", () => {
  it.each([
    { name: "fp and fn only", costs: { fp: 1, fn: 5 }, expected: { fp: 1, fn: 5, tp: 0, tn: 0 } },
    { name: "every cell", costs: { fp: 1, fn: 5, tp: 0.5, tn: 0.25 }, expected: { fp: 1, fn: 5, tp: 0.5, tn: 0.25 } },
    {
      name: "negative costs are benefits",
      costs: { fp: 4, fn: 0, tp: -40 },
      expected: { fp: 4, fn: 0, tp: -40, tn: 0 },
    },
    { name: "-0 becomes +0", costs: { fp: -0, fn: 1 }, expected: { fp: 0, fn: 1, tp: 0, tn: 0 } },
  ])("$name", ({ costs, expected }) => {
    const resolved = resolveCostMatrix(costs);
    expect(resolved).toEqual(expected);
    expect(Object.is(resolved.fp, -0)).toBe(false);
  });

  it.each([
    { name: "fn missing", costs: { fp: 1 }, message: /costs\.fn must be a finite number .*got nothing/ },
    { name: "fp NaN", costs: { fp: Number.NaN, fn: 1 }, message: /costs\.fp must be a finite number .*got NaN/ },
    { name: "tp infinite", costs: { fp: 1, fn: 1, tp: Number.POSITIVE_INFINITY }, message: /costs\.tp .*got Infinity/ },
    { name: "tn a string", costs: { fp: 1, fn: 1, tn: "0" }, message: /costs\.tn must be a finite number/ },
    { name: "a misspelt cell", costs: { fp: 1, fn: 1, FN: 5 }, message: /costs\.FN is not a cell/ },
    { name: "null", costs: null, message: /costs must be an object/ },
    { name: "an array", costs: [1, 5], message: /costs must be an object/ },
  ])("refuses $name", ({ costs, message }) => {
    const run = () => resolveCostMatrix(costs as unknown as CostMatrix);
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(message);
  });
});
