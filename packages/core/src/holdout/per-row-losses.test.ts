import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { accuracy } from "../metrics/accuracy.ts";
import { brierScore, logLoss } from "../metrics/probability-metrics.ts";
import { createRng } from "../random/create-rng.ts";
import { perRowLosses } from "./per-row-losses.ts";

const mean = (values: Float64Array) => values.reduce((s, v) => s + v, 0) / values.length;

function rows(n: number, seed: number) {
  const rng = createRng(seed);
  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.nextFloat() < 0.4 ? 1 : 0;
    scores[i] = rng.nextFloat();
  }
  // Edge values: exact 0 and 1 (log_loss clipping) and a score exactly at the threshold.
  scores[0] = 0;
  labels[0] = 1;
  scores[1] = 1;
  labels[1] = 0;
  scores[2] = 0.5;
  return { labels, scores };
}

describe("perRowLosses", () => {
  const cases = [
    { n: 2, seed: 1 },
    { n: 37, seed: 2 },
    { n: 1000, seed: 3 },
  ];

  it.each(cases)("accuracy: mean loss = 1 − accuracy (n = $n)", ({ n, seed }) => {
    const { labels, scores } = rows(n, seed);
    for (const threshold of [0.5, 0.3]) {
      const out = perRowLosses({ metric: "accuracy", labels, scores, threshold });
      expect(out).toMatchObject({ basis: "zero_one_error", fallback: false });
      expect(mean(out.losses)).toBeCloseTo(1 - accuracy(labels, scores, threshold), 14);
      expect([...out.losses].every((v) => v === 0 || v === 1)).toBe(true);
    }
  });

  it.each(cases)("brier_score: mean loss = brierScore (n = $n)", ({ n, seed }) => {
    const { labels, scores } = rows(n, seed);
    const out = perRowLosses({ metric: "brier_score", labels, scores, threshold: 0.5 });
    expect(out).toMatchObject({ basis: "brier_score", fallback: false });
    expect(mean(out.losses)).toBeCloseTo(brierScore(labels, scores), 14);
  });

  it.each(cases)("log_loss: mean loss = logLoss, with sklearn's clipping (n = $n)", ({ n, seed }) => {
    const { labels, scores } = rows(n, seed);
    const out = perRowLosses({ metric: "log_loss", labels, scores, threshold: 0.5 });
    expect(out).toMatchObject({ basis: "log_loss", fallback: false });
    expect(Number.isFinite(out.losses[0] as number)).toBe(true);
    expect(mean(out.losses)).toBeCloseTo(logLoss(labels, scores), 12);
  });

  it("any other metric falls back to the 0/1 error at the threshold and says so", () => {
    const { labels, scores } = rows(50, 4);
    const out = perRowLosses({ metric: "roc_auc", labels, scores, threshold: 0.5 });
    expect(out).toMatchObject({
      basis: "zero_one_error",
      fallback: true,
      description: "0/1 error at threshold 0.5: roc_auc has no per-row loss",
    });
    expect(mean(out.losses)).toBeCloseTo(1 - accuracy(labels, scores, 0.5), 14);
  });

  it("rejects non-probabilities for probability metrics and mismatched inputs", () => {
    const labels = Float64Array.of(0, 1);
    expect(() =>
      perRowLosses({ metric: "log_loss", labels, scores: Float64Array.of(0.2, 1.5), threshold: 0.5 }),
    ).toThrow(InvalidInputError);
    expect(() => perRowLosses({ metric: "accuracy", labels, scores: Float64Array.of(0.2), threshold: 0.5 })).toThrow(
      InvalidInputError,
    );
  });
});
