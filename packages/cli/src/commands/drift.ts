import { type DriftColumn, type DriftReport, driftReport } from "@fieldtest/core";
import { CliError } from "../cli-error.ts";
import { asText, type ColumnRequest, type NumericColumn, type TextColumn } from "../input/column-request.ts";
import { readTable } from "../input/read-table.ts";
import type { Io } from "../io.ts";
import { formatOption, INPUT_OPTIONS, listOption, parseCommand, requireString } from "../options/parse-options.ts";
import { toJsonDocument } from "../output/json.ts";
import { formatValue, renderTable } from "../output/table.ts";

export const DRIFT_USAGE = `Usage: fieldtest drift --reference <file> --current <file> [--columns a,b] [options]

Compares each column of a current data set with the same column of a reference one.
A column is numeric when every non-missing value on both sides is a number: KS statistic
and p-value (as scipy's ks_2samp), Wasserstein-1, PSI on 10 reference-quantile bins and
Jensen–Shannon distance. Otherwise it is categorical (numbers in it are compared as
written canonically, so 1.0 and 1 are one category): chi-square, PSI and JS.
Missing values (an empty cell, a JSON or Parquet null) are counted per side and reported,
never silently dropped.

Options:
  --reference <file>     the reference data: CSV, JSON Lines or Parquet
  --current <file>       the current data, same format rules
  --format <f>           csv, jsonl or parquet, for both files (default: by extension)
  --columns <a,b>        the columns to compare (default: every column; then both files
                         must have the same columns)
  --json                 print one JSON document:
                         {"columns":{"a":{"type":"numeric","ks_statistic","ks_pvalue",
                         "wasserstein","psi","js_distance","missing","n"},...}}
  -h, --help             show this help

Exit codes: 0 compared, 2 bad input, 1 unexpected error.
`;

const { input: _input, ...SHARED } = INPUT_OPTIONS;
const OPTIONS = {
  ...SHARED,
  reference: { type: "string" },
  current: { type: "string" },
  columns: { type: "string" },
} as const;

type DriftValues = NumericColumn | TextColumn;

export async function driftCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand({ command: "drift", argv, options: OPTIONS, allowPositionals: false });
  if (parsed === "help") {
    io.out(DRIFT_USAGE);
    return 0;
  }
  const { values } = parsed;
  const referenceFile = requireString("drift", values, "reference", "<file>");
  const currentFile = requireString("drift", values, "current", "<file>");
  const format = formatOption(values);
  const listed = values.columns === undefined ? undefined : listOption("drift", values, "columns", "<a,b>");

  // Without --columns, the reference's columns in file order, as its reader finds them.
  let names: readonly string[] = listed ?? [];
  const reference = await readTable({
    input: referenceFile,
    format,
    io,
    requests: (available) => {
      names = listed ?? available;
      return driftRequests(names, "--reference");
    },
  });
  const current = await readTable({
    input: currentFile,
    format,
    io,
    requests: (available) => {
      if (listed === undefined)
        requireSameColumns({ reference: names, current: available, currentFile, referenceFile });
      return driftRequests(names, "--current");
    },
  });

  const referenceColumns: Record<string, DriftColumn> = {};
  const currentColumns: Record<string, DriftColumn> = {};
  names.forEach((name, c) => {
    const ref = reference.columns[c] as DriftValues;
    const cur = current.columns[c] as DriftValues;
    // Numeric only when both sides are: one text value anywhere makes the column categorical.
    if (ref.type === "numeric" && cur.type === "numeric") {
      referenceColumns[name] = ref.values;
      currentColumns[name] = cur.values;
    } else {
      referenceColumns[name] = asText(ref);
      currentColumns[name] = asText(cur);
    }
  });
  const report = driftReport({ reference: referenceColumns, current: currentColumns, columns: names });

  if (values.json === true) {
    io.out(toJsonDocument({ columns: report.columns }));
    return 0;
  }
  const lines = [
    `reference ${referenceFile}: ${reference.rows} rows; current ${currentFile}: ${current.rows} rows`,
    "",
    ...renderTable(driftTable(report)),
  ];
  io.out(`${lines.join("\n")}\n`);
  return 0;
}

function driftRequests(names: readonly string[], option: string): ColumnRequest[] {
  return names.map((name) => ({ name, role: "drift", option, kind: { type: "number-or-text" } }));
}

function requireSameColumns(opts: {
  reference: readonly string[];
  current: readonly string[];
  referenceFile: string;
  currentFile: string;
}): void {
  const onlyReference = opts.reference.filter((name) => !opts.current.includes(name));
  const onlyCurrent = opts.current.filter((name) => !opts.reference.includes(name));
  const problems: string[] = [];
  if (onlyReference.length > 0) problems.push(`${quoted(onlyReference)} only in the reference ${opts.referenceFile}`);
  if (onlyCurrent.length > 0) problems.push(`${quoted(onlyCurrent)} only in the current ${opts.currentFile}`);
  if (problems.length > 0) {
    throw new CliError(`columns differ: ${problems.join("; ")} (name the columns to compare with --columns a,b)`);
  }
}

function quoted(names: readonly string[]): string {
  return `${names.length === 1 ? "column" : "columns"} ${names.map((name) => `"${name}"`).join(", ")}`;
}

function driftTable(report: DriftReport): string[][] {
  const rows = [
    ["column", "type", "statistic", "p-value", "wasserstein", "psi", "js distance", "missing ref/cur", "n ref/cur"],
  ];
  for (const [name, drift] of Object.entries(report.columns)) {
    const numeric = drift.type === "numeric";
    rows.push([
      name,
      numeric ? "numeric (KS)" : "categorical (chi2)",
      formatValue(numeric ? drift.ks_statistic : drift.chi2_statistic),
      formatValue(numeric ? drift.ks_pvalue : drift.chi2_pvalue),
      numeric ? formatValue(drift.wasserstein) : "",
      formatValue(drift.psi),
      formatValue(drift.js_distance),
      `${drift.missing.reference}/${drift.missing.current}`,
      `${drift.n.reference}/${drift.n.current}`,
    ]);
  }
  return rows;
}
