import type { ColumnarTable, ColumnInfo, ColumnType } from "./columnar-table.ts";
import { type ColumnData, StringData, TypedTable, toTypedTable } from "./typed-table.ts";

/**
 * The stored form of a columnar table.
 *
 * v2 (written today), little-endian:
 *   bytes 0–7   magic "FTCOLv2\n"
 *   bytes 8–11  header length H (uint32)
 *   12…12+H     header, UTF-8 JSON: { format, rowCount, columns: [{ name, type, missing, parts }] }
 *   then zero padding to a multiple of 8, where the data section starts. Each column's `parts`
 *   gives [offset, byteLength] pairs relative to the data section, every part 8-byte aligned:
 *     number, timestamp  values: Float64 (NaN = missing; timestamps in epoch ms)
 *     boolean            values: Uint8 (0 false, 1 true, 2 missing)
 *     string             offsets: Uint32 × (rowCount + 1), UTF-16 code-unit offsets into the
 *                        decoded text; missing: Uint8 (1 = missing); text: UTF-8
 * A reader maps the Float64 parts straight onto the blob's memory: loading is a read and a
 * JSON header parse, not a parse of every cell.
 *
 * v1 (read only, for blobs stored before v2): the whole table as JSON.
 */
export const TABLE_FILE_EXTENSION = ".ftcol";

const MAGIC = new TextEncoder().encode("FTCOLv2\n");
const FORMAT_V1 = "fieldtest.columnar.v1";
const FORMAT_V2 = "fieldtest.columnar.v2";
const ALIGN = 8;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Part = [offset: number, byteLength: number];
interface HeaderColumn extends ColumnInfo {
  parts: { values?: Part; offsets?: Part; missing?: Part; text?: Part };
}
interface Header {
  format: typeof FORMAT_V2;
  rowCount: number;
  columns: HeaderColumn[];
}

const padTo = (n: number) => (ALIGN - (n % ALIGN)) % ALIGN;
const bytesOf = (a: Float64Array | Uint32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * The v2 encoding as a list of parts (header first): written one after the other they are the
 * blob. The parts are views of the table's own arrays, so encoding copies little.
 */
export function encodeTableParts(table: ColumnarTable): Uint8Array[] {
  if (!LITTLE_ENDIAN) throw new Error("the v2 table format is little-endian; this machine is not");
  const typed = toTypedTable(table);
  const payload: Uint8Array[] = [];
  let at = 0;
  const place = (bytes: Uint8Array): Part => {
    const part: Part = [at, bytes.byteLength];
    payload.push(bytes);
    const pad = padTo(bytes.byteLength);
    if (pad > 0) payload.push(new Uint8Array(pad));
    at += bytes.byteLength + pad;
    return part;
  };
  const columns: HeaderColumn[] = typed.columns.map((info) => {
    const data = typed.column(info.name);
    if (data.type !== info.type)
      throw new Error(`column "${info.name}" is declared ${info.type} but holds ${data.type}`);
    const column = { name: info.name, type: info.type, missing: info.missing };
    if (data.type === "string") {
      const { strings } = data;
      return {
        ...column,
        parts: {
          offsets: place(bytesOf(strings.offsets)),
          missing: place(strings.missing),
          text: place(strings.utf8()),
        },
      };
    }
    return { ...column, parts: { values: place(bytesOf(data.values)) } };
  });
  const header: Header = { format: FORMAT_V2, rowCount: typed.rowCount, columns };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const lead = MAGIC.length + 4 + json.byteLength;
  const head = new Uint8Array(lead + padTo(lead));
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(MAGIC.length, json.byteLength, true);
  head.set(json, MAGIC.length + 4);
  return [head, ...payload];
}

/** The v2 encoding in one buffer. */
export function encodeTable(table: ColumnarTable): Uint8Array {
  const parts = encodeTableParts(table);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Reads a stored table, v2 or v1. */
export function decodeTable(bytes: Uint8Array): ColumnarTable {
  if (bytes[0] === 0x7b /* { */) return decodeV1(bytes);
  if (bytes.byteLength >= MAGIC.length + 4 && MAGIC.every((b, i) => bytes[i] === b)) return decodeV2(bytes);
  throw new Error("unknown table format");
}

function decodeV1(bytes: Uint8Array): ColumnarTable {
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as ColumnarTable & { format?: string };
  if (parsed.format !== FORMAT_V1) throw new Error(`unknown table format: ${String(parsed.format)}`);
  return { rowCount: parsed.rowCount, columns: parsed.columns, values: parsed.values };
}

function decodeV2(bytes: Uint8Array): TypedTable {
  if (!LITTLE_ENDIAN) throw new Error("the v2 table format is little-endian; this machine is not");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.byteLength) throw new Error("corrupt table: the header runs past the end");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, headerEnd))) as Header;
  if (header.format !== FORMAT_V2) throw new Error(`unknown table format: ${String(header.format)}`);
  const dataStart = headerEnd + padTo(headerEnd);
  const n = header.rowCount;

  const slice = (part: Part | undefined, what: string): Uint8Array => {
    if (!part) throw new Error(`corrupt table: ${what} is missing`);
    const [offset, length] = part;
    if (dataStart + offset + length > bytes.byteLength) throw new Error(`corrupt table: ${what} runs past the end`);
    return bytes.subarray(dataStart + offset, dataStart + offset + length);
  };
  const float64 = (part: Part | undefined, what: string): Float64Array => {
    const b = slice(part, what);
    if (b.byteLength !== n * 8) throw new Error(`corrupt table: ${what} has the wrong length`);
    // A view when the blob's memory is aligned (the usual case), a copy otherwise.
    if (b.byteOffset % 8 === 0) return new Float64Array(b.buffer, b.byteOffset, n);
    return new Float64Array(b.slice().buffer);
  };
  const uint32 = (part: Part | undefined, what: string, length: number): Uint32Array => {
    const b = slice(part, what);
    if (b.byteLength !== length * 4) throw new Error(`corrupt table: ${what} has the wrong length`);
    if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, length);
    return new Uint32Array(b.slice().buffer);
  };
  const uint8 = (part: Part | undefined, what: string): Uint8Array => {
    const b = slice(part, what);
    if (b.byteLength !== n) throw new Error(`corrupt table: ${what} has the wrong length`);
    return b;
  };

  const data = new Map<string, ColumnData>();
  const columns: ColumnInfo[] = header.columns.map(({ name, type, missing, parts }) => {
    const what = `column "${name}"`;
    data.set(name, columnData(type, parts, what));
    return { name, type, missing };
  });
  return new TypedTable(n, columns, data);

  function columnData(type: ColumnType, parts: HeaderColumn["parts"], what: string): ColumnData {
    switch (type) {
      case "number":
      case "timestamp":
        return { type, values: float64(parts.values, what) };
      case "boolean":
        return { type, values: uint8(parts.values, what) };
      case "string":
        return {
          type,
          strings: new StringData(uint32(parts.offsets, `${what} offsets`, n + 1), uint8(parts.missing, what), {
            utf8: slice(parts.text, `${what} text`),
          }),
        };
      default:
        throw new Error(`corrupt table: ${what} has unknown type ${String(type)}`);
    }
  }
}
