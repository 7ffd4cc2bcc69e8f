import { describe, expect, it } from "vitest";
import { inspectParquetFooter, inspectTable } from "./inspect-table.ts";
import { TableParseError } from "./table-limits.ts";
import { inPieces, SAME_COLUMNS, SAME_CSV, SAME_JSONL, sameParquet } from "./testing/table-fixtures.ts";

/** A CSV of `rows` rows, generated as it is read; counts the bytes actually pulled. */
function endlessCsv(rows: number) {
  const pulled = { bytes: 0 };
  async function* body() {
    yield new TextEncoder().encode("id,x,when\n");
    for (let i = 0; i < rows; i += 100) {
      let text = "";
      for (let k = i; k < Math.min(rows, i + 100); k++)
        text += `r${k},${k % 7 === 0 ? "" : k / 10},2024-01-${String((k % 28) + 1).padStart(2, "0")}\n`;
      const bytes = new TextEncoder().encode(text);
      pulled.bytes += bytes.byteLength;
      yield bytes;
    }
  }
  return { body: body(), pulled };
}

describe("inspectTable", () => {
  it("reads only the first 1,000 rows of a large CSV stream", async () => {
    const { body, pulled } = endlessCsv(1_000_000);
    const inspection = await inspectTable({ body, format: "csv", stringColumns: ["id"] });
    expect(inspection.rowsRead).toBe(1000);
    expect(inspection.complete).toBe(false);
    expect(inspection.totalRows).toBeNull();
    expect(pulled.bytes).toBeLessThan(64 * 1024);
    expect(inspection.columns).toEqual([
      { name: "id", type: "string", missing: 0 },
      { name: "x", type: "number", missing: 143 },
      { name: "when", type: "timestamp", missing: 0 },
    ]);
    expect(inspection.sample).toHaveLength(10);
    expect(inspection.sample[1]).toEqual({ id: "r1", x: 0.1, when: "2024-01-02T00:00:00.000Z" });
    expect(inspection.sample[0]?.x).toBeNull();
  });

  it("stops at the byte budget and drops the row cut in half", async () => {
    const { body } = endlessCsv(1_000_000);
    const inspection = await inspectTable({ body, format: "csv", maxBytes: 1000, maxRows: 10_000 });
    expect(inspection.complete).toBe(false);
    expect(inspection.rowsRead).toBeGreaterThan(10);
    expect(inspection.rowsRead).toBeLessThan(100);
  });

  it.each([
    ["csv", () => SAME_CSV],
    ["jsonl", () => SAME_JSONL],
    ["parquet", sameParquet],
  ] as const)("describes a whole small %s file, as the upload will read it", async (format, data) => {
    const inspection = await inspectTable({ body: inPieces(data(), 5), format, stringColumns: ["id"] });
    expect(inspection).toMatchObject({ columns: SAME_COLUMNS, rowsRead: 4, totalRows: 4, complete: true });
    expect(inspection.sample[1]).toEqual({
      id: "8",
      day: "2024-01-02T10:30:00.000Z",
      x: -1.25,
      flag: false,
      city: "New York, NY",
      label: 0,
    });
  });

  it("says a column is text when a cell past the typed-looking ones says so", async () => {
    const inspection = await inspectTable({ body: inPieces("v\n1\n2.50\nabc\n", 3), format: "csv" });
    expect(inspection.columns).toEqual([{ name: "v", type: "string", missing: 0 }]);
    expect(inspection.sample.map((r) => r.v)).toEqual(["1", "2.50", "abc"]);
  });

  it("reports a malformed row in the part it reads", async () => {
    await expect(inspectTable({ body: inPieces("a,b\n1,2\n3\n", 64), format: "csv" })).rejects.toThrow(TableParseError);
    await expect(inspectTable({ body: inPieces("a,b\n1,2\n3\n", 64), format: "csv" })).rejects.toThrow(/line 3/);
  });

  it("says a Parquet file's columns from its footer alone, as the browser sends a large file", async () => {
    const file = sameParquet();
    const footerLength = new DataView(file.buffer, file.byteOffset + file.byteLength - 8, 4).getUint32(0, true);
    const footer = file.subarray(file.byteLength - 8 - footerLength);
    const inspection = await inspectParquetFooter(footer);
    expect(inspection).toMatchObject({ rowsRead: 0, totalRows: 4, complete: false, sample: [] });
    // The schema's types are the types the full read infers (the label is an integer column: a number).
    expect(inspection.columns.map(({ name, type }) => ({ name, type }))).toEqual(
      SAME_COLUMNS.map(({ name, type }) => ({ name, type })),
    );
    await expect(inspectParquetFooter(new TextEncoder().encode("id,x\n1,2\n"))).rejects.toThrow(TableParseError);
  });
});
