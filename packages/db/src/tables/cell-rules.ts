/**
 * How a text cell is read, the same for every format: which cells are missing, which look
 * like numbers, booleans or ISO 8601 dates. A column's type is the one all its present cells
 * share; anything else is text.
 */
export const MISSING = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL"]);
export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export const BOOL = new Set(["true", "false", "TRUE", "FALSE", "True", "False"]);
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** Dates and date-times without a zone are read as UTC, so a split is the same on every machine. */
export function parseUtcTimestamp(cell: string): number {
  if (cell.length === 10) return Date.parse(`${cell}T00:00:00Z`);
  const iso = cell.replace(" ", "T");
  return Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
}

/** Epoch milliseconds of an ISO 8601 date or date-time cell, NaN when the cell is not one. */
export function timestampOf(cell: string): number {
  return DATE.test(cell) ? parseUtcTimestamp(cell) : Number.NaN;
}

export const isTrue = (cell: string): boolean => cell.length === 4 && cell.toLowerCase() === "true";
