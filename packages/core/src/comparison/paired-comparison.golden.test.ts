import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BinaryMetricName } from "../metrics/binary-metric-names.ts";
import { type PAIRED_DECISION_TEXT, pairedComparison } from "./paired-comparison.ts";

// Produced by golden/make_paired_golden.py with Debian 12's scikit-learn 1.2.1, scipy 1.10.1,
// statsmodels 0.13 and numpy (see the script for the reference of each number). Regenerate with:
//   /usr/bin/python3 packages/core/src/comparison/golden/make_paired_golden.py
// DESIGN.md: metrics to 1e-9 relative, p-values to 1e-6.

interface GoldenMetric {
  metric: BinaryMetricName;
  a: number;
  b: number;
  difference: number;
  lower: number;
  upper: number;
  test: string;
  pValue: number | null;
  decision: keyof typeof PAIRED_DECISION_TEXT;
}
interface GoldenCase {
  name: string;
  labels: number[];
  scoresA: number[];
  scoresB: number[];
  metrics: BinaryMetricName[];
  threshold: number;
  seed: number;
  resamples: number;
  level: number;
  expected: {
    onlyACorrect: number;
    onlyBCorrect: number;
    mcnemarPValue: number;
    delong: { aucA: number; aucB: number; pValue: number; degenerate: boolean };
    metrics: GoldenMetric[];
  };
}
const golden = JSON.parse(readFileSync(new URL("./golden/paired-comparison.golden.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

/** |actual − expected| ≤ rel·|expected| + abs. */
function close(actual: number | null, expected: number | null, rel: number, abs: number, what: string) {
  if (expected === null || actual === null) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.abs(expected) + abs,
  );
}

function run(c: GoldenCase) {
  return pairedComparison({
    labels: Float64Array.from(c.labels),
    scoresA: Float64Array.from(c.scoresA),
    scoresB: Float64Array.from(c.scoresB),
    metrics: c.metrics,
    threshold: c.threshold,
    seed: c.seed,
    resamples: c.resamples,
    level: c.level,
  });
}

describe("pairedComparison against scikit-learn / scipy / statsmodels", () => {
  it("covers every outcome: B better, A better, no detectable difference", () => {
    const decisions = new Set(golden.cases.flatMap((c) => c.expected.metrics.map((m) => m.decision)));
    expect([...decisions].sort()).toEqual(["a_better", "b_better", "no_detectable_difference"]);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = run(c);
    expect(result.n).toBe(c.labels.length);
    expect(result.mcnemar.onlyACorrect).toBe(c.expected.onlyACorrect);
    expect(result.mcnemar.onlyBCorrect).toBe(c.expected.onlyBCorrect);
    close(result.mcnemar.pValue, c.expected.mcnemarPValue, 1e-6, 0, "McNemar p");
    expect(result.delong?.degenerate).toBe(c.expected.delong.degenerate);
    close(result.delong?.pValue ?? null, c.expected.delong.pValue, 1e-6, 0, "DeLong p");
    expect(result.metrics.map((m) => m.metric)).toEqual(c.metrics);
    for (const [i, e] of c.expected.metrics.entries()) {
      const m = result.metrics[i];
      if (!m) throw new Error(`no result for ${e.metric}`);
      close(m.a, e.a, 1e-9, 1e-15, `${e.metric} a`);
      close(m.b, e.b, 1e-9, 1e-15, `${e.metric} b`);
      close(m.difference, e.difference, 1e-9, 1e-14, `${e.metric} difference`);
      // The same resamples as the reference: the percentile endpoints agree to rounding.
      close(m.lower, e.lower, 1e-9, 1e-12, `${e.metric} lower`);
      close(m.upper, e.upper, 1e-9, 1e-12, `${e.metric} upper`);
      expect(m.test, e.metric).toBe(e.test);
      close(m.pValue, e.pValue, 1e-6, 0, `${e.metric} p`);
      expect(m.decision, e.metric).toBe(e.decision);
    }
  });

  it("is deterministic and antisymmetric: swapping A and B negates the difference and its interval", () => {
    const c = golden.cases[0] as GoldenCase;
    const ab = run(c);
    expect(run(c)).toEqual(ab);
    const ba = run({ ...c, scoresA: c.scoresB, scoresB: c.scoresA });
    for (const [i, m] of ab.metrics.entries()) {
      const r = ba.metrics[i];
      expect(r?.difference).toBeCloseTo(-m.difference, 14);
      expect(r?.lower).toBeCloseTo(-m.upper, 14);
      expect(r?.upper).toBeCloseTo(-m.lower, 14);
      expect(r?.pValue).toBe(m.pValue);
      const swapped = {
        b_better: "a_better",
        a_better: "b_better",
        no_detectable_difference: "no_detectable_difference",
      };
      expect(r?.decision).toBe(swapped[m.decision]);
    }
  });

  it("falls back to the bootstrap interval when DeLong cannot be formed (one positive)", () => {
    const labels = Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]);
    const scoresA = Float64Array.from([0.9, 0.1, 0.2, 0.3, 0.4, 0.2, 0.1, 0.3]);
    const scoresB = Float64Array.from([0.6, 0.1, 0.7, 0.3, 0.4, 0.2, 0.1, 0.3]);
    const result = pairedComparison({ labels, scoresA, scoresB, metrics: ["roc_auc"], threshold: 0.5, resamples: 50 });
    expect(result.delong).toBeNull();
    expect(result.delongProblem).toMatch(/at least 2 positives/);
    expect(result.metrics[0]).toMatchObject({ test: "paired_bootstrap_interval", pValue: null });
    expect(result.metrics[0]?.note).toMatch(/DeLong's test cannot be formed/);
  });
});
