import { describe, expect, it } from "vitest";
import { shadowScoringDue } from "./sweep-shadow-evaluations.ts";

const now = new Date("2026-11-27T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1_000);
const base = { snapshotCount: 3, lastScoredAt: ago(30), rescoreSeconds: 60, windowTo: null, progress: 1 };

describe("shadowScoringDue", () => {
  it("scores a new evaluation at once", () => {
    expect(shadowScoringDue({ ...base, snapshotCount: 0, lastScoredAt: null }, now)).toBe(true);
  });

  it("rescores a continuous evaluation every rescoreSeconds, not before", () => {
    expect(shadowScoringDue(base, now)).toBe(false);
    expect(shadowScoringDue({ ...base, lastScoredAt: ago(59) }, now)).toBe(false);
    expect(shadowScoringDue({ ...base, lastScoredAt: ago(60) }, now)).toBe(true);
  });

  it("goes on at once while shadow inference is pending", () => {
    expect(shadowScoringDue({ ...base, progress: 0.4 }, now)).toBe(true);
  });

  it("scores the last snapshot of a fixed window as soon as it has ended", () => {
    expect(shadowScoringDue({ ...base, windowTo: ago(10) }, now)).toBe(true);
    // Already scored after the end: the next scoring finishes it, on the normal cadence.
    expect(shadowScoringDue({ ...base, windowTo: ago(40) }, now)).toBe(false);
    // A window that ends in the future waits for its cadence.
    expect(shadowScoringDue({ ...base, windowTo: new Date(now.getTime() + 3_600_000) }, now)).toBe(false);
  });
});
