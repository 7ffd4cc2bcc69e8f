// The data of one run, generated once in TypeScript and written once for the other side.
import { join } from "node:path";
import { writeBinaryCsv, writeFloat64 } from "./column-files.ts";
import {
  type BinaryColumns,
  binaryColumns,
  type DriftColumns,
  driftColumns,
  type MulticlassColumns,
  multiclassColumns,
  type RegressionColumns,
  regressionColumns,
} from "./datasets.ts";
import type { Plan } from "./plan.ts";
import type { ReferenceClient } from "./reference-client.ts";

export interface BinaryData {
  columns: BinaryColumns;
  files: { labels: string; scores: string };
}

export interface BenchData {
  suite: BinaryData;
  sort: BinaryData;
  bootstrap: BinaryData;
  multiclass: MulticlassColumns;
  regression: RegressionColumns;
  /** The `sort` rows as a CSV (`y,p`), for the end-to-end row. */
  csv: string;
  /** Rows 7a–7c: one numeric column per side (the reference side loads it as "drift"). */
  drift: DriftColumns;
}

export interface BenchContext {
  plan: Plan;
  data: BenchData;
  reference: ReferenceClient;
  python: string;
  referenceScript: string;
  benchDir: string;
  tmpDir: string;
}

const SEEDS = { suite: 1, sort: 2, bootstrap: 3, multiclass: 4, regression: 5, drift: 6 };

function binaryData(dir: string, name: string, n: number, seed: number): BinaryData {
  const columns = binaryColumns(n, seed);
  const files = { labels: join(dir, `${name}-labels.f64`), scores: join(dir, `${name}-scores.f64`) };
  writeFloat64(files.labels, columns.labels);
  writeFloat64(files.scores, columns.scores);
  return { columns, files };
}

/** Generates every data set, writes it under `dir` and has the reference side load it. */
export async function prepareData(plan: Plan, dir: string, reference: ReferenceClient): Promise<BenchData> {
  const suite = binaryData(dir, "suite", plan.sizes.suite, SEEDS.suite);
  const sort = binaryData(dir, "sort", plan.sizes.sort, SEEDS.sort);
  const bootstrap = binaryData(dir, "bootstrap", plan.sizes.bootstrap, SEEDS.bootstrap);
  const csv = join(dir, "sort.csv");
  writeBinaryCsv(csv, sort.columns.labels, sort.columns.scores);

  const multiclass = multiclassColumns(plan.sizes.suites, plan.classes, SEEDS.multiclass);
  const multiclassFiles: Record<string, string> = { labels: join(dir, "multiclass-labels.f64") };
  writeFloat64(multiclassFiles.labels as string, multiclass.labels);
  multiclass.probabilities.forEach((column, k) => {
    multiclassFiles[`p${k}`] = join(dir, `multiclass-p${k}.f64`);
    writeFloat64(multiclassFiles[`p${k}`] as string, column);
  });

  const regression = regressionColumns(plan.sizes.suites, SEEDS.regression);
  const regressionFiles = { labels: join(dir, "regression-labels.f64"), predictions: join(dir, "regression-pred.f64") };
  writeFloat64(regressionFiles.labels, regression.labels);
  writeFloat64(regressionFiles.predictions, regression.predictions);

  const drift = driftColumns(plan.sizes.drift, SEEDS.drift);
  const driftFiles = { reference: join(dir, "drift-reference.f64"), current: join(dir, "drift-current.f64") };
  writeFloat64(driftFiles.reference, drift.reference);
  writeFloat64(driftFiles.current, drift.current);

  await reference.load("suite", suite.files);
  await reference.load("sort", sort.files);
  await reference.load("bootstrap", bootstrap.files);
  await reference.load("multiclass", multiclassFiles);
  await reference.load("regression", regressionFiles);
  await reference.load("drift", driftFiles);
  return { suite, sort, bootstrap, multiclass, regression, csv, drift };
}
