import { describe, expect, it } from "vitest";
import { perturbationSpecListSchema, perturbationSpecSchema } from "./perturbation-spec.ts";

describe("perturbationSpecSchema", () => {
  it.each([
    { kind: "gaussian_noise", factor: 0.5 },
    { kind: "gaussian_noise", factor: 0, columns: ["income"] },
    { kind: "missing_values", rate: 0 },
    { kind: "missing_values", rate: 1, columns: ["income", "country"] },
    { kind: "category_swap", rate: 0.1 },
    { kind: "shift", columns: ["income"], operation: "add_std", amount: -2 },
    { kind: "shift", operation: "multiply", amount: 1.1 },
  ])("accepts %o, and it survives a JSON round trip", (spec) => {
    const parsed = perturbationSpecSchema.parse(spec);
    expect(parsed).toEqual(spec);
    expect(perturbationSpecSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(spec);
  });

  it.each([
    { name: "rate above 1", spec: { kind: "missing_values", rate: 1.5 }, path: ["rate"] },
    { name: "negative rate", spec: { kind: "category_swap", rate: -0.1 }, path: ["rate"] },
    { name: "NaN rate", spec: { kind: "missing_values", rate: Number.NaN }, path: ["rate"] },
    { name: "negative factor", spec: { kind: "gaussian_noise", factor: -1 }, path: ["factor"] },
    { name: "infinite factor", spec: { kind: "gaussian_noise", factor: Number.POSITIVE_INFINITY }, path: ["factor"] },
    { name: "unknown kind", spec: { kind: "blur", rate: 0.1 }, path: ["kind"] },
    { name: "misspelt key", spec: { kind: "missing_values", rate: 0.1, colums: ["a"] }, path: [] },
    { name: "unknown operation", spec: { kind: "shift", operation: "add", amount: 1 }, path: ["operation"] },
    { name: "empty columns", spec: { kind: "missing_values", rate: 0.1, columns: [] }, path: ["columns"] },
    { name: "repeated column", spec: { kind: "missing_values", rate: 0.1, columns: ["a", "a"] }, path: ["columns"] },
    { name: "empty column name", spec: { kind: "missing_values", rate: 0.1, columns: [""] }, path: ["columns", 0] },
  ])("refuses $name at $path", ({ spec, path }) => {
    const result = perturbationSpecSchema.safeParse(spec);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });

  it("a list needs at least one perturbation", () => {
    expect(perturbationSpecListSchema.safeParse([]).success).toBe(false);
    expect(perturbationSpecListSchema.safeParse([{ kind: "missing_values", rate: 0.1 }]).success).toBe(true);
  });
});
