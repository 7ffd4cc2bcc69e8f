// Row 4: `fieldtest evaluate` end to end on a CSV, against pandas + scikit-learn on the same file.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BenchContext } from "../context.ts";
import { interleave, type Sample } from "../measure.ts";
import { measuredRow, type RowResult, type RowSpec, skippedRow } from "../row-result.ts";
import { formatSeconds, median } from "../stats.ts";
import { agreement, figures, last } from "./reference-side.ts";

const NEEDED_FLAGS = ["--task", "--input", "--label", "--score", "--threshold", "--bootstrap", "--json"];

/** The `fieldtest` bin that `npx fieldtest` would run: the nearest node_modules/.bin/fieldtest. */
function findCli(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const bin = join(dir, "node_modules", ".bin", "fieldtest");
    if (existsSync(bin)) return realpathSync(bin);
    if (dirname(dir) === dir) return null;
  }
}

/** Why the CLI cannot run this row yet, or null when it can. */
function cliGap(bin: string | null): string | null {
  if (bin === null) return "CLI not installed (no node_modules/.bin/fieldtest)";
  const help = spawnSync(process.execPath, [bin, "evaluate", "--help"], { encoding: "utf8" });
  const text = `${help.stdout}${help.stderr}`;
  const missing = NEEDED_FLAGS.filter((flag) => !text.includes(flag));
  if (help.status !== 0 && missing.length > 0) return `CLI lacks "evaluate --help" (exit ${help.status})`;
  return missing.length > 0 ? `CLI lacks ${missing.join(", ")} in "fieldtest evaluate --help"` : null;
}

/** How much of row 4 is start-up alone: node loading the CLI (its cached bundle) and printing its help. */
function startUpNote(bin: string): string {
  const seconds = [0, 1, 2].map(() => {
    const start = performance.now();
    spawnSync(process.execPath, [bin, "evaluate", "--help"], { encoding: "utf8" });
    return (performance.now() - start) / 1000;
  });
  return `start-up alone (fresh process: node ${bin.replace(/.*\/packages\//, "packages/")} evaluate --help): median ${formatSeconds(median(seconds))} of 3`;
}

interface ReferencePair {
  value: number;
  processSeconds: number;
}

export async function cliEndToEndRows(ctx: BenchContext): Promise<RowResult[]> {
  const { plan } = ctx;
  const csv = ctx.data.csv;
  const n = ctx.data.sort.columns.labels.length;
  const bin = findCli(ctx.benchDir);
  const args = ["evaluate", "--task", "binary", "--input", csv, "--label", "y", "--score", "p"];
  args.push("--threshold", String(plan.threshold), "--bootstrap", "0", "--json");
  const tsTimes = `wall time of a fresh process: node ${bin === null ? "<fieldtest bin>" : "packages/cli/bin/fieldtest.mjs"} ${args.join(" ").replace(csv, "F.csv")} (node start-up with the cached CLI bundle, CSV read, all 11 metrics, JSON out; npx's own start-up not included)`;
  const main: RowSpec = {
    id: "4",
    name: "fieldtest evaluate CSV vs read_csv + sklearn",
    tsTimes,
    referenceTimes:
      "in process (imports paid): pd.read_csv(F) with defaults, then roc_auc_score, average_precision_score, log_loss, brier_score_loss, accuracy_score, precision_score, recall_score, f1_score, balanced_accuracy_score, matthews_corrcoef at p >= 0.5, and a numpy ECE (15 bins)",
    n,
    target: 1.0,
  };
  const fresh: RowSpec = {
    id: "4i",
    name: "fieldtest evaluate CSV vs python process",
    tsTimes: "as row 4 (same samples)",
    referenceTimes: `wall time of a fresh process: /usr/bin/python3 reference.py csv-suite F.csv ${plan.threshold} (interpreter start, numpy/pandas/sklearn imports, then the work of row 4's reference)`,
    n,
    target: null,
  };
  const gap = cliGap(bin);
  if (gap !== null || bin === null) return [skippedRow(main, gap ?? "no CLI"), skippedRow(fresh, gap ?? "no CLI")];

  const runs = await interleave({
    warmup: plan.warmup,
    reps: plan.reps.endToEnd,
    ts: (): Sample<number> => {
      const start = performance.now();
      const run = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
      const seconds = (performance.now() - start) / 1000;
      if (run.status !== 0) throw new Error(`fieldtest evaluate exited ${run.status}: ${run.stderr.trim()}`);
      const out = JSON.parse(run.stdout) as { n: number; metrics: { roc_auc: number } };
      if (out.n !== n) throw new Error(`fieldtest evaluate read ${out.n} rows, expected ${n}`);
      return { figure: seconds, result: out.metrics.roc_auc };
    },
    reference: async (): Promise<Sample<ReferencePair>> => {
      const inProcess = await ctx.reference.run("csv_suite", null, { path: csv, threshold: plan.threshold });
      const start = performance.now();
      const run = spawnSync(ctx.python, [ctx.referenceScript, "csv-suite", csv, String(plan.threshold)], {
        encoding: "utf8",
      });
      const processSeconds = (performance.now() - start) / 1000;
      if (run.status !== 0) throw new Error(`reference.py csv-suite exited ${run.status}: ${run.stderr.trim()}`);
      return { figure: inProcess.seconds, result: { value: inProcess.value, processSeconds } };
    },
  });
  const agree = agreement("roc_auc", last(runs.ts), last(runs.reference).value);
  return [
    measuredRow(main, { ts: figures(runs.ts), reference: figures(runs.reference) }, [agree, startUpNote(bin)]),
    measuredRow(fresh, {
      ts: figures(runs.ts),
      reference: runs.reference.map((sample) => sample.result.processSeconds),
    }),
  ];
}
