import { describe, expect, it } from "vitest";
import { parseCsvTable, TableParseError } from "./parse-csv.ts";

describe("parseCsvTable", () => {
  it("infers column types and counts missing cells", () => {
    const table = parseCsvTable("id,x,flag,day,name\n1,0.5,true,2024-01-02,a\n2,,false,2024-01-03,\n");
    expect(table.rowCount).toBe(2);
    expect(table.columns).toEqual([
      { name: "id", type: "number", missing: 0 },
      { name: "x", type: "number", missing: 1 },
      { name: "flag", type: "boolean", missing: 0 },
      { name: "day", type: "timestamp", missing: 0 },
      { name: "name", type: "string", missing: 1 },
    ]);
    expect(table.values.x).toEqual([0.5, null]);
    expect(table.values.day).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
  });

  it("keeps the named columns as text (row ids like 007 stay 007)", () => {
    const table = parseCsvTable("id,y\n007,1\n8,0\n", { stringColumns: ["id"] });
    expect(table.columns[0]).toEqual({ name: "id", type: "string", missing: 0 });
    expect(table.values.id).toEqual(["007", "8"]);
  });

  it.each([
    ["a date", "2024-03-01", Date.UTC(2024, 2, 1)],
    ["a date-time without zone (read as UTC)", "2024-03-01 10:30", Date.UTC(2024, 2, 1, 10, 30)],
    ["a T date-time without zone (read as UTC)", "2024-03-01T10:30:15", Date.UTC(2024, 2, 1, 10, 30, 15)],
    ["a date-time in UTC", "2024-03-01T10:30:00Z", Date.UTC(2024, 2, 1, 10, 30)],
    ["a date-time with an offset", "2024-03-01T10:30:00+02:00", Date.UTC(2024, 2, 1, 8, 30)],
  ])("reads %s the same on every machine", (_name, cell, expected) => {
    expect(parseCsvTable(`t\n${cell}\n`).values.t).toEqual([expected]);
  });

  it.each([
    ["an empty file", "", /empty/],
    ["a header without rows", "a,b\n", /no rows/],
    ["a duplicate column", "a,a\n1,2\n", /duplicate column name "a"/],
    ["an empty column name", "a,\n1,2\n", /column 2 has an empty name/],
    ["a row with too many fields", "a,b\n1,2\n3,4,5\n", /line 3/],
    ["broken quoting", 'a,b\n1,"2\n', /line/],
  ])("refuses %s with a clear message", (_name, text, message) => {
    expect(() => parseCsvTable(text)).toThrow(TableParseError);
    expect(() => parseCsvTable(text)).toThrow(message);
  });
});
