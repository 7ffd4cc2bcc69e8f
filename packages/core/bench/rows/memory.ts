// Row 5: peak memory of the whole binary suite, each side in a child process of its own.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { BenchContext } from "../context.ts";
import { interleave, type Sample } from "../measure.ts";
import { measuredRow, type RowResult } from "../row-result.ts";
import { formatBytes } from "../stats.ts";
import { agreement, constant, figures, last } from "./reference-side.ts";

interface ChildReport {
  baseline: number;
  peak: number;
  method: string;
  value: number;
}

function runChild(command: string, args: string[], cwd: string): Sample<ChildReport> {
  const run = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 1 << 20 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.status}: ${run.stderr.trim()}`);
  const report = JSON.parse(run.stdout) as ChildReport;
  return { figure: report.peak - report.baseline, result: report };
}

export async function memoryRows(ctx: BenchContext): Promise<RowResult[]> {
  const { plan, benchDir } = ctx;
  const { files, columns } = ctx.data.suite;
  const n = columns.labels.length;
  const inputBytes = columns.labels.byteLength + columns.scores.byteLength;
  const runs = await interleave({
    warmup: 0, // every repetition is a fresh process: nothing to warm
    reps: plan.reps.memory,
    ts: () =>
      runChild(
        process.execPath,
        ["--expose-gc", "--import", "tsx", join(benchDir, "memory-child.ts"), files.labels, files.scores],
        benchDir,
      ),
    reference: () => runChild(ctx.python, [ctx.referenceScript, "memory", files.labels, files.scores], benchDir),
  });
  const ours = last(runs.ts);
  const theirs = last(runs.reference);
  const how = `peak RSS minus the RSS just before the call, in a fresh child process per repetition (inputs read from the float64 files and the library loaded before the baseline; peak by ${ours.method})`;
  const tsTimes = `binaryEvaluation(labels, scores, { threshold: ${plan.threshold} }): ${how}`;
  const agree = agreement("roc_auc", ours.value, theirs.value);
  return [
    measuredRow(
      {
        id: "5",
        name: "peak memory: binaryEvaluation vs input bytes",
        tsTimes,
        referenceTimes: `the input columns as float64: 2 × ${n} × 8 B = ${formatBytes(inputBytes)} (a fixed figure)`,
        n,
        unit: "bytes",
        target: 3.0,
      },
      { ts: figures(runs.ts), reference: constant(runs.ts, inputBytes) },
      [`baseline RSS of the TS child ${formatBytes(ours.baseline)}`, agree],
    ),
    measuredRow(
      {
        id: "5i",
        name: "peak memory: binaryEvaluation vs roc_auc_score",
        tsTimes,
        referenceTimes: `sklearn roc_auc_score(y, s) alone, measured the same way (peak by ${theirs.method})`,
        n,
        unit: "bytes",
        target: null,
      },
      { ts: figures(runs.ts), reference: figures(runs.reference) },
      [`baseline RSS of the Python child ${formatBytes(theirs.baseline)}`],
    ),
  ];
}
