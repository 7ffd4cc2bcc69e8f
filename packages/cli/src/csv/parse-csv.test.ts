import { describe, expect, it } from "vitest";
import { CliError } from "../cli-error.ts";
import { parseCsv } from "./parse-csv.ts";

describe("parseCsv", () => {
  it.each([
    {
      name: "plain",
      text: "a,b\n1,2\n",
      expected: [
        { fields: ["a", "b"], line: 1 },
        { fields: ["1", "2"], line: 2 },
      ],
    },
    {
      name: "no final newline",
      text: "a,b\n1,2",
      expected: [
        { fields: ["a", "b"], line: 1 },
        { fields: ["1", "2"], line: 2 },
      ],
    },
    {
      name: "CRLF",
      text: "a,b\r\n1,2\r\n",
      expected: [
        { fields: ["a", "b"], line: 1 },
        { fields: ["1", "2"], line: 2 },
      ],
    },
    {
      name: "BOM",
      text: "\ufeffa\n1",
      expected: [
        { fields: ["a"], line: 1 },
        { fields: ["1"], line: 2 },
      ],
    },
    {
      name: "blank lines skipped, lines still counted",
      text: "a\n\n1\n\n",
      expected: [
        { fields: ["a"], line: 1 },
        { fields: ["1"], line: 3 },
      ],
    },
    { name: "empty fields", text: ",x,\n", expected: [{ fields: ["", "x", ""], line: 1 }] },
    {
      name: "quoted comma and quote",
      text: '"a,b","say ""hi"""\n',
      expected: [{ fields: ["a,b", 'say "hi"'], line: 1 }],
    },
    {
      name: "quoted newline",
      text: '"x\ny",1\n2,3\n',
      expected: [
        { fields: ["x\ny", "1"], line: 1 },
        { fields: ["2", "3"], line: 3 },
      ],
    },
    { name: "empty quoted field", text: '"",1', expected: [{ fields: ["", "1"], line: 1 }] },
    { name: "empty text", text: "", expected: [] },
  ])("$name", ({ text, expected }) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  it.each([
    { name: "unterminated quote", text: 'a\n"oops,1\n2\n', message: "line 2: unterminated quoted field" },
    { name: "text after closing quote", text: 'a\n"x"y\n', message: "line 2: unexpected text after a closing quote" },
    { name: "quote inside unquoted field", text: 'a\n1\n2"\n', message: "line 3: a quote inside an unquoted field" },
  ])("reports $name with its line", ({ text, message }) => {
    expect(() => parseCsv(text)).toThrow(CliError);
    expect(() => parseCsv(text)).toThrow(message);
  });
});
