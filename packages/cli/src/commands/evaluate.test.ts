import { join } from "node:path";
import {
  accuracy,
  BINARY_METRICS,
  binaryEvaluation,
  bootstrapBinarySuite,
  bootstrapInterval,
  bootstrapStatistic,
  evaluateMulticlass,
  evaluateRegression,
  logLoss,
  MULTICLASS_METRICS,
  REGRESSION_METRICS,
  rocAuc,
} from "@fieldtest/core";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, fieldtest, fixtureRows, numberColumn, tempDir } from "../../test/helpers/run-fieldtest.ts";

const MIXED = join(FIXTURES, "mixed.csv");
const rows = await fixtureRows();
const labels = numberColumn(rows, "y");
const scores = numberColumn(rows, "p");
const tmp = tempDir("evaluate");
afterAll(() => tmp.cleanup());

const json = (stdout: string) => JSON.parse(stdout);

describe("fieldtest evaluate --task binary", { timeout: 60_000, concurrent: true }, () => {
  it("prints one JSON document whose metrics are core's binary suite on the same rows", async () => {
    const { code, stdout, stderr } = await fieldtest([
      "evaluate",
      "--task",
      "binary",
      "--input",
      MIXED,
      "--label",
      "y",
      "--score",
      "p",
      "--bootstrap",
      "0",
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = json(stdout);
    expect(Object.keys(report).slice(0, 4)).toEqual(["task", "n", "metrics", "intervals"]);
    expect(report.task).toBe("binary");
    expect(report.n).toBe(rows.length);
    expect(report.threshold).toBe(0.5);
    expect(Object.keys(report.metrics)).toEqual([...BINARY_METRICS]);
    expect(report.metrics).toEqual(binaryEvaluation(labels, scores, { threshold: 0.5 }).metrics);
    expect(report.metrics.roc_auc).toBe(rocAuc(labels, scores));
    expect(report.intervals).toEqual({});
    expect(report.bootstrap).toBeNull();
    expect(report.input).toEqual({ file: MIXED, format: "csv", label: "y", score: "p" });
  });

  it("gives each metric core's seeded bootstrap interval and counts redrawn replicates", async () => {
    const { code, stdout } = await fieldtest([
      "evaluate",
      "-i",
      MIXED,
      "--label",
      "y",
      "--score",
      "p",
      "--ci",
      "0.9",
      "--bootstrap",
      "200",
      "--seed",
      "7",
      "--threshold",
      "0.6",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = json(stdout);
    const settings = { seed: 7, resamples: 200, level: 0.9 };
    const auc = bootstrapInterval({ labels, scores, metric: rocAuc, ...settings });
    const acc = bootstrapInterval({ labels, scores, metric: (y, s) => accuracy(y, s, 0.6), ...settings });
    const loss = bootstrapInterval({ labels, scores, metric: logLoss, ...settings });
    expect(report.metrics.accuracy).toBe(accuracy(labels, scores, 0.6));
    expect(report.intervals.roc_auc).toEqual([auc.lower, auc.upper]);
    expect(report.intervals.accuracy).toEqual([acc.lower, acc.upper]);
    expect(report.intervals.log_loss).toEqual([loss.lower, loss.upper]);
    expect(Object.keys(report.intervals)).toEqual([...BINARY_METRICS]);
    expect(report.bootstrap).toMatchObject({ level: 0.9, resamples: 200, seed: 7 });
    expect(report.bootstrap.redraws.roc_auc).toBe(auc.redraws);
    expect(Object.keys(report.bootstrap.redraws)).toEqual([...BINARY_METRICS]);
    // All 11 come from one shared-resample bootstrap of the suite.
    const suite = bootstrapBinarySuite({ labels, scores, threshold: 0.6, metrics: BINARY_METRICS, ...settings });
    for (const name of BINARY_METRICS) {
      expect(report.intervals[name]).toEqual([suite[name].lower, suite[name].upper]);
      expect(report.bootstrap.dropped[name]).toBe(suite[name].dropped);
    }
  });

  it("reports redrawn resamples when small data often lose a class", async () => {
    const file = tmp.file("small.csv", "y,p\n1,0.9\n0,0.2\n0,0.3\n0,0.1\n0,0.6\n0,0.4\n");
    const { code, stdout } = await fieldtest(["evaluate", file, "--label", "y", "--score", "p", "--json"]);
    expect(code).toBe(0);
    const report = json(stdout);
    const y = Float64Array.from([1, 0, 0, 0, 0, 0]);
    const s = Float64Array.from([0.9, 0.2, 0.3, 0.1, 0.6, 0.4]);
    const auc = bootstrapInterval({ labels: y, scores: s, metric: rocAuc, seed: 0, resamples: 1000, level: 0.95 });
    expect(auc.redraws).toBeGreaterThan(0);
    expect(report.bootstrap).toMatchObject({ level: 0.95, resamples: 1000, seed: 0 });
    expect(report.bootstrap.redraws.roc_auc).toBe(auc.redraws);
    expect(report.intervals.roc_auc).toEqual([auc.lower, auc.upper]);
    // Redraws are counted per suite: a one-class resample is drawn again for every metric,
    // so the others report roc_auc's redraws and are taken over the same resamples.
    const suite = bootstrapBinarySuite({ labels: y, scores: s, threshold: 0.5, metrics: BINARY_METRICS, seed: 0 });
    for (const name of BINARY_METRICS) {
      expect(report.bootstrap.redraws[name]).toBe(auc.redraws);
      expect(report.intervals[name]).toEqual([suite[name].lower, suite[name].upper]);
    }
  });

  it("is deterministic for a seed and changes with it", async () => {
    const args = ["evaluate", MIXED, "--label", "y", "--score", "p", "--bootstrap", "100", "--json"];
    const [first, again, other] = await Promise.all([
      fieldtest([...args, "--seed", "3"]),
      fieldtest([...args, "--seed", "3"]),
      fieldtest([...args, "--seed", "4"]),
    ]);
    expect(first?.stdout).toBe(again?.stdout);
    expect(json(first?.stdout ?? "").intervals).not.toEqual(json(other?.stdout ?? "").intervals);
  });

  it("adds per-slice results, each equal to core on that slice's rows", async () => {
    const { code, stdout } = await fieldtest([
      "evaluate",
      MIXED,
      "--label",
      "y",
      "--score",
      "p",
      "--slice",
      "region",
      "--bootstrap",
      "50",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.slice_column).toBe("region");
    const names = [...new Set(rows.map((r) => r.region as string))].sort();
    expect(report.slices.map((s: { slice: string }) => s.slice)).toEqual(names);
    let total = 0;
    for (const slice of report.slices) {
      const mine = rows.filter((r) => r.region === slice.slice);
      const y = numberColumn(mine, "y");
      const s = numberColumn(mine, "p");
      expect(slice.n).toBe(mine.length);
      expect(slice.metrics).toEqual(binaryEvaluation(y, s, { threshold: 0.5 }).metrics);
      const auc = bootstrapInterval({ labels: y, scores: s, metric: rocAuc, seed: 0, resamples: 50, level: 0.95 });
      expect(slice.intervals.roc_auc).toEqual([auc.lower, auc.upper]);
      expect(slice.bootstrap.redraws.roc_auc).toBe(auc.redraws);
      total += slice.n;
    }
    expect(total).toBe(rows.length);
  });

  it("reports a metric undefined on the rows as null with the reason, and still exits 0", async () => {
    const file = tmp.file("one-class.csv", "y,p\n1,0.2\n1,0.9\n1,0.7\n");
    const { code, stdout } = await fieldtest(["evaluate", file, "--label", "y", "--score", "p", "--json"]);
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.metrics.roc_auc).toBeNull();
    expect(report.intervals.roc_auc).toBeNull();
    expect(report.undefined.roc_auc).toMatch(/one class|only/i);
    expect(report.metrics.accuracy).toBeCloseTo(2 / 3, 15);
  });

  it("prints a compact table without --json", async () => {
    const { code, stdout, stderr } = await fieldtest([
      "evaluate",
      MIXED,
      "--label",
      "y",
      "--score",
      "p",
      "--bootstrap",
      "100",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`${MIXED}: ${rows.length} rows, task binary, label "y", score "p", threshold 0.5`);
    expect(stdout).toMatch(/^metric\s+value\s+95% interval$/m);
    const auc = rocAuc(labels, scores).toFixed(6);
    expect(stdout).toMatch(new RegExp(`^roc_auc\\s+${auc}\\s+\\[\\d\\.\\d{6}, \\d\\.\\d{6}\\]$`, "m"));
    expect(stdout).toMatch(/^bootstrap: 100 resamples, seed 0, percentile intervals/m);
  });

  it("keeps the older positional form: evaluate <file> equals --input <file>", async () => {
    const common = ["--label", "y", "--score", "p", "--bootstrap", "20", "--json"];
    const [positional, flag] = await Promise.all([
      fieldtest(["evaluate", MIXED, ...common]),
      fieldtest(["evaluate", "--input", MIXED, ...common]),
    ]);
    expect(positional?.code).toBe(0);
    expect(positional?.stdout).toBe(flag?.stdout);
  });

  it("prints its usage with --help", async () => {
    const { code, stdout } = await fieldtest(["evaluate", "--help"]);
    expect(code).toBe(0);
    for (const flag of ["--task binary", "--task multiclass", "--score-columns", "--prediction", "--slice", "--seed"]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('"fieldtest evaluate <file> ..." is the same as --input <file>');
  });
});

describe("fieldtest evaluate --task multiclass and regression", { timeout: 60_000, concurrent: true }, () => {
  const classes = ["cat", "dog", "bird"];
  const classLabels = Float64Array.from(rows, (r) => classes.indexOf(r.animal as string));
  const probabilities = classes.map((c) => numberColumn(rows, c));

  it("multiclass: metrics are core's on the same rows, labels mapped to --score-columns order", async () => {
    const { code, stdout, stderr } = await fieldtest([
      "evaluate",
      "--task",
      "multiclass",
      "-i",
      MIXED,
      "--label",
      "animal",
      "--score-columns",
      "cat,dog,bird",
      "--bootstrap",
      "40",
      "--seed",
      "5",
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.task).toBe("multiclass");
    expect(report.classes).toEqual(classes);
    const expected = evaluateMulticlass({ labels: classLabels, probabilities, metrics: MULTICLASS_METRICS });
    expect(report.metrics).toEqual(Object.fromEntries(expected.map((m) => [m.metric, m.value])));
    // The interval is core's bootstrapStatistic over resampled rows.
    const acc = bootstrapStatistic({
      rows: rows.length,
      seed: 5,
      resamples: 40,
      level: 0.95,
      statistic: (indices) => {
        const y = Float64Array.from(indices, (i) => classLabels[i] as number);
        const p = probabilities.map((column) => Float64Array.from(indices, (i) => column[i] as number));
        return evaluateMulticlass({ labels: y, probabilities: p, metrics: ["accuracy"] })[0]?.value ?? Number.NaN;
      },
    });
    expect(report.intervals.accuracy).toEqual([acc.lower, acc.upper]);
    expect(Object.keys(report.intervals)).toEqual([...MULTICLASS_METRICS]);
  });

  it("multiclass: a label may also be the class index", async () => {
    const file = tmp.file("indices.csv", "y,a,b\n0,0.8,0.2\n1,0.3,0.7\n1,0.6,0.4\n0,0.9,0.1\n");
    const { code, stdout } = await fieldtest([
      "evaluate",
      file,
      "--task",
      "multiclass",
      "--label",
      "y",
      "--score-columns",
      "a,b",
      "--bootstrap",
      "0",
      "--json",
    ]);
    expect(code).toBe(0);
    expect(json(stdout).metrics.accuracy).toBe(0.75);
  });

  it("regression: metrics and intervals are core's on the same rows", async () => {
    const y = numberColumn(rows, "target");
    const p = numberColumn(rows, "prediction");
    const { code, stdout } = await fieldtest([
      "evaluate",
      "--task",
      "regression",
      "-i",
      MIXED,
      "--label",
      "target",
      "--prediction",
      "prediction",
      "--bootstrap",
      "40",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.task).toBe("regression");
    const expected = evaluateRegression({ labels: y, predictions: p, metrics: REGRESSION_METRICS });
    expect(report.metrics).toEqual(Object.fromEntries(expected.map((m) => [m.metric, m.value])));
    const mae = bootstrapStatistic({
      rows: rows.length,
      seed: 0,
      resamples: 40,
      level: 0.95,
      statistic: (indices) => {
        const yy = Float64Array.from(indices, (i) => y[i] as number);
        const pp = Float64Array.from(indices, (i) => p[i] as number);
        return evaluateRegression({ labels: yy, predictions: pp, metrics: ["mae"] })[0]?.value ?? Number.NaN;
      },
    });
    expect(report.intervals.mae).toEqual([mae.lower, mae.upper]);
  });
});

describe("fieldtest evaluate: paths", { timeout: 60_000, concurrent: true }, () => {
  it("resolves a relative --input against INIT_CWD (the caller's directory under npm run)", async () => {
    const { code, stdout } = await fieldtest(
      ["evaluate", "--input", "mixed.csv", "--label", "y", "--score", "p", "--bootstrap", "0", "--json"],
      { cwd: tmp.dir, env: { INIT_CWD: FIXTURES } },
    );
    expect(code).toBe(0);
    expect(json(stdout).n).toBe(rows.length);
  });

  it("resolves a relative --input against the working directory without INIT_CWD", async () => {
    const { code, stdout } = await fieldtest(
      ["evaluate", "--input", "mixed.csv", "--label", "y", "--score", "p", "--bootstrap", "0", "--json"],
      { cwd: FIXTURES },
    );
    expect(code).toBe(0);
    expect(json(stdout).n).toBe(rows.length);
  });
});
