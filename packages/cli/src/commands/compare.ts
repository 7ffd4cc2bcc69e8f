import {
  BINARY_METRICS,
  type BinaryMetricName,
  delongTest,
  MetricUndefinedError,
  mcnemarTest,
  pairedBootstrapBinarySuite,
} from "@fieldtest/core";
import type { NumericColumn } from "../input/column-request.ts";
import { createStatusLine } from "../input/progress.ts";
import { detectFormat, readTable } from "../input/read-table.ts";
import type { Io } from "../io.ts";
import {
  BOOTSTRAP_OPTIONS,
  type BootstrapChoice,
  bootstrapOptions,
  formatOption,
  INPUT_OPTIONS,
  numberOption,
  parseCommand,
  requireString,
} from "../options/parse-options.ts";
import { toJsonDocument } from "../output/json.ts";
import { formatInterval, formatLevel, formatValue, renderTable } from "../output/table.ts";
import { binaryEvaluator } from "../tasks/binary-evaluator.ts";
import { resolveInput } from "./resolve-input.ts";

export const COMPARE_USAGE = `Usage: fieldtest compare --input <file> --label <column> --score-a <column> --score-b <column> [options]

Compares two binary models scored on the same rows: every binary metric of each, the
difference a − b with a paired-bootstrap interval (both models on the same resamples),
and a p-value where a test is defined: DeLong (two-sided) for roc_auc, exact McNemar
for accuracy, null for the other metrics. One bootstrap serves every metric: a
resample on which any metric is undefined (one class, for roc_auc) is drawn again for
all of them, so redraws and dropped replicates are the same for every metric.

Options:
  -i, --input <file>     CSV, JSON Lines or Parquet, by extension or --format
  --format <f>           csv, jsonl or parquet
  --label <column>       the true label, 0 or 1
  --score-a <column>     model A's P(label = 1), in [0, 1]
  --score-b <column>     model B's P(label = 1), in [0, 1]
  --threshold <t>        threshold metrics predict positive when score >= t (default 0.5)
  --ci <level>           confidence level of the intervals (default 0.95)
  --bootstrap <B>        paired-bootstrap resamples (default 1000; 0 = no intervals)
  --seed <n>             bootstrap seed (default 0)
  --json                 print one JSON document:
                         {"n","threshold","metrics":{name:{"a","b","diff","interval","p_value"}},...}
  -h, --help             show this help

Exit codes: 0 compared, 2 bad input, 1 unexpected error.
`;

const OPTIONS = {
  ...INPUT_OPTIONS,
  ...BOOTSTRAP_OPTIONS,
  label: { type: "string" },
  "score-a": { type: "string" },
  "score-b": { type: "string" },
  threshold: { type: "string" },
} as const;

/** Which test gives each metric's p-value; the others have none. */
const TESTS: Partial<Record<BinaryMetricName, string>> = { roc_auc: "delong", accuracy: "mcnemar_exact" };

interface MetricComparison {
  a: number | null;
  b: number | null;
  diff: number | null;
  interval: [number, number] | null;
  p_value: number | null;
}

export async function compareCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommand({ command: "compare", argv, options: OPTIONS, allowPositionals: true });
  if (parsed === "help") {
    io.out(COMPARE_USAGE);
    return 0;
  }
  const { values } = parsed;
  const input = resolveInput("compare", values, parsed.positionals);
  const format = formatOption(values);
  const label = requireString("compare", values, "label", "<column>");
  const scoreA = requireString("compare", values, "score-a", "<column>");
  const scoreB = requireString("compare", values, "score-b", "<column>");
  const threshold = numberOption(values, "threshold", 0.5);
  const choice = bootstrapOptions(values);

  const table = await readTable({
    input,
    format,
    io,
    requests: [
      { name: label, role: "label", option: "--label", kind: { type: "binary-label", context: "binary comparison" } },
      { name: scoreA, role: "score-a", option: "--score-a", kind: { type: "probability" } },
      { name: scoreB, role: "score-b", option: "--score-b", kind: { type: "probability" } },
    ],
  });
  const [labels, scoresA, scoresB] = table.columns.map((c) => (c as NumericColumn).values) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];

  const reasons: Record<string, string> = {};
  const note = (name: string, error: unknown) => {
    if (!(error instanceof MetricUndefinedError)) throw error;
    reasons[name] = reasons[name] === undefined ? error.message : `${reasons[name]}; ${error.message}`;
  };
  const valuesOf = (scores: Float64Array, model: string) => {
    const { values, reasons: why } = binaryEvaluator({ labels, scores, threshold }).metrics();
    for (const [name, reason] of Object.entries(why)) note(name, new MetricUndefinedError(`model ${model}: ${reason}`));
    return new Map(Object.entries(values));
  };
  const a = valuesOf(scoresA, "a");
  const b = valuesOf(scoresB, "b");

  // Only metrics defined for both models on the full rows get an interval; the others
  // already carry their reason.
  const defined = BINARY_METRICS.filter((name) => (a.get(name) ?? null) !== null && (b.get(name) ?? null) !== null);
  const intervals = new Map<BinaryMetricName, [number, number]>();
  const redraws: Record<string, number> = {};
  const dropped: Record<string, number> = {};
  if (choice.resamples > 0 && defined.length > 0) {
    const statusLine = createStatusLine({ write: (text) => io.err(text), isTTY: io.errIsTty });
    statusLine.show(`paired bootstrap (${defined.length} metrics, ${choice.resamples} resamples)`);
    try {
      const suite = pairedIntervals(defined, { labels, scoresA, scoresB, threshold, choice });
      for (const name of defined) {
        const result = suite[name];
        intervals.set(name, [result.lower, result.upper]);
        redraws[name] = result.redraws;
        dropped[name] = result.dropped;
      }
    } catch (error) {
      // Undefined on every resample: no metric of the suite has an interval.
      for (const name of defined) note(name, error);
    } finally {
      statusLine.clear();
    }
  }

  const metrics: Record<string, MetricComparison> = {};
  for (const name of BINARY_METRICS) {
    const va = a.get(name) ?? null;
    const vb = b.get(name) ?? null;
    const both = va !== null && vb !== null;
    metrics[name] = {
      a: va,
      b: vb,
      diff: both ? va - vb : null,
      interval: intervals.get(name) ?? null,
      p_value: both ? pValue(name, { labels, scoresA, scoresB, threshold }, note) : null,
    };
  }

  const document: Record<string, unknown> = {
    task: "binary",
    n: table.rows,
    threshold,
    metrics,
    tests: TESTS,
    bootstrap:
      choice.resamples > 0
        ? { level: choice.level, resamples: choice.resamples, seed: choice.seed, paired: true, redraws, dropped }
        : null,
    input: { file: input, format: detectFormat(input, format), label, score_a: scoreA, score_b: scoreB },
  };
  if (Object.keys(reasons).length > 0) document.undefined = reasons;

  if (values.json === true) {
    io.out(toJsonDocument(document));
    return 0;
  }
  const header = ["metric", "a", "b", "diff (a-b)"];
  if (choice.resamples > 0) header.push(`${formatLevel(choice.level)} interval of diff`);
  header.push("p-value");
  const rows = [header];
  for (const [name, m] of Object.entries(metrics)) {
    const row = [name, formatValue(m.a), formatValue(m.b), formatValue(m.diff)];
    if (choice.resamples > 0) row.push(formatInterval(m.interval));
    row.push(m.p_value === null ? "" : `${m.p_value.toPrecision(4)} (${TESTS[name as BinaryMetricName]})`);
    rows.push(row);
  }
  const lines = [
    `${input}: ${table.rows} rows, label "${label}", a "${scoreA}", b "${scoreB}", threshold ${threshold}`,
    "",
    ...renderTable(rows),
  ];
  if (choice.resamples > 0) lines.push(`paired bootstrap: ${choice.resamples} resamples, seed ${choice.seed}`);
  for (const [name, reason] of Object.entries(reasons)) lines.push(`note: ${name}: ${reason}`);
  io.out(`${lines.join("\n")}\n`);
  return 0;
}

interface PairedData {
  labels: Float64Array;
  scoresA: Float64Array;
  scoresB: Float64Array;
  threshold: number;
}

/**
 * One paired suite bootstrap for all the metrics: each replicate's resample is drawn once
 * and every metric of both models is read from it in O(n), instead of one bootstrap (and,
 * for most metrics, one materialised and re-sorted resample per replicate) per metric.
 */
function pairedIntervals(names: BinaryMetricName[], data: PairedData & { choice: BootstrapChoice }) {
  const { choice } = data;
  return pairedBootstrapBinarySuite({
    labels: data.labels,
    scoresA: data.scoresA,
    scoresB: data.scoresB,
    threshold: data.threshold,
    metrics: names,
    seed: choice.seed,
    resamples: choice.resamples,
    level: choice.level,
  });
}

/** DeLong for roc_auc, exact McNemar for accuracy; null for metrics without a test. */
function pValue(name: BinaryMetricName, data: PairedData, note: (name: string, error: unknown) => void): number | null {
  try {
    if (name === "roc_auc") {
      const result = delongTest(data);
      if (result.degenerate && result.pValue !== 1) {
        note(name, new MetricUndefinedError("DeLong variance of the difference is 0: no p-value"));
        return null;
      }
      return result.pValue;
    }
    if (name === "accuracy") return mcnemarTest(data).pValue;
    return null;
  } catch (error) {
    note(name, error);
    return null;
  }
}
