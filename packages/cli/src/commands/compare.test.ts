import { join } from "node:path";
import {
  accuracy,
  BINARY_METRICS,
  binaryEvaluation,
  delongTest,
  f1,
  mcnemarTest,
  pairedBootstrapBinarySuite,
  pairedBootstrapDifference,
  rocAuc,
} from "@fieldtest/core";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, fieldtest, fixtureRows, numberColumn, tempDir } from "../../test/helpers/run-fieldtest.ts";

const MIXED = join(FIXTURES, "mixed.csv");
const rows = await fixtureRows();
const labels = numberColumn(rows, "y");
const scoresA = numberColumn(rows, "p");
const scoresB = numberColumn(rows, "q");
const tmp = tempDir("compare");
afterAll(() => tmp.cleanup());

const ARGS = ["compare", "--input", MIXED, "--label", "y", "--score-a", "p", "--score-b", "q"];

describe("fieldtest compare", { timeout: 60_000, concurrent: true }, () => {
  it("gives per metric a, b, diff, the paired-bootstrap interval and the p-value, all from core", async () => {
    const { code, stdout, stderr } = await fieldtest([...ARGS, "--bootstrap", "150", "--seed", "11", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.n).toBe(rows.length);
    expect(report.threshold).toBe(0.5);
    expect(Object.keys(report.metrics)).toEqual([...BINARY_METRICS]);
    const a = binaryEvaluation(labels, scoresA, { threshold: 0.5 }).metrics;
    const b = binaryEvaluation(labels, scoresB, { threshold: 0.5 }).metrics;
    for (const name of BINARY_METRICS) {
      const m = report.metrics[name];
      expect(Object.keys(m)).toEqual(["a", "b", "diff", "interval", "p_value"]);
      expect(m.a).toBe(a[name]);
      expect(m.b).toBe(b[name]);
      expect(m.diff).toBe((a[name] as number) - (b[name] as number));
    }
    const settings = { seed: 11, resamples: 150, level: 0.95 };
    const auc = pairedBootstrapDifference({ labels, scoresA, scoresB, metric: rocAuc, ...settings });
    const f1Diff = pairedBootstrapDifference({
      labels,
      scoresA,
      scoresB,
      metric: (y, s) => f1(y, s, 0.5),
      ...settings,
    });
    expect(report.metrics.roc_auc.interval).toEqual([auc.lower, auc.upper]);
    expect(report.metrics.f1.interval).toEqual([f1Diff.lower, f1Diff.upper]);
    expect(report.metrics.roc_auc.p_value).toBe(delongTest({ labels, scoresA, scoresB }).pValue);
    expect(report.metrics.accuracy.p_value).toBe(mcnemarTest({ labels, scoresA, scoresB, threshold: 0.5 }).pValue);
    expect(report.metrics.log_loss.p_value).toBeNull();
    expect(report.metrics.average_precision.p_value).toBeNull();
    expect(report.tests).toEqual({ roc_auc: "delong", accuracy: "mcnemar_exact" });
    expect(report.bootstrap).toMatchObject({ level: 0.95, resamples: 150, seed: 11, paired: true });
    expect(report.bootstrap.redraws.roc_auc).toBe(auc.redraws);
  });

  it.each([
    { name: "the fixture (no redraws)", redraws: false },
    // One positive in 8 rows: about a third of the resamples lack it and are drawn again, for every metric.
    { name: "one positive in 8 rows (shared redraws)", redraws: true },
  ])("every interval is pairedBootstrapBinarySuite's for the same seed: $name", async (c) => {
    const file = c.redraws
      ? tmp.file(
          "one-positive.csv",
          "y,a,b\n1,0.7,0.45\n0,0.1,0.6\n0,0.2,0.2\n0,0.3,0.3\n0,0.4,0.1\n0,0.75,0.55\n0,0.5,0.5\n0,0.5,0.35\n",
        )
      : MIXED;
    const columns = c.redraws ? ["y", "a", "b"] : ["y", "p", "q"];
    const { code, stdout, stderr } = await fieldtest([
      "compare",
      file,
      "--label",
      columns[0] as string,
      "--score-a",
      columns[1] as string,
      "--score-b",
      columns[2] as string,
      "--bootstrap",
      "300",
      "--seed",
      "5",
      "--ci",
      "0.9",
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const data = c.redraws
      ? {
          labels: Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0),
          scoresA: Float64Array.of(0.7, 0.1, 0.2, 0.3, 0.4, 0.75, 0.5, 0.5),
          scoresB: Float64Array.of(0.45, 0.6, 0.2, 0.3, 0.1, 0.55, 0.5, 0.35),
        }
      : { labels, scoresA, scoresB };
    const suite = pairedBootstrapBinarySuite({
      ...data,
      threshold: 0.5,
      metrics: BINARY_METRICS,
      seed: 5,
      resamples: 300,
      level: 0.9,
    });
    for (const name of BINARY_METRICS) {
      const m = report.metrics[name];
      expect([m.a, m.b, m.diff], name).toEqual([suite[name].a, suite[name].b, suite[name].estimate]);
      expect(m.interval, name).toEqual([suite[name].lower, suite[name].upper]);
      expect(report.bootstrap.redraws[name], name).toBe(suite[name].redraws);
      expect(report.bootstrap.dropped[name], name).toBe(0);
    }
    expect(suite.roc_auc.redraws > 0).toBe(c.redraws);
    // The only reason given is DeLong's (one positive), never a bootstrap's.
    expect(Object.keys(report.undefined ?? {})).toEqual(c.redraws ? ["roc_auc"] : []);
    if (c.redraws) expect(report.undefined.roc_auc).toMatch(/DeLong/);
  });

  it("honours --threshold for threshold metrics and McNemar", async () => {
    const { code, stdout } = await fieldtest([...ARGS, "--threshold", "0.3", "--bootstrap", "0", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.metrics.accuracy.a).toBe(accuracy(labels, scoresA, 0.3));
    expect(report.metrics.accuracy.p_value).toBe(mcnemarTest({ labels, scoresA, scoresB, threshold: 0.3 }).pValue);
    expect(report.metrics.accuracy.interval).toBeNull();
    expect(report.bootstrap).toBeNull();
  });

  it("leaves the DeLong p-value null, with the reason, when there are too few positives", async () => {
    const file = tmp.file("few.csv", "y,a,b\n1,0.9,0.8\n0,0.2,0.3\n0,0.4,0.1\n0,0.3,0.6\n");
    const { code, stdout } = await fieldtest([
      "compare",
      file,
      "--label",
      "y",
      "--score-a",
      "a",
      "--score-b",
      "b",
      "--bootstrap",
      "0",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.metrics.roc_auc.a).toBe(1);
    expect(report.metrics.roc_auc.p_value).toBeNull();
    expect(report.undefined.roc_auc).toMatch(/at least 2 positives/);
  });

  it("prints a table without --json", async () => {
    const { code, stdout } = await fieldtest([...ARGS, "--bootstrap", "50"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^metric\s+a\s+b\s+diff \(a-b\)\s+95% interval of diff\s+p-value$/m);
    expect(stdout).toMatch(/^roc_auc\s.*\(delong\)$/m);
    expect(stdout).toMatch(/^accuracy\s.*\(mcnemar_exact\)$/m);
  });

  it("prints its usage with --help", async () => {
    const { code, stdout } = await fieldtest(["compare", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--score-a <column>");
    expect(stdout).toContain("DeLong");
  });
});
