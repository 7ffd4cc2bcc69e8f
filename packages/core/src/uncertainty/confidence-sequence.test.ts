import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { ConfidenceSequence } from "./confidence-sequence.ts";
import { PairedConfidenceSequence } from "./paired-confidence-sequence.ts";

describe("ConfidenceSequence", () => {
  it("starts at [0, 1] and narrows around the mean", () => {
    const cs = new ConfidenceSequence();
    expect(cs.interval()).toEqual({ n: 0, lower: 0, upper: 1, mean: null, empty: false });
    const rng = createRng(1);
    let previousWidth = 1;
    for (let t = 1; t <= 5000; t++) {
      cs.update(rng.nextFloat() < 0.3 ? 1 : 0);
      const { lower, upper } = cs.interval();
      // Running intersection: never wider than before.
      expect(upper - lower).toBeLessThanOrEqual(previousWidth);
      previousWidth = upper - lower;
    }
    const { n, lower, upper, mean } = cs.interval();
    expect(n).toBe(5000);
    expect(lower).toBeLessThan(0.3);
    expect(upper).toBeGreaterThan(0.3);
    expect(upper - lower).toBeLessThan(0.07);
    expect(mean).toBeCloseTo(0.3, 1);
  });

  it("is symmetric: X ↦ 1 − X mirrors the interval", () => {
    const a = new ConfidenceSequence({ runningIntersection: false });
    const b = new ConfidenceSequence({ runningIntersection: false });
    const rng = createRng(2);
    for (let t = 0; t < 300; t++) {
      const x = rng.nextFloat() ** 2;
      a.update(x);
      b.update(1 - x);
      expect(b.interval().lower).toBeCloseTo(1 - a.interval().upper, 12);
      expect(b.interval().upper).toBeCloseTo(1 - a.interval().lower, 12);
    }
  });

  it("a lower α or a smaller truncation gives wider intervals", () => {
    const run = (alpha: number, truncation = 0.5) => {
      const cs = new ConfidenceSequence({ alpha, truncation, runningIntersection: false });
      const rng = createRng(3);
      for (let t = 0; t < 400; t++) cs.update(rng.nextFloat());
      const { lower, upper } = cs.interval();
      return upper - lower;
    };
    expect(run(0.01)).toBeGreaterThan(run(0.05));
    expect(run(0.05)).toBeGreaterThan(run(0.2));
  });

  it("resumes from a JSON round trip of its state exactly where it stopped", () => {
    const rng = createRng(4);
    const xs = Array.from({ length: 400 }, () => rng.nextFloat());
    const whole = new ConfidenceSequence({ alpha: 0.1 });
    whole.updateMany(xs);
    const first = new ConfidenceSequence({ alpha: 0.1 });
    first.updateMany(xs.slice(0, 150));
    const resumed = ConfidenceSequence.fromState(JSON.parse(JSON.stringify(first.state())));
    resumed.updateMany(xs.slice(150));
    expect(resumed.interval()).toEqual(whole.interval());
    expect(first.n).toBe(150);
  });

  it("reports an empty running intersection instead of an inverted interval", () => {
    // The mean jumps from 0 to 1: the constant-mean assumption fails and the sequences cross.
    const cs = new ConfidenceSequence({ alpha: 0.2 });
    for (let t = 0; t < 300; t++) cs.update(0);
    for (let t = 0; t < 3000; t++) cs.update(1);
    expect(cs.interval().empty).toBe(true);
    const raw = new ConfidenceSequence({ alpha: 0.2, runningIntersection: false });
    for (let t = 0; t < 300; t++) raw.update(0);
    for (let t = 0; t < 3000; t++) raw.update(1);
    expect(raw.interval().empty).toBe(false);
  });

  it.each([-0.1, 1.1, Number.NaN])("refuses observation %s", (x) => {
    expect(() => new ConfidenceSequence().update(x)).toThrow(InvalidInputError);
  });

  it.each([{ alpha: 0 }, { alpha: 1 }, { truncation: 1 }, { truncation: 0 }])("refuses %o", (options) => {
    expect(() => new ConfidenceSequence(options)).toThrow(InvalidInputError);
  });
});

describe("PairedConfidenceSequence", () => {
  it("declares A better once its loss is lower beyond doubt, and not before", () => {
    const rng = createRng(5);
    const cs = new PairedConfidenceSequence();
    let decidedAt = 0;
    for (let t = 1; t <= 3000 && decidedAt === 0; t++) {
      cs.update(rng.nextFloat() < 0.2 ? 1 : 0, rng.nextFloat() < 0.35 ? 1 : 0);
      if (cs.decision() !== "undecided") decidedAt = t;
    }
    expect(cs.decision()).toBe("a_better");
    expect(decidedAt).toBeGreaterThan(30);
    const { lower, upper } = cs.interval();
    expect(upper).toBeLessThan(0);
    expect(lower).toBeGreaterThanOrEqual(-1);
    // A practical margin larger than the difference is not yet met.
    expect(cs.decision(0.5)).toBe("undecided");
  });

  it("maps the interval back to loss units and clips losses above the bound", () => {
    const cs = new PairedConfidenceSequence({ lossBound: Math.log(100) });
    cs.update(Number.POSITIVE_INFINITY, 0.1);
    cs.update(10, 0.2);
    cs.update(0.3, 0.3);
    const r = cs.interval();
    expect(r.clipped).toBe(2);
    expect(r.mean).toBeCloseTo((2 * Math.log(100) - 0.3) / 3, 12);
    expect(r.lower).toBeGreaterThanOrEqual(-Math.log(100));
    expect(r.upper).toBeLessThanOrEqual(Math.log(100));
    const resumed = PairedConfidenceSequence.fromState(JSON.parse(JSON.stringify(cs.state())));
    expect(resumed.interval()).toEqual(r);
  });

  it.each([
    [-1, 0],
    [0, Number.NaN],
  ])("refuses losses %s, %s", (a, b) => {
    expect(() => new PairedConfidenceSequence().update(a, b)).toThrow(InvalidInputError);
  });

  it("refuses a bad bound or margin", () => {
    expect(() => new PairedConfidenceSequence({ lossBound: 0 })).toThrow(InvalidInputError);
    expect(() => new PairedConfidenceSequence().decision(-0.1)).toThrow(InvalidInputError);
  });
});
