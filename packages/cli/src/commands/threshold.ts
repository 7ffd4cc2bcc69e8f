import { type CostMatrix, costOptimalThreshold, type DecisionCost, expectedCost } from "@fieldtest/core";
import type { NumericColumn } from "../input/column-request.ts";
import { detectFormat, readTable } from "../input/read-table.ts";
import type { Io } from "../io.ts";
import {
  formatOption,
  INPUT_OPTIONS,
  numberOption,
  type ParsedValues,
  parseCommand,
  requireString,
  usageError,
} from "../options/parse-options.ts";
import { toJsonDocument } from "../output/json.ts";
import { renderTable } from "../output/table.ts";
import { resolveInput } from "./resolve-input.ts";

export const THRESHOLD_USAGE = `Usage: fieldtest threshold --input <file> --label <column> --score <column> --cost-fp <x> --cost-fn <y> [options]

Finds the cost-optimal threshold: the one with the lowest expected cost per decision
(per row), searched exactly over every distinct score (predicted positive when
score >= threshold) and "predict every row negative". Costs are in any one unit of
your choice (money, minutes); a negative cost is a benefit.

Options:
  -i, --input <file>     CSV, JSON Lines or Parquet, by extension or --format
  --format <f>           csv, jsonl or parquet
  --label <column>       the true label, 0 or 1
  --score <column>       the model's score; any finite number (higher = more positive)
  --cost-fp <x>          cost of a false positive (required)
  --cost-fn <y>          cost of a false negative (required)
  --cost-tp <x>          cost of a true positive (default 0)
  --cost-tn <x>          cost of a true negative (default 0)
  --threshold <t>        also report the expected cost at this threshold, to compare
  --json                 print one JSON document:
                         {"threshold","expected_cost","counts":{tp,fp,tn,fn},"n","costs",...}
                         "threshold" is null when predicting every row negative is best
  -h, --help             show this help

Exit codes: 0 found, 2 bad input, 1 unexpected error.
`;

const OPTIONS = {
  ...INPUT_OPTIONS,
  label: { type: "string" },
  score: { type: "string" },
  "cost-fp": { type: "string" },
  "cost-fn": { type: "string" },
  "cost-tp": { type: "string" },
  "cost-tn": { type: "string" },
  threshold: { type: "string" },
} as const;

export async function thresholdCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand({ command: "threshold", argv, options: OPTIONS, allowPositionals: true });
  if (parsed === "help") {
    io.out(THRESHOLD_USAGE);
    return 0;
  }
  const { values } = parsed;
  const input = resolveInput("threshold", values, parsed.positionals);
  const format = formatOption(values);
  const label = requireString("threshold", values, "label", "<column>");
  const score = requireString("threshold", values, "score", "<column>");
  const costs = costMatrix(values);
  const compareAt = numberOption(values, "threshold");

  const table = await readTable({
    input,
    format,
    io,
    requests: [
      { name: label, role: "label", option: "--label", kind: { type: "binary-label", context: "binary decisions" } },
      { name: score, role: "score", option: "--score", kind: { type: "number" } },
    ],
  });
  const [labels, scores] = table.columns.map((c) => (c as NumericColumn).values) as [Float64Array, Float64Array];

  const best = costOptimalThreshold({ labels, scores, costs });
  const document: Record<string, unknown> = {
    ...decisionJson(best),
    n: table.rows,
    costs: { fp: costs.fp, fn: costs.fn, tp: costs.tp ?? 0, tn: costs.tn ?? 0 },
    input: { file: input, format: detectFormat(input, format), label, score },
  };
  let at: DecisionCost | undefined;
  if (compareAt !== undefined) {
    at = expectedCost({ labels, scores, threshold: compareAt, costs });
    document.at_threshold = decisionJson(at);
  }

  if (values.json === true) {
    io.out(toJsonDocument(document));
    return 0;
  }
  const rows = [["", "threshold", "expected cost per row", "tp", "fp", "tn", "fn"]];
  rows.push(decisionRow("cost-optimal", best));
  if (at !== undefined) rows.push(decisionRow("given", at));
  const lines = [
    `${input}: ${table.rows} rows, label "${label}", score "${score}", ` +
      `costs fp ${costs.fp}, fn ${costs.fn}, tp ${costs.tp ?? 0}, tn ${costs.tn ?? 0}`,
    "",
    ...renderTable(rows),
  ];
  io.out(`${lines.join("\n")}\n`);
  return 0;
}

function costMatrix(values: ParsedValues): CostMatrix {
  for (const cell of ["fp", "fn"]) {
    if (values[`cost-${cell}`] === undefined) {
      throw usageError(
        "threshold",
        `missing --cost-${cell} <cost> (cost of a ${cell === "fp" ? "false positive" : "false negative"})`,
      );
    }
  }
  const costs: CostMatrix = { fp: numberOption(values, "cost-fp", 0), fn: numberOption(values, "cost-fn", 0) };
  const tp = numberOption(values, "cost-tp");
  const tn = numberOption(values, "cost-tn");
  if (tp !== undefined) costs.tp = tp;
  if (tn !== undefined) costs.tn = tn;
  return costs;
}

/** JSON has no Infinity: the "predict every row negative" threshold is null with its rule spelled out. */
function decisionJson(decision: DecisionCost) {
  const allNegative = decision.threshold === Number.POSITIVE_INFINITY;
  return {
    threshold: allNegative ? null : decision.threshold,
    rule: allNegative ? "predict every row negative" : `positive when score >= ${decision.threshold}`,
    expected_cost: decision.expectedCost,
    counts: decision.counts,
  };
}

function decisionRow(name: string, decision: DecisionCost): string[] {
  const { counts } = decision;
  const threshold =
    decision.threshold === Number.POSITIVE_INFINITY ? "none (all negative)" : String(decision.threshold);
  return [name, threshold, String(decision.expectedCost), ...[counts.tp, counts.fp, counts.tn, counts.fn].map(String)];
}
