import { describe, expect, it } from "vitest";
import { type ColumnarTable, decodeTable, encodeTable, numericColumn, stringColumn } from "./columnar-table.ts";
import { TypedTable, toTypedTable } from "./typed-table.ts";

const TABLE: ColumnarTable = {
  rowCount: 4,
  columns: [
    { name: "id", type: "string", missing: 1 },
    { name: "x", type: "number", missing: 1 },
    { name: "t", type: "timestamp", missing: 0 },
    { name: "b", type: "boolean", missing: 2 },
    { name: "none", type: "string", missing: 4 },
  ],
  values: {
    id: ["a", "ünï😀", null, ""],
    x: [1.5, null, 0.25, 1e300],
    t: [Date.UTC(2024, 0, 1), 0, -86_400_000, Date.UTC(2030, 5, 1, 12)],
    b: [true, null, false, null],
    none: [null, null, null, null],
  },
};

/** The JSON encoding stored before v2, byte for byte as the old encoder wrote it. */
const v1Blob = (table: ColumnarTable) =>
  new TextEncoder().encode(JSON.stringify({ format: "fieldtest.columnar.v1", ...table }));

const plain = (t: ColumnarTable) => ({ rowCount: t.rowCount, columns: t.columns, values: { ...t.values } });

describe("table encoding", () => {
  it("round-trips every column type through v2, missing cells, empty strings and non-ASCII text included", () => {
    const blob = encodeTable(TABLE);
    expect(new TextDecoder().decode(blob.subarray(0, 8))).toBe("FTCOLv2\n");
    const decoded = decodeTable(blob);
    expect(decoded).toBeInstanceOf(TypedTable);
    expect(plain(decoded)).toEqual(plain(TABLE));
  });

  it("still reads v1 blobs, and both give the same columns", () => {
    const v1 = decodeTable(v1Blob(TABLE));
    const v2 = decodeTable(encodeTable(TABLE));
    expect(plain(v1)).toEqual(plain(TABLE));
    for (const name of ["x", "t", "b"]) expect(numericColumn(v2, name)).toEqual(numericColumn(v1, name));
    expect(stringColumn(v2, "id")).toEqual(stringColumn(v1, "id"));
    expect(numericColumn(v2, "none")).toEqual(numericColumn(v1, "none"));
    expect(() => numericColumn(v2, "id")).toThrow(/not numeric \(row 1 holds "a"\)/);
  });

  it("reads a blob that sits at an odd offset in memory (columns copied, not mapped)", () => {
    const blob = encodeTable(TABLE);
    const shifted = new Uint8Array(blob.byteLength + 1);
    shifted.set(blob, 1);
    expect(plain(decodeTable(shifted.subarray(1)))).toEqual(plain(TABLE));
  });

  it("gives the worker a copy of numeric columns, so changing it changes nothing stored", () => {
    const decoded = decodeTable(encodeTable(TABLE));
    const x = numericColumn(decoded, "x");
    x[0] = 99;
    expect(numericColumn(decoded, "x")[0]).toBe(1.5);
  });

  it("encodes an empty table and a typed table the same as its boxed form", () => {
    const empty: ColumnarTable = {
      rowCount: 0,
      columns: [{ name: "a", type: "number", missing: 0 }],
      values: { a: [] },
    };
    expect(plain(decodeTable(encodeTable(empty)))).toEqual(empty);
    expect(encodeTable(toTypedTable(TABLE))).toEqual(encodeTable(TABLE));
  });

  it.each([
    ["an unknown format", new TextEncoder().encode("PAR1...."), /unknown table format/],
    ["a cut blob", encodeTable(TABLE).subarray(0, 200), /corrupt table/],
  ])("refuses %s", (_name, bytes, message) => {
    expect(() => decodeTable(bytes)).toThrow(message);
  });
});
