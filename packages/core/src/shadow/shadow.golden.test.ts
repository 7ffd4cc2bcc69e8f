import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ShadowSnapshotInput, ShadowVersionInput } from "./index.ts";
import { scoreShadowSnapshot } from "./index.ts";

// Produced by testing/make_golden.py with Debian 12's scikit-learn 1.2.1, scipy 1.10.1 and
// numpy (see the script for the reference of each number). Regenerate with:
//   /usr/bin/python3 packages/core/src/shadow/testing/make_golden.py
// DESIGN.md: metrics to 1e-9 relative, p-values to 1e-6.

type Nullable = (number | null)[];
interface GoldenVersion {
  modelVersionId: string;
  role: "champion" | "challenger";
  predictions: number[];
  status: number[];
  latencyMs: Nullable;
  reference?: { predictions: number[]; labels: number[] };
  expected: {
    metrics: Record<string, number>;
    latency: Record<string, number>;
    referenceKs?: { statistic: number; pValue: number };
  };
}
interface GoldenCase {
  task: ShadowSnapshotInput["task"];
  classes?: string[];
  eventTimeMs: number[];
  labels: Nullable;
  labelTimeMs: Nullable;
  nowMs: number;
  versions: GoldenVersion[];
  expected: {
    matched: number;
    labelled: number;
    agreement?: number;
    challengerKs?: { statistic: number; pValue: number };
    mcnemarPValue?: number;
    meanAbsoluteDifference?: number;
    correlation?: number;
    medianLabelLagMs: number;
  };
}
const golden = JSON.parse(readFileSync(new URL("./testing/shadow.golden.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

const floats = (a: Nullable) => Float64Array.from(a, (x) => (x === null ? Number.NaN : x));

function toInput(c: GoldenCase): ShadowSnapshotInput {
  const versions: ShadowVersionInput[] = c.versions.map((v) => {
    const version: ShadowVersionInput = {
      modelVersionId: v.modelVersionId,
      role: v.role,
      predictions: Float64Array.from(v.predictions),
      status: Uint8Array.from(v.status),
      latencyMs: floats(v.latencyMs),
    };
    if (v.reference !== undefined) {
      version.reference = {
        predictions: Float64Array.from(v.reference.predictions),
        labels: Float64Array.from(v.reference.labels),
      };
    }
    return version;
  });
  const base = {
    look: 1,
    seed: 7,
    resamples: 200,
    nowMs: c.nowMs,
    eventTimeMs: Float64Array.from(c.eventTimeMs),
    labelTimeMs: floats(c.labelTimeMs),
  };
  if (c.task === "multiclass_classification") {
    return {
      ...base,
      task: c.task,
      classes: c.classes as string[],
      labels: Int32Array.from(c.labels as number[]),
      versions: versions as ShadowVersionInput<Int32Array>[],
    };
  }
  return { ...base, task: c.task, labels: floats(c.labels), versions: versions as ShadowVersionInput<Float64Array>[] };
}

function expectRelative(actual: number | null | undefined, expected: number, tolerance: number, what: string): void {
  expect(actual, what).toBeTypeOf("number");
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs((actual as number) - expected) / scale, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

describe.each(golden.cases.map((c) => [c.task, c] as const))("golden %s", (_task, c) => {
  const r = scoreShadowSnapshot(toInput(c));

  it("matches and labels the same events", () => {
    expect(r.counts.matched).toBe(c.expected.matched);
    expect(r.counts.labelled).toBe(c.expected.labelled);
  });

  it("metrics equal scikit-learn to 1e-9 relative", () => {
    c.versions.forEach((v, j) => {
      for (const [name, value] of Object.entries(v.expected.metrics)) {
        expectRelative(r.metrics[j]?.metrics[name]?.value, value, 1e-9, `${v.modelVersionId} ${name}`);
      }
    });
  });

  it("latency percentiles equal numpy.percentile (linear); rates equal", () => {
    c.versions.forEach((v, j) => {
      const got = r.latency[j] as unknown as Record<string, number>;
      for (const [name, value] of Object.entries(v.expected.latency)) {
        expectRelative(got[name], value, 1e-12, `${v.modelVersionId} latency ${name}`);
      }
    });
  });

  it("agreement, KS, McNemar and the median label lag equal numpy/scipy", () => {
    const e = c.expected;
    const a = r.agreement[0];
    if (e.agreement !== undefined) expectRelative(a?.decisionAgreement, e.agreement, 1e-12, "agreement");
    if (e.meanAbsoluteDifference !== undefined) {
      expectRelative(a?.meanAbsoluteDifference, e.meanAbsoluteDifference, 1e-9, "mean absolute difference");
      expectRelative(a?.correlation, e.correlation as number, 1e-9, "correlation");
    }
    if (e.challengerKs !== undefined) {
      const ks = r.predictionShift.challengers[0]?.shift;
      expectRelative(ks?.ksStatistic, e.challengerKs.statistic, 1e-9, "challenger KS statistic");
      expectRelative(ks?.ksPValue, e.challengerKs.pValue, 1e-6, "challenger KS p-value");
    }
    c.versions.forEach((v, j) => {
      if (v.expected.referenceKs === undefined) return;
      const ks = r.predictionShift.versions[j]?.shift;
      expectRelative(ks?.ksStatistic, v.expected.referenceKs.statistic, 1e-9, "reference KS statistic");
      expectRelative(ks?.ksPValue, v.expected.referenceKs.pValue, 1e-6, "reference KS p-value");
    });
    if (e.mcnemarPValue !== undefined) {
      expectRelative(r.difference[0]?.mcnemar?.pValue, e.mcnemarPValue, 1e-6, "McNemar p-value");
    }
    expectRelative(r.labelMaturity.medianLabelLagMs, e.medianLabelLagMs, 1e-12, "median label lag");
  });
});
