import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accuracy } from "../metrics/accuracy.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { bootstrapInterval } from "./bootstrap-interval.ts";
import { ConfidenceSequence } from "./confidence-sequence.ts";
import { delongTest } from "./delong-test.ts";
import { holmBonferroni } from "./holm-bonferroni.ts";
import { mcnemarExactPValue, mcnemarTest } from "./mcnemar-test.ts";
import { pairedBootstrapDifference } from "./paired-bootstrap.ts";
import { PairedConfidenceSequence } from "./paired-confidence-sequence.ts";
import {
  aucDifferenceSampleSize,
  aucSampleSizeFromPilot,
  hanleyMcNeilStandardError,
  mcnemarSampleSize,
} from "./sample-size.ts";
import { erfc, normalQuantile, normalSf, regularizedGammaQ } from "./special-functions.ts";

// Produced by test/golden/generate_uncertainty.py with Debian 12's scipy 1.10.1,
// scikit-learn 1.2.1 and statsmodels 0.13 (see the script for the reference of each part).
// Regenerate with: /usr/bin/python3 packages/core/test/golden/generate_uncertainty.py
interface DelongCase {
  name: string;
  labels: number[];
  scoresA: number[];
  scoresB: number[];
  aucA: number;
  aucB: number;
  sklearnAucA: number;
  sklearnAucB: number;
  covariance: [[number, number], [number, number]];
  z: number;
  pValue: number;
}
interface DelongDegenerateCase {
  name: string;
  labels: number[];
  scoresA: number[];
  scoresB: number[];
  z: number | "inf";
  pValue: number;
}
interface McnemarColumnsCase {
  name: string;
  threshold: number;
  labels: number[];
  scoresA: number[];
  scoresB: number[];
  accuracyA: number;
  accuracyB: number;
  onlyACorrect: number;
  onlyBCorrect: number;
  pValue: number;
}
interface CsCase {
  name: string;
  alpha: number;
  truncation: number;
  runningIntersection: boolean;
  x: number[];
  lower: number[];
  upper: number[];
}
interface PowerCase {
  alpha: number;
  power: number;
}
interface BootstrapCase {
  name: string;
  metric: "roc_auc" | "accuracy";
  seed: number;
  resamples: number;
  level: number;
  labels: number[];
  scores: number[];
  scoresB?: number[];
  lower: number;
  upper: number;
  redraws: number;
  replicates: number[];
}
interface Golden {
  reference: string;
  special: {
    gammaincc: { a: number; x: number; q: number }[];
    erfc: { x: number; value: number }[];
    norm_ppf: { p: number; value: number }[];
    norm_sf: { z: number; value: number }[];
  };
  delong: DelongCase[];
  delongDegenerate: DelongDegenerateCase[];
  mcnemar: { table: { b: number; c: number; pValue: number }[]; columns: McnemarColumnsCase[] };
  holm: { pValues: number[]; alpha: number; adjusted: number[]; rejected: boolean[] }[];
  confidenceSequence: CsCase[];
  pairedConfidenceSequence: { lossA: number[]; lossB: number[]; alpha: number; lower: number[]; upper: number[] };
  sampleSize: {
    mcnemar: (PowerCase & { p01: number; p10: number; unrounded: number; n: number })[];
    hanleyMcNeil: { auc: number; nPositive: number; nNegative: number; se: number }[];
    aucDifference: (PowerCase & {
      aucA: number;
      aucB: number;
      correlation: number;
      negativesPerPositive: number;
      nPositive: number;
      nNegative: number;
    })[];
    pilot: {
      labels: number[];
      scoresA: number[];
      scoresB: number[];
      cases: {
        difference: number | null;
        negativesPerPositive: number | null;
        unrounded: number;
        nPositive: number;
        nNegative: number;
      }[];
    };
  };
  bootstrap: BootstrapCase[];
}
const golden = JSON.parse(
  readFileSync(new URL("../../test/golden/uncertainty.json", import.meta.url), "utf8"),
) as Golden;

const STATISTIC_TOLERANCE = 1e-9; // relative, for statistics
const P_TOLERANCE = 1e-6; // relative, for p-values

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

function expectClose(actual: number, expected: number, tolerance: number, what: string): void {
  expect(relativeError(actual, expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

const f64 = (values: number[]) => Float64Array.from(values);

describe(`uncertainty golden vectors (${golden.reference})`, () => {
  describe("special functions (scipy)", () => {
    it("regularizedGammaQ matches gammaincc to 1e-11 absolute, 1e-9 relative above 1e-300", () => {
      for (const { a, x, q } of golden.special.gammaincc) {
        const actual = regularizedGammaQ(a, x);
        expect(Math.abs(actual - q), `Q(${a}, ${x})`).toBeLessThanOrEqual(1e-11);
        if (q > 1e-300) expectClose(actual, q, 1e-9, `Q(${a}, ${x})`);
      }
    });
    it("erfc, normal sf and AS241 quantile", () => {
      for (const { x, value } of golden.special.erfc) expectClose(erfc(x), value, 1e-12, `erfc(${x})`);
      for (const { z, value } of golden.special.norm_sf) expectClose(normalSf(z), value, 1e-12, `sf(${z})`);
      for (const { p, value } of golden.special.norm_ppf) expectClose(normalQuantile(p), value, 1e-14, `ppf(${p})`);
    });
  });

  describe("DeLong test (yandexdataschool algorithm)", () => {
    it.each(golden.delong)("$name", (c) => {
      const r = delongTest({ labels: f64(c.labels), scoresA: f64(c.scoresA), scoresB: f64(c.scoresB) });
      // Core's AUC is the exact Mann–Whitney count; sklearn's trapezoids and the reference's
      // rank formula each round differently, within a few ulps.
      expectClose(r.aucA, c.sklearnAucA, 1e-14, "aucA vs sklearn");
      expectClose(r.aucB, c.sklearnAucB, 1e-14, "aucB vs sklearn");
      expectClose(r.aucA, c.aucA, 1e-12, "aucA");
      expectClose(r.aucB, c.aucB, 1e-12, "aucB");
      const [[s11, s12], [, s22]] = c.covariance;
      expectClose(r.varianceA, s11, STATISTIC_TOLERANCE, "S11");
      expectClose(r.varianceB, s22, STATISTIC_TOLERANCE, "S22");
      expectClose(r.covariance, s12, STATISTIC_TOLERANCE, "S12");
      expect(Math.abs(r.z - c.z), "z").toBeLessThanOrEqual(STATISTIC_TOLERANCE * Math.max(1, Math.abs(c.z)));
      expectClose(r.pValue, c.pValue, P_TOLERANCE, "p");
      expect(r.degenerate).toBe(false);
    });
    it.each(golden.delongDegenerate)("degenerate: $name", (c) => {
      const r = delongTest({ labels: f64(c.labels), scoresA: f64(c.scoresA), scoresB: f64(c.scoresB) });
      expect(r.degenerate).toBe(true);
      expect(r.z).toBe(c.z === "inf" ? Number.POSITIVE_INFINITY : c.z);
      expect(r.pValue).toBe(c.pValue);
    });
  });

  describe("McNemar exact (statsmodels)", () => {
    it.each(golden.mcnemar.table)("b=$b, c=$c", ({ b, c, pValue }) => {
      expectClose(mcnemarExactPValue(b, c), pValue, P_TOLERANCE, "p");
    });
    it.each(golden.mcnemar.columns)("$name", (c) => {
      const r = mcnemarTest({
        labels: f64(c.labels),
        scoresA: f64(c.scoresA),
        scoresB: f64(c.scoresB),
        threshold: c.threshold,
      });
      expect(r.accuracyA).toBe(c.accuracyA);
      expect(r.accuracyB).toBe(c.accuracyB);
      expect([r.onlyACorrect, r.onlyBCorrect]).toEqual([c.onlyACorrect, c.onlyBCorrect]);
      expectClose(r.pValue, c.pValue, P_TOLERANCE, "p");
    });
  });

  it.each(golden.holm)("Holm (statsmodels multipletests) %#", (c) => {
    const r = holmBonferroni(c.pValues, c.alpha);
    expect(r.rejected).toEqual(c.rejected);
    Array.from(r.adjusted).forEach((v, i) => {
      expectClose(v, c.adjusted[i] as number, 1e-15, `adjusted[${i}]`);
    });
  });

  describe("confidence sequence (STATISTICS.md §7 in numpy)", () => {
    it.each(golden.confidenceSequence)("$name α=$alpha c=$truncation running=$runningIntersection", (c) => {
      const cs = new ConfidenceSequence({
        alpha: c.alpha,
        truncation: c.truncation,
        runningIntersection: c.runningIntersection,
      });
      c.x.forEach((x, t) => {
        cs.update(x);
        const { lower, upper } = cs.interval();
        expect(Math.abs(lower - (c.lower[t] as number)), `lower at t=${t + 1}`).toBeLessThanOrEqual(
          STATISTIC_TOLERANCE,
        );
        expect(Math.abs(upper - (c.upper[t] as number)), `upper at t=${t + 1}`).toBeLessThanOrEqual(
          STATISTIC_TOLERANCE,
        );
      });
    });
    it("paired difference", () => {
      const c = golden.pairedConfidenceSequence;
      const cs = new PairedConfidenceSequence({ alpha: c.alpha });
      c.lossA.forEach((a, t) => {
        cs.update(a, c.lossB[t] as number);
        const { lower, upper } = cs.interval();
        expect(Math.abs(lower - (c.lower[t] as number)), `lower at t=${t + 1}`).toBeLessThanOrEqual(
          STATISTIC_TOLERANCE,
        );
        expect(Math.abs(upper - (c.upper[t] as number)), `upper at t=${t + 1}`).toBeLessThanOrEqual(
          STATISTIC_TOLERANCE,
        );
      });
    });
  });

  describe("sample sizes (§11 formulas, scipy quantiles)", () => {
    it.each(golden.sampleSize.mcnemar)("McNemar p01=$p01 p10=$p10 α=$alpha power=$power", (c) => {
      const r = mcnemarSampleSize(c);
      expect(r.n).toBe(c.n);
      expectClose(r.unrounded, c.unrounded, STATISTIC_TOLERANCE, "unrounded");
    });
    it.each(golden.sampleSize.hanleyMcNeil)("Hanley–McNeil SE A=$auc n⁺=$nPositive n⁻=$nNegative", (c) => {
      expectClose(hanleyMcNeilStandardError(c), c.se, STATISTIC_TOLERANCE, "se");
    });
    it.each(golden.sampleSize.aucDifference)(
      "AUC difference $aucA vs $aucB r=$correlation κ=$negativesPerPositive",
      (c) => {
        expect(aucDifferenceSampleSize(c)).toEqual({ nPositive: c.nPositive, nNegative: c.nNegative });
      },
    );
    it("AUC difference from pilot DeLong components", () => {
      const p = golden.sampleSize.pilot;
      for (const c of p.cases) {
        const r = aucSampleSizeFromPilot({
          labels: f64(p.labels),
          scoresA: f64(p.scoresA),
          scoresB: f64(p.scoresB),
          difference: c.difference ?? undefined,
          negativesPerPositive: c.negativesPerPositive ?? undefined,
        });
        expectClose(r.unrounded, c.unrounded, STATISTIC_TOLERANCE, "unrounded");
        expect([r.nPositive, r.nNegative]).toEqual([c.nPositive, c.nNegative]);
      }
    });
  });

  describe("bootstrap (same PRNG in Python, sklearn per resample, numpy quantile)", () => {
    it.each(golden.bootstrap)("$name", (c) => {
      const labels = f64(c.labels);
      const scores = f64(c.scores);
      const metric = c.metric === "roc_auc" ? rocAuc : (y: Float64Array, s: Float64Array) => accuracy(y, s, 0.5);
      const settings = { seed: c.seed, resamples: c.resamples, level: c.level };
      const r = c.scoresB
        ? pairedBootstrapDifference({ labels, scoresA: scores, scoresB: f64(c.scoresB), metric, ...settings })
        : bootstrapInterval({ labels, scores, metric, ...settings });
      expect(r.redraws).toBe(c.redraws);
      expect(r.valid).toBe(c.resamples);
      Array.from(r.replicates).forEach((v, i) => {
        expect(Math.abs(v - (c.replicates[i] as number)), `replicate ${i}`).toBeLessThanOrEqual(1e-12);
      });
      expect(Math.abs(r.lower - c.lower)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(r.upper - c.upper)).toBeLessThanOrEqual(1e-12);
    });
  });
});
