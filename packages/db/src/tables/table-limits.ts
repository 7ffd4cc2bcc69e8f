/** Caps on an uploaded table, each enforced while the file streams in. */
export interface TableLimits {
  /** Bytes of the whole file. */
  maxBytes: number;
  maxColumns: number;
  /** Bytes of one record: a CSV record (quoted line breaks included) or one JSON line. */
  maxRecordBytes: number;
  maxRows: number;
  /** Rows × columns: bounds the memory the columnar table takes (8 bytes a numeric cell). */
  maxCells: number;
  /**
   * Bytes a Parquet file may decode to, whatever its size on disk (compression and dictionaries
   * make a small file decode to gigabytes): its column chunks' uncompressed sizes as the footer
   * declares them and as the pages actually decompress, and the text its cells amount to.
   */
  maxDecodedBytes: number;
  /** The same for one row group, which is decoded whole before its rows are taken. */
  maxRowGroupDecodedBytes: number;
}

export const DEFAULT_TABLE_LIMITS: TableLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxColumns: 1_000,
  maxRecordBytes: 1024 * 1024,
  maxRows: 5_000_000,
  maxCells: 50_000_000,
  maxDecodedBytes: 1024 * 1024 * 1024,
  maxRowGroupDecodedBytes: 256 * 1024 * 1024,
};

export function tableLimits(overrides: Partial<TableLimits> = {}): TableLimits {
  return { ...DEFAULT_TABLE_LIMITS, ...overrides };
}

/** Where in the file a problem is: a physical line (CSV, JSON Lines) or a data row (Parquet), 1-based. */
export type TableLocation = { line: number } | { row: number };

export class TableParseError extends Error {
  readonly line: number | undefined;
  readonly row: number | undefined;

  constructor(message: string, at?: number | TableLocation) {
    const location = typeof at === "number" ? { line: at } : at;
    const prefix =
      location === undefined ? "" : "line" in location ? `line ${location.line}: ` : `row ${location.row}: `;
    super(`${prefix}${message}`);
    this.name = "TableParseError";
    this.line = location && "line" in location ? location.line : undefined;
    this.row = location && "row" in location ? location.row : undefined;
  }
}

/** A cap was exceeded; `limit` names it. */
export class TableLimitError extends TableParseError {
  constructor(
    readonly limit: keyof TableLimits,
    message: string,
    at?: number | TableLocation,
  ) {
    super(message, at);
    this.name = "TableLimitError";
  }
}

const MB = 1024 * 1024;

/** "200 MB (209,715,200 bytes)" — the limit as a person reads it, and exactly. */
export function describeBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString("en-US")} bytes`;
  return bytes >= MB && bytes % MB === 0 ? `${bytes / MB} MB (${exact})` : exact;
}
