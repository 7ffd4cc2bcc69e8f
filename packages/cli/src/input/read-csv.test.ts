import { describe, expect, it } from "vitest";
import { CliError } from "../cli-error.ts";
import type { ColumnRequest } from "./column-request.ts";
import { CsvColumnsParser } from "./read-csv.ts";

const text = (name: string): ColumnRequest => ({
  name,
  role: "slice",
  option: `--${name}`,
  kind: { type: "category" },
});
const number = (name: string): ColumnRequest => ({
  name,
  role: "value",
  option: `--${name}`,
  kind: { type: "number" },
});

/** Parses `input` fed in `chunks` pieces, returning the requested columns as plain arrays. */
function parse(input: string, requests: ColumnRequest[], chunkSize = input.length || 1): (string | number | null)[][] {
  const parser = new CsvColumnsParser({ path: "", display: "t.csv", requests });
  for (let i = 0; i < input.length; i += chunkSize) parser.push(input.slice(i, i + chunkSize));
  const table = parser.end();
  return table.columns.map((column) =>
    column.type === "numeric"
      ? Array.from(column.values)
      : column.type === "text"
        ? column.values
        : Array.from(column.codes, (c) => column.levels[c] as string),
  );
}

describe("CsvColumnsParser", () => {
  it.each([
    {
      name: "plain",
      input: "a,b\nx,1\ny,2\n",
      expected: [
        ["x", "y"],
        [1, 2],
      ],
    },
    {
      name: "no final newline",
      input: "a,b\nx,1\ny,2",
      expected: [
        ["x", "y"],
        [1, 2],
      ],
    },
    {
      name: "CRLF",
      input: "a,b\r\nx,1\r\ny,2\r\n",
      expected: [
        ["x", "y"],
        [1, 2],
      ],
    },
    { name: "BOM", input: "\ufeffa,b\nx,1\n", expected: [["x"], [1]] },
    {
      name: "blank lines skipped",
      input: "a,b\n\nx,1\n\r\n\ny,2\n\n",
      expected: [
        ["x", "y"],
        [1, 2],
      ],
    },
    { name: "spaces around numbers", input: "a,b\nx, 1.5 \n", expected: [["x"], [1.5]] },
    { name: "quoted comma and quote", input: 'a,b\n"x, ""y""",3\n', expected: [['x, "y"'], [3]] },
    {
      name: "quoted newline",
      input: 'a,b\n"x\ny",1\nz,2\n',
      expected: [
        ["x\ny", "z"],
        [1, 2],
      ],
    },
    {
      name: "quoted CRLF record end",
      input: 'a,b\r\n"x",1\r\n"y","2"\r\n',
      expected: [
        ["x", "y"],
        [1, 2],
      ],
    },
    { name: "quoted header", input: '"a","b"\nx,1\n', expected: [["x"], [1]] },
    { name: "quoted last field without newline", input: 'a,b\nx,"7"', expected: [["x"], [7]] },
    {
      name: "unrequested columns with quotes",
      input: 'c,a,b\n"1,2",x,1\n"",y,2\n',
      expected: [
        ["x", "y"],
        [1, 2],
      ],
    },
    { name: "empty quoted field", input: 'a,b,c\nx,1,""\n', expected: [["x"], [1]] },
    {
      name: "exponents and signs",
      input: "a,b\nx,-1e-3\ny,+.5\nz,2E2\n",
      expected: [
        ["x", "y", "z"],
        [-0.001, 0.5, 200],
      ],
    },
  ])("$name, in any chunking", ({ input, expected }) => {
    const requests = [text("a"), number("b")];
    for (let size = 1; size <= input.length; size++) {
      expect(parse(input, requests, size), `chunk size ${size}`).toEqual(expected);
    }
  });

  it("keeps 17-digit values exactly as Number() parses them", () => {
    const values = [0.1 + 0.2, Math.PI, 1 / 3, 5e-324, 1.7976931348623157e308, 0.00012345678901234567];
    const input = `b\n${values.map((v) => String(v)).join("\n")}\n`;
    expect(parse(input, [number("b")])).toEqual([values]);
  });

  it.each([
    { name: "unterminated quote", input: 'a,b\n"oops,1\n2\n', message: "t.csv, line 2: unterminated quoted field" },
    {
      name: "text after a closing quote",
      input: 'a,b\n"x"y,1\n',
      message: "t.csv, line 2: unexpected text after a closing quote",
    },
    {
      name: "quote inside an unquoted field",
      input: 'a,b\nx,1\ny"z,2\n',
      message: "t.csv, line 3: a quote inside an unquoted field (quote the whole field)",
    },
    {
      name: "too many fields",
      input: "a,b\nx,1,2\n",
      message: "t.csv, row 1 (line 2): expected 2 fields like the header, found 3",
    },
    {
      name: "too few fields after a multi-line record",
      input: 'a,b\n"x\ny",1\nz\n',
      message: "t.csv, row 2 (line 4): expected 2 fields like the header, found 1",
    },
    { name: "empty", input: "", message: "t.csv is empty: expected a header row" },
    { name: "header only", input: "a,b\r\n", message: "t.csv has a header but no data rows" },
  ])("reports $name with its line", ({ input, message }) => {
    for (const size of [1, 3, input.length || 1]) {
      let error: unknown;
      try {
        parse(input, [text("a"), number("b")], size);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as Error).message).toBe(message);
    }
  });
});
