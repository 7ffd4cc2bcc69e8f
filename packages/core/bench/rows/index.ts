// The bench's sections in print order; `--only 1,3` picks sections by number.
import type { BenchContext } from "../context.ts";
import type { RowResult } from "../row-result.ts";
import { binarySuiteRows } from "./binary-suite.ts";
import { bootstrapRows } from "./bootstrap.ts";
import { cliEndToEndRows } from "./cli-end-to-end.ts";
import { driftRows } from "./drift.ts";
import { memoryRows } from "./memory.ts";
import { otherSuiteRows } from "./other-suites.ts";
import { sortMetricRows } from "./sort-metrics.ts";
import { uploadRows } from "./uploads.ts";

export interface Section {
  number: number;
  title: string;
  run: (ctx: BenchContext) => Promise<RowResult[]>;
}

export const SECTIONS: Section[] = [
  { number: 1, title: "whole binary suite", run: binarySuiteRows },
  { number: 2, title: "sort-based metrics", run: sortMetricRows },
  { number: 3, title: "bootstrap of ROC AUC", run: bootstrapRows },
  { number: 4, title: "fieldtest evaluate end to end", run: cliEndToEndRows },
  { number: 5, title: "peak memory", run: memoryRows },
  { number: 6, title: "multiclass and regression (informational)", run: otherSuiteRows },
  { number: 7, title: "drift", run: driftRows },
  { number: 8, title: "dataset uploads (informational)", run: uploadRows },
];
