import type { ColumnBuilder } from "./column-builder.ts";
import { CsvTokenizer } from "./csv-tokenizer.ts";
import { LineSplitter } from "./line-splitter.ts";
import type { TableBuilder } from "./table-builder.ts";
import { TableLimitError, TableParseError } from "./table-limits.ts";

export type TextFormat = "csv" | "jsonl";

/** A format's tokenizer wired to a table builder. */
export interface TextTableParser {
  push(text: string): void;
  end(truncated: boolean): void;
  lineAtEnd(): number;
  readonly stopped: boolean;
  /** Refuses what is only wrong once the input has ended (no header, no rows). */
  check(): void;
}

/** Feeds `builder` from CSV or JSON Lines text; stops after `maxDataRows` rows when given (a preview). */
export function textTableParser(format: TextFormat, builder: TableBuilder, maxDataRows?: number): TextTableParser {
  const { maxRecordBytes, maxColumns } = builder.limits;
  const more = () => maxDataRows === undefined || builder.rowCount < maxDataRows;

  if (format === "csv") {
    let columns: ColumnBuilder[] | null = null;
    const tokenizer = new CsvTokenizer((fields, line) => {
      if (columns === null) {
        if (fields.length > maxColumns) {
          throw new TableLimitError(
            "maxColumns",
            `${fields.length.toLocaleString("en-US")} columns exceed the limit of ${maxColumns.toLocaleString("en-US")}`,
            line,
          );
        }
        columns = fields.map((name, j) => builder.addColumn(name, { line }, `column ${j + 1}`));
        return maxDataRows !== 0;
      }
      if (fields.length !== columns.length) {
        throw new TableParseError(`expected ${columns.length} fields, found ${fields.length}`, line);
      }
      builder.startRow(line);
      for (let j = 0; j < fields.length; j++) (columns[j] as ColumnBuilder).text(fields[j] as string);
      return more();
    }, maxRecordBytes);
    return {
      push: (text) => tokenizer.push(text),
      end: (truncated) => tokenizer.end(truncated),
      lineAtEnd: () => tokenizer.lineAtEnd(),
      get stopped() {
        return tokenizer.stopped;
      },
      check() {
        if (columns === null) throw new TableParseError("the file is empty: expected a header row");
        if (builder.rowCount === 0 && maxDataRows !== 0) throw new TableParseError("the file has a header but no rows");
      },
    };
  }

  const splitter = new LineSplitter((text, line) => {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      throw new TableParseError(`invalid JSON (${(err as Error).message})`, line);
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw new TableParseError(`expected a JSON object, found ${describeJson(record)}`, line);
    }
    const row = builder.startRow(line);
    const fields = record as Record<string, unknown>;
    for (const key in fields) {
      const column = builder.column(key) ?? builder.addColumn(key, { line }, "a key");
      column.padTo(row);
      column.value(fields[key]);
    }
    return more();
  }, maxRecordBytes);
  return {
    push: (text) => splitter.push(text),
    end: (truncated) => splitter.end(truncated),
    lineAtEnd: () => splitter.lineAtEnd(),
    get stopped() {
      return splitter.stopped;
    },
    check() {
      if (builder.rowCount === 0) throw new TableParseError("the file is empty: expected one JSON object per line");
    },
  };
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * Decodes streamed bytes as UTF-8 (a byte-order mark is dropped) into `parser`. Invalid UTF-8 is
 * refused with the line it is on. `truncated` tells whether the source was cut short on purpose.
 */
export async function parseTextStream(
  chunks: AsyncIterable<Uint8Array>,
  parser: TextTableParser,
  truncated: () => boolean = () => false,
): Promise<void> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  // The bytes of a character begun in earlier chunks, which the decoder holds back.
  let held: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // Everything before `held` has reached the parser; the bad byte is in `held` or in `chunk`.
      const bytes = concat(held, chunk);
      throw notUtf8(parser.lineAtEnd() + newlinesBefore(bytes, firstInvalidUtf8(bytes)));
    }
    held = incompleteTail(held, chunk);
    parser.push(text);
    if (parser.stopped) return;
  }
  let tail = "";
  try {
    tail = decoder.decode();
  } catch {
    // A preview cut inside a character is not an error.
    if (!truncated()) throw notUtf8(parser.lineAtEnd());
  }
  if (tail.length > 0) parser.push(tail);
  parser.end(truncated());
}

const notUtf8 = (line: number) => new TableParseError("the file is not valid UTF-8 text", line);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/**
 * The bytes at the end of `held` + `chunk` (valid UTF-8 so far) that start a character not yet
 * complete: at most 3, found by walking back over continuation bytes to the lead byte.
 */
function incompleteTail(held: Uint8Array, chunk: Uint8Array): Uint8Array {
  const bytes = chunk.byteLength >= 3 ? chunk : concat(held, chunk);
  let start = bytes.byteLength;
  while (start > 0 && bytes.byteLength - start < 3 && ((bytes[start - 1] as number) & 0xc0) === 0x80) start--;
  if (start === 0) return new Uint8Array(0);
  const lead = bytes[start - 1] as number;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return length > bytes.byteLength - (start - 1) ? bytes.slice(start - 1) : new Uint8Array(0);
}

function newlinesBefore(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Offset of the first byte that does not belong to a valid UTF-8 character, for `bytes` that
 * start on a character boundary (bytes.length if none; a character cut at the end is not invalid).
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0) return i;
    const second = b[i + 1];
    if (second !== undefined) {
      if (c === 0xe0 && second < 0xa0) return i;
      if (c === 0xed && second > 0x9f) return i;
      if (c === 0xf0 && second < 0x90) return i;
      if (c === 0xf4 && second > 0x8f) return i;
    }
    for (let k = 1; k <= n; k++) {
      const next = b[i + k];
      if (next === undefined) return b.length;
      if ((next & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return b.length;
}
