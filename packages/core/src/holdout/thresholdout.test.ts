import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { laplaceNoise } from "./laplace-noise.ts";
import { Thresholdout, type ThresholdoutState, thresholdoutSettings } from "./thresholdout.ts";

const quiet = { threshold: 0.05, noiseScale: 1e-9, budget: 3, seed: 7 }; // noise far below any gap used here

describe("Thresholdout", () => {
  it.each([
    { name: "equal values", training: 0.7, holdout: 0.7, source: "training" },
    { name: "gap just below T", training: 0.7, holdout: 0.7 + 0.05 - 1e-6, source: "training" },
    { name: "gap just above T", training: 0.7, holdout: 0.7 + 0.05 + 1e-6, source: "holdout" },
    { name: "holdout far below training (overfitting)", training: 0.9, holdout: 0.5, source: "holdout" },
  ])("$name → answered from $source", ({ training, holdout, source }) => {
    const mechanism = new Thresholdout(quiet);
    const answer = mechanism.query({ training, holdout });
    expect(answer).toMatchObject({ status: "answered", source, query: 1 });
    if (answer.status !== "answered") return;
    expect(answer.value).toBeCloseTo(source === "training" ? training : holdout, 6);
    expect(answer.budgetRemaining).toBe(source === "holdout" ? 2 : 3);
  });

  it("refuses every query once the budget is spent, and says so", () => {
    const mechanism = new Thresholdout({ ...quiet, budget: 2 });
    expect(mechanism.query({ training: 0.9, holdout: 0.5 })).toMatchObject({ source: "holdout", budgetRemaining: 1 });
    expect(mechanism.report()).toEqual({ budget: 2, budgetRemaining: 1, queries: 1, exhausted: false });
    expect(mechanism.query({ training: 0.9, holdout: 0.5 })).toMatchObject({ source: "holdout", budgetRemaining: 0 });
    expect(mechanism.report().exhausted).toBe(true);
    const refused = mechanism.query({ training: 0.6, holdout: 0.6 }); // would have been a training answer
    expect(refused).toMatchObject({ status: "refused", budgetRemaining: 0, query: 3 });
    if (refused.status === "refused") expect(refused.reason).toMatch(/budget is spent.*2 holdout answers/);
    expect(mechanism.state()).toMatchObject({ queries: 3, holdoutAnswers: 2, refusedQueries: 1 });
  });

  it("a budget of 1 allows exactly one holdout answer", () => {
    const mechanism = new Thresholdout({ ...quiet, budget: 1 });
    expect(mechanism.query({ training: 0.9, holdout: 0.5 }).status).toBe("answered");
    expect(mechanism.query({ training: 0.9, holdout: 0.5 }).status).toBe("refused");
  });

  it("adds Laplace noise to holdout answers, reproducibly for a seed", () => {
    const run = (seed: number) => {
      const mechanism = new Thresholdout({ threshold: 0.01, noiseScale: 0.02, budget: 1000, seed });
      return Array.from({ length: 200 }, () => mechanism.query({ training: 0.9, holdout: 0.5 }));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    const values = run(3).flatMap((a) => (a.status === "answered" && a.source === "holdout" ? [a.value] : []));
    expect(values.length).toBeGreaterThan(150);
    expect(new Set(values).size).toBe(values.length);
    const meanAbs = values.reduce((s, v) => s + Math.abs(v - 0.5), 0) / values.length;
    expect(meanAbs).toBeGreaterThan(0.01); // E|Lap(0.02)| = 0.02
    expect(meanAbs).toBeLessThan(0.03);
  });

  it("resumes from a stored state exactly where it stopped", () => {
    const settings = { threshold: 0.03, noiseScale: 0.01, budget: 15, seed: 11n };
    const queries = Array.from({ length: 120 }, (_, k) => ({ training: 0.8, holdout: 0.8 - (k % 7) * 0.01 }));
    const straight = new Thresholdout(settings);
    const expected = queries.map((q) => straight.query(q));
    let mechanism = new Thresholdout(settings);
    const actual = queries.map((q, k) => {
      if (k % 17 === 0) {
        const stored = JSON.parse(JSON.stringify(mechanism.state())) as ThresholdoutState;
        mechanism = Thresholdout.fromState(stored);
      }
      return mechanism.query(q);
    });
    expect(actual).toEqual(expected);
    expect(expected.some((a) => a.status === "refused")).toBe(true);
    expect(expected.some((a) => a.status === "answered" && a.source === "training")).toBe(true);
  });

  it.each([
    { name: "negative threshold", patch: { threshold: -0.1 } },
    { name: "NaN threshold", patch: { threshold: Number.NaN } },
    { name: "zero noise", patch: { noiseScale: 0 } },
    { name: "infinite noise", patch: { noiseScale: Number.POSITIVE_INFINITY } },
    { name: "zero budget", patch: { budget: 0 } },
    { name: "fractional budget", patch: { budget: 2.5 } },
    { name: "fractional seed", patch: { seed: 0.5 } },
  ])("refuses $name", ({ patch }) => {
    expect(() => new Thresholdout({ ...quiet, ...patch })).toThrow(InvalidInputError);
  });

  it.each([
    { training: Number.NaN, holdout: 0.5 },
    { training: 0.5, holdout: Number.POSITIVE_INFINITY },
    { training: "0.5" as unknown as number, holdout: 0.5 },
  ])("refuses the query values $training / $holdout", (values) => {
    expect(() => new Thresholdout(quiet).query(values)).toThrow(InvalidInputError);
  });

  it.each([
    { name: "another mechanism", patch: { mechanism: "ladder" } },
    { name: "a bad seed", patch: { seed: "12abc" } },
    { name: "negative draws", patch: { draws: -1 } },
    { name: "negative remaining budget", patch: { budgetRemaining: -1 } },
    { name: "a NaN noisy threshold", patch: { noisyThreshold: Number.NaN } },
  ])("refuses a stored state with $name", ({ patch }) => {
    const state = { ...new Thresholdout(quiet).state(), ...patch } as ThresholdoutState;
    expect(() => Thresholdout.fromState(state)).toThrow(InvalidInputError);
  });

  it("settings for n holdout rows: T = 4/√n, σ = 1/(4√n)", () => {
    expect(thresholdoutSettings(10_000)).toEqual({ threshold: 0.04, noiseScale: 0.0025 });
    expect(() => thresholdoutSettings(0)).toThrow(InvalidInputError);
  });
});

describe("laplaceNoise", () => {
  it("has mean 0, mean absolute value b and the Laplace tail", () => {
    const rng = createRng(1);
    const draws = Array.from({ length: 200_000 }, () => laplaceNoise(rng, 2));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const meanAbs = draws.reduce((s, v) => s + Math.abs(v), 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.02); // sd of the mean: 2√2/√200000 ≈ 0.006
    expect(Math.abs(meanAbs - 2)).toBeLessThan(0.02);
    const tail = draws.filter((v) => v > 4).length / draws.length; // ½e^{−2} = 0.0677
    expect(Math.abs(tail - 0.5 * Math.exp(-2))).toBeLessThan(0.003);
  });
});
