import { join } from "node:path";
import { costOptimalThreshold, expectedCost } from "@fieldtest/core";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, fieldtest, fixtureRows, numberColumn, tempDir } from "../../test/helpers/run-fieldtest.ts";

const MIXED = join(FIXTURES, "mixed.csv");
const rows = await fixtureRows();
const labels = numberColumn(rows, "y");
const scores = numberColumn(rows, "q");
const tmp = tempDir("threshold");
afterAll(() => tmp.cleanup());

describe("fieldtest threshold", { timeout: 60_000, concurrent: true }, () => {
  it("prints core's cost-optimal threshold with its expected cost per row and confusion counts", async () => {
    const { code, stdout, stderr } = await fieldtest([
      "threshold",
      "--input",
      MIXED,
      "--label",
      "y",
      "--score",
      "q",
      "--cost-fp",
      "1",
      "--cost-fn",
      "7.5",
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const best = costOptimalThreshold({ labels, scores, costs: { fp: 1, fn: 7.5 } });
    expect(Object.keys(report).slice(0, 2)).toEqual(["threshold", "rule"]);
    expect(report.threshold).toBe(best.threshold);
    expect(report.expected_cost).toBe(best.expectedCost);
    expect(report.counts).toEqual(best.counts);
    expect(report.counts.tp + report.counts.fp + report.counts.tn + report.counts.fn).toBe(rows.length);
    expect(report.n).toBe(rows.length);
    expect(report.costs).toEqual({ fp: 1, fn: 7.5, tp: 0, tn: 0 });
    expect(report.rule).toBe(`positive when score >= ${best.threshold}`);
  });

  it("takes negative costs (benefits) for true outcomes and compares with a given --threshold", async () => {
    const { code, stdout } = await fieldtest([
      "threshold",
      MIXED,
      "--label",
      "y",
      "--score",
      "q",
      "--cost-fp",
      "2",
      "--cost-fn",
      "3",
      "--cost-tp",
      "-4",
      "--cost-tn",
      "0.25",
      "--threshold",
      "0.5",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const costs = { fp: 2, fn: 3, tp: -4, tn: 0.25 };
    const best = costOptimalThreshold({ labels, scores, costs });
    const at = expectedCost({ labels, scores, threshold: 0.5, costs });
    expect(report.expected_cost).toBe(best.expectedCost);
    expect(report.at_threshold).toEqual({
      threshold: 0.5,
      rule: "positive when score >= 0.5",
      expected_cost: at.expectedCost,
      counts: at.counts,
    });
    expect(report.costs).toEqual(costs);
  });

  it("reports 'predict every row negative' as threshold null", async () => {
    const file = tmp.file("neg.csv", "y,s\n0,0.9\n0,0.8\n1,0.1\n0,0.7\n");
    const { code, stdout } = await fieldtest([
      "threshold",
      file,
      "--label",
      "y",
      "--score",
      "s",
      "--cost-fp",
      "10",
      "--cost-fn",
      "1",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.threshold).toBeNull();
    expect(report.rule).toBe("predict every row negative");
    expect(report.expected_cost).toBe(0.25);
    expect(report.counts).toEqual({ tp: 0, fp: 0, tn: 3, fn: 1 });
  });

  it("accepts scores that are not probabilities", async () => {
    const file = tmp.file("margins.csv", "y,s\n0,-2.5\n1,3\n1,0.5\n0,1.5\n");
    const { code, stdout } = await fieldtest([
      "threshold",
      file,
      "--label",
      "y",
      "--score",
      "s",
      "--cost-fp",
      "1",
      "--cost-fn",
      "1",
      "--json",
    ]);
    expect(code).toBe(0);
    const best = costOptimalThreshold({
      labels: Float64Array.from([0, 1, 1, 0]),
      scores: Float64Array.from([-2.5, 3, 0.5, 1.5]),
      costs: { fp: 1, fn: 1 },
    });
    expect(JSON.parse(stdout).threshold).toBe(best.threshold);
  });

  it("prints a table without --json", async () => {
    const { code, stdout } = await fieldtest([
      "threshold",
      MIXED,
      "--label",
      "y",
      "--score",
      "q",
      "--cost-fp",
      "1",
      "--cost-fn",
      "5",
      "--threshold",
      "0.5",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+threshold\s+expected cost per row\s+tp\s+fp\s+tn\s+fn$/m);
    expect(stdout).toMatch(/^cost-optimal\s+\S+\s+\S+\s+\d+\s+\d+\s+\d+\s+\d+$/m);
    expect(stdout).toMatch(/^given\s+0\.5\s/m);
  });
});
