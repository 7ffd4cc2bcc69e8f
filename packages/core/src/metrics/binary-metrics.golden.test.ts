import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accuracy } from "./accuracy.ts";
import { MetricUndefinedError } from "./metric-undefined-error.ts";
import { rocAuc } from "./roc-auc.ts";

// Produced by test/golden/generate.py with Debian 12's scikit-learn 1.2.1 (the reference
// named in DESIGN.md). Regenerate with: /usr/bin/python3 packages/core/test/golden/generate.py
interface GoldenCase {
  name: string;
  n: number;
  labels: number[];
  scores: number[];
  thresholds: number[];
  accuracy: number[];
  roc_auc: number | null;
  roc_auc_error?: string;
}
const golden = JSON.parse(readFileSync(new URL("../../test/golden/binary-metrics.json", import.meta.url), "utf8")) as {
  reference: string;
  cases: GoldenCase[];
};

const RELATIVE_TOLERANCE = 1e-9;

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe(`binary metrics equal ${golden.reference}`, () => {
  it("has golden cases", () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(golden.cases)("$name (n=$n)", (c) => {
    const labels = Float64Array.from(c.labels);
    const scores = Float64Array.from(c.scores);

    it("accuracy at each threshold", () => {
      c.thresholds.forEach((threshold, k) => {
        const expected = c.accuracy[k] as number;
        expect(
          relativeError(accuracy(labels, scores, threshold), expected),
          `threshold ${threshold}`,
        ).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      });
    });

    it(c.roc_auc === null ? "roc_auc is undefined, as sklearn raises" : "roc_auc", () => {
      if (c.roc_auc === null) {
        expect(c.roc_auc_error).toMatch(/Only one class present/);
        expect(() => rocAuc(labels, scores)).toThrow(MetricUndefinedError);
        return;
      }
      expect(relativeError(rocAuc(labels, scores), c.roc_auc)).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });
  });
});
