import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  BINARY_METRICS,
  type BinaryMetricName,
  evaluateBinary,
  InvalidInputError,
  MetricUndefinedError,
} from "@fieldtest/core";
import { CliError } from "../cli-error.ts";
import { parseCsv } from "../csv/parse-csv.ts";
import type { Io } from "../io.ts";

export const EVALUATE_USAGE = `Usage: fieldtest evaluate <file.csv> --label <column> --score <column> [--threshold 0.5] [--json]

Scores binary predictions in a CSV file against their labels: accuracy and roc_auc,
computed like scikit-learn 1.2.1.

Arguments:
  <file.csv>          CSV with a header row (RFC 4180: commas, optional "quoted" fields)

Options:
  --label <column>    column with the true label, 0 or 1
  --score <column>    column with the score, P(label = 1); any finite number
  --threshold <t>     a row is predicted positive when score >= t (default 0.5)
  --json              print JSON instead of a table
  -h, --help          show this help

A metric that is undefined on the data (roc_auc when only one class is present) is
shown as undefined, with the reason. Exit codes: 0 evaluated, 2 bad input (usage,
unreadable file, unknown column, missing or invalid value), 1 unexpected error.
`;

const HELP_HINT = '\nRun "fieldtest evaluate --help" for usage.';

interface EvaluateArgs {
  file: string;
  label: string;
  score: string;
  threshold: number;
  json: boolean;
}

interface MetricResult {
  metric: BinaryMetricName;
  value: number | null;
  n: number;
  /** Why the metric is undefined, when value is null. */
  undefinedReason?: string;
}

export async function evaluateCommand(argv: string[], io: Io): Promise<number> {
  const args = parseEvaluateArgs(argv);
  if (args === "help") {
    io.out(EVALUATE_USAGE);
    return 0;
  }
  const text = await readText(args.file);
  const { labels, scores } = readColumns(text, args);

  const metrics: MetricResult[] = BINARY_METRICS.map((metric) => {
    try {
      const [result] = evaluateBinary({ labels, scores, threshold: args.threshold, metrics: [metric] });
      return result as MetricResult;
    } catch (error) {
      if (error instanceof MetricUndefinedError) {
        return { metric, value: null, n: labels.length, undefinedReason: error.message };
      }
      if (error instanceof InvalidInputError) throw new CliError(error.message);
      throw error;
    }
  });

  if (args.json) {
    const report = {
      file: args.file,
      rows: labels.length,
      label: args.label,
      score: args.score,
      threshold: args.threshold,
      metrics,
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.out(formatTable(args, labels.length, metrics));
  }
  return 0;
}

function parseEvaluateArgs(argv: string[]): EvaluateArgs | "help" {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new CliError(`${(error as Error).message}${HELP_HINT}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1) {
    const problem = positionals.length === 0 ? "missing <file.csv>" : `expected one file, got ${positionals.length}`;
    throw new CliError(`${problem}${HELP_HINT}`);
  }
  if (values.label === undefined) throw new CliError(`missing --label <column>${HELP_HINT}`);
  if (values.score === undefined) throw new CliError(`missing --score <column>${HELP_HINT}`);
  const threshold = values.threshold === undefined ? 0.5 : parseNumber(values.threshold);
  if (threshold === undefined) {
    throw new CliError(`--threshold must be a finite number, got "${values.threshold}"`);
  }
  return {
    file: positionals[0] as string,
    label: values.label,
    score: values.score,
    threshold,
    json: values.json === true,
  };
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      label: { type: "string" },
      score: { type: "string" },
      threshold: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new CliError(`cannot read ${file}: ${reason}`);
  }
}

function readColumns(text: string, args: EvaluateArgs): { labels: Float64Array; scores: Float64Array } {
  const records = parseCsv(text);
  const header = records[0];
  if (header === undefined) throw new CliError(`${args.file} is empty: expected a header row`);
  const labelIndex = columnIndex(header.fields, args.label, "--label");
  const scoreIndex = columnIndex(header.fields, args.score, "--score");
  const n = records.length - 1;
  if (n === 0) throw new CliError(`${args.file} has a header but no data rows`);

  const labels = new Float64Array(n);
  const scores = new Float64Array(n);
  const problems = new ProblemLog();
  for (let r = 0; r < n; r++) {
    const { fields, line } = records[r + 1] as (typeof records)[number];
    if (fields.length !== header.fields.length) {
      throw new CliError(
        `line ${line}: expected ${header.fields.length} fields like the header, found ${fields.length}`,
      );
    }
    const rawLabel = (fields[labelIndex] as string).trim();
    const label = parseNumber(rawLabel);
    if (label !== 0 && label !== 1) {
      problems.add(`line ${line}: label column "${args.label}" must be 0 or 1, found ${describe(rawLabel)}`);
    } else {
      labels[r] = label;
    }
    const rawScore = (fields[scoreIndex] as string).trim();
    const score = parseNumber(rawScore);
    if (score === undefined) {
      problems.add(`line ${line}: score column "${args.score}" must be a finite number, found ${describe(rawScore)}`);
    } else {
      scores[r] = score;
    }
  }
  problems.throwIfAny();
  return { labels, scores };
}

function columnIndex(header: string[], name: string, option: string): number {
  const matches = header.flatMap((h, i) => (h.trim() === name ? [i] : []));
  if (matches.length === 1) return matches[0] as number;
  if (matches.length > 1)
    throw new CliError(`${option}: column "${name}" appears ${matches.length} times in the header`);
  throw new CliError(`${option}: no column "${name}"; the columns are: ${header.map((h) => h.trim()).join(", ")}`);
}

/** Collects invalid values so the user sees the first one and how many there are. */
class ProblemLog {
  private first: string | undefined;
  private count = 0;

  add(message: string): void {
    if (this.count === 0) this.first = message;
    this.count++;
  }

  throwIfAny(): void {
    if (this.count === 0) return;
    const more = this.count > 1 ? ` (and ${this.count - 1} more invalid value${this.count > 2 ? "s" : ""})` : "";
    throw new CliError(`${this.first}${more}`);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict decimal number; "", "NaN", "0x10", "1,5" and overflow to Infinity are refused. */
function parseNumber(raw: string): number | undefined {
  if (!NUMBER.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function describe(raw: string): string {
  return raw === "" ? "an empty value" : JSON.stringify(raw);
}

function formatTable(args: EvaluateArgs, rows: number, metrics: MetricResult[]): string {
  const lines = [
    `${args.file}: ${rows} rows, label "${args.label}", score "${args.score}", threshold ${args.threshold}`,
    "",
  ];
  const cells = [
    ["metric", "value", "n"],
    ...metrics.map((m) => [m.metric, m.value === null ? "undefined" : m.value.toFixed(6), String(m.n)]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => (row[c] as string).length)));
  for (const row of cells) {
    lines.push(
      row
        .map((cell, c) => cell.padEnd(widths[c] as number))
        .join("  ")
        .trimEnd(),
    );
  }
  const notes = metrics.filter((m) => m.undefinedReason !== undefined).map((m) => `note: ${m.undefinedReason}`);
  if (notes.length > 0) lines.push("", ...notes);
  return `${lines.join("\n")}\n`;
}
