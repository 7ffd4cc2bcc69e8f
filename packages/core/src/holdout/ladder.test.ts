import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { Ladder, type LadderState } from "./ladder.ts";

/** 0/1 losses on n rows: the first `errors` rows wrong. */
const losses = (n: number, errors: number) => Float64Array.from({ length: n }, (_, i) => (i < errors ? 1 : 0));

describe("parameter-free Ladder", () => {
  it("accepts the first submission and releases its loss", () => {
    const ladder = new Ladder();
    expect(ladder.score).toBeNull();
    expect(ladder.submit(losses(100, 50))).toEqual({
      status: "answered",
      score: 0.5,
      accepted: true,
      budgetRemaining: null,
      submission: 1,
    });
  });

  // Leader: the first 50 of 100 rows wrong (loss 0.5). A challenger fixes `fixed` of those
  // rows: differences are −1 on `fixed` rows, so s = √(fixed(1 − fixed/n)/(n − 1)) and
  // the bar is 0.5 − s/10.
  it.each([
    { name: "identical submission", fixed: 0, broken: 0, accepted: false },
    { name: "one row better: loss 0.49 is not below 0.5 − 0.1/10 = 0.49", fixed: 1, broken: 0, accepted: false },
    { name: "two rows better: 0.48 < 0.5 − 0.0141", fixed: 2, broken: 0, accepted: true },
    { name: "much better", fixed: 20, broken: 0, accepted: true },
    { name: "worse", fixed: 0, broken: 10, accepted: false },
    { name: "better on average but noisy: 5 fixed, 3 broken", fixed: 5, broken: 3, accepted: false },
  ])("$name → accepted $accepted", ({ fixed, broken, accepted }) => {
    const ladder = new Ladder();
    ladder.submit(losses(100, 50));
    const challenger = losses(100, 50);
    for (let i = 0; i < fixed; i++) challenger[i] = 0;
    for (let i = 50; i < 50 + broken; i++) challenger[i] = 1;
    const answer = ladder.submit(challenger);
    const loss = challenger.reduce((s, v) => s + v, 0) / 100;
    expect(answer).toMatchObject({ status: "answered", accepted, score: accepted ? loss : 0.5 });
  });

  it("compares with the leader's rows, not with the first submission", () => {
    const ladder = new Ladder();
    ladder.submit(losses(100, 50));
    const better = losses(100, 50);
    better.fill(0, 0, 20); // loss 0.3, accepted
    expect(ladder.submit(better)).toMatchObject({ accepted: true, score: 0.3 });
    const other = losses(100, 0);
    other.fill(1, 60, 88); // loss 0.28 on different rows: differences are large, bar not met
    expect(ladder.submit(other)).toMatchObject({ accepted: false, score: 0.3 });
  });

  it("refuses once the budget is spent and reports it", () => {
    const ladder = new Ladder({ budget: 2 });
    expect(ladder.submit(losses(10, 5)).status).toBe("answered");
    expect(ladder.submit(losses(10, 4))).toMatchObject({ status: "answered", budgetRemaining: 0 });
    expect(ladder.report()).toEqual({ budget: 2, budgetRemaining: 0, queries: 2, exhausted: true });
    const refused = ladder.submit(losses(10, 0));
    expect(refused).toMatchObject({ status: "refused", budgetRemaining: 0, submission: 3 });
    if (refused.status === "refused") expect(refused.reason).toMatch(/budget is spent/);
    expect(ladder.score).toBe(0.5); // the refused submission changed nothing
  });

  it("resumes from a stored state with the same answers", () => {
    const submissions = Array.from({ length: 30 }, (_, k) => losses(40, 30 - k + (k % 3) * 4));
    const straight = new Ladder({ budget: 25 });
    const expected = submissions.map((s) => straight.submit(s));
    let ladder = new Ladder({ budget: 25 });
    const actual = submissions.map((s, k) => {
      if (k % 4 === 0) ladder = Ladder.fromState(JSON.parse(JSON.stringify(ladder.state())) as LadderState);
      return ladder.submit(s);
    });
    expect(actual).toEqual(expected);
  });
});

describe("fixed-step Ladder", () => {
  it.each([
    { first: 30, second: 28, accepted: false, score: 0.3, why: "0.28 is not below 0.3 − 0.05" },
    { first: 30, second: 24, accepted: true, score: 0.25, why: "0.24 < 0.25, released on the 0.05 grid" },
  ])("$why", ({ first, second, accepted, score }) => {
    const ladder = new Ladder({ step: 0.05 });
    const opening = ladder.submit(losses(100, first));
    expect(opening).toMatchObject({ accepted: true });
    expect(ladder.score).toBeCloseTo(0.3, 12);
    const answer = ladder.submit(losses(100, second));
    expect(answer).toMatchObject({ accepted });
    if (answer.status === "answered") expect(answer.score).toBeCloseTo(score, 12);
  });
});

describe("Ladder input checks", () => {
  it.each([
    { name: "one row", submission: Float64Array.of(1) },
    { name: "a NaN loss", submission: Float64Array.of(0, Number.NaN) },
    { name: "a plain array", submission: [0, 1] as unknown as Float64Array },
  ])("refuses $name", ({ submission }) => {
    expect(() => new Ladder().submit(submission)).toThrow(InvalidInputError);
  });

  it("refuses a submission on a different number of rows", () => {
    const ladder = new Ladder();
    ladder.submit(losses(10, 5));
    expect(() => ladder.submit(losses(11, 5))).toThrow(InvalidInputError);
  });

  it.each([{ budget: 0 }, { budget: 1.5 }, { step: 0 }, { step: -0.1 }, { step: Number.NaN }])(
    "refuses options %o",
    (options) => {
      expect(() => new Ladder(options)).toThrow(InvalidInputError);
    },
  );

  it.each([
    { name: "another mechanism", patch: { mechanism: "thresholdout" } },
    { name: "a negative count", patch: { submissions: -1 } },
    { name: "leader losses of the wrong length", patch: { current: 0.5, rows: 10, leaderLosses: [0, 1] } },
  ])("refuses a stored state with $name", ({ patch }) => {
    const state = { ...new Ladder().state(), ...patch } as LadderState;
    expect(() => Ladder.fromState(state)).toThrow(InvalidInputError);
  });
});
