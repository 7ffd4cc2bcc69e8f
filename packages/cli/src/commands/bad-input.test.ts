import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, fieldtest, tempDir } from "../../test/helpers/run-fieldtest.ts";

const tmp = tempDir("bad-input");
afterAll(() => tmp.cleanup());

const csv = (name: string, text: string) => () => tmp.file(name, text);
/** A small Parquet file (hyparquet-writer's default codec) with a null or a NaN in it. */
const parquet = (name: string, columns: { name: string; data: (number | null)[] }[]) => () => {
  const filename = join(tmp.dir, name);
  parquetWriteFile({ filename, columnData: columns.map((c) => ({ ...c, type: "DOUBLE" as const })) });
  return filename;
};

const BINARY = ["--label", "y", "--score", "p"];

interface Case {
  name: string;
  command?: "evaluate" | "compare" | "threshold";
  file: () => string;
  /** Flags before `args`; default: --label y --score p for evaluate and threshold. */
  base?: string[];
  args?: string[];
  message: RegExp;
}

// Every case: exit 2, nothing on stdout, exactly one line on stderr naming the problem (and the row).
const CASES: Case[] = [
  { name: "missing file", file: () => join(tmp.dir, "nope.csv"), message: /cannot read .*nope\.csv: no such file/ },
  { name: "a directory", file: () => tmp.dir, args: ["--format", "csv"], message: /cannot read .*: it is a directory/ },
  { name: "empty file", file: csv("empty.csv", ""), message: /empty\.csv is empty \(0 bytes\)/ },
  {
    name: "only blank lines",
    file: csv("blank.csv", "\n\n\r\n"),
    message: /blank\.csv is empty: expected a header row/,
  },
  { name: "header only", file: csv("header.csv", "y,p\n"), message: /header\.csv has a header but no data rows/ },
  {
    name: "missing label column",
    file: csv("cols.csv", "id,y,p\n1,0,0.1\n"),
    args: ["--label", "target"],
    message: /cols\.csv: no column "target" \(--label\); the columns are: id, y, p$/,
  },
  {
    name: "missing score column",
    file: csv("cols2.csv", "id,y,p\n1,0,0.1\n"),
    args: ["--score", "prob"],
    message: /no column "prob" \(--score\)/,
  },
  {
    name: "non-numeric score",
    file: csv("abc.csv", "y,p\n0,0.1\n1,0.2\n0,abc\n"),
    message: /abc\.csv, row 3 \(line 4\): score column "p" must be a probability in \[0, 1\], found "abc"$/,
  },
  {
    name: "NaN score",
    file: csv("nan.csv", "y,p\n0,0.1\n1,NaN\n"),
    message: /row 2 \(line 3\): score column "p" must be a probability in \[0, 1\], found "NaN"$/,
  },
  {
    name: "probability above 1",
    file: csv("above.csv", "y,p\n0,0.1\n1,1.5\n"),
    message: /row 2 \(line 3\): score column "p" must be a probability in \[0, 1\], found 1\.5$/,
  },
  {
    name: "negative probability",
    file: csv("below.csv", "y,p\n0,-0.01\n"),
    message: /row 1 \(line 2\): score column "p" must be a probability in \[0, 1\], found -0\.01$/,
  },
  {
    name: "label that is not 0/1",
    file: csv("label2.csv", "y,p\n0,0.1\n2,0.2\n"),
    message: /row 2 \(line 3\): label column "y" must be 0 or 1 \(--task binary\), found 2$/,
  },
  {
    name: "label that is text",
    file: csv("labelyes.csv", "y,p\n0,0.1\n\n1,0.3\nyes,0.4\n"),
    message: /row 3 \(line 5\): label column "y" must be 0 or 1 \(--task binary\), found "yes"$/,
  },
  {
    name: "empty label",
    file: csv("labelempty.csv", "y,p\n0,0.1\n,0.2\n"),
    message: /row 2 \(line 3\): label column "y" must be 0 or 1 \(--task binary\), found an empty value$/,
  },
  {
    name: "row with too few fields",
    file: csv("short.csv", "y,p\n0,0.1\n1\n"),
    message: /row 2 \(line 3\): expected 2 fields like the header, found 1$/,
  },
  {
    name: "unterminated quote",
    file: csv("quote.csv", 'y,p\n0,0.1\n1,"0.2\n'),
    message: /quote\.csv, line 3: unterminated quoted field$/,
  },
  {
    name: "a NaN in a quoted CSV row (slow path)",
    file: csv("quoted-nan.csv", 'y,p,note\n0,0.1,"a, b"\n1,NaN,"c"\n'),
    message: /row 2 \(line 3\): score column "p" must be a probability in \[0, 1\], found "NaN"$/,
  },
  {
    name: "JSON Lines: NaN (not JSON)",
    file: csv("nan.jsonl", '{"y":0,"p":0.1}\n{"y":1,"p":NaN}\n'),
    message: /nan\.jsonl, row 2 \(line 2\): not valid JSON/,
  },
  {
    name: "JSON Lines: a string where a number belongs",
    file: csv("string.jsonl", '{"y":0,"p":0.1}\n\n{"y":1,"p":"0.3"}\n'),
    message: /row 2 \(line 3\): score column "p" must be a probability in \[0, 1\], found the string "0\.3"$/,
  },
  {
    name: "JSON Lines: null",
    file: csv("null.jsonl", '{"y":0,"p":0.1}\n{"y":1,"p":null}\n'),
    message: /row 2 \(line 2\): score column "p" must be a probability in \[0, 1\], found no value \(null\)$/,
  },
  {
    name: "JSON Lines: a key missing from a later row",
    file: csv("missing.jsonl", '{"y":0,"p":0.1}\n{"y":1}\n'),
    message: /row 2 \(line 2\): score column "p" is missing from this object$/,
  },
  {
    name: "JSON Lines: a column absent from the first row",
    file: csv("absent.jsonl", '{"y":0,"prob":0.1}\n'),
    message: /absent\.jsonl: no column "p" \(--score\); the columns are: y, prob$/,
  },
  {
    name: "JSON Lines: not an object",
    file: csv("array.jsonl", "[0, 0.1]\n"),
    message: /row 1 \(line 1\): expected a JSON object$/,
  },
  {
    name: "Parquet: null score",
    file: parquet("null.parquet", [
      { name: "y", data: [0, 1, 1] },
      { name: "p", data: [0.1, 0.2, null] },
    ]),
    message: /null\.parquet, row 3: score column "p" must be a probability in \[0, 1\], found no value \(null\)$/,
  },
  {
    name: "Parquet: NaN score",
    file: parquet("nan.parquet", [
      { name: "y", data: [0, 1] },
      { name: "p", data: [Number.NaN, 0.2] },
    ]),
    message: /nan\.parquet, row 1: score column "p" must be a probability in \[0, 1\], found NaN$/,
  },
  {
    name: "Parquet: missing column",
    file: () => join(FIXTURES, "mixed.parquet"),
    args: ["--score", "nope"],
    message: /mixed\.parquet: no column "nope" \(--score\); the columns are: id, y, p, q, region/,
  },
  {
    name: "Parquet: not a Parquet file",
    file: csv("fake.parquet", "y,p\n0,0.1\n"),
    message: /fake\.parquet is not a readable Parquet file/,
  },
  {
    name: "multiclass: a label that is no class",
    file: csv("classes2.csv", "y,a,b\na,0.9,0.1\nc,0.2,0.8\n"),
    base: [],
    args: ["--task", "multiclass", "--label", "y", "--score-columns", "a,b"],
    message: /row 2 \(line 3\): label column "y" must name a class \(a, b\) or give its index 0–1, found "c"$/,
  },
  {
    name: "multiclass: probabilities of a row that do not sum to 1 (core's check)",
    file: csv("sums.csv", "y,a,b\n0,0.8,0.2\n1,0.3,0.6\n"),
    base: [],
    args: ["--task", "multiclass", "--label", "y", "--score-columns", "a,b"],
    message: /invalid input: .*sum to 1.*first at data row 2 \(sum 0\.8/,
  },
  {
    name: "regression: a prediction that is not a number",
    file: csv("reg.csv", "t,yhat\n1.5,2\n2.5,n/a\n"),
    base: [],
    args: ["--task", "regression", "--label", "t", "--prediction", "yhat"],
    message: /row 2 \(line 3\): prediction column "yhat" must be a finite number, found "n\/a"$/,
  },
  {
    name: "compare: a bad second score",
    command: "compare",
    file: csv("cmp.csv", "y,a,b\n0,0.1,0.2\n1,0.9,7\n"),
    args: ["--label", "y", "--score-a", "a", "--score-b", "b"],
    message: /row 2 \(line 3\): score-b column "b" must be a probability in \[0, 1\], found 7$/,
  },
  {
    name: "threshold: a label that is not 0/1",
    command: "threshold",
    file: csv("thr.csv", "y,s\n0,-3\n1,2\n-1,0.5\n"),
    base: [],
    args: ["--label", "y", "--score", "s", "--cost-fp", "1", "--cost-fn", "5"],
    message: /row 3 \(line 4\): label column "y" must be 0 or 1 \(binary decisions\), found -1$/,
  },
  {
    name: "threshold: a score that is not a number",
    command: "threshold",
    file: csv("thr2.csv", "y,s\n0,-3\n1,inf\n"),
    base: [],
    args: ["--label", "y", "--score", "s", "--cost-fp", "1", "--cost-fn", "5"],
    message: /row 2 \(line 3\): score column "s" must be a finite number, found "inf"$/,
  },
  {
    name: "an extension no reader knows",
    file: csv("data.txt", "y,p\n0,0.1\n"),
    message: /cannot tell the format of .*data\.txt from its extension; name it with --format csv\|jsonl\|parquet/,
  },
  {
    name: "a bad --threshold",
    file: csv("t.csv", "y,p\n0,0.1\n"),
    args: ["--threshold", "high"],
    message: /--threshold must be a finite number, got "high"/,
  },
  {
    name: "a bad --ci",
    file: csv("ci.csv", "y,p\n0,0.1\n"),
    args: ["--ci", "95"],
    message: /--ci must be a confidence level between 0 and 1, got 95/,
  },
  {
    name: "a bad --bootstrap",
    file: csv("b.csv", "y,p\n0,0.1\n"),
    args: ["--bootstrap", "-5"],
    message: /--bootstrap must be a whole number from 0 to 1000000, got "-5"/,
  },
  {
    name: "a bad --format",
    file: csv("f.csv", "y,p\n0,0.1\n"),
    args: ["--format", "xlsx"],
    message: /--format must be one of csv, jsonl, parquet, got "xlsx"/,
  },
];

describe("bad input: exit 2, one line on stderr naming the problem and the row, nothing on stdout", {
  timeout: 60_000,
  concurrent: true,
}, () => {
  it.each(CASES)("$name", async ({ command = "evaluate", file, base, args = [], message }) => {
    const options = base ?? (command === "compare" ? [] : BINARY);
    // A later flag overrides the default one before it.
    const { code, stdout, stderr } = await fieldtest([command, "--input", file(), ...options, ...args]);
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`^fieldtest ${command}: `));
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBe(1);
    expect(code).toBe(2);
  });
});

describe("usage errors: exit 2 with a pointer to --help", { timeout: 60_000, concurrent: true }, () => {
  it.each([
    { command: "evaluate", args: ["--label", "y", "--score", "p"], message: /missing --input <file>/ },
    {
      command: "evaluate",
      args: ["a.csv", "b.csv", "--label", "y", "--score", "p"],
      message: /expected one input file, got 2/,
    },
    { command: "evaluate", args: ["a.csv", "--input", "b.csv", "--label", "y", "--score", "p"], message: /not both/ },
    { command: "evaluate", args: ["a.csv", "--score", "p"], message: /missing --label <column>/ },
    { command: "evaluate", args: ["a.csv", "--label", "y"], message: /missing --score <column>/ },
    {
      command: "evaluate",
      args: ["a.csv", "--label", "y", "--score", "p", "--bogus"],
      message: /Unknown option '--bogus'/,
    },
    {
      command: "evaluate",
      args: ["a.csv", "--task", "ranking", "--label", "y"],
      message: /--task must be one of binary, multiclass, regression/,
    },
    {
      command: "evaluate",
      args: ["a.csv", "--task", "multiclass", "--label", "y"],
      message: /missing --score-columns/,
    },
    { command: "evaluate", args: ["a.csv", "--task", "regression", "--label", "y"], message: /missing --prediction/ },
    {
      command: "evaluate",
      args: ["a.csv", "--task", "multiclass", "--label", "y", "--score-columns", "a,b", "--score", "a"],
      message: /--score does not apply to --task multiclass/,
    },
    { command: "compare", args: ["a.csv", "--label", "y", "--score-a", "p"], message: /missing --score-b <column>/ },
    {
      command: "threshold",
      args: ["a.csv", "--label", "y", "--score", "p", "--cost-fn", "5"],
      message: /missing --cost-fp/,
    },
  ])("$command $args", async ({ command, args, message }) => {
    const { code, stdout, stderr } = await fieldtest([command, ...args]);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toContain(`Run "fieldtest ${command} --help" for usage.`);
    expect(code).toBe(2);
  });
});
