import { benchmarkProtocolSchema } from "@fieldtest/core";
import { describe, expect, it } from "vitest";
import { runEndpointOf } from "./endpoint-config.ts";
import { runRefusal } from "./runnable-protocol.ts";

const protocol = (extra: Record<string, unknown> = {}) =>
  benchmarkProtocolSchema.parse({ split: { kind: "random", testFraction: 0.3 }, seed: 1, ...extra });
const names = { benchmark: "Benchmark churn v2", version: "Version 1.0.0" };
const stress = [{ name: "noisy", perturbations: [{ kind: "gaussian_noise", factor: 0.5 }] }];

describe("runRefusal", () => {
  it.each([
    ["offline", { sliceColumns: ["region"], costs: { fp: 1, fn: 3 }, holdout: { fraction: 0.2, queryBudget: 5 } }],
    ["offline", { split: { kind: "rolling", folds: 3, testWindow: { days: 7 } } }],
    ["builtin", { stress }],
    ["http-json", { stress }],
  ] as const)("lets a %s version run every binary protocol part it can execute: %j", (kind, extra) => {
    const endpoint =
      kind === "offline"
        ? ({ kind } as const)
        : kind === "builtin"
          ? ({ kind, algorithm: "logistic_regression" } as const)
          : ({ kind, url: "https://models.example/predict" } as const);
    expect(runRefusal({ protocol: protocol(extra), endpoint, ...names })).toBeNull();
  });

  it("refuses stress scenarios for an offline version, naming the field", () => {
    const refusal = runRefusal({ protocol: protocol({ stress }), endpoint: { kind: "offline" }, ...names });
    expect(refusal).toMatchObject({ code: "BAD_INPUT", field: "stress" });
    expect(refusal?.message).toMatch(
      /^Benchmark churn v2 has stress scenarios \("noisy"\).*Version 1\.0\.0 is offline/,
    );
  });

  it("refuses other tasks, naming the benchmark", () => {
    const refusal = runRefusal({
      protocol: protocol({ task: "regression", metrics: ["mae"] }),
      endpoint: { kind: "offline" },
      ...names,
    });
    expect(refusal).toMatchObject({ code: "BAD_INPUT", field: "benchmarkId" });
  });
});

describe("runEndpointOf", () => {
  const version = (
    endpointKind: "offline" | "builtin" | "http_json" | "open_inference_v2",
    endpointConfig: unknown,
  ) => ({
    version: "2",
    endpointKind,
    endpointConfig,
  });

  it("reads each kind's settings, leaving other keys of the config alone", () => {
    expect(runEndpointOf(version("offline", null))).toEqual({ kind: "offline" });
    expect(
      runEndpointOf(version("builtin", { algorithm: "gradient_boosting", params: { maxDepth: 2 }, label: "x" })),
    ).toEqual({
      kind: "builtin",
      algorithm: "gradient_boosting",
      params: { maxDepth: 2 },
    });
    expect(
      runEndpointOf(version("open_inference_v2", { url: "https://m.example", modelName: "rain", note: "n" })),
    ).toEqual({
      kind: "open-inference-v2",
      url: "https://m.example",
      modelName: "rain",
    });
  });

  it.each([
    [version("builtin", {}), /^Version 2 is builtin, but its model cannot be trained \(/],
    [version("builtin", { algorithm: "logistic_regression", params: { depth: 3 } }), /params/],
    [version("http_json", { modelName: "x" }), /^Version 2 is a http-json endpoint without a usable URL$/],
  ])("refuses a config a run cannot use, on modelVersionId: %j", (v, message) => {
    expect(() => runEndpointOf(v)).toThrow(message);
    expect(() => runEndpointOf(v)).toThrow(expect.objectContaining({ field: "modelVersionId" }));
  });
});
