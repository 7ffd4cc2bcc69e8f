import { describe, expect, it } from "vitest";
import {
  countsLabel,
  formatGateNumber,
  formatObserved,
  historyCaption,
  historyRows,
  type ReadinessReportSummary,
  sortGates,
  verdictStatus,
} from "./readiness-data";

const counts = (pass: number, fail: number, insufficient: number) => ({
  pass,
  fail,
  insufficient_evidence: insufficient,
  total: pass + fail + insufficient,
});

const report = (over: Partial<ReadinessReportSummary>): ReadinessReportSummary => ({
  reportId: "r",
  verdict: "ready",
  counts: counts(1, 0, 0),
  evaluatedAt: "2026-01-01T00:00:00.000Z",
  changes: [],
  ...over,
});

describe("countsLabel", () => {
  it.each([
    [counts(6, 1, 2), "6 pass · 1 fail · 2 insufficient"],
    [counts(0, 0, 1), "0 pass · 0 fail · 1 insufficient"],
    [counts(1200, 0, 0), "1,200 pass · 0 fail · 0 insufficient"],
    [counts(0, 0, 0), "no gates"],
  ])("%o → %s", (c, text) => expect(countsLabel(c)).toBe(text));
});

describe("verdictStatus", () => {
  it("maps verdicts to status tokens", () => {
    expect(verdictStatus("ready")).toBe("pass");
    expect(verdictStatus("not_ready")).toBe("fail");
    expect(verdictStatus("insufficient_evidence")).toBe("insufficient_evidence");
  });
});

describe("sortGates", () => {
  it("orders fail → insufficient → pass and keeps policy order within a status", () => {
    const gates = [
      { id: "a", status: "pass" as const },
      { id: "b", status: "insufficient_evidence" as const },
      { id: "c", status: "fail" as const },
      { id: "d", status: "pass" as const },
      { id: "e", status: "fail" as const },
    ];
    expect(sortGates(gates).map((g) => g.id)).toEqual(["c", "e", "b", "a", "d"]);
    expect(gates[0]?.id).toBe("a"); // input untouched
  });
  it("handles empty", () => expect(sortGates([])).toEqual([]));
});

describe("formatGateNumber / formatObserved", () => {
  it.each([
    [null, "—"],
    [Number.NaN, "—"],
    [Number.POSITIVE_INFINITY, "—"],
    [0, "0"],
    [250, "250"],
    [0.8123, "0.812"],
  ])("%s → %s", (v, text) => expect(formatGateNumber(v)).toBe(text));

  it("adds the interval only when there is a value", () => {
    expect(formatObserved(0.812, [0.79, 0.83])).toBe("0.812 [0.790, 0.830]");
    expect(formatObserved(0.812, null)).toBe("0.812");
    expect(formatObserved(null, [0.79, 0.83])).toBe("—");
  });
});

describe("historyRows", () => {
  it("turns newest-first history into oldest-first chart rows", () => {
    const rows = historyRows([
      report({ reportId: "r3", verdict: "ready", evaluatedAt: "2026-01-03T00:00:00Z", counts: counts(3, 0, 0) }),
      report({ reportId: "r2", verdict: "not_ready", evaluatedAt: "2026-01-02T00:00:00Z", counts: counts(2, 1, 0) }),
      report({
        reportId: "r1",
        verdict: "insufficient_evidence",
        evaluatedAt: "2026-01-01T00:00:00Z",
        counts: counts(1, 0, 2),
      }),
    ]);
    expect(rows.map((r) => [r.reportId, r.level, r.fail, r.insufficient])).toEqual([
      ["r1", 1, 0, 2],
      ["r2", 0, 1, 0],
      ["r3", 2, 0, 0],
    ]);
    expect(rows[0]?.t).toBe(Date.parse("2026-01-01T00:00:00Z"));
  });
  it("drops reports whose time does not parse", () => {
    expect(historyRows([report({ evaluatedAt: "not a date" })])).toEqual([]);
  });
  it("handles empty", () => expect(historyRows([])).toEqual([]));
});

describe("historyCaption", () => {
  it("says so when there are no reports", () => expect(historyCaption([])).toBe("No readiness reports yet."));
  it("states one report", () => {
    expect(historyCaption(historyRows([report({ counts: counts(2, 0, 0) })]))).toBe(
      "1 report (1 ready); verdict unchanged; latest: Ready with 2 of 2 gates passing.",
    );
  });
  it("counts verdicts and changes", () => {
    const rows = historyRows([
      report({ reportId: "c", verdict: "ready", evaluatedAt: "2026-01-03T00:00:00Z", counts: counts(3, 0, 0) }),
      report({ reportId: "b", verdict: "not_ready", evaluatedAt: "2026-01-02T00:00:00Z", counts: counts(2, 1, 0) }),
      report({ reportId: "a", verdict: "not_ready", evaluatedAt: "2026-01-01T00:00:00Z", counts: counts(2, 1, 0) }),
    ]);
    expect(historyCaption(rows)).toBe(
      "3 reports (2 not ready, 1 ready); verdict changed once; latest: Ready with 3 of 3 gates passing.",
    );
  });
});
