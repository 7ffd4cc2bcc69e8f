import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTable, encodeTable } from "./columnar-table.ts";
import { type ReadTableOptions, readTable, type TableFormat } from "./read-table.ts";
import { TableLimitError, type TableLimits, TableParseError } from "./table-limits.ts";
import { inPieces, SAME_COLUMNS, SAME_CSV, SAME_JSONL, SAME_VALUES, sameParquet } from "./testing/table-fixtures.ts";

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), "fieldtest-read-table-test-"));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

const read = (
  format: TableFormat,
  data: string | Uint8Array,
  options: Partial<ReadTableOptions> = {},
  piece = 64 * 1024,
) => readTable({ body: inPieces(data, piece), format, stringColumns: ["id"], tempDir, ...options });

async function* chunks(...pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* pieces;
}

const plain = (t: { rowCount: number; columns: unknown; values: Record<string, unknown> }) => ({
  rowCount: t.rowCount,
  columns: t.columns,
  values: { ...t.values },
});

async function refusal(
  format: TableFormat,
  data: string | Uint8Array,
  limits: Partial<TableLimits> = {},
  piece?: number,
) {
  const error = await read(format, data, { limits }, piece).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TableParseError);
  return error as TableParseError;
}

describe("readTable: the three formats", () => {
  const inputs: [TableFormat, () => string | Uint8Array][] = [
    ["csv", () => SAME_CSV],
    ["jsonl", () => SAME_JSONL],
    ["parquet", sameParquet],
  ];

  it.each(inputs)("reads %s into the same table, and it survives storage", async (format, data) => {
    const { table, sha256, byteLength } = await read(format, data());
    expect(table.columns).toEqual(SAME_COLUMNS);
    expect(plain(table)).toEqual({ rowCount: 4, columns: SAME_COLUMNS, values: SAME_VALUES });
    const bytes = typeof data() === "string" ? new TextEncoder().encode(data() as string) : (data() as Uint8Array);
    expect(byteLength).toBe(bytes.byteLength);
    expect(sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(plain(decodeTable(encodeTable(table)))).toEqual(plain(table));
  });

  it.each(inputs)("reads %s the same whatever the chunk boundaries (1-byte chunks)", async (format, data) => {
    const whole = await read(format, data());
    const bytewise = await read(format, data(), {}, 1);
    expect(plain(bytewise.table)).toEqual(plain(whole.table));
    expect(bytewise.sha256).toBe(whole.sha256);
  });

  it("spools into a temp directory it creates when missing (FIELDTEST_UPLOAD_TMP_DIR on a fresh disk)", async () => {
    const fresh = path.join(tempDir, "not", "yet");
    const { table } = await read("csv", SAME_CSV, { tempDir: fresh });
    expect(table.rowCount).toBe(4);
    expect(await readdir(fresh)).toEqual([]);
    await rm(path.join(tempDir, "not"), { recursive: true });
  });

  it("leaves no temporary file behind, also after a refusal", async () => {
    await read("parquet", sameParquet());
    await read("csv", "a,b\n1,2\n1\n").catch(() => undefined);
    await read("csv", "a\n1\n", { limits: { maxBytes: 2 } }).catch(() => undefined);
    expect(await readdir(tempDir)).toEqual([]);
  });
});

describe("readTable: CSV", () => {
  it("follows RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF, a byte-order mark", async () => {
    const { table, where } = await read(
      "csv",
      '\uFEFFid,text\r\n1,"a, b"\r\n2,"say ""x"""\r\n3,"two\r\nlines"\r\n4, padded \r\n',
    );
    expect(table.columns.map((c) => c.name)).toEqual(["id", "text"]);
    expect(table.values.text).toEqual(["a, b", 'say "x"', "two\r\nlines", "padded"]);
    // Row 4 starts on line 6: the quoted line break moved it down.
    expect([0, 1, 2, 3].map(where)).toEqual(["line 2", "line 3", "line 4", "line 6"]);
  });

  it("skips blank lines and keeps counting them", async () => {
    const { table, where } = await read("csv", "id,v\n\n1,a\n\n\n2,b");
    expect(table.values.v).toEqual(["a", "b"]);
    expect(where(1)).toBe("line 6");
  });

  it("keeps the original text of a column that looked numeric until a late row", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${(i / 4).toFixed(2)}`);
    const { table } = await read("csv", `id,v\n${rows.join("\n")}\n5000,n/a?\n`, {}, 4096);
    expect(table.columns[1]).toEqual({ name: "v", type: "string", missing: 0 });
    expect((table.values.v as string[]).slice(0, 3)).toEqual(["0.00", "0.25", "0.50"]);
    expect((table.values.v as string[])[5000]).toBe("n/a?");
  });

  it.each([
    ["too many fields", "a,b\n1,2\n3,4,5\n", /^line 3: expected 2 fields, found 3$/],
    ["too few fields", "a,b\n1,2\n\n3\n", /^line 4: expected 2 fields, found 1$/],
    ["an unterminated quote", 'a,b\n1,2\n3,"oops\n4,5\n', /^line 3: unterminated quoted field$/],
    ["text after a closing quote", 'a,b\n1,"2"x\n', /^line 2: unexpected character "x" after a closing quote$/],
    ["a quote inside an unquoted field", 'a,b\n1,2"\n', /^line 2: a quote inside an unquoted field/],
    ["a duplicate column", "a,a\n1,2\n", /duplicate column name "a"/],
    ["an empty column name", "a,\n1,2\n", /^line 1: column 2 has an empty name$/],
    ["an empty file", "", /empty/],
    ["a header without rows", "a,b\n", /no rows/],
  ])("refuses %s with its line", async (_name, text, message) => {
    expect((await refusal("csv", text)).message).toMatch(message);
    expect((await refusal("csv", text, {}, 1)).message).toMatch(message);
  });

  it("infers column types and counts missing cells", async () => {
    const { table } = await read("csv", "n,x,flag,day,name\n1,0.5,true,2024-01-02,a\n2,,false,2024-01-03,\n", {
      stringColumns: [],
    });
    expect(table.rowCount).toBe(2);
    expect(table.columns).toEqual([
      { name: "n", type: "number", missing: 0 },
      { name: "x", type: "number", missing: 1 },
      { name: "flag", type: "boolean", missing: 0 },
      { name: "day", type: "timestamp", missing: 0 },
      { name: "name", type: "string", missing: 1 },
    ]);
    expect(table.values.x).toEqual([0.5, null]);
    expect(table.values.day).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
  });

  it.each([
    ["a date", "2024-03-01", Date.UTC(2024, 2, 1)],
    ["a date-time without zone (read as UTC)", "2024-03-01 10:30", Date.UTC(2024, 2, 1, 10, 30)],
    ["a T date-time without zone (read as UTC)", "2024-03-01T10:30:15", Date.UTC(2024, 2, 1, 10, 30, 15)],
    ["a date-time in UTC", "2024-03-01T10:30:00Z", Date.UTC(2024, 2, 1, 10, 30)],
    ["a date-time with an offset", "2024-03-01T10:30:00+02:00", Date.UTC(2024, 2, 1, 8, 30)],
  ])("reads %s the same on every machine", async (_name, cell, expected) => {
    expect((await read("csv", `t\n${cell}\n`)).table.values.t).toEqual([expected]);
  });

  it("refuses invalid UTF-8 with its line, wherever the chunks split", async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("a,b\n1,é\n2,"),
      0xff,
      ...new TextEncoder().encode("x\n"),
    ]);
    for (const piece of [1, 3, 64]) {
      expect((await refusal("csv", bytes, {}, piece)).message).toBe("line 3: the file is not valid UTF-8 text");
    }
    const cut = new Uint8Array([...new TextEncoder().encode("a\n1\n"), 0xc3]);
    expect((await refusal("csv", cut)).message).toMatch(/^line 3: the file is not valid UTF-8/);
  });

  it("names the line of a character cut off by the next chunk (the bad byte ends the chunk before)", async () => {
    const head = new Uint8Array([...new TextEncoder().encode("a,b\n1,"), 0xe2]);
    const rest = new TextEncoder().encode("x\n2,y\n3,z\n4,w\n");
    for (const [format, first] of [
      ["csv", head],
      // The same bytes split one byte earlier (the bad byte starts the second chunk).
      ["csv", head.subarray(0, head.length - 1)],
    ] as const) {
      const second = first === head ? rest : new Uint8Array([0xe2, ...rest]);
      const error = await readTable({ body: chunks(first, second), format, tempDir }).catch((err: unknown) => err);
      expect((error as Error).message).toBe("line 2: the file is not valid UTF-8 text");
    }
    // A 4-byte character's first three bytes held over two chunks, then a byte that does not continue it.
    const split4 = [new TextEncoder().encode("a,b\n1,x\n2,"), new Uint8Array([0xf0]), new Uint8Array([0x9f, 0x98])];
    const error = await readTable({
      body: chunks(...split4, new TextEncoder().encode("y\n3,z\n")),
      format: "csv",
      tempDir,
    }).catch((err: unknown) => err);
    expect((error as Error).message).toBe("line 3: the file is not valid UTF-8 text");
  });
});

describe("readTable: JSON Lines", () => {
  it("takes columns in order of first appearance; absent keys and null are missing; nested values are JSON text", async () => {
    const { table } = await read("jsonl", '{"a":1}\n{"b":"x","a":2}\n{"a":null,"c":{"k":[1,2]}}\n');
    expect(table.columns).toEqual([
      { name: "a", type: "number", missing: 1 },
      { name: "b", type: "string", missing: 2 },
      { name: "c", type: "string", missing: 2 },
    ]);
    expect(table.values.c).toEqual([null, null, '{"k":[1,2]}']);
  });

  it("reads a column of JSON numbers that later holds text as text", async () => {
    const { table } = await read("jsonl", '{"v":1.5}\n{"v":true}\n{"v":"x"}\n');
    expect(table.columns[0]).toMatchObject({ type: "string" });
    expect(table.values.v).toEqual(["1.5", "true", "x"]);
  });

  it.each([
    ["invalid JSON", '{"a":1}\n{"a":\n', /^line 2: invalid JSON/],
    ["an array", '{"a":1}\n\n[1,2]\n', /^line 3: expected a JSON object, found an array$/],
    ["a number", "7\n", /^line 1: expected a JSON object, found a number$/],
    ["null", '{"a":1}\nnull\n', /^line 2: expected a JSON object, found null$/],
    ["an empty key", '{"":1}\n', /^line 1: a key has an empty name$/],
    ["only blank lines", "\n \n\r\n", /the file is empty/],
  ])("refuses %s with its line", async (_name, text, message) => {
    expect((await refusal("jsonl", text)).message).toMatch(message);
  });
});

describe("readTable: Parquet", () => {
  it("keeps every digit of INT64 row ids and reads other INT64 columns as numbers", async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: "id", data: [9007199254740993n, 2n], type: "INT64" },
          { name: "n", data: [5n, 6n], type: "INT64" },
        ],
      }),
    );
    const { table } = await read("parquet", bytes);
    expect(table.values.id).toEqual(["9007199254740993", "2"]);
    expect(table.values.n).toEqual([5, 6]);
  });

  it("reads a file of several row groups in order", async () => {
    const n = 2500;
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: "id", data: Array.from({ length: n }, (_, i) => `r${i}`), type: "STRING" },
          { name: "x", data: Float64Array.from({ length: n }, (_, i) => i / 2), type: "DOUBLE" },
        ],
        rowGroupSize: 1000,
      }),
    );
    const { table, where } = await read("parquet", bytes);
    expect(table.rowCount).toBe(n);
    expect((table.values.x as number[])[2499]).toBe(1249.5);
    expect(where(2499)).toBe("row 2500");
  });

  it.each([
    ["not Parquet", new TextEncoder().encode("id,x\n1,2\n"), /not a readable Parquet file/],
    ["nothing", new Uint8Array(0), /empty/],
  ])("refuses %s", async (_name, bytes, message) => {
    expect((await refusal("parquet", bytes)).message).toMatch(message);
  });
});

/** `n` rows of text cells of `size` characters, distinct or all the same (then dictionary-encoded); they compress well. */
function textParquet(n: number, size: number, options: { rowGroupSize?: number | number[]; same?: boolean } = {}) {
  const cell = (i: number) =>
    options.same ? "x".repeat(size) : `${i}:`.padEnd(size, String.fromCharCode(97 + (i % 26)));
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [{ name: "s", data: Array.from({ length: n }, (_, i) => cell(i)), type: "STRING" }],
      rowGroupSize: options.rowGroupSize,
    }),
  );
}

/** Zigzag varint, as Thrift's compact protocol writes an i64. */
function varint(value: number): number[] {
  const out: number[] = [];
  for (let z = BigInt(value) << 1n; ; z >>= 7n) {
    if (z < 0x80n) return [...out, Number(z)];
    out.push(Number(z & 0x7fn) | 0x80);
  }
}

describe("readTable: caps, each named", () => {
  const wide = (n: number) =>
    `${Array.from({ length: n }, (_, i) => `c${i}`).join(",")}\n${Array(n).fill(1).join(",")}\n`;

  it.each<[string, TableFormat, () => string | Uint8Array, Partial<TableLimits>, keyof TableLimits, RegExp]>([
    ["bytes", "csv", () => "a\n".repeat(100), { maxBytes: 150 }, "maxBytes", /larger than the limit of 150 bytes/],
    ["bytes (Parquet)", "parquet", sameParquet, { maxBytes: 100 }, "maxBytes", /larger than the limit of 100 bytes/],
    ["columns", "csv", () => wide(11), { maxColumns: 10 }, "maxColumns", /^line 1: 11 columns exceed the limit of 10$/],
    [
      "columns (JSON Lines)",
      "jsonl",
      () => '{"a":1,"b":2,"c":3}\n',
      { maxColumns: 2 },
      "maxColumns",
      /^line 1: more than 2 columns/,
    ],
    ["columns (Parquet)", "parquet", sameParquet, { maxColumns: 5 }, "maxColumns", /6 columns exceed the limit of 5/],
    [
      "record length",
      "csv",
      () => `a\n${"x".repeat(2000)}\n`,
      { maxRecordBytes: 1024 },
      "maxRecordBytes",
      /^line 2: a record is longer than the limit of 1,024 bytes$/,
    ],
    [
      "record length (no line break at all)",
      "csv",
      () => "x".repeat(5000),
      { maxRecordBytes: 1024 },
      "maxRecordBytes",
      /^line 1: a record is longer/,
    ],
    [
      "record length (multi-byte)",
      "csv",
      () => `a\n${"é".repeat(600)}\n`,
      { maxRecordBytes: 1024 },
      "maxRecordBytes",
      /^line 2: a record is longer/,
    ],
    [
      "line length (JSON Lines)",
      "jsonl",
      () => `{"a":"${"x".repeat(2000)}"}\n`,
      { maxRecordBytes: 1024 },
      "maxRecordBytes",
      /^line 1: a line is longer than the limit of 1,024 bytes$/,
    ],
    ["rows", "csv", () => `a\n${"1\n".repeat(11)}`, { maxRows: 10 }, "maxRows", /^line 12: more than 10 rows/],
    ["rows (Parquet)", "parquet", sameParquet, { maxRows: 3 }, "maxRows", /4 rows exceed the limit of 3/],
    ["cells", "csv", () => `a,b\n${"1,2\n".repeat(6)}`, { maxCells: 10 }, "maxCells", /^line 7: more than 10 cells/],
    [
      "decoded bytes (Parquet: 100 KB file, 2 MB decoded, as its footer declares)",
      "parquet",
      () => textParquet(20, 100_000),
      { maxDecodedBytes: 1_000_000 },
      "maxDecodedBytes",
      /^the file decodes to 2,000,\d{3} bytes, more than the limit of 1,000,000 bytes$/,
    ],
    [
      "decoded bytes of one row group (Parquet)",
      "parquet",
      () => textParquet(20, 100_000, { rowGroupSize: [2, 18] }),
      { maxRowGroupDecodedBytes: 500_000 },
      "maxRowGroupDecodedBytes",
      /^row 3: row group 2 decodes to 1,800,\d{3} bytes, more than the limit of 500,000 bytes a row group$/,
    ],
    [
      "decoded text (Parquet: a dictionary repeating one 10,000-character cell)",
      "parquet",
      () => textParquet(2000, 10_000, { same: true }),
      { maxDecodedBytes: 1_000_000 },
      "maxDecodedBytes",
      /^row 101: the file's text decodes to more than the limit of 1,000,000 bytes$/,
    ],
    [
      "cell length (Parquet)",
      "parquet",
      () => textParquet(3, 2000),
      { maxRecordBytes: 1024 },
      "maxRecordBytes",
      /^row 1: a cell of column "s" is longer than the limit of 1,024 bytes$/,
    ],
  ])("%s", async (_name, format, data, limits, limit, message) => {
    const error = await refusal(format, data(), limits, 256);
    expect(error).toBeInstanceOf(TableLimitError);
    expect((error as TableLimitError).limit).toBe(limit);
    expect(error.message).toMatch(message);
  });

  it("refuses a 98 KB Parquet file of 20 rows of 2 MB strings (42 M characters decoded) at the default caps", async () => {
    const bomb = textParquet(20, 2 * 1024 * 1024, { same: true });
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    const error = await refusal("parquet", bomb);
    expect(error).toMatchObject({ limit: "maxRecordBytes", row: 1 });
    expect(error.message).toBe('row 1: a cell of column "s" is longer than the limit of 1 MB (1,048,576 bytes)');
  });

  it("holds a Parquet file's pages to the caps when its footer understates what they decode to", async () => {
    const bytes = textParquet(20, 400 * 1024);
    const limits = { maxRowGroupDecodedBytes: 4 * 1024 * 1024 };
    expect((await refusal("parquet", bytes, limits)).message).toMatch(
      /^row 1: row group 1 decodes to 8,192,\d{3} bytes/,
    );
    // The footer's sizes (the column chunk's and the row group's) rewritten to 1 MB, in the same number of bytes.
    const { parquetMetadata } = await import("hyparquet");
    const declared = Number(parquetMetadata(bytes).row_groups[0]?.columns[0]?.meta_data?.total_uncompressed_size);
    const [from, to] = [varint(declared), varint(1024 * 1024)];
    expect(to.length).toBe(from.length);
    const lying = bytes.slice();
    let patched = 0;
    for (let i = lying.length - 200; i < lying.length - from.length; i++) {
      if (from.every((b, k) => lying[i + k] === b)) {
        lying.set(to, i);
        patched++;
      }
    }
    expect(patched).toBe(2);
    expect(Number(parquetMetadata(lying).row_groups[0]?.columns[0]?.meta_data?.total_uncompressed_size)).toBe(
      1024 * 1024,
    );
    const error = await refusal("parquet", lying, limits);
    expect(error).toMatchObject({ limit: "maxRowGroupDecodedBytes" });
    expect(error.message).toBe("row 1: a row group decompresses to more than the limit of 4 MB (4,194,304 bytes)");
  });

  it("accepts a file exactly at each cap", async () => {
    const text = `a\n${"1\n".repeat(10)}`;
    const { table } = await read("csv", text, {
      limits: { maxBytes: text.length, maxRows: 10, maxColumns: 1, maxRecordBytes: 1 },
    });
    expect(table.rowCount).toBe(10);
  });
});
