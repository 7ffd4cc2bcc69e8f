import { CliError } from "../cli-error.ts";
import type { CategoryColumn, ColumnRequest, NumericColumn } from "../input/column-request.ts";
import { createStatusLine } from "../input/progress.ts";
import { detectFormat, readTable } from "../input/read-table.ts";
import type { Io } from "../io.ts";
import {
  BOOTSTRAP_OPTIONS,
  type BootstrapChoice,
  bootstrapOptions,
  formatOption,
  INPUT_OPTIONS,
  listOption,
  numberOption,
  optionalString,
  type ParsedValues,
  parseCommand,
  requireString,
  usageError,
} from "../options/parse-options.ts";
import { toJsonDocument } from "../output/json.ts";
import { metricsTable } from "../output/metrics-table.ts";
import { binaryEvaluator } from "../tasks/binary-evaluator.ts";
import { buildMetricsReport, type MetricsReport, type TaskEvaluator } from "../tasks/metrics-report.ts";
import { multiclassEvaluator } from "../tasks/multiclass-evaluator.ts";
import { regressionEvaluator } from "../tasks/regression-evaluator.ts";
import { pick, sliceRows } from "../tasks/slices.ts";
import { resolveInput } from "./resolve-input.ts";

export const EVALUATE_USAGE = `Usage: fieldtest evaluate --input <file> --label <column> [task options] [options]

Scores a model's predictions against labels with @fieldtest/core (values as
scikit-learn 1.2.1), each with a seeded bootstrap interval.

Tasks:
  --task binary          (default) --score <column>: P(label = 1), a probability in [0, 1];
                         labels 0 or 1; threshold metrics use --threshold (default 0.5,
                         predicted positive when score >= threshold)
  --task multiclass      --score-columns <A,B,C>: one probability column per class; the
                         label names a class (A, B or C) or gives its index (0, 1 or 2)
  --task regression      --prediction <column>: the predicted number; the label a number

Options:
  -i, --input <file>     CSV, JSON Lines or Parquet (ZSTD included), by extension:
                         .csv, .jsonl/.ndjson, .parquet; relative to your directory.
                         "fieldtest evaluate <file> ..." is the same as --input <file>.
  --format <f>           csv, jsonl or parquet, whatever the extension
  --label <column>       the true label
  --threshold <t>        binary only; default 0.5
  --ci <level>           confidence level of the intervals (default 0.95)
  --bootstrap <B>        bootstrap resamples (default 1000; 0 = no intervals)
  --seed <n>             bootstrap seed (default 0): same seed, same intervals
  --slice <column>       also evaluate each value of this column on its own rows
  --json                 print one JSON document:
                         {"task","n","metrics":{name: value},"intervals":{name: [lo, hi]},
                          "bootstrap":{level,resamples,seed,redraws,dropped},...}
  -h, --help             show this help

A metric undefined on the rows (roc_auc with one class) is null in JSON and
"undefined" in the table, with the reason. Bad input (missing file or column, a value
that is not a number, a binary label not 0/1, a probability outside [0, 1], NaN, an
empty file) prints one line naming the problem and the row, and exits 2.
`;

const TASKS = ["binary", "multiclass", "regression"] as const;
type Task = (typeof TASKS)[number];

const OPTIONS = {
  ...INPUT_OPTIONS,
  ...BOOTSTRAP_OPTIONS,
  task: { type: "string" },
  label: { type: "string" },
  score: { type: "string" },
  "score-columns": { type: "string" },
  prediction: { type: "string" },
  threshold: { type: "string" },
  slice: { type: "string" },
} as const;

interface TaskPlan {
  task: Task;
  requests: ColumnRequest[];
  /** Builds the evaluator from the read columns (in request order), restricted to `rows` when given. */
  evaluator(columns: NumericColumn[], rows?: Uint32Array): TaskEvaluator;
  /** Task facts for the report (threshold, classes). */
  facts: Record<string, unknown>;
  /** The columns used, by flag (label, score, …), for the report's "input". */
  columns: Record<string, string | string[]>;
}

export async function evaluateCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand({ command: "evaluate", argv, options: OPTIONS, allowPositionals: true });
  if (parsed === "help") {
    io.out(EVALUATE_USAGE);
    return 0;
  }
  const { values } = parsed;
  const input = resolveInput("evaluate", values, parsed.positionals);
  const format = formatOption(values);
  const plan = planTask(values);
  const choice = bootstrapOptions(values);
  const sliceName = optionalString(values, "slice");
  const requests = [...plan.requests];
  if (sliceName !== undefined) {
    requests.push({ name: sliceName, role: "slice", option: "--slice", kind: { type: "category" } });
  }

  const table = await readTable({ input, format, requests, io });
  const taskColumns = table.columns.slice(0, plan.requests.length) as NumericColumn[];
  const statusLine = createStatusLine({ write: (text) => io.err(text), isTTY: io.errIsTty });
  const overall = buildMetricsReport(plan.evaluator(taskColumns), choice, (text) => statusLine.show(text));
  const document: Record<string, unknown> = {
    task: plan.task,
    ...overall,
    ...plan.facts,
    input: { file: input, format: detectFormat(input, format), ...plan.columns },
  };
  let sliceReports: { slice: string; report: MetricsReport }[] = [];
  if (sliceName !== undefined) {
    const column = table.columns[plan.requests.length] as CategoryColumn;
    sliceReports = sliceRows(column).map(({ value, rows }) => ({
      slice: value,
      report: buildMetricsReport(plan.evaluator(taskColumns, rows), choice, (text) =>
        statusLine.show(`slice ${JSON.stringify(value)}: ${text}`),
      ),
    }));
    document.slice_column = sliceName;
    document.slices = sliceReports.map(({ slice, report }) => ({ slice, ...report }));
  }

  statusLine.clear();
  if (values.json === true) {
    io.out(toJsonDocument(document));
    return 0;
  }
  io.out(humanReport({ input, plan, overall, choice, sliceName, sliceReports }));
  return 0;
}

function planTask(values: ParsedValues): TaskPlan {
  const taskRaw = optionalString(values, "task") ?? "binary";
  if (!(TASKS as readonly string[]).includes(taskRaw)) {
    throw usageError("evaluate", `--task must be one of ${TASKS.join(", ")}, got ${JSON.stringify(taskRaw)}`);
  }
  const task = taskRaw as Task;
  const label = requireString("evaluate", values, "label", "<column>");
  const refuse = (flag: string) => {
    if (values[flag] !== undefined) throw usageError("evaluate", `--${flag} does not apply to --task ${task}`);
  };

  if (task === "binary") {
    refuse("score-columns");
    refuse("prediction");
    const score = requireString("evaluate", values, "score", "<column> (or choose --task multiclass/regression)");
    const threshold = numberOption(values, "threshold", 0.5);
    return {
      task,
      requests: [
        { name: label, role: "label", option: "--label", kind: { type: "binary-label", context: "--task binary" } },
        { name: score, role: "score", option: "--score", kind: { type: "probability" } },
      ],
      evaluator: ([labels, scores], rows) =>
        binaryEvaluator({
          labels: restrict((labels as NumericColumn).values, rows),
          scores: restrict((scores as NumericColumn).values, rows),
          threshold,
        }),
      facts: { threshold },
      columns: { label, score },
    };
  }

  if (task === "multiclass") {
    refuse("score");
    refuse("prediction");
    refuse("threshold");
    const classes = listOption("evaluate", values, "score-columns", "<A,B,C> (one probability column per class)");
    if (classes.length < 2) throw new CliError("--score-columns needs at least 2 columns, one per class");
    return {
      task,
      requests: [
        { name: label, role: "label", option: "--label", kind: { type: "class", classes } },
        ...classes.map(
          (name): ColumnRequest => ({ name, role: "score", option: "--score-columns", kind: { type: "probability" } }),
        ),
      ],
      evaluator: ([labels, ...probabilities], rows) =>
        multiclassEvaluator({
          labels: restrict((labels as NumericColumn).values, rows),
          probabilities: probabilities.map((column) => restrict(column.values, rows)),
        }),
      facts: { classes },
      columns: { label, score_columns: classes },
    };
  }

  refuse("score");
  refuse("score-columns");
  refuse("threshold");
  const prediction = requireString("evaluate", values, "prediction", "<column> (the predicted number)");
  return {
    task,
    requests: [
      { name: label, role: "label", option: "--label", kind: { type: "number" } },
      { name: prediction, role: "prediction", option: "--prediction", kind: { type: "number" } },
    ],
    evaluator: ([labels, predictions], rows) =>
      regressionEvaluator({
        labels: restrict((labels as NumericColumn).values, rows),
        predictions: restrict((predictions as NumericColumn).values, rows),
      }),
    facts: {},
    columns: { label, prediction },
  };
}

function restrict(values: Float64Array, rows: Uint32Array | undefined): Float64Array {
  return rows === undefined ? values : pick(values, rows);
}

function humanReport(opts: {
  input: string;
  plan: TaskPlan;
  overall: MetricsReport;
  choice: BootstrapChoice;
  sliceName: string | undefined;
  sliceReports: { slice: string; report: MetricsReport }[];
}): string {
  const { input, plan, overall } = opts;
  // classes repeat --score-columns; the JSON keeps them, the header need not.
  const facts = Object.entries({ ...plan.columns, ...plan.facts } as Record<string, unknown>)
    .filter(([key]) => key !== "classes")
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(",") : JSON.stringify(value)}`)
    .join(", ");
  const lines = [`${input}: ${overall.n} rows, task ${plan.task}, ${facts}`, "", ...metricsTable(overall)];
  for (const { slice, report } of opts.sliceReports) {
    lines.push("", `slice ${opts.sliceName} = ${JSON.stringify(slice)}: ${report.n} rows`, ...metricsTable(report));
  }
  return `${lines.join("\n")}\n`;
}
